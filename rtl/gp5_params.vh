// Parameters of the array and its benches (gp5_array.v, tb.v, verilator/gp5_vtop.v), inside #( … );
// rtl/harness.ts rtlParams sets them from the machine config.
  parameter NPE = 1,
  parameter MESH_W = 1,
  parameter HOP_LAT = 1,
  parameter VLMAX = 64,
  parameter LANES = 8,
  parameter BANKS = 8,
  parameter SHARED_LAT = 4,
  parameter SPM_WORDS = 16384,
  parameter SHARED_WORDS = 262144,
  parameter IMEM_WORDS = 4096,
  parameter LOOPD = 4,
  parameter ACC_WORDS = 65536,
  parameter CHAN_MSGS = 1024,
  parameter CHAN_WORDS = 8192

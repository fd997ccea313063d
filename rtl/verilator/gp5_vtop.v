// gp5_vtop.v — Verilator top of the array: the clock and reset come from the C++ harness
// (rtl/verilator/harness.cpp), which also writes the VCD from the trace outputs, so only the
// trace port is traced. Images load as in tb.v ($readmemh, +prefix=PATH, +shared=FILE).
`timescale 1ns/1ns

module gp5_vtop #(
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
  parameter CHAN_MSGS = 32,
  parameter CHAN_WORDS = 1024
) (
  input  wire              clk,
  input  wire              rst,
  output wire [NPE-1:0]    halted,
  output wire [NPE-1:0]    faulted,
  output wire [31:0]       mcycle,
  output wire [31:0]       ticks,
  // per PE, 32 bits each (PE i in bits 32i … 32i+31), in trace/formats.ts order
  output wire [32*NPE-1:0] tr_pc, tr_instr, tr_issue, tr_stall, tr_rf_we, tr_rf_waddr, tr_rf_wdata,
  output wire [32*NPE-1:0] tr_vrf_we, tr_vrf_waddr, tr_vrf_wdata, tr_mem_we, tr_mem_waddr, tr_mem_wlen, tr_mem_wdata
);
  reg [8*512-1:0] prefix, fname;
  reg [31:0] meta [0:2*NPE-1];
  reg [NPE-1:0] idle;
  reg [32*NPE-1:0] entries;
  integer i;

  gp5_array #(.NPE(NPE), .MESH_W(MESH_W), .HOP_LAT(HOP_LAT), .VLMAX(VLMAX), .LANES(LANES), .BANKS(BANKS),
              .SHARED_LAT(SHARED_LAT), .SPM_WORDS(SPM_WORDS), .SHARED_WORDS(SHARED_WORDS), .IMEM_WORDS(IMEM_WORDS),
              .LOOPD(LOOPD), .ACC_WORDS(ACC_WORDS), .CHAN_MSGS(CHAN_MSGS), .CHAN_WORDS(CHAN_WORDS)) array (
    .clk(clk), .rst(rst), .idle(idle), .entry_pcs(entries), .halted(halted), .faulted(faulted), .mcycle(mcycle));

  assign ticks = (NPE > 1) ? NPE + 1 : 1;

  initial begin
    for (i = 0; i < SHARED_WORDS; i = i + 1) array.shm[i] = 0;
    if (!$value$plusargs("prefix=%s", prefix)) prefix = "";
    $sformat(fname, "%0s.meta.hex", prefix);
    $readmemh(fname, meta);
    for (i = 0; i < NPE; i = i + 1) begin
      idle[i] = meta[2 * i][0];
      entries[32 * i +: 32] = meta[2 * i + 1];
    end
    $sformat(fname, "%0s.shared.hex", prefix);
    $readmemh(fname, array.shm);
  end

  genvar g;
  generate
    for (g = 0; g < NPE; g = g + 1) begin : pe
      reg [8*512-1:0] f, p;
      integer k;
      initial begin
        for (k = 0; k < IMEM_WORDS; k = k + 1) array.pe[g].u.imem[k] = 0;
        for (k = 0; k < SPM_WORDS; k = k + 1) array.pe[g].u.spm[k] = 0;
        if (!$value$plusargs("prefix=%s", p)) p = "";
        $sformat(f, "%0s.pe%0d.code.hex", p, g);
        $readmemh(f, array.pe[g].u.imem);
        $sformat(f, "%0s.pe%0d.spm.hex", p, g);
        $readmemh(f, array.pe[g].u.spm);
      end
      assign tr_pc[32*g +: 32] = array.pe[g].u.tr_pc;
      assign tr_instr[32*g +: 32] = array.pe[g].u.tr_instr;
      assign tr_issue[32*g +: 32] = {31'b0, array.pe[g].u.tr_issue};
      assign tr_stall[32*g +: 32] = {28'b0, array.pe[g].u.tr_stall};
      assign tr_rf_we[32*g +: 32] = {31'b0, array.pe[g].u.tr_rf_we};
      assign tr_rf_waddr[32*g +: 32] = {28'b0, array.pe[g].u.tr_rf_waddr};
      assign tr_rf_wdata[32*g +: 32] = array.pe[g].u.tr_rf_wdata;
      assign tr_vrf_we[32*g +: 32] = {31'b0, array.pe[g].u.tr_vrf_we};
      assign tr_vrf_waddr[32*g +: 32] = {29'b0, array.pe[g].u.tr_vrf_waddr};
      assign tr_vrf_wdata[32*g +: 32] = array.pe[g].u.tr_vrf_wdata;
      assign tr_mem_we[32*g +: 32] = {31'b0, array.pe[g].u.tr_mem_we};
      assign tr_mem_waddr[32*g +: 32] = array.pe[g].u.tr_mem_waddr;
      assign tr_mem_wlen[32*g +: 32] = {16'b0, array.pe[g].u.tr_mem_wlen};
      assign tr_mem_wdata[32*g +: 32] = array.pe[g].u.tr_mem_wdata;
    end
  endgenerate
endmodule

// One lane's max* (ISA.md "max* correction table"), combinational, with its own correction ROM:
//   y = b if a = MAX; a if b = MAX; else sat(min(a, b) - corr(|a - b|)) (only MIN can be reached).
// Built for the width of the include path's gp5_unit_fmt.vh (rtl/units/gen/w<W>).
`include "gp5_unit_fmt.vh"
module gp5_maxstar (
  input  wire signed [`GP5U_W-1:0] a,
  input  wire signed [`GP5U_W-1:0] b,
  output wire signed [`GP5U_W-1:0] y
);
`include "gp5_unit_tables.vh"
  localparam integer W = `GP5U_W;
  localparam signed [W-1:0] MAXV = `GP5U_MAX;
  localparam signed [W:0] MINV = `GP5U_MIN;

  wire a_lt = a < b;
  wire signed [W-1:0] lo = a_lt ? a : b;
  // |a - b| < 2^W: exact in W unsigned bits.
  wire signed [W:0] diff = a_lt ? ({b[W-1], b} - {a[W-1], a}) : ({a[W-1], a} - {b[W-1], b});
  /* verilator lint_off UNUSEDSIGNAL */
  wire signed [W:0] diff_u = diff;  // diff[W] is 0: |a - b| < 2^W
  wire [W-1:0] k_full = diff_u[W-1:0] >> `GP5U_TSHIFT;  // bits above the table index are 0 in the table
  /* verilator lint_on UNUSEDSIGNAL */
  wire [W-1:0] d = diff_u[W-1:0];
  wire in_table = {1'b0, d} < `GP5U_CORR_LIMIT;
  wire [`GP5U_CORR_BITS-1:0] c = in_table ? gp5u_corr(k_full[`GP5U_TABLE_IDX_BITS-1:0]) : {`GP5U_CORR_BITS{1'b0}};
  wire signed [W:0] c_ext = $signed({{(W + 1 - `GP5U_CORR_BITS){1'b0}}, c});
  wire signed [W:0] r = {lo[W-1], lo} - c_ext;
  wire signed [W-1:0] r_sat = (r < MINV) ? MINV[W-1:0] : r[W-1:0];
  assign y = (a == MAXV) ? b : (b == MAXV) ? a : r_sat;
endmodule

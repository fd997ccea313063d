// wideMaxStar of the factor unit (ISA.md "Factor update"): min(a, b) - corr_G(|a - b|), exact (no
// saturation), with the correction table at F + G fraction bits. Zero flags are handled by the
// caller. Combinational; each instance is its own ROM.
`include "gp5_unit_fmt.vh"
module gp5_wide_maxstar (
  input  wire signed [`GP5U_ACC_BITS-1:0] a,
  input  wire signed [`GP5U_ACC_BITS-1:0] b,
  output wire signed [`GP5U_ACC_BITS-1:0] y
);
`include "gp5_unit_tables.vh"
  localparam integer A = `GP5U_ACC_BITS;
  wire a_lt = a < b;
  wire signed [A-1:0] lo = a_lt ? a : b;
  wire signed [A:0] diff = a_lt ? ({b[A-1], b} - {a[A-1], a}) : ({a[A-1], a} - {b[A-1], b});
  /* verilator lint_off UNUSEDSIGNAL */
  wire signed [A:0] diff_u = diff;  // diff[A] is 0
  wire [A-1:0] k_full = diff_u[A-1:0] >> `GP5U_WSHIFT;  // bits above the table index are 0 in the table
  /* verilator lint_on UNUSEDSIGNAL */
  wire [A-1:0] d = diff_u[A-1:0];
  wire in_table = {1'b0, d} < `GP5U_WCORR_LIMIT;
  wire [`GP5U_WCORR_BITS-1:0] c = in_table ? gp5u_wcorr(k_full[`GP5U_WTABLE_IDX_BITS-1:0]) : {`GP5U_WCORR_BITS{1'b0}};
  wire signed [A-1:0] c_ext = $signed({{(A - `GP5U_WCORR_BITS){1'b0}}, c});
  assign y = lo - c_ext;
endmodule

// Box-plus of two LLRs in the symmetric range (ISA.md "LLR check and variable updates", cnu.spa):
//   a ⊞ b = sign(a)·sign(b)·clamp(min(|a|, |b|) + corr(|a| + |b|) − corr(||a| − |b||), 0, MAX)
// with corr the max* correction table at F. Combinational; each instance has its own two ROMs.
`include "gp5_unit_fmt.vh"
module gp5_boxplus (
  input  wire signed [`GP5U_W-1:0] a,
  input  wire signed [`GP5U_W-1:0] b,
  output wire signed [`GP5U_W-1:0] y
);
`include "gp5_unit_tables.vh"
  localparam integer W = `GP5U_W;
  localparam integer CB = `GP5U_CORR_BITS;
  localparam signed [W+1:0] LMAX = `GP5U_MAX;
  // |a|, |b| <= MAX < 2^(W-1).
  wire [W-2:0] ma = a[W-1] ? -a[W-2:0] : a[W-2:0];
  wire [W-2:0] mb = b[W-1] ? -b[W-2:0] : b[W-2:0];
  wire [W-2:0] lo = (ma < mb) ? ma : mb;
  wire [W-1:0] sum = {1'b0, ma} + {1'b0, mb};
  wire [W-2:0] dif = (ma < mb) ? mb - ma : ma - mb;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [W-1:0] k_sum = sum >> `GP5U_TSHIFT;   // bits above the table index are 0 in the table
  wire [W-1:0] k_dif = {1'b0, dif} >> `GP5U_TSHIFT;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [CB-1:0] c_sum = ({1'b0, sum} < `GP5U_CORR_LIMIT) ? gp5u_corr(k_sum[`GP5U_TABLE_IDX_BITS-1:0]) : {CB{1'b0}};
  wire [CB-1:0] c_dif = ({2'b0, dif} < `GP5U_CORR_LIMIT) ? gp5u_corr(k_dif[`GP5U_TABLE_IDX_BITS-1:0]) : {CB{1'b0}};
  wire signed [W+1:0] m = $signed({3'b0, lo}) + $signed({{(W+2-CB){1'b0}}, c_sum}) - $signed({{(W+2-CB){1'b0}}, c_dif});
  wire signed [W+1:0] mc = (m < 0) ? {(W+2){1'b0}} : (m > LMAX) ? LMAX : m;
  /* verilator lint_off UNUSEDSIGNAL */
  wire signed [W+1:0] yx = (a[W-1] ^ b[W-1]) ? -mc : mc;  // fits W bits
  /* verilator lint_on UNUSEDSIGNAL */
  assign y = yx[W-1:0];
endmodule

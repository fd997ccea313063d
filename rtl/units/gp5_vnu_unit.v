// The variable-node unit, vnu (ISA.md "LLR check and variable updates"; isa/llr-unit.ts
// vnuExecute): L lanes = L frames, one vector beat per clock, bit-exact with
//   app[k] = sat(... sat(sat(ch[k]) + c2v_0[k]) ... + c2v_{deg-1}[k])
// with sat the symmetric LLR saturation to [-MAX, MAX], applied after EVERY addition (the order the
// kernel uses: saturating sums are not associative).
//
// Stream (the ISA's vnu beat rule after the descriptor beat: (deg + 1) * ceil(VL / L) beats): the
// channel vector's beats (in_first), then each edge vector's, the last edge's with in_last (deg = 0:
// the channel beats carry both). in_group is the beat's lane group (VL > L: lanes group*L ...), so
// a frame batch of up to LLR_MAX_LANES lanes has one running sum per lane in NG = ceil(LLR_MAX_LANES
// / L) groups of registers. Lanes whose in_active bit is clear (inactive frames, lanes >= VL) are
// computed but not enabled (out_en): the write-back leaves them alone.
//
// Pipeline: stage 1 registers the beat; stage 2 adds it to its group's running sum (a register
// read and written in the same clock, so back-to-back beats of one group need no bypass) and, on a
// last beat, registers app: out_app is valid two clocks after the last beat of each group enters.
`include "gp5_unit_fmt.vh"
module gp5_vnu_unit #(
  parameter integer L = 8
) (
  input  wire                 clk,
  input  wire                 rst,
  input  wire                 in_valid,
  input  wire                 in_first,      // a channel-vector beat
  input  wire                 in_last,       // a beat of the last vector (app is written)
  input  wire [GB-1:0]        in_group,      // lane group of the beat (0 when VL <= L)
  input  wire [L-1:0]         in_active,
  input  wire [L*`GP5U_W-1:0] in_x,          // ch or c2v lanes
  output reg                  out_valid,
  output reg  [GB-1:0]        out_group,
  output reg  [L-1:0]         out_en,
  output reg  [L*`GP5U_W-1:0] out_app
);
  localparam integer W = `GP5U_W;
  localparam integer NG = (`GP5U_LLR_MAX_LANES + L - 1) / L;  // lane groups of a batch
  localparam integer GB = (NG > 1) ? $clog2(NG) : 1;
  localparam signed [W+8:0] LMAX = `GP5U_MAX;

  reg s1_valid, s1_first, s1_last;
  reg [GB-1:0] s1_group;
  reg [L-1:0] s1_active;
  reg [L*W-1:0] s1_x;
  always @(posedge clk) begin
    if (rst) s1_valid <= 1'b0;
    else s1_valid <= in_valid;
    s1_first <= in_first;
    s1_last <= in_last;
    s1_group <= in_group;
    s1_active <= in_active;
    s1_x <= in_x;
  end

  // Running sums, one W-bit lane per frame of the batch (W + 9 bits under the planted bug, which
  // saturates once at the end instead of after every addition).
`ifdef BUG_VNU_SAT_ONCE
  localparam integer SW = W + 9;
`else
  localparam integer SW = W;
`endif
  reg [NG*L*SW-1:0] run;
  wire [L*SW-1:0] run_g = run[s1_group * (L*SW) +: L*SW];
  wire [L*SW-1:0] sum_g;
  wire [L*W-1:0] app_g;
  genvar i;
  generate
    for (i = 0; i < L; i = i + 1) begin : lane
      wire signed [W-1:0] x = s1_x[i*W +: W];
      wire signed [SW-1:0] prev = run_g[i*SW +: SW];
      wire signed [W+8:0] x9 = {{9{x[W-1]}}, x};
`ifdef BUG_VNU_SAT_ONCE
      wire signed [W+8:0] p9 = s1_first ? {(W+9){1'b0}} : prev;
`else
      wire signed [W+8:0] p9 = s1_first ? {(W+9){1'b0}} : {{9{prev[SW-1]}}, prev};
`endif
      wire signed [W+8:0] s = p9 + x9;  // exact: |prev|, |x| < 2^(W-1), or deg <= 256 terms under the bug
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [W+8:0] sat = (s > LMAX) ? LMAX : (s < -LMAX) ? -LMAX : s;  // fits W bits
      /* verilator lint_on UNUSEDSIGNAL */
`ifdef BUG_VNU_SAT_ONCE
      assign sum_g[i*SW +: SW] = s;
`else
      assign sum_g[i*SW +: SW] = sat[W-1:0];
`endif
      assign app_g[i*W +: W] = sat[W-1:0];
    end
  endgenerate

  always @(posedge clk) begin
    if (s1_valid) run[s1_group * (L*SW) +: L*SW] <= sum_g;
    if (rst) out_valid <= 1'b0;
    else out_valid <= s1_valid && s1_last;
    out_group <= s1_group;
    out_en <= s1_active;
    out_app <= app_g;
  end
endmodule

// The binary pairwise factor unit, pfu.sp / pfu.ms (ISA.md "Binary pairwise factor update";
// isa/pairwise-kernels.ts pairwiseMessage, isa/pairwise-unit.ts pfuExecute): lanes across edges,
// one group of L edges per clock, bit-exact with the kernel. Per lane k:
//   lambda = sat(src word)                       (the gathered 32-bit word, saturated to [MIN, MAX])
//   l      = ZERO if lambda >= MAX, else lambda * 2^G          (factor-unit wide values, F + G)
//   b1, d1 = b + l, d + l (ZERO if either is ZERO; a table word >= TMAX is ZERO)
//   x1, x0 = sp ? wideMaxStar(a, b1), wideMaxStar(c, d1) : min(a, b1), min(c, d1)
//   new    = narrow(x1, x0): both ZERO 0; x1 ZERO MAX; x0 ZERO -MAX; else
//            clamp(floor((x1 - x0 + 2^(G-1)) / 2^G), +-(MAX - 1))  (G = 0: x1 - x0)
//   damp != 0: new = sat(new + floor(((old - new) * damp + 128) / 256))
//   change = max(rd, max over enabled lanes of |new - old|), carried across the groups of one pfu.
// The gather (src addresses, banks) and the rule that every source is read before any output is
// written belong to the address side, outside the unit. Table words are W + G bits (the table
// format); old output words are W-bit messages.
//
// Pipeline, three stages: (1) the group is registered; (2) widen, add l, the two max*/min folds,
// registered with their zero flags; (3) narrow, damp, |new - old| and the group's maximum, folded
// into the running change; out_msg and (with the pfu's last group) out_change are registered.
// A group's outputs appear three clocks after it enters; groups may enter back to back.
// The ISA's beat rule streams one group per three beats (source addresses, then 2L table words
// per beat), so this unit idles two clocks in three at the memory's pace.
`include "gp5_unit_fmt.vh"
module gp5_pfu_unit #(
  parameter integer L = 8
) (
  input  wire                        clk,
  input  wire                        rst,
  input  wire                        in_valid,
  input  wire                        in_first,   // first group: the change restarts from in_rd
  input  wire                        in_last,    // last group: out_change is the result
  input  wire                        in_sp,      // 1 pfu.sp, 0 pfu.ms
  input  wire [L-1:0]                in_en,      // lanes < n in this group
  input  wire [L*32-1:0]             in_src,     // gathered source words
  input  wire [4*L*(`GP5U_W+`GP5U_G)-1:0] in_tab, // lane k: a, b, c, d at [(4k + i)(W + G)]
  input  wire [L*`GP5U_W-1:0]        in_old,     // old output words
  input  wire [8:0]                  in_damp,    // descriptor lambda, 0 ... 256
  input  wire [31:0]                 in_rd,      // rd (read with the first group)
  output reg                         out_valid,
  output reg  [L-1:0]                out_en,
  output reg  [L*`GP5U_W-1:0]        out_msg,
  output reg                         out_last,
  output reg  [31:0]                 out_change
);
  localparam integer W = `GP5U_W;
  localparam integer G = `GP5U_G;
  localparam integer TW = W + G;
  localparam integer A = `GP5U_ACC_BITS;  // >= W + G + 2: l + b exact
  localparam signed [31:0] MAX32 = `GP5U_MAX;
  localparam signed [31:0] MIN32 = `GP5U_MIN;
  localparam signed [W-1:0] MAXV = `GP5U_MAX;
  localparam signed [TW-1:0] TMAXV = `GP5U_TMAX;
  localparam signed [A:0] LIM = `GP5U_MAX - 1;
  localparam signed [W+1:0] MAXW = `GP5U_MAX;
  localparam signed [W+1:0] MINW = `GP5U_MIN;
  localparam signed [W+11:0] DAMP_ROUND = 128;
  localparam integer HALF = (G == 0) ? 0 : 2 ** (G - 1);
  localparam signed [A:0] HALF_A = HALF[A:0];

  // ---- stage 1: the registered group ----
  reg s1_valid, s1_first, s1_last, s1_sp;
  reg [L-1:0] s1_en;
  reg [L*32-1:0] s1_src;
  reg [4*L*TW-1:0] s1_tab;
  reg [L*W-1:0] s1_old;
  reg [8:0] s1_damp;
  reg [31:0] s1_rd;
  always @(posedge clk) begin
    if (rst) s1_valid <= 1'b0;
    else s1_valid <= in_valid;
    s1_first <= in_first;
    s1_last <= in_last;
    s1_sp <= in_sp;
    s1_en <= in_en;
    s1_src <= in_src;
    s1_tab <= in_tab;
    s1_old <= in_old;
    s1_damp <= in_damp;
    s1_rd <= in_rd;
  end

  // ---- stage 2 registers ----
  reg s2_valid, s2_first, s2_last;
  reg [L-1:0] s2_en;
  reg [L*A-1:0] s2_x1, s2_x0;
  reg [L-1:0] s2_z1, s2_z0;
  reg [L*W-1:0] s2_old;
  reg [8:0] s2_damp;
  reg [31:0] s2_rd;

  wire [L*A-1:0] x1_n, x0_n;
  wire [L-1:0] z1_n, z0_n;
  // ---- stage 3 (combinational on stage 2) ----
  wire [L*W-1:0] next_n;
  wire [W-1:0] lane_chg [0:L] /*verilator split_var*/;
  assign lane_chg[0] = {W{1'b0}};

  genvar i;
  generate
    for (i = 0; i < L; i = i + 1) begin : lane
      // stage 2: widen and fold
      wire signed [31:0] src = s1_src[i*32 +: 32];
      wire signed [31:0] lam = (src > MAX32) ? MAX32 : (src < MIN32) ? MIN32 : src;
      wire zl = lam >= MAX32;
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [31:0] lam_w = lam;  // in [MIN, MAX]: its low W bits hold it
      /* verilator lint_on UNUSEDSIGNAL */
      wire signed [A-1:0] l = $signed({{(A-W){lam_w[W-1]}}, lam_w[W-1:0]}) <<< G;
      wire signed [TW-1:0] ta = s1_tab[(4*i+0)*TW +: TW];
      wire signed [TW-1:0] tb = s1_tab[(4*i+1)*TW +: TW];
      wire signed [TW-1:0] tc = s1_tab[(4*i+2)*TW +: TW];
      wire signed [TW-1:0] td = s1_tab[(4*i+3)*TW +: TW];
      wire za = ta >= TMAXV, zb = tb >= TMAXV, zc = tc >= TMAXV, zd = td >= TMAXV;
      wire signed [A-1:0] wa = {{(A-TW){ta[TW-1]}}, ta};
      wire signed [A-1:0] wc = {{(A-TW){tc[TW-1]}}, tc};
      wire signed [A-1:0] b1 = $signed({{(A-TW){tb[TW-1]}}, tb}) + l;
      wire signed [A-1:0] d1 = $signed({{(A-TW){td[TW-1]}}, td}) + l;
      wire zb1 = zb | zl, zd1 = zd | zl;
      wire signed [A-1:0] ms1, ms0;
      gp5_wide_maxstar u_ms1 (.a(wa), .b(b1), .y(ms1));
      gp5_wide_maxstar u_ms0 (.a(wc), .b(d1), .y(ms0));
`ifdef BUG_PFU_MS_ZERO
      // planted bug: the zero flag is not max*'s identity (folds the flagged word's value)
      wire signed [A-1:0] f1 = s1_sp ? ms1 : (wa < b1 ? wa : b1);
      wire signed [A-1:0] f0 = s1_sp ? ms0 : (wc < d1 ? wc : d1);
`else
      wire signed [A-1:0] f1 = za ? b1 : zb1 ? wa : s1_sp ? ms1 : (wa < b1 ? wa : b1);
      wire signed [A-1:0] f0 = zc ? d1 : zd1 ? wc : s1_sp ? ms0 : (wc < d1 ? wc : d1);
`endif
      assign x1_n[i*A +: A] = f1;
      assign x0_n[i*A +: A] = f0;
      assign z1_n[i] = za & zb1;
      assign z0_n[i] = zc & zd1;

      // stage 3: narrow, damp, change
      wire signed [A-1:0] x1 = s2_x1[i*A +: A];
      wire signed [A-1:0] x0 = s2_x0[i*A +: A];
      wire signed [A:0] dx = {x1[A-1], x1} - {x0[A-1], x0};
      wire signed [A:0] r = (dx + HALF_A) >>> G;
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [A:0] rc = (r > LIM) ? LIM : (r < -LIM) ? -LIM : r;  // fits W bits
      /* verilator lint_on UNUSEDSIGNAL */
      wire signed [W-1:0] nw = (s2_z1[i] && s2_z0[i]) ? {W{1'b0}} : s2_z1[i] ? MAXV : s2_z0[i] ? -MAXV : rc[W-1:0];
      wire signed [W-1:0] old = s2_old[i*W +: W];
      wire signed [W+1:0] nx = {{2{nw[W-1]}}, nw};
      wire signed [W+1:0] ox = {{2{old[W-1]}}, old};
      wire signed [W+1:0] back = ox - nx;
      wire signed [W+11:0] prod = {{10{back[W+1]}}, back} * $signed({{(W+3){1'b0}}, s2_damp}) + DAMP_ROUND;
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [W+11:0] damp_x = {{10{nx[W+1]}}, nx} + (prod >>> 8);
      /* verilator lint_on UNUSEDSIGNAL */
      wire signed [W+1:0] damp = damp_x[W+1:0];
      wire signed [W-1:0] nxt = (s2_damp == 9'd0) ? nw : (damp > MAXW) ? MAXV : (damp < MINW) ? MINW[W-1:0] : damp[W-1:0];
      assign next_n[i*W +: W] = nxt;
      wire signed [W+1:0] cs = {{2{nxt[W-1]}}, nxt} - ox;
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [W+1:0] ca = cs[W+1] ? -cs : cs;  // < 2^W
      /* verilator lint_on UNUSEDSIGNAL */
      wire [W-1:0] c = s2_en[i] ? ca[W-1:0] : {W{1'b0}};
      assign lane_chg[i+1] = (c > lane_chg[i]) ? c : lane_chg[i];
    end
  endgenerate

  always @(posedge clk) begin
    if (rst) s2_valid <= 1'b0;
    else s2_valid <= s1_valid;
    s2_first <= s1_first;
    s2_last <= s1_last;
    s2_en <= s1_en;
    s2_x1 <= x1_n;
    s2_x0 <= x0_n;
    s2_z1 <= z1_n;
    s2_z0 <= z0_n;
    s2_old <= s1_old;
    s2_damp <= s1_damp;
    s2_rd <= s1_rd;
  end

  // The running change: rd on the first group, then the maximum of every enabled lane's |new - old|.
  reg signed [32:0] run_chg;
  wire signed [32:0] chg_start = s2_first ? {s2_rd[31], s2_rd} : run_chg;
  wire signed [32:0] grp_chg = {{(33-W){1'b0}}, lane_chg[L]};
  wire signed [32:0] chg_next = (grp_chg > chg_start) ? grp_chg : chg_start;

  always @(posedge clk) begin
    if (rst) begin
      out_valid <= 1'b0;
      out_last <= 1'b0;
    end else begin
      out_valid <= s2_valid;
      out_last <= s2_valid && s2_last;
    end
    out_en <= s2_en;
    out_msg <= next_n;
    if (s2_valid) begin
      run_chg <= chg_next;
      out_change <= chg_next[31:0];
    end
  end
endmodule

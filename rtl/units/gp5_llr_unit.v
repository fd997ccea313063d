// The check-node (LLR) unit, cnu.spa / cnu.ms / cnu.nms / cnu.oms (ISA.md "LLR check and variable
// updates"), L lanes = L frames, one edge vector per clock.
//
// Read pass (one beat per edge j = 0 ... d-1, in_first on edge 0, in_last on edge d-1):
//   t_j = sat(app_j - c2v_j)  (c2v read as 0 on a first pass), symmetric LLR saturation;
//   per lane: two-minimum tracking (min1 with its first index, min2), the XOR of t's signs, the
//   parity of the app signs, and the forward box-plus f_j = f_{j-1} ⊞ t_j; t_j, f_{j-1} and app_j's
//   sign go to the edge RAM (inferred, synchronous read).
// On the last beat the lane state is handed to the write pass, which then streams edge by edge
// (wr_valid, two clocks per RAM read behind), in edge order for the min-sum rules and in reverse
// edge order for spa (whose backward box-plus b_j = b_{j+1} ⊞ t_j runs during it):
//   c2v_j = ms/nms/oms: +/-(j = idx ? min2 : min1) after nms/oms;
//           spa: f_{j-1} ⊞ b_{j+1} (f_{d-2} for j = d-1, b_1 for j = 0);
//           then clamped to [-cap, cap]  (d = 1: +cap);
//   app_j = sat(t_j + c2v_j)                                                (layered)
//   mask  = app parity odd | (layered) some app sign flipped, per active lane, with the last write.
// The edge RAM is two banks, so the next check's read pass fills one bank while this check's write
// pass drains the other, as the ISA's timing assumes. A read pass may only end (in_last) when the
// write pass is idle: in_last_ready.
// Lanes whose in_active bit is clear are computed but not enabled (wr_en) and give mask 0.
`include "gp5_unit_fmt.vh"
module gp5_llr_unit #(
  parameter integer L = 8
) (
  input  wire                 clk,
  input  wire                 rst,
  input  wire                 in_valid,
  input  wire                 in_first,
  input  wire                 in_last,
  output wire                 in_last_ready,
  input  wire [1:0]           in_rule,       // GP5U_RULE_SPA / MS / NMS / OMS (sampled with in_last)
  input  wire [`GP5U_W-1:0]   in_cap,        // sampled with in_last
  input  wire                 in_layered,    // sampled with in_last
  input  wire                 in_first_pass,
  input  wire [L-1:0]         in_active,     // sampled with in_last
  input  wire [L*`GP5U_W-1:0] in_app,
  input  wire [L*`GP5U_W-1:0] in_c2v,
  output reg                  wr_valid,
  output reg  [`GP5U_LLR_DEG_BITS-1:0] wr_edge,
  output reg  [L-1:0]         wr_en,
  output reg  [L*`GP5U_W-1:0] wr_c2v,
  output reg  [L*`GP5U_W-1:0] wr_app,
  output reg                  wr_last,
  output reg  [L-1:0]         wr_mask        // valid with wr_last
);
  localparam integer W = `GP5U_W;
  localparam integer DB = `GP5U_LLR_DEG_BITS;
  localparam integer RW = 2 * L * W + L;  // t_j lanes, f_{j-1} lanes, app_j sign bits
  localparam signed [W+1:0] LMAX = `GP5U_MAX;
  localparam [W-2:0] MAG_MAX = `GP5U_MAX;

  // ---- read pass --------------------------------------------------------------------------
  reg [DB-1:0] r_edge;             // index of the previous beat's edge
  reg [L*(W-1)-1:0] r_min1, r_min2;
  reg [L*DB-1:0] r_idx;
  reg [L-1:0] r_neg, r_par;
  reg [L*W-1:0] r_fwd;             // f_{j-1}: the forward box-plus through the previous edge
  reg r_bank;

  wire [DB-1:0] edge_now = in_first ? {DB{1'b0}} : r_edge + 1'b1;
  wire [L*(W-1)-1:0] n_min1, n_min2;
  wire [L*DB-1:0] n_idx;
  wire [L-1:0] n_neg, n_par, app_neg;
  wire [L*W-1:0] t_vec, n_fwd;

  genvar i;
  generate
    for (i = 0; i < L; i = i + 1) begin : rlane
      wire signed [W-1:0] app = in_app[i*W +: W];
      wire signed [W-1:0] c2v = in_first_pass ? {W{1'b0}} : in_c2v[i*W +: W];
      wire signed [W+1:0] raw = {{2{app[W-1]}}, app} - {{2{c2v[W-1]}}, c2v};
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [W+1:0] ts = (raw > LMAX) ? LMAX : (raw < -LMAX) ? -LMAX : raw;  // fits W bits
      /* verilator lint_on UNUSEDSIGNAL */
      wire signed [W-1:0] t = ts[W-1:0];
      wire [W-2:0] m = t[W-1] ? -t[W-2:0] : t[W-2:0];
      wire [W-2:0] min1 = in_first ? MAG_MAX : r_min1[i*(W-1) +: W-1];
      wire [W-2:0] min2 = in_first ? MAG_MAX : r_min2[i*(W-1) +: W-1];
      wire [DB-1:0] idx = in_first ? {DB{1'b0}} : r_idx[i*DB +: DB];
      wire lt1 = m < min1;
      assign n_min1[i*(W-1) +: W-1] = lt1 ? m : min1;
      assign n_min2[i*(W-1) +: W-1] = lt1 ? min1 : (m < min2) ? m : min2;
      assign n_idx[i*DB +: DB] = lt1 ? edge_now : idx;
      assign n_neg[i] = (in_first ? 1'b0 : r_neg[i]) ^ t[W-1];
      assign app_neg[i] = app[W-1];
      assign n_par[i] = (in_first ? 1'b0 : r_par[i]) ^ app[W-1];
      assign t_vec[i*W +: W] = t;
      wire signed [W-1:0] f_prev = r_fwd[i*W +: W];
      wire signed [W-1:0] f_next;
      gp5_boxplus u_fwd (.a(f_prev), .b(t), .y(f_next));
      assign n_fwd[i*W +: W] = in_first ? t : f_next;
    end
  endgenerate

  // ---- edge RAM: two banks of LLR_MAX_DEGREE entries ---------------------------------------
  reg [RW-1:0] eram [0:2*`GP5U_LLR_MAX_DEGREE-1];
  reg [RW-1:0] eram_q;
  reg w_rd_en;
  reg [DB:0] w_rd_addr;
  always @(posedge clk) begin
    if (in_valid) eram[{r_bank, edge_now}] <= {app_neg, r_fwd, t_vec};
    if (w_rd_en) eram_q <= eram[w_rd_addr];
  end

  // ---- write-pass state ---------------------------------------------------------------------
  reg w_busy;                        // reads still to issue
  reg [DB-1:0] w_next, w_deg_m1;     // next step of the write pass, d - 1
  reg w_bank;
  reg [L*(W-1)-1:0] w_min1, w_min2;
  reg [L*DB-1:0] w_idx;
  reg [L-1:0] w_neg, w_par, w_act, w_flip;
  reg [1:0] w_rule;
  /* verilator lint_off UNUSEDSIGNAL */
  reg [W-1:0] w_cap;                 // 0 ... MAX: the sign bit is 0
  /* verilator lint_on UNUSEDSIGNAL */
  reg w_layered, w_deg1;
  reg b_valid, b_first, b_last;      // the RAM word in eram_q belongs to edge b_edge (step 0, d - 1)
  reg [DB-1:0] b_edge;
  reg [L*W-1:0] w_bwd;               // spa: b_{j+1}, the backward box-plus through the later edges
  wire w_spa = w_rule == `GP5U_RULE_SPA;
  // Write-pass step k reads edge k, or edge d - 1 - k for spa.
  wire [DB-1:0] next_step = w_next + 1'b1;
  wire [DB-1:0] step_edge = w_spa ? w_deg_m1 - next_step : next_step;
  wire [DB-1:0] first_edge = (in_rule == `GP5U_RULE_SPA) ? edge_now : {DB{1'b0}};

  assign in_last_ready = !w_busy && !b_valid;
  wire handover = in_valid && in_last;

  always @(posedge clk) begin
    if (in_valid) begin
      r_edge <= edge_now;
      r_min1 <= n_min1;
      r_min2 <= n_min2;
      r_idx <= n_idx;
      r_neg <= n_neg;
      r_par <= n_par;
      r_fwd <= n_fwd;
    end
    if (rst) begin
      r_bank <= 1'b0;
      w_busy <= 1'b0;
      w_rd_en <= 1'b0;
      b_valid <= 1'b0;
    end else begin
      b_valid <= w_busy;
      b_first <= w_next == {DB{1'b0}};
      b_last <= w_busy && w_next == w_deg_m1;
      b_edge <= w_spa ? w_deg_m1 - w_next : w_next;
      w_rd_en <= 1'b0;
      if (handover) begin
        r_bank <= ~r_bank;
        w_bank <= r_bank;
        w_busy <= 1'b1;
        w_next <= {DB{1'b0}};
        w_deg_m1 <= edge_now;
        w_min1 <= n_min1;
        w_min2 <= n_min2;
        w_idx <= n_idx;
        w_neg <= n_neg;
        w_par <= n_par;
        w_act <= in_active;
        w_rule <= in_rule;
        w_cap <= in_cap;
        w_layered <= in_layered;
        w_deg1 <= in_first;
        w_rd_en <= 1'b1;
        w_rd_addr <= {r_bank, first_edge};
      end else if (w_busy) begin
        if (w_next == w_deg_m1) w_busy <= 1'b0;
        else begin
          w_next <= next_step;
          w_rd_en <= 1'b1;
          w_rd_addr <= {w_bank, step_edge};
        end
      end
    end
  end

  // The handover issues the first step's read (edge 0, or d - 1 for spa); b_* describe the word in
  // eram_q, one clock behind its read (b_valid follows w_busy, which rises with the handover).
  wire [L*W-1:0] c2v_new, app_new, bwd_new;
  wire [L-1:0] flip;
  generate
    for (i = 0; i < L; i = i + 1) begin : wlane
      wire signed [W-1:0] t = eram_q[i*W +: W];
      wire signed [W-1:0] f_prev = eram_q[L*W + i*W +: W];
      wire old_neg = eram_q[2*L*W + i];
      wire signed [W-1:0] b_next = w_bwd[i*W +: W];
      wire signed [W-1:0] spa_mid, bwd_step;
      gp5_boxplus u_out (.a(f_prev), .b(b_next), .y(spa_mid));
      gp5_boxplus u_bwd (.a(b_next), .b(t), .y(bwd_step));
      assign bwd_new[i*W +: W] = b_first ? t : bwd_step;
      wire signed [W-1:0] spa_out = b_first ? f_prev : b_last ? b_next : spa_mid;
      // |spa_out| <= MAX: clamp its magnitude to the cap.
      wire [W-2:0] spa_mag = spa_out[W-1] ? -spa_out[W-2:0] : spa_out[W-2:0];
      wire [W-2:0] mag0 = (b_edge == w_idx[i*DB +: DB]) ? w_min2[i*(W-1) +: W-1] : w_min1[i*(W-1) +: W-1];
      wire [W-2:0] mag_nms = mag0 - (mag0 >> 2);
      wire [W-2:0] mag_oms = (mag0 > `GP5U_OMS_BETA) ? mag0 - `GP5U_OMS_BETA : {(W-1){1'b0}};
      wire [W-2:0] mag = w_spa ? spa_mag : (w_rule == `GP5U_RULE_NMS) ? mag_nms : (w_rule == `GP5U_RULE_OMS) ? mag_oms : mag0;
      wire [W-2:0] capm = w_cap[W-2:0];
      wire [W-2:0] mag_c = w_deg1 ? capm : (mag > capm) ? capm : mag;
      wire neg = !w_deg1 && (w_spa ? spa_out[W-1] : (w_neg[i] ^ t[W-1]));
      wire signed [W-1:0] c = neg ? -$signed({1'b0, mag_c}) : $signed({1'b0, mag_c});
      wire signed [W+1:0] s = {{2{t[W-1]}}, t} + {{2{c[W-1]}}, c};
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [W+1:0] ss = (s > LMAX) ? LMAX : (s < -LMAX) ? -LMAX : s;  // fits W bits
      /* verilator lint_on UNUSEDSIGNAL */
      assign c2v_new[i*W +: W] = c;
      assign app_new[i*W +: W] = ss[W-1:0];
      assign flip[i] = ss[W-1] ^ old_neg;
    end
  endgenerate

  wire [L-1:0] flips_now = (b_first ? {L{1'b0}} : w_flip) | (w_layered ? flip : {L{1'b0}});
  always @(posedge clk) begin
    if (rst) wr_valid <= 1'b0;
    else wr_valid <= b_valid;
    wr_edge <= b_edge;
    wr_en <= w_act;
    wr_c2v <= c2v_new;
    wr_app <= app_new;
    wr_last <= b_valid && b_last;
    if (b_valid) begin
      w_flip <= flips_now;
      w_bwd <= bwd_new;
    end
`ifdef BUG_LLR_MASK_ALL_LANES
    wr_mask <= w_par | flips_now;  // planted bug: lanes outside in_active (VL < L) reach the mask
`else
    wr_mask <= w_act & (w_par | flips_now);
`endif
  end
endmodule

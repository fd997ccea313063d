// The factor-update unit (fupd.sp / fupd.ms, ISA.md "Factor update" and "Wide datapath") at the
// ISA's beat rate: L table entries per beat, so the table stream of an N-entry factor takes
// ceil(N / L) beats, the table term of the fupd beat rule 1 + ceil(N / L) + sum_j ceil(card_j / L)
// (the descriptor beat is in_start; the message loads are the load side's, which gathers each
// entry's message words from the loaded messages as the one-entry gp5_factor_unit's does).
//
// Accumulate beat (entries x .. x + L - 1 in index order, in_en marks the ones < N): per lane the
// table word, NIN message words (in_m_en: the factor's inputs) and output digit c_i; the lane's
// energy e_i and zero test are as in gp5_factor_unit. Entries of one beat may hit the same output
// entry, and wideMaxStar is not associative, so the beat folds IN INDEX ORDER: lane i folds e_i
// into the result of the nearest earlier lane of the beat with the same c (or acc[c_i] if there is
// none), a chain of up to L max*/min blocks (the critical path), and acc[c] takes the last such
// lane's result. The accumulator is DEPTH x ACC_BITS flip-flops with L read and L write ports
// (not an SRAM macro: see rtl/units/README.md); its zero flags sit beside it.
//
// Output beat (output entries c_i, consecutive, L per beat, with the old message words): per lane
// normalise, round half up to F, saturate finite values at MAX - 1, damp; out_change is the largest
// |new - old| of the factor (valid with out_last). Outputs are registered two clocks after the beat.
`include "gp5_unit_fmt.vh"
module gp5_factor_lanes_unit #(
  parameter integer L = 8,
  parameter integer NIN = 3,     // input messages per table entry (arity - 1)
  parameter integer DEPTH = 64,  // largest output cardinality (accumulator entries)
  parameter integer AW = 6       // address bits, >= log2(DEPTH)
) (
  input  wire                          clk,
  input  wire                          rst,
  input  wire                          in_start,
  input  wire                          in_sp,
  input  wire                          in_valid,
  input  wire [L-1:0]                  in_en,
  input  wire [L*(`GP5U_W+`GP5U_G)-1:0] in_t,
  input  wire [L*NIN*`GP5U_W-1:0]      in_m,    // lane i, input j at (i * NIN + j) * W
  input  wire [NIN-1:0]                in_m_en,
  input  wire [L*AW-1:0]               in_c,
  input  wire                          out_req,
  input  wire [L-1:0]                  out_en,
  input  wire [L*AW-1:0]               out_c,
  input  wire [L*`GP5U_W-1:0]          out_old,
  input  wire [8:0]                    out_lambda,
  input  wire                          out_req_last,
  output reg                           out_valid,
  output reg  [L*`GP5U_W-1:0]          out_msg,
  output reg                           out_last,
  output reg  [31:0]                   out_change
);
  localparam integer W = `GP5U_W;
  localparam integer G = `GP5U_G;
  localparam integer TW = W + G;
  localparam integer A = `GP5U_ACC_BITS;
  localparam signed [A:0] MAXA = `GP5U_MAX;
  localparam signed [W-1:0] MAXV = `GP5U_MAX;
  localparam signed [W+1:0] MAXW = `GP5U_MAX;
  localparam signed [W+1:0] MINW = `GP5U_MIN;
  localparam signed [W+11:0] DAMP_ROUND = 128;
  localparam integer HALF = (G == 0) ? 0 : 2 ** (G - 1);
  localparam signed [A:0] HALF_A = HALF[A:0];

  // ---- beat decode (combinational on the inputs), registered into stage 1 ----
  reg [L*A-1:0] e_in;
  reg [L-1:0] act_in;
  integer i, j;
  always @* begin
    for (i = 0; i < L; i = i + 1) begin : dec
      reg signed [A-1:0] e;
      reg z;
      e = $signed({{(A-TW){in_t[i*TW+TW-1]}}, in_t[i*TW +: TW]});
      z = $signed(in_t[i*TW +: TW]) >= `GP5U_TMAX;
      for (j = 0; j < NIN; j = j + 1)
        if (in_m_en[j]) begin
          if ($signed(in_m[(i*NIN+j)*W +: W]) == MAXV) z = 1'b1;
          e = e + ($signed({{(A-W){in_m[(i*NIN+j)*W+W-1]}}, in_m[(i*NIN+j)*W +: W]}) <<< G);
        end
      e_in[i*A +: A] = e;
      act_in[i] = in_en[i] && !z;
    end
  end

  reg s1_acc, s1_out, s1_last;
  reg [L*A-1:0] s1_e;
  reg [L-1:0] s1_act, s1_oen;
  reg [L*AW-1:0] s1_c;
  reg [L*W-1:0] s1_old;
  reg [8:0] s1_lambda;
  always @(posedge clk) begin
    if (rst) begin
      s1_acc <= 1'b0;
      s1_out <= 1'b0;
    end else begin
      s1_acc <= in_valid;
      s1_out <= out_req;
    end
    s1_last <= out_req_last;
    s1_e <= e_in;
    s1_act <= act_in;
    s1_oen <= out_en;
    s1_c <= out_req ? out_c : in_c;
    s1_old <= out_old;
    s1_lambda <= out_lambda;
  end

  // ---- accumulator: flip-flops, L read and L write ports ----
  reg [DEPTH*A-1:0] acc;
  reg [DEPTH-1:0] written;
  reg sp, any;
  reg signed [A-1:0] run_min;

  wire signed [A-1:0] res [0:L-1] /*verilator split_var*/;
  wire [L*A-1:0] res_v;  // the same, flat, for the write ports
  wire [L*A-1:0] rd_v;   // each lane's accumulator read (the fold's and the output beat's)
  wire signed [A-1:0] cur [0:L-1] /*verilator split_var*/;
  wire [L-1:0] cur_written;
  wire signed [A-1:0] bmin [0:L] /*verilator split_var*/;
  wire bany [0:L] /*verilator split_var*/;
  assign bmin[0] = run_min;
  assign bany[0] = any;

  genvar k;
  generate
    for (k = 0; k < L; k = k + 1) begin : lane
      wire [AW-1:0] c = s1_c[k*AW +: AW];
      wire signed [A-1:0] e = s1_e[k*A +: A];
      // The nearest earlier lane of the beat folding into the same entry, if any: a chain over
      // lanes 0 .. k-1 (a later match overrides an earlier one).
      wire signed [A-1:0] lk [0:k] /*verilator split_var*/;
      wire fk [0:k] /*verilator split_var*/;
      // The lane's read port: a DEPTH-way mux (constant part-selects keep Yosys off wide shifters).
      reg signed [A-1:0] rd;
      integer r;
      always @* begin
        rd = {A{1'b0}};
        for (r = 0; r < DEPTH; r = r + 1)
          if (c == r[AW-1:0]) rd = acc[r*A +: A];
      end
      assign rd_v[k*A +: A] = rd;
      assign lk[0] = rd;
      assign fk[0] = 1'b0;
      genvar q;
      for (q = 0; q < k; q = q + 1) begin : prior
`ifdef BUG_FACTOR_LANES_NO_CHAIN
        wire hit = 1'b0;  // planted bug: every lane folds into the entry's old value
`else
        wire hit = s1_act[q] && s1_c[q*AW +: AW] == c;
`endif
        assign lk[q+1] = hit ? res[q] : lk[q];
        assign fk[q+1] = hit | fk[q];
      end
      wire signed [A-1:0] link = lk[k];
      wire found = fk[k];
      assign cur[k] = link;
      assign cur_written[k] = found || written[c];
      wire signed [A-1:0] ms_y;
      gp5_wide_maxstar u_maxstar (.a(cur[k]), .b(e), .y(ms_y));
      assign res[k] = !cur_written[k] ? e : sp ? ms_y : (e < cur[k] ? e : cur[k]);
      assign res_v[k*A +: A] = res[k];
      wire take = s1_act[k] && (!bany[k] || res[k] < bmin[k]);
      assign bmin[k+1] = take ? res[k] : bmin[k];
      assign bany[k+1] = bany[k] || s1_act[k];
    end
  endgenerate

  always @(posedge clk) begin
    if (rst) begin
      any <= 1'b0;
      written <= {DEPTH{1'b0}};
    end else if (in_start) begin
      any <= 1'b0;
      written <= {DEPTH{1'b0}};
      sp <= in_sp;
    end else if (s1_acc) begin
      // Lanes in order: a later lane with the same entry overwrites (its result ends the chain).
      for (j = 0; j < DEPTH; j = j + 1)
        for (i = 0; i < L; i = i + 1)
          if (s1_act[i] && s1_c[i*AW +: AW] == j[AW-1:0]) begin
            acc[j*A +: A] <= res_v[i*A +: A];
            written[j] <= 1'b1;
          end
      any <= bany[L];
      run_min <= bmin[L];
    end
  end

  // ---- output beat: normalise, round, saturate at MAX - 1, damp, change ----
  wire [L*W-1:0] next_v;
  wire [W-1:0] lane_chg [0:L] /*verilator split_var*/;
  assign lane_chg[0] = {W{1'b0}};
  generate
    for (k = 0; k < L; k = k + 1) begin : olane
      wire [AW-1:0] c = s1_c[k*AW +: AW];
      wire signed [A-1:0] v = rd_v[k*A +: A];
      wire signed [A:0] rel = {v[A-1], v} - {run_min[A-1], run_min};
      wire signed [A:0] rounded = (rel + HALF_A) >>> G;
      wire signed [W-1:0] norm = !any ? {W{1'b0}} : !written[c] ? MAXV : (rounded >= MAXA) ? MAXV - 1'b1 : rounded[W-1:0];
      wire signed [W-1:0] old = s1_old[k*W +: W];
      wire signed [W+1:0] nx = {{2{norm[W-1]}}, norm};
      wire signed [W+1:0] ox = {{2{old[W-1]}}, old};
      wire signed [W+1:0] back = ox - nx;
      wire signed [W+11:0] prod = {{10{back[W+1]}}, back} * $signed({{(W+3){1'b0}}, s1_lambda}) + DAMP_ROUND;
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [W+11:0] damp_x = {{10{nx[W+1]}}, nx} + (prod >>> 8);
      /* verilator lint_on UNUSEDSIGNAL */
      wire signed [W+1:0] damp = damp_x[W+1:0];
      wire signed [W-1:0] nxt = (s1_lambda == 9'd0) ? norm : (damp > MAXW) ? MAXV : (damp < MINW) ? MINW[W-1:0] : damp[W-1:0];
      assign next_v[k*W +: W] = nxt;
      wire signed [W+1:0] cs = {{2{nxt[W-1]}}, nxt} - ox;
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [W+1:0] ca = cs[W+1] ? -cs : cs;  // < 2^W
      /* verilator lint_on UNUSEDSIGNAL */
      wire [W-1:0] ch = s1_oen[k] ? ca[W-1:0] : {W{1'b0}};
      assign lane_chg[k+1] = (ch > lane_chg[k]) ? ch : lane_chg[k];
    end
  endgenerate

  reg [31:0] run_chg;
  reg run_first;
  wire [31:0] beat_chg = {{(32-W){1'b0}}, lane_chg[L]};
  wire [31:0] chg_max = (run_first || beat_chg > run_chg) ? beat_chg : run_chg;
  always @(posedge clk) begin
    if (rst) out_valid <= 1'b0;
    else out_valid <= s1_out;
    out_msg <= next_v;
    out_last <= s1_out && s1_last;
    if (s1_out) begin
      run_chg <= chg_max;
      out_change <= chg_max;
    end
    if (rst || in_start) run_first <= 1'b1;
    else if (s1_out) run_first <= s1_last;
  end
endmodule

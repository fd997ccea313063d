// The factor-update unit (fupd.sp / fupd.ms, ISA.md "Factor update" and "Wide datapath") as a
// streaming unit: one table entry per clock, then one output entry per clock.
//
// Accumulate phase (in_start, then one beat per table entry x in index order):
//   the beat brings T[x], the NIN input-message words M_j[digit_j(x)] (in_m_en marks the ones the
//   factor has; arity <= NIN + 1) and the output digit c = digit_o(x) (the address generator's
//   odometer is outside the unit);
//   zero entry (T[x] = TMAX or some M_j = MAX): skipped;
//   e = T[x] + sum_j M_j * 2^G, exact in GP5U_ACC_BITS bits;
//   acc[c] = e if acc[c] is ZERO, else wideMaxStar(acc[c], e) (fupd.sp) or min(acc[c], e) (fupd.ms).
// acc is an inferred RAM (synchronous read, read-modify-write in one clock; a one-entry bypass
// covers back-to-back beats on the same c); the zero flags are one bit per entry beside it,
// set all at once by in_start. acc only ever decreases, so the minimum of every value written is
// the normalisation minimum m: no extra pass.
//
// Output phase (one request per output entry c = 0 ... card_o - 1, with the old message word):
//   new = 0 if no entry was written (uniform: the 0/0 guard); MAX if acc[c] is ZERO;
//   else min(floor((acc[c] - m + 2^(G-1)) / 2^G), MAX - 1)  (G = 0: acc[c] - m);
//   λ != 0: new = damp(new, old, λ); out_msg = new two clocks later, and with out_last
//   out_change = max_c |new - old| (fupd's rd = max(rd, out_change)).
`include "gp5_unit_fmt.vh"
module gp5_factor_unit #(
  parameter integer NIN = 3,     // input messages per table entry (arity - 1)
  parameter integer DEPTH = 64,  // largest output cardinality (accumulator entries)
  parameter integer AW = 6       // address bits, >= log2(DEPTH)
) (
  input  wire                    clk,
  input  wire                    rst,
  input  wire                    in_start,
  input  wire                    in_sp,      // 1 fupd.sp, 0 fupd.ms (sampled with in_start)
  input  wire                    in_valid,
  input  wire [`GP5U_W+`GP5U_G-1:0] in_t,    // table word (F + G fraction bits)
  input  wire [NIN*`GP5U_W-1:0]  in_m,
  input  wire [NIN-1:0]          in_m_en,
  input  wire [AW-1:0]           in_c,
  input  wire                    out_req,
  input  wire [AW-1:0]           out_c,
  input  wire [`GP5U_W-1:0]      out_old,
  input  wire [8:0]              out_lambda,
  input  wire                    out_req_last,
  output reg                     out_valid,
  output reg  [`GP5U_W-1:0]      out_msg,
  output reg                     out_last,
  output reg  [31:0]             out_change
);
  localparam integer W = `GP5U_W;
  localparam integer G = `GP5U_G;
  localparam integer A = `GP5U_ACC_BITS;
  localparam signed [A:0] MAXA = `GP5U_MAX;
  localparam signed [W-1:0] MAXV = `GP5U_MAX;
  localparam signed [W+1:0] MAXW = `GP5U_MAX;
  localparam signed [W+1:0] MINW = `GP5U_MIN;
  localparam signed [W+11:0] DAMP_ROUND = 128;  // round half up in the damping blend
  localparam integer HALF = (G == 0) ? 0 : 2 ** (G - 1);  // round half up at F
  localparam signed [A:0] HALF_A = HALF[A:0];

  // ---- beat decode (combinational on the inputs) ----
  reg signed [A-1:0] e_in;
  reg zero_in;
  integer j;
  always @* begin
    e_in = $signed({{(A-W-G){in_t[W+G-1]}}, in_t});
    zero_in = $signed(in_t) >= `GP5U_TMAX;
    for (j = 0; j < NIN; j = j + 1) begin
      if (in_m_en[j]) begin
        if ($signed(in_m[j*W +: W]) == MAXV) zero_in = 1'b1;
        e_in = e_in + ($signed({{(A-W){in_m[j*W+W-1]}}, in_m[j*W +: W]}) <<< G);
      end
    end
  end

  // ---- accumulator RAM, zero flags, bypass ----
  reg signed [A-1:0] acc [0:DEPTH-1];
  reg signed [A-1:0] acc_q;
  reg [DEPTH-1:0] written;          // 0 = the entry is ZERO
  reg lw_valid;
  reg [AW-1:0] lw_addr;
  reg signed [A-1:0] lw_data;
  reg sp;
  reg any;                          // some entry was written
  reg signed [A-1:0] run_min;

  wire [AW-1:0] rd_addr = out_req ? out_c : in_c;
  reg s1_valid, s1_zero, s1_out, s1_last;
  reg [AW-1:0] s1_c;
  reg signed [A-1:0] s1_e;
  reg [W-1:0] s1_old;
  reg [8:0] s1_lambda;

  wire signed [A-1:0] cur = (lw_valid && lw_addr == s1_c) ? lw_data : acc_q;
  wire cur_written = written[s1_c];
  wire signed [A-1:0] ms_y;
  gp5_wide_maxstar u_maxstar (.a(cur), .b(s1_e), .y(ms_y));
  wire signed [A-1:0] folded = !cur_written ? s1_e : sp ? ms_y : (s1_e < cur ? s1_e : cur);
  wire do_write = s1_valid && !s1_out && !s1_zero;

  always @(posedge clk) begin
    acc_q <= acc[rd_addr];
    if (do_write) acc[s1_c] <= folded;
  end

  always @(posedge clk) begin
    if (rst) begin
      s1_valid <= 1'b0;
      lw_valid <= 1'b0;
      any <= 1'b0;
      written <= {DEPTH{1'b0}};
    end else begin
      s1_valid <= in_valid || out_req;
      if (in_start) begin
        written <= {DEPTH{1'b0}};
        lw_valid <= 1'b0;
        any <= 1'b0;
        sp <= in_sp;
      end else if (do_write) begin
        written[s1_c] <= 1'b1;
        lw_valid <= 1'b1;
        any <= 1'b1;
      end
    end
    if (do_write) begin
      lw_addr <= s1_c;
      lw_data <= folded;
      run_min <= (!any || folded < run_min) ? folded : run_min;
    end
    s1_out <= out_req;
    s1_last <= out_req_last;
    s1_c <= rd_addr;
    s1_e <= e_in;
    s1_zero <= zero_in;
    s1_old <= out_old;
    s1_lambda <= out_lambda;
  end

  // ---- output phase: normalise, round, saturate at MAX - 1, damp, change ----
  wire signed [A:0] rel = {cur[A-1], cur} - {run_min[A-1], run_min};   // >= 0
  wire signed [A:0] rounded = (rel + HALF_A) >>> G;
  wire signed [W-1:0] norm = !any ? {W{1'b0}} : !cur_written ? MAXV : (rounded >= MAXA) ? MAXV - 1'b1 : rounded[W-1:0];
  wire signed [W-1:0] old = s1_old;
  wire signed [W+1:0] nx = {{2{norm[W-1]}}, norm};
  wire signed [W+1:0] ox = {{2{old[W-1]}}, old};
  wire signed [W+1:0] back = ox - nx;
  wire signed [W+11:0] prod = {{10{back[W+1]}}, back} * $signed({{(W+3){1'b0}}, s1_lambda}) + DAMP_ROUND;
  /* verilator lint_off UNUSEDSIGNAL */
  wire signed [W+11:0] damp_x = {{10{nx[W+1]}}, nx} + (prod >>> 8);
  /* verilator lint_on UNUSEDSIGNAL */
  wire signed [W+1:0] damp = damp_x[W+1:0];
  wire signed [W-1:0] next = (s1_lambda == 9'd0) ? norm : (damp > MAXW) ? MAXV : (damp < MINW) ? MINW[W-1:0] : damp[W-1:0];
  wire signed [W+1:0] chg_s = {{2{next[W-1]}}, next} - ox;
  wire signed [W+1:0] chg_abs = chg_s[W+1] ? -chg_s : chg_s;
  wire [31:0] chg = {{(30-W){1'b0}}, chg_abs};
  reg [31:0] run_chg;
  reg run_first;                    // the next output entry restarts the change maximum
  wire [31:0] chg_max = (run_first || chg > run_chg) ? chg : run_chg;

  always @(posedge clk) begin
    if (rst) out_valid <= 1'b0;
    else out_valid <= s1_valid && s1_out;
    out_msg <= next;
    out_last <= s1_valid && s1_out && s1_last;
    if (s1_valid && s1_out) begin
      run_chg <= chg_max;
      out_change <= chg_max;
    end
    if (rst || in_start) run_first <= 1'b1;
    else if (s1_valid && s1_out) run_first <= s1_last;
  end
endmodule

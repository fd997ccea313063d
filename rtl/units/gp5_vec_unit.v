// The L-lane vector unit: lane ops vadd vsub vmin vmaxs vdamp vbcast, the two-pass vnorm, and the
// reductions vrmin vrmaxs vmaxad vext, one beat (L lanes of a VL-lane vector) per clock. Operation
// codes are the ISA's opcodes (gp5_isa.vh OP_*). Two pipeline stages: the beat is registered,
// computed and registered again, so a beat's lane results are out_y two clocks after it enters; a
// reduction's scalar is red_y two clocks after its last beat.
//
// Each lane has its own max* block and correction ROM (gp5_maxstar). vrmaxs folds through the
// lanes' blocks as one chain in lane order, starting from the running value (MAX, max*'s identity,
// on the first beat), so the result is the ISA's left fold maxstar(... maxstar(va[0], va[1]) ...,
// va[VL-1]) whatever L is: max* is not associative, so no tree. Lanes whose in_lane_en bit is clear
// (VL not a multiple of L) take the identity of the reduction (MAX for vrmin/vrmaxs/vnorm, 0
// difference for vmaxad); their lane results are unspecified.
//
// vnorm streams va twice (ISA beat rule vl2): the first pass (in_pass = 0) folds the minimum into
// the same running register as vrmin, the second (in_pass = 1) writes sat(va[i] - min). The last
// beat of the first pass writes the register at the clock edge where the second pass's first beat
// enters stage 1, so the two passes can follow back to back. vbcast writes sat(in_rs) to every
// lane. vext's beat is the one holding lane imm (beat imm / L); the unit picks lane imm mod L.
`include "gp5_unit_fmt.vh"
module gp5_vec_unit #(
  parameter integer L = 8
) (
  input  wire                clk,
  input  wire                rst,
  input  wire                in_valid,
  input  wire [5:0]          in_op,       // OP_VADD ... OP_VMAXAD
  input  wire                in_first,    // first beat of the instruction (reductions restart)
  input  wire                in_last,     // last beat (the reduction's scalar is produced)
  input  wire [L-1:0]        in_lane_en,  // lanes < VL in this beat
  input  wire [L*`GP5U_W-1:0] in_a,
  input  wire [L*`GP5U_W-1:0] in_b,
  input  wire                in_pass,     // vnorm: 0 the minimum pass, 1 the subtract pass
  input  wire [8:0]          in_imm,      // vdamp's lambda (0 ... 256), vext's lane (0 ... 255)
  input  wire [31:0]         in_rs,       // vmaxad's rd (read on the first beat), vbcast's ra
  output reg                 out_valid,
  output reg  [L*`GP5U_W-1:0] out_y,
  output reg                 red_valid,
  output reg  [31:0]         red_y
);
/* verilator lint_off UNUSEDPARAM */
`include "gp5_isa.vh"
/* verilator lint_on UNUSEDPARAM */
  localparam integer W = `GP5U_W;
  localparam signed [W-1:0] MAXV = `GP5U_MAX;
  localparam signed [W+1:0] MAXW = `GP5U_MAX;
  localparam signed [W+1:0] MINW = `GP5U_MIN;
  localparam signed [W+11:0] DAMP_ROUND = 128;  // round half up in the damping blend

  // Stage 1: the registered beat.
  reg s1_valid, s1_first, s1_last, s1_pass;
  reg [5:0] s1_op;
  reg [L-1:0] s1_en;
  reg [L*W-1:0] s1_a, s1_b;
  reg [8:0] s1_imm;
  reg [31:0] s1_rs;
  always @(posedge clk) begin
    if (rst) s1_valid <= 1'b0;
    else s1_valid <= in_valid;
    s1_op <= in_op;
    s1_first <= in_first;
    s1_last <= in_last;
    s1_en <= in_lane_en;
    s1_a <= in_a;
    s1_b <= in_b;
    s1_pass <= in_pass;
    s1_imm <= in_imm;
    s1_rs <= in_rs;
  end

  // Running reduction values (scalar state of the unit).
  reg signed [W-1:0] run_min, run_maxs;
  reg signed [32:0] run_maxad;

  wire is_rmaxs = s1_op == OP_VRMAXS;
  wire signed [W-1:0] chain [0:L] /*verilator split_var*/;
  // vbcast: ra saturated to the message range, once for all lanes.
  wire signed [31:0] rs = s1_rs;
  wire signed [W+1:0] bcast = (rs > $signed({{(32-W){1'b0}}, MAXV})) ? MAXW : (rs < $signed({{(32-W-2){MINW[W+1]}}, MINW})) ? MINW :
                              rs[W+1:0];
`ifdef BUG_VBCAST_WRAP
  wire signed [W+1:0] bcast_y = {{2{rs[W-1]}}, rs[W-1:0]};  // planted bug: wraps instead of saturating
`else
  wire signed [W+1:0] bcast_y = bcast;
`endif
  // vnorm's second pass subtracts the minimum of the first (held in run_min).
  wire signed [W+1:0] norm_min = {{2{run_min[W-1]}}, run_min};
  // vext: lane imm mod L of the beat.
  localparam integer LI = L;
  localparam [8:0] LANES = LI[8:0];
  wire [8:0] ext_lane = s1_imm % LANES;
  assign chain[0] = s1_first ? MAXV : run_maxs;

  wire [L*W-1:0] lane_y;
  // Running minimum and largest difference through the lanes; split_var makes each element its
  // own net in the Verilator model, which would otherwise see the array as one circular signal.
  wire signed [W-1:0] lane_min [0:L] /*verilator split_var*/;
  wire [W:0] lane_ad [0:L] /*verilator split_var*/;
  assign lane_min[0] = s1_first ? MAXV : run_min;
  assign lane_ad[0] = {(W+1){1'b0}};

  genvar i;
  generate
    for (i = 0; i < L; i = i + 1) begin : lane
      wire signed [W-1:0] a = s1_a[i*W +: W];
      wire signed [W-1:0] b = s1_b[i*W +: W];
      wire en = s1_en[i];
      // The lane's max* block: (a, b) for vmaxs, (running fold, a or the identity) for vrmaxs.
      wire signed [W-1:0] ms_a = is_rmaxs ? chain[i] : a;
      wire signed [W-1:0] ms_b = is_rmaxs ? (en ? a : MAXV) : b;
      wire signed [W-1:0] ms_y;
      gp5_maxstar u_maxstar (.a(ms_a), .b(ms_b), .y(ms_y));
      assign chain[i+1] = ms_y;

      wire signed [W+1:0] ax = {{2{a[W-1]}}, a};
      wire signed [W+1:0] bx = {{2{b[W-1]}}, b};
      wire signed [W+1:0] sum = ax + bx;
      wire signed [W+1:0] dif = ax - bx;
      // vdamp: new + floor(((old - new) * lambda + 128) / 256), then sat (ISA.md "Damping blend").
      wire signed [W+1:0] nd = bx - ax;
      wire signed [W+11:0] back = {{10{nd[W+1]}}, nd};
      wire signed [W+11:0] lam = {{(W+3){1'b0}}, s1_imm};
      wire signed [W+11:0] prod = back * lam + DAMP_ROUND;
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [W+11:0] damp_x = {{10{ax[W+1]}}, ax} + (prod >>> 8);
      /* verilator lint_on UNUSEDSIGNAL */
      wire signed [W+1:0] damp = damp_x[W+1:0];
      wire signed [W+1:0] nrm = ax - norm_min;  // >= 0: a >= the minimum
      reg signed [W+1:0] wide;
      always @* begin
        case (s1_op)
          OP_VADD: wide = sum;
          OP_VSUB: wide = dif;
          OP_VMIN: wide = (a < b) ? ax : bx;
          OP_VDAMP: wide = damp;
          OP_VBCAST: wide = bcast_y;
`ifdef BUG_VNORM_NOSAT
          OP_VNORM: wide = {{2{nrm[W-1]}}, nrm[W-1:0]};  // planted bug: the difference wraps to W bits
`else
          OP_VNORM: wide = nrm;
`endif
          default: wide = {{2{ms_y[W-1]}}, ms_y};  // OP_VMAXS
        endcase
      end
      assign lane_y[i*W +: W] = (wide > MAXW) ? MAXV : (wide < MINW) ? MINW[W-1:0] : wide[W-1:0];

      wire signed [W-1:0] am = en ? a : MAXV;
      assign lane_min[i+1] = (am < lane_min[i]) ? am : lane_min[i];
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [W+1:0] adif = dif[W+1] ? -dif : dif;  // < 2^W
      /* verilator lint_on UNUSEDSIGNAL */
      wire [W:0] ad = en ? adif[W:0] : {(W+1){1'b0}};
      assign lane_ad[i+1] = (ad > lane_ad[i]) ? ad : lane_ad[i];
    end
  endgenerate

  // vext's lane: a one-hot select over the beat's lanes.
  reg signed [W-1:0] ext_y;
  integer e;
  always @* begin
    ext_y = s1_a[W-1:0];
    for (e = 0; e < L; e = e + 1)
`ifdef BUG_VEXT_LANE
      if (ext_lane == e[8:0] + 9'd1) ext_y = s1_a[e*W +: W];  // planted bug: the lane before the one asked for
`else
      if (ext_lane == e[8:0]) ext_y = s1_a[e*W +: W];
`endif
  end

  wire signed [32:0] ad_start = s1_first ? {s1_rs[31], s1_rs} : run_maxad;
  wire signed [32:0] ad_beat = {{(32-W){1'b0}}, lane_ad[L]};
  wire signed [W-1:0] min_all = lane_min[L];
  wire signed [32:0] ad_next = (ad_beat > ad_start) ? ad_beat : ad_start;

  // Stage 2: registered lane results and reductions.
  always @(posedge clk) begin
    if (rst) begin
      out_valid <= 1'b0;
      red_valid <= 1'b0;
    end else begin
      out_valid <= s1_valid;
      red_valid <= s1_valid && s1_last && (s1_op == OP_VRMIN || s1_op == OP_VRMAXS || s1_op == OP_VMAXAD || s1_op == OP_VEXT);
    end
    out_y <= lane_y;
    if (s1_valid) begin
      case (s1_op)
        OP_VNORM: if (!s1_pass) run_min <= min_all;
        OP_VEXT: red_y <= {{(32-W){ext_y[W-1]}}, ext_y};
        OP_VRMIN: begin
          run_min <= min_all;
          red_y <= {{(32-W){min_all[W-1]}}, min_all};
        end
        OP_VRMAXS: begin
          run_maxs <= chain[L];
          red_y <= {{(32-W){chain[L][W-1]}}, chain[L]};
        end
        OP_VMAXAD: begin
          run_maxad <= ad_next;
          red_y <= ad_next[31:0];
        end
        default: ;
      endcase
    end
  end
endmodule

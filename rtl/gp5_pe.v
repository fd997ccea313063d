// gp5_pe.v — reference RTL of one GP5 processing element (Verilog-2005, synthesizable subset).
//
// Implements the ISA subset listed in rtl/README.md with exactly gp5sim's timing for it
// (ISA.md "Timing model"): in-order single issue, per-register ready times (RAW/WAW interlocks),
// per-unit busy times (beats), taken-branch bubbles (2 cycles), zero-overhead loops, halt drain,
// and the banked shared memory (sharedLatency, per-bank busy times, the within-access
// bank-conflict beats rule). Stall codes follow ISA.md's cause order.
//
// Modelling choice: an instruction's architectural effect (register file, vector registers,
// memory) is applied in its issue cycle, and the scoreboard (ready times) keeps every dependent
// instruction from issuing before the ISA latency has elapsed — so no instruction can observe the
// early write and the behaviour is that of a pipelined write-back. Vector operations process all VL
// lanes at issue; their beats are modelled by the unit busy time. This keeps the model small
// enough to read next to ISA.md.
//
// Trace port (tr_*): registered; the values for cycle c are updated at the clock edge that ends
// cycle c (so they are visible during cycle c + 1). They follow gp5sim's VCD (sim/vcd.ts):
// tr_pc/tr_instr hold the last issued instruction, tr_issue is high in issue cycles, tr_stall is
// 0 when issuing, 1 + the ISA stall-cause index otherwise and 15 once halted, and the *_we strobes
// are high in the issue cycle of an instruction that writes (data = the value written; vector
// writes show lane 0, memory writes the first word).
//
// Deliberate bugs for mutation testing (-D NAME): BUG_SATURATION, BUG_LOOP_COUNT, BUG_NO_VEC_RAW,
// BUG_MAXSTAR_TABLE, BUG_BANK_PENALTY, BUG_BRANCH_PENALTY, BUG_FUPD_MIN (factor unit),
// BUG_LINK_CONTENTION (router), BUG_BANK_FIRST_ONLY (bank arbiter), BUG_BARRIER_LATE (barrier),
// BUG_CNU_MIN2 (check-node unit, gp5_llr.vh), BUG_PFU_SWAP_X (pairwise unit, gp5_pfu.vh),
// BUG_VUPD_ALL_SELF (all-outputs vupd), BUG_FUPD_ALL_FIRST (all-outputs fupd);
// see rtl/README.md. OMIT_VNU drops vnu from the
// decoder, to test how an opcode of the table without an RTL case is reported.
`timescale 1ns/1ns

module gp5_pe #(
  parameter VLMAX = 64,          // vregLanes
  parameter LANES = 8,           // lanes L
  parameter BANKS = 8,           // sharedBanks (power of two)
  parameter SHARED_LAT = 4,      // sharedLatency
  parameter SPM_WORDS = 16384,   // scratchpadBytes / 4
  parameter IMEM_WORDS = 4096,
  parameter LOOPD = 4,           // loopDepth
  parameter ACC_WORDS = 65536,   // factor-unit accumulator (the ISA's largest cardinality)
  parameter PEID = 0,
  parameter NPE = 1,
  parameter MESH_W = 1,          // meshWidth (PE ids are row-major on the mesh)
  parameter HOP_LAT = 1,         // hopLatency
  parameter CHAN_MSGS = 1024,    // messages queued per (source, destination) pair (rtl/harness.ts CHAN_MSGS)
  parameter CHAN_WORDS = 8192    // words queued per pair (rtl/harness.ts CHAN_WORDS)
) (
  /* verilator tracing_off */
  input  wire        clk,
  input  wire        rst,
  input  wire        go,         // this PE's tick: it runs one machine cycle
  input  wire        sync,       // the array's sync tick: barrier release of waiting PEs
  input  wire        idle,       // no code: halted from reset
  input  wire [31:0] entry_pc,
  output reg         halted,
  output reg         fault
);

  // The generated headers define the whole format and ISA vocabulary; a PE uses a subset.
  /* verilator lint_off UNUSEDPARAM */
`include "gp5_format.vh"
`include "gp5_isa.vh"
  /* verilator lint_on UNUSEDPARAM */

  // ---------------------------------------------------------------- trace port (gp5sim's VCD signals)
  // The only signals a Verilator trace records (tracing_on/off).
  /* verilator tracing_on */
  reg [31:0] tr_pc;
  reg [31:0] tr_instr;
  reg        tr_issue;
  reg [3:0]  tr_stall;
  reg        tr_rf_we;
  reg [3:0]  tr_rf_waddr;
  reg [31:0] tr_rf_wdata;
  reg        tr_vrf_we;
  reg [2:0]  tr_vrf_waddr;
  reg [31:0] tr_vrf_wdata;
  reg        tr_mem_we;
  reg [31:0] tr_mem_waddr;
  reg [15:0] tr_mem_wlen;
  reg [31:0] tr_mem_wdata;
  /* verilator tracing_off */

  localparam W = GP5_W;
  localparam [31:0] SHARED_BASE = 32'h0010_0000;
  // Opcodes, units (U_*), beat rules (B_*), stall codes (S_*) and per-opcode timing come from
  // gp5_isa.vh, generated from the ISA table (rtl/gen-isa.ts).
`ifdef BUG_BRANCH_PENALTY
  localparam PENALTY_BUG = 1;   // one bubble short
`else
  localparam PENALTY_BUG = 0;
`endif

  // ---------------------------------------------------------------- architectural state
  reg [31:0]  imem [0:IMEM_WORDS-1];
  reg [31:0]  spm  [0:SPM_WORDS-1];
  reg [W-1:0] vrf  [0:8*VLMAX-1];
  reg [31:0]  sreg [0:15];
  reg [31:0]  pc, vl, cyc, instret, stalls, msgs;
  reg [31:0]  lp_start [0:LOOPD-1];
  reg [31:0]  lp_end   [0:LOOPD-1];
  reg [31:0]  lp_count [0:LOOPD-1];
  reg [31:0]  lp_depth;

  // ---------------------------------------------------------------- timing state (absolute cycles)
  reg [31:0]  s_ready [0:15];
  reg [31:0]  v_ready [0:7];
  reg [31:0]  unit_free [0:GP5_NUM_UNITS-1];
  reg [31:0]  mem_write_done [0:GP5_NUM_UNITS-1];    // per unit: completion of its last memory write
  reg [31:0]  mem_write_others [0:GP5_NUM_UNITS-1];  // per unit: latest such completion on any other unit
  reg [31:0]  mem_last_lo [0:GP5_NUM_UNITS-1];       // per unit: words [lo, hi) of its last memory write
  reg [31:0]  mem_last_hi [0:GP5_NUM_UNITS-1];
  reg [31:0]  mem_older_done [0:GP5_NUM_UNITS-1];    // per unit: latest completion of its earlier writes
  reg [31:0]  ord_lo;                                // a send's / recv's words [ord_lo, ord_hi), for memory
  reg [32:0]  ord_hi;                                // ordering (33 bits: the bound does not wrap, as in gp5sim)
  reg [3:0]   s_writer [0:15];                       // unit that last wrote each scalar register
  reg [31:0]  branch_until;
  // Shared memory, bank free times, mesh links, message channels and the barrier live in
  // gp5_array (gp5_array.*): PEs take turns (one tick each per machine cycle, in id order, as
  // gp5sim visits them), so each sees the effects of the lower ids' accesses in the same cycle.
  reg         bar_wait;       // arrived at a barrier, not yet released
  reg [31:0]  bar_epoch_mine; // gp5_array.bar_epoch at arrival (released once it moves on)

  // ---------------------------------------------------------------- per-cycle temporaries
  reg [31:0] pair, arrival, ftime, flen, w;
  integer    fx2, fy2, dx, dy, dir, flit;
  /* verilator lint_off UNUSEDSIGNAL */
  integer    link;               // router × 4 + direction; only log2(4·NPE) bits index link_free
  /* verilator lint_on UNUSEDSIGNAL */
  reg [31:0] ins, t, u_mem, imm18s, next_pc, ready_at, u_raw, u_waw, u_busy, free_at, addr, off, value, count, a32, b32, lane_i;
  reg [5:0]  op;
  reg [3:0]  fa, fb, fc, code;
  reg        valid, is_halt, taken, wr_s, wr_v, wr_m, shared, accum, peer_ok;
  reg [3:0]  src1, src2, vs1, vs2, sdst, vdst;   // decoded registers (r0 / vector 8: none)
  integer    unit, brule, lat, beats, worst, n, i, base_d, base_a, base_b;
  integer    cnt [0:BANKS-1];
  reg signed [47:0] x, y, r, m;
  reg [31:0] m_addr, m_data;
  /* verilator lint_off UNUSEDSIGNAL */
  reg [31:0] m_len;              // the trace carries its low 16 bits (mem_wlen), as gp5sim's VCD does
  /* verilator lint_on UNUSEDSIGNAL */
  // factor unit (fupd/vupd) temporaries
  reg signed [47:0] acc [0:ACC_WORDS-1];
  reg signed [47:0] fold, fnext, fdiff;
  reg        llr_ok;
  integer    fn, fk, fo, fout, flam, fcard, fj, fcb, fused, fexcl;
  reg [31:0] vlo, vhi;           // the span of an all-outputs vupd's outputs

  // ---------------------------------------------------------------- decode ROMs
  // The generated per-opcode functions (gp5_isa.vh) tabulated at time 0: Verilator compiles a case
  // function into a chain of compares evaluated at every call, while a ROM read is one load.
  integer    rom_unit [0:63], rom_latency [0:63], rom_beat_rule [0:63], rom_accum [0:63];
  integer    rom_memory_use [0:63], rom_redirect [0:63];
  integer    rom_op;
  initial
    for (rom_op = 0; rom_op < 64; rom_op = rom_op + 1) begin
      rom_unit[rom_op] = gp5_unit(rom_op[5:0]);
      rom_latency[rom_op] = gp5_latency(rom_op[5:0]);
      rom_beat_rule[rom_op] = gp5_beat_rule(rom_op[5:0]);
      rom_accum[rom_op] = gp5_accum(rom_op[5:0]);
      rom_memory_use[rom_op] = gp5_memory_use(rom_op[5:0]);
      rom_redirect[rom_op] = gp5_redirect_penalty(rom_op[5:0]);
    end

  // ---------------------------------------------------------------- message arithmetic (ISA.md "Number format")
  function [W-1:0] sat;
    input signed [47:0] v;
    begin
      if (v > GP5_MAX) sat = GP5_MAX[W-1:0];
      else if (v < GP5_MIN) sat = GP5_MIN[W-1:0];
      else sat = v[W-1:0];
    end
  endfunction

  function signed [47:0] sx32;     // a 32-bit word, sign-extended to the 48-bit working width
    input [31:0] v;
    begin
      sx32 = {{16{v[31]}}, v};
    end
  endfunction

  function signed [47:0] sxw;      // a W-bit lane, sign-extended to the working width
    input [W-1:0] v;
    begin
      sxw = {{(48 - W){v[W-1]}}, v};
    end
  endfunction

  function signed [47:0] lane;
    input integer reg_base;
    input integer idx;
    begin
      lane = sxw(vrf[reg_base + idx]);
    end
  endfunction

  function signed [47:0] corr;
    input signed [47:0] d;
    reg [31:0] bucket;
    begin
      if (d >= GP5_CORR_LIMIT) corr = 0;
      else begin
        bucket = d[31:0] >> GP5_TSHIFT;   // 0 ≤ d < GP5_CORR_LIMIT
        corr = sx32(gp5_corr(bucket));
`ifdef BUG_MAXSTAR_TABLE
        if (bucket == 0) corr = corr - 1;   // table[0] = 175 instead of 176
`endif
      end
    end
  endfunction

  function signed [47:0] maxstar;
    input signed [47:0] a;
    input signed [47:0] b;
    reg signed [47:0] d, mn, res;
    begin
      if (a == GP5_MAX) maxstar = b;
      else if (b == GP5_MAX) maxstar = a;
      else begin
        if (a < b) begin d = b - a; mn = a; end else begin d = a - b; mn = b; end
        res = mn - corr(d);
        maxstar = (res < GP5_MIN) ? GP5_MIN : res;
      end
    end
  endfunction

  // ---------------------------------------------------------------- the factor and variable units' wide datapath
  // (isa/fixed.ts "Wide accumulation"): exact sums, WIDE_ZERO as the sticky zero flag (probability
  // 0; the TypeScript kernels' Infinity, above every finite sum), the factor unit at F + G.
  localparam signed [47:0] WIDE_ZERO = 48'sh7fff_ffff_ffff;

  function signed [47:0] wcorr;      // the max* correction at F + G (wideMaxStar's table)
    input signed [47:0] d;
    reg [31:0] bucket;
    begin
      if (d >= GP5_WCORR_LIMIT) wcorr = 0;
      else begin
        bucket = d[31:0] >> GP5_WTSHIFT;
        wcorr = sx32(gp5_wcorr(bucket));
      end
    end
  endfunction

  function signed [47:0] wmaxstar;   // isa/fixed.ts wideMaxStar: min − corr(|a − b|), exact; zero is the identity
    input signed [47:0] a;
    input signed [47:0] b;
    begin
      if (a == WIDE_ZERO) wmaxstar = b;
      else if (b == WIDE_ZERO) wmaxstar = a;
      else if (a < b) wmaxstar = a - wcorr(b - a);
      else wmaxstar = b - wcorr(a - b);
    end
  endfunction

  function signed [47:0] narrow;     // isa/fixed.ts narrowNormalized: (v − min) / 2^guard, round half up, finite ≤ MAX − 1
    input signed [47:0] v;
    input signed [47:0] mn;
    input integer guard;
    reg signed [47:0] q;
    begin
      if (v == WIDE_ZERO) narrow = GP5_MAX;
      else begin
        q = (guard == 0) ? v - mn : ((v - mn + (48'sd1 <<< (guard - 1))) >>> guard);
        narrow = (q >= GP5_MAX) ? GP5_MAX - 1 : q;
      end
    end
  endfunction

  function [31:0] sext_lane;    // a W-bit lane as a sign-extended 32-bit word
    input [W-1:0] v;
    begin
      sext_lane = {{(32 - W){v[W-1]}}, v};
    end
  endfunction

  function signed [47:0] sat48;   // saturate to the message format, kept signed-extended
    input signed [47:0] v;
    begin
      if (v > GP5_MAX) sat48 = GP5_MAX;
      else if (v < GP5_MIN) sat48 = GP5_MIN;
      else sat48 = v;
    end
  endfunction

  function signed [47:0] absdiff;  // |a − b| clamped to 2^31 − 1 (isa/fixed.ts absDiff)
    input signed [47:0] a;
    input signed [47:0] b;
    reg signed [47:0] d;
    begin
      d = (a > b) ? a - b : b - a;
      absdiff = (d > 48'sh7fffffff) ? 48'sh7fffffff : d;
    end
  endfunction

  function signed [47:0] damp;     // isa/fixed.ts dampBlend: next + ⌊((prev − next)·λ + Λ/2) / Λ⌋ (Λ = DAMP_LAMBDA_MAX), saturated
    input signed [47:0] nx;
    input signed [47:0] prev;
    input integer lambda;
    begin
      damp = sat48(nx + ((((prev - nx) * lambda) + DAMP_LAMBDA_MAX / 2) >>> DAMP_SHIFT));
    end
  endfunction

  // Normalise acc[0 … len) (at F + guard fraction bits) to W-bit messages, damp against spm[out …],
  // store, and leave the max change in fdiff (bp-kernels.ts finishMessage). All zero: uniform (0).
  task finish_message;
    input integer out;
    input integer len;
    input integer lambda;
    input integer guard;
    integer c;
    reg signed [47:0] mn, rr;
    begin
      mn = acc[0];
      for (c = 1; c < len; c = c + 1) if (acc[c] < mn) mn = acc[c];
      fdiff = 0;
      for (c = 0; c < len; c = c + 1) begin
        rr = (mn == WIDE_ZERO) ? 48'sd0 : narrow(acc[c], mn, guard);
        fold = sx32(spm[out + c]);
        fnext = (lambda == 0) ? rr : damp(rr, fold, lambda);
        rr = absdiff(fnext, fold);
        if (rr > fdiff) fdiff = rr;
        spm[out + c] = fnext[31:0];
      end
    end
  endtask

  // One output o of the factor descriptor at desc, written at out (isa/bp-kernels.ts factorUpdate):
  // stream the table in index order; each entry e = T[x] + Σ_{j ≠ o} M_j[digit_j] · 2^G, exact (a
  // zero term makes it the zero flag, and it is skipped), folds into acc[digit_o] with wide max*
  // (sp) or min (ms); then normalise, damp and write, leaving the change in fdiff.
  task fupd_output;
    input integer desc;
    input integer o;
    input integer out;
    input sp;
    integer fu_n, fu_k, fu_tab, fu_x, fu_j, fu_b, fu_digit, fu_card, fu_c;
    reg signed [47:0] fu_e, fu_v;
    reg fu_zero;
    begin
      fu_n = spm[desc + FD_ENTRIES]; fu_k = spm[desc + FD_ARITY]; fu_tab = spm[desc + FD_TABLE];
      fu_card = spm[desc + FD_HEADER + FD_PERVAR * o + FD_CARD];
      for (fu_c = 0; fu_c < fu_card; fu_c = fu_c + 1) acc[fu_c] = WIDE_ZERO;
      for (fu_x = 0; fu_x < fu_n; fu_x = fu_x + 1) begin
        fu_e = sx32(spm[fu_tab + fu_x]);
        fu_zero = (fu_e >= GP5_TABLE_MAX);
        for (fu_j = 0; fu_j < fu_k; fu_j = fu_j + 1) if (fu_j != o && !fu_zero) begin
          fu_b = desc + FD_HEADER + FD_PERVAR * fu_j;
          fu_digit = (fu_x / spm[fu_b + FD_STRIDE]) % spm[fu_b + FD_CARD];
          fu_v = sx32(spm[spm[fu_b + FD_ADDR] + fu_digit]);
          if (fu_v >= GP5_MAX) fu_zero = 1;
          else fu_e = fu_e + (fu_v <<< GP5_G);
        end
        if (!fu_zero) begin
          fu_b = desc + FD_HEADER + FD_PERVAR * o;
          fu_digit = (fu_x / spm[fu_b + FD_STRIDE]) % fu_card;
`ifdef BUG_FUPD_MIN
          acc[fu_digit] = (fu_e < acc[fu_digit]) ? fu_e : acc[fu_digit];   // always min-sum
`else
          if (sp) acc[fu_digit] = wmaxstar(acc[fu_digit], fu_e);
          else acc[fu_digit] = (fu_e < acc[fu_digit]) ? fu_e : acc[fu_digit];
`endif
        end
      end
      finish_message(out, fu_card, spm[desc + FD_LAMBDA], GP5_G);
    end
  endtask

  // acc[0 … card) = Σ of the vupd descriptor's inputs j ≠ excl, exact, from 0 (isa/bp-kernels.ts
  // variableUpdate); an input of MAX (or above) sets the sticky zero flag.
  task vupd_sum;
    input integer desc;
    input integer inputs;
    input integer excl;
    input integer card;
    integer j, c, src;
    reg signed [47:0] word;
    begin
      for (c = 0; c < card; c = c + 1) acc[c] = 0;
      for (j = 0; j < inputs; j = j + 1) if (j != excl) begin
        src = spm[desc + VD_HEADER + j];
        for (c = 0; c < card; c = c + 1) begin
          word = sx32(spm[src + c]);
          acc[c] = (acc[c] == WIDE_ZERO || word >= GP5_MAX) ? WIDE_ZERO : acc[c] + word;
        end
      end
    end
  endtask

  // The LLR unit (cnu.<rule>, vnu): its state, arithmetic and timing.
`include "gp5_llr.vh"

  // The binary pairwise factor unit (pfu.sp, pfu.ms): gather, wide max*, bank-conflict beats.
`include "gp5_pfu.vh"

  // The pc after falling through to np: reaching a loop end with iterations left returns to the
  // body start (zero-overhead loops); finished loops pop, so nested ends close in turn.
  function [31:0] fall_through;
    input [31:0] np;
    integer kk, depth;
    reg fdone;
    begin
      fall_through = np;
      fdone = 0;
      depth = lp_depth;
      for (kk = LOOPD - 1; kk >= 0; kk = kk - 1) begin
        if (!fdone && kk < depth) begin
          if (fall_through == lp_end[kk]) begin
            if (lp_count[kk] > 1) begin
              lp_count[kk] = lp_count[kk] - 1;
              fall_through = lp_start[kk];
              fdone = 1;
            end else depth = kk;   // pop; an enclosing loop may end here too
          end else fdone = 1;
        end
      end
      lp_depth = depth;
    end
  endfunction

  function [31:0] a32_of;
    input [3:0] rr;
    begin
      a32_of = sreg[rr];
    end
  endfunction

  // Mesh transfer of `flits` flits from this PE to dest from cycle t0 (sim/mesh.ts): XY routing,
  // HOP_LAT cycles per hop, each link carries one flit per cycle in send order. Returns the last arrival.
  function [31:0] route;
    input [31:0] dest;
    input [31:0] t0;
    input integer flits;
    begin
      route = t0;
      dx = dest % MESH_W; dy = dest / MESH_W;
      for (flit = 0; flit < flits; flit = flit + 1) begin
        ftime = t0 + flit;
        fx2 = PEID % MESH_W; fy2 = PEID / MESH_W;
        while (fx2 != dx || fy2 != dy) begin
          if (fx2 < dx) dir = 0;
          else if (fx2 > dx) dir = 1;
          else if (fy2 < dy) dir = 2;
          else dir = 3;
          link = (fy2 * MESH_W + fx2) * 4 + dir;
          if (gp5_array.link_free[link] > ftime) ftime = gp5_array.link_free[link];
`ifdef BUG_LINK_CONTENTION
          gp5_array.link_free[link] = ftime;          // links never busy: no contention
`else
          gp5_array.link_free[link] = ftime + 1;
`endif
          ftime = ftime + HOP_LAT;
          if (dir == 0) fx2 = fx2 + 1;
          else if (dir == 1) fx2 = fx2 - 1;
          else if (dir == 2) fy2 = fy2 + 1;
          else fy2 = fy2 - 1;
        end
        route = ftime;
      end
    end
  endfunction

  // Complete the barrier every running PE has reached: publish the reduction, start a new epoch.
  task release_barrier;
    begin
      gp5_array.bar_result = gp5_array.bar_value;
      gp5_array.bar_value = 32'h8000_0000;
      gp5_array.bar_waiting = 0;
      gp5_array.bar_epoch = gp5_array.bar_epoch + 1;
    end
  endtask

  // Issue the barrier instruction at pc in cycle tt (barmax: rd ← the reduction).
  task retire_barrier;
    input [31:0] tt;
    reg [31:0] bi;
    reg [3:0] rd;
    begin
      bi = imem[pc];
      rd = bi[25:22];
      instret = instret + 1;
      bar_wait = 0;
      tr_pc <= pc; tr_instr <= bi; tr_issue <= 1; tr_stall <= 0;
      tr_vrf_we <= 0; tr_mem_we <= 0;
      if (bi[31:26] == OP_BARMAX && rd != 0) begin
        sreg[rd] = gp5_array.bar_result;
        s_ready[rd] = tt + max32(1, rom_latency[bi[31:26]]);
        s_writer[rd] = U_SYNC;
        tr_rf_we <= 1; tr_rf_waddr <= rd; tr_rf_wdata <= gp5_array.bar_result;
      end else tr_rf_we <= 0;
      pc = fall_through(pc + 1);
    end
  endtask

  function [31:0] max32;
    input [31:0] a;
    input [31:0] b;
    begin
      max32 = (a > b) ? a : b;
    end
  endfunction

  // ---------------------------------------------------------------- the PE
  always @(posedge clk or posedge rst) begin
    if (rst) begin
      pc = entry_pc; vl = VLMAX; cyc = 0; instret = 0; stalls = 0; msgs = 0; lp_depth = 0;
      branch_until = 0;
      for (i = 0; i < GP5_NUM_UNITS; i = i + 1) begin
        mem_write_done[i] = 0; mem_write_others[i] = 0; mem_last_lo[i] = 0; mem_last_hi[i] = 0; mem_older_done[i] = 0;
      end
      for (i = 0; i < 16; i = i + 1) begin sreg[i] = 0; s_ready[i] = 0; s_writer[i] = 4'hf; end
      for (i = 0; i < 8; i = i + 1) v_ready[i] = 0;
      for (i = 0; i < GP5_NUM_UNITS; i = i + 1) unit_free[i] = 0;
      bar_wait = 0; bar_epoch_mine = 0;
      llr_write_end = 0; llr_wcount = 0;
      for (i = 0; i < 8 * VLMAX; i = i + 1) vrf[i] = 0;
      for (i = 0; i < LOOPD; i = i + 1) begin lp_start[i] = 0; lp_end[i] = 0; lp_count[i] = 0; end
      halted <= idle; fault <= 0;
      tr_pc <= 0; tr_instr <= 0; tr_issue <= 0; tr_stall <= idle ? S_HALTED : 4'd0;
      tr_rf_we <= 0; tr_rf_waddr <= 0; tr_rf_wdata <= 0;
      tr_vrf_we <= 0; tr_vrf_waddr <= 0; tr_vrf_wdata <= 0;
      tr_mem_we <= 0; tr_mem_waddr <= 0; tr_mem_wlen <= 0; tr_mem_wdata <= 0;
    end else if (sync) begin
      // The barrier completed in this machine cycle (its last PE arrived, or the last other PE
      // halted): a PE that was waiting issues its barrier instruction in the same cycle.
`ifdef BUG_BARRIER_LATE
      if (0) begin                      // waiting PEs issue in the cycle after the release
`else
      if (bar_wait && !halted && !fault && gp5_array.bar_epoch != bar_epoch_mine) begin
`endif
        stalls = stalls - 1;            // cycle cyc − 1 was counted as a barrier stall
        retire_barrier(cyc - 1);
      end
    end else if (!go) begin
      // another PE's tick
    end else if (halted || fault) begin
      tr_issue <= 0; tr_rf_we <= 0; tr_vrf_we <= 0; tr_mem_we <= 0;
      if (halted) tr_stall <= S_HALTED;
      cyc = cyc + 1;
`ifdef BUG_BARRIER_LATE
    end else if (bar_wait && gp5_array.bar_epoch != bar_epoch_mine) begin
      retire_barrier(cyc);
      cyc = cyc + 1;
`endif
    end else if (bar_wait) begin
      stalls = stalls + 1;
      tr_issue <= 0; tr_stall <= S_BARRIER;
      tr_rf_we <= 0; tr_vrf_we <= 0; tr_mem_we <= 0;
      cyc = cyc + 1;
    end else begin
      t = cyc;
      ins = (pc < IMEM_WORDS) ? imem[pc] : 32'h0;
      op = ins[31:26]; fa = ins[25:22]; fb = ins[21:18]; fc = ins[17:14];
      imm18s = {{14{ins[17]}}, ins[17:0]};

      // ---- decode: sources and destinations here; unit, latency and beat rule from the table (gp5_isa.vh)
      valid = 1; is_halt = 0;
      src1 = 4'd0; src2 = 4'd0; vs1 = 4'd8; vs2 = 4'd8; sdst = 4'd0; vdst = 4'd8;
      unit = rom_unit[op]; lat = rom_latency[op]; brule = rom_beat_rule[op]; accum = (rom_accum[op] != 0);
      case (op)
        OP_ADD, OP_SUB, OP_AND, OP_OR, OP_XOR, OP_SLL, OP_SRL, OP_SRA, OP_SLT, OP_MIN, OP_MAX, OP_MUL:
                 begin src1 = fb; src2 = fc; sdst = fa; end
        OP_ADDI, OP_ANDI, OP_ORI, OP_XORI, OP_SLLI, OP_SRLI, OP_SRAI, OP_SLTI:
                 begin src1 = fb; sdst = fa; end
        OP_LUI:   sdst = fa;
        OP_CSRR:   sdst = fa;
        OP_SETVL:   begin src1 = fb; sdst = fa; end
        OP_SETVLI:   sdst = fa;
        OP_NOP:   ;
        OP_HALT:   begin is_halt = 1; end
        OP_BEQ, OP_BNE, OP_BLT, OP_BGE:
                 begin src1 = fa; src2 = fb; end   // beq bne blt bge
        OP_JAL:   begin sdst = fa; end
        OP_JALR:   begin src1 = fb; sdst = fa; end
        OP_LOOP:   begin src1 = fa; end
        OP_LOOPI: ;
        OP_LD:   begin src1 = fb; sdst = fa; end
        OP_ST:   begin src1 = fa; src2 = fb; end
        OP_VLD:   begin src1 = fb; vdst = fa; end
        OP_VST:   begin vs1 = fa; src1 = fb; end
        OP_VADD, OP_VSUB, OP_VMIN, OP_VMAXS, OP_VDAMP:
                 begin vs1 = fb; vs2 = fc; vdst = fa; end
        OP_VNORM:   begin vs1 = fb; vdst = fa; end
        OP_VBCAST:   begin src1 = fb; vdst = fa; end
        OP_VRMIN:   begin vs1 = fb; sdst = fa; end
        OP_VRMAXS:   begin vs1 = fb; sdst = fa; end
        OP_VEXT:   begin vs1 = fb; sdst = fa; end
        OP_VMAXAD: begin vs1 = fb; vs2 = fc; sdst = fa; end            // rd accumulates
        OP_FUPD_SP, OP_FUPD_MS, OP_VUPD, OP_PFU_SP, OP_PFU_MS:
                 begin src1 = fb; sdst = fa; end                        // rd accumulates
        OP_CNU_SPA, OP_CNU_MS, OP_CNU_NMS, OP_CNU_OMS:
                 begin src1 = fb; src2 = fc; sdst = fa; end             // rd accumulates
`ifdef OMIT_VNU
        OP_VNU:  valid = 0;   // tests: an ISA-table opcode this model has no case for
`else
        OP_VNU:  begin src1 = fb; src2 = fc; end
`endif
        OP_BAR: ;
        OP_BARMAX: begin src1 = fb; sdst = fa; end
        OP_SEND, OP_RECV: begin src1 = fa; src2 = fb; end
        default: valid = 0;
      endcase

      // ---- hazards (ISA.md "Timing model"): the first cause that applies, in order
      u_raw = 0;
      if (src1 != 0) u_raw = max32(u_raw, s_ready[src1]);
      if (src2 != 0) u_raw = max32(u_raw, s_ready[src2]);
`ifdef BUG_NO_VEC_RAW
      if (unit != U_VEC) begin
`endif
      if (vs1 < 8) u_raw = max32(u_raw, v_ready[vs1[2:0]]);
      if (vs2 < 8) u_raw = max32(u_raw, v_ready[vs2[2:0]]);
`ifdef BUG_NO_VEC_RAW
      end
`endif
      u_waw = 0;
      // An accumulating destination (fupd/vupd/vmaxad rd) is read and written by its unit in order:
      // a pending write from the same unit is forwarded; from another unit it is a RAW dependency.
      if (sdst != 0 && !accum) u_waw = s_ready[sdst];
      else if (sdst != 0 && s_writer[sdst] != unit[3:0]) u_raw = max32(u_raw, s_ready[sdst]);
      if (vdst < 8) u_waw = max32(u_waw, v_ready[vdst[2:0]]);
      u_busy = unit_free[unit];
      if (is_halt) begin
        // halt drains: every unit idle, every result and memory write complete.
        for (i = 0; i < GP5_NUM_UNITS; i = i + 1) u_busy = max32(u_busy, unit_free[i]);
        for (i = 0; i < GP5_NUM_UNITS; i = i + 1) u_busy = max32(u_busy, mem_write_done[i]);
        for (i = 0; i < 16; i = i + 1) u_busy = max32(u_busy, s_ready[i]);
        for (i = 0; i < 8; i = i + 1) u_busy = max32(u_busy, v_ready[i]);
      end
      // Memory ordering: a memory instruction waits for memory writes in flight on other units;
      // barriers are fences (every earlier memory write complete).
      u_mem = 0;
      if (rom_memory_use[op] != 0) begin
        u_mem = mem_write_others[unit];
        // A send or recv knows its words at issue: it waits only for the other units' last writes
        // that overlap them, and for their older writes (whose words are not kept).
`ifndef BUG_NET_ORDER_ANY_WRITE
        if (u_mem > t && (op == OP_SEND || op == OP_RECV)) begin
          ord_lo = sreg[fb]; ord_hi = {1'b0, sreg[fb]} + {19'b0, ins[13:0]};
          u_mem = 0;
          for (i = 0; i < GP5_NUM_UNITS; i = i + 1)
            if (i != unit) begin
              u_mem = max32(u_mem, mem_older_done[i]);
              if ({1'b0, mem_last_lo[i]} < ord_hi && ord_lo < mem_last_hi[i]) u_mem = max32(u_mem, mem_write_done[i]);
            end
        end
`endif
      end else if (op == OP_BAR || op == OP_BARMAX)
        for (i = 0; i < GP5_NUM_UNITS; i = i + 1) u_mem = max32(u_mem, mem_write_done[i]);
      code = 0;
      addr = 0; off = 0; shared = 0; n = 1;
      if (branch_until > t) code = S_BRANCH;
      else if (u_raw > t) code = S_RAW;
      else if (u_waw > t) code = S_WAW;
      else if (u_busy > t) code = S_BUSY;
      else if (u_mem > t) code = S_MEM_ORDER;
      else if (unit == U_LSU) begin
        addr = sreg[fb] + imm18s;
        n = (op == OP_VLD || op == OP_VST) ? vl : 1;
        shared = (addr >= SHARED_BASE);
        if (shared) begin
          off = addr - SHARED_BASE;
          free_at = 0;
          for (i = 0; i < BANKS; i = i + 1)
`ifdef BUG_BANK_FIRST_ONLY
            if (i < 1) free_at   // the arbiter looks at the access's first bank only
`else
            if (i < n) free_at
`endif = max32(free_at, gp5_array.bank_free[(off + i) & (BANKS - 1)]);
          if (free_at > t) code = S_BANK;
        end
      end else if (op == OP_RECV) begin
        // Blocks until the whole next message from PE sreg[fa] has arrived.
        if (sreg[fa] < NPE && sreg[fa] != PEID) begin
          pair = sreg[fa] * NPE + PEID;
          if (gp5_array.ch_count[pair] == 0) code = S_RECV;
          else if (gp5_array.ch_arrival[pair * CHAN_MSGS + gp5_array.ch_head[pair]] > t) code = S_RECV;
        end
      end

      if (!valid || (pc >= IMEM_WORDS)) begin
        // An opcode of the ISA table this model has no case for (the table grew) is named as such.
        if (pc < IMEM_WORDS && gp5_in_isa(op) != 0)
          $display("GP5RTL fault: instruction 0x%08h (opcode 0x%02h) not implemented in RTL, at pc %0d, cycle %0d", ins, op, pc, t);
        else
          $display("GP5RTL fault: illegal instruction 0x%08h at pc %0d, cycle %0d", ins, pc, t);
        fault <= 1;
        tr_issue <= 0; tr_rf_we <= 0; tr_vrf_we <= 0; tr_mem_we <= 0;
      end else if (code == 0 && (op == OP_BAR || op == OP_BARMAX)) begin
        // ---- barrier arrival: wait until every running PE has arrived
        bar_wait = 1;
        bar_epoch_mine = gp5_array.bar_epoch;
        if ($signed(a32_of(fb)) > $signed(gp5_array.bar_value)) gp5_array.bar_value = a32_of(fb);
        gp5_array.bar_waiting = gp5_array.bar_waiting + 1;
        if (gp5_array.bar_waiting == gp5_array.running) begin
          release_barrier;
          retire_barrier(t);
        end else begin
          stalls = stalls + 1;
          tr_issue <= 0; tr_stall <= S_BARRIER;
          tr_rf_we <= 0; tr_vrf_we <= 0; tr_mem_we <= 0;
        end
      end else if (code != 0) begin
        // ---- stall
        stalls = stalls + 1;
        tr_issue <= 0; tr_stall <= code;
        tr_rf_we <= 0; tr_vrf_we <= 0; tr_mem_we <= 0;
      end else begin
        // ---- issue
        // Beats of the VL rules here; fupd/vupd set theirs from the descriptor below.
        beats = gp5_rule_beats(brule, LANES, vl, 0);
        next_pc = pc + 1; taken = 0;
        wr_s = (sdst != 0); wr_v = (vdst < 8); wr_m = 0;
        value = 0; m_addr = 0; m_len = 0; m_data = 0;
        a32 = sreg[fb]; b32 = sreg[fc];
        base_d = vdst * VLMAX; base_a = vs1 * VLMAX; base_b = vs2 * VLMAX;
        if (op == OP_SEND || op == OP_RECV) begin
          // Messages: len words from/to sreg[fb], ⌈len / L⌉ beats; the peer sreg[fa] is another PE.
          addr = sreg[fb]; flen = {18'b0, ins[13:0]};
          beats = gp5_rule_beats(B_MSG, LANES, flen, 0);
          peer_ok = sreg[fa] < NPE && sreg[fa] != PEID;
          if (!peer_ok) begin
            $display("GP5RTL fault: %0s PE %0d at pc %0d, cycle %0d", (op == OP_SEND) ? "send to" : "recv from", sreg[fa], pc, t);
            fault <= 1;
          end
        end
        case (op)
          OP_ADD: value = a32 + b32;
          OP_SUB: value = a32 - b32;
          OP_AND: value = a32 & b32;
          OP_OR: value = a32 | b32;
          OP_XOR: value = a32 ^ b32;
          OP_SLL: value = a32 << b32[4:0];
          OP_SRL: value = a32 >> b32[4:0];
          OP_SRA: value = $signed(a32) >>> b32[4:0];
          OP_SLT: value = ($signed(a32) < $signed(b32)) ? 32'd1 : 32'd0;
          OP_MIN: value = ($signed(a32) < $signed(b32)) ? a32 : b32;
          OP_MAX: value = ($signed(a32) > $signed(b32)) ? a32 : b32;
          OP_MUL: value = a32 * b32;
          OP_ADDI: value = a32 + imm18s;
          OP_ANDI: value = a32 & imm18s;
          OP_ORI: value = a32 | imm18s;
          OP_XORI: value = a32 ^ imm18s;
          OP_SLLI: value = a32 << ins[4:0];
          OP_SRLI: value = a32 >> ins[4:0];
          OP_SRAI: value = $signed(a32) >>> ins[4:0];
          OP_SLTI: value = ($signed(a32) < $signed(imm18s)) ? 32'd1 : 32'd0;
          OP_LUI: value = {ins[21:0], 10'b0};
          OP_CSRR: case (ins[13:0])
                   14'd0: value = PEID;
                   14'd1: value = NPE;
                   14'd2: value = t;
                   14'd3: value = instret;
                   14'd4: value = stalls;
                   14'd5: value = vl;
                   14'd6: value = VLMAX;
                   14'd7: value = msgs;
                   default: value = 0;   // meshx, meshy of a 1×1 mesh
                 endcase
          OP_SETVL: begin
                   if ($signed(a32) < 1) vl = 1; else if (a32 > VLMAX) vl = VLMAX; else vl = a32;
                   value = vl;
                 end
          OP_SETVLI: begin
                   if ({14'b0, ins[17:0]} > VLMAX) vl = VLMAX; else vl = {14'b0, ins[17:0]};
                   value = vl;
                 end
          OP_NOP: ;
          OP_BEQ: begin taken = (sreg[fa] == sreg[fb]); if (taken) next_pc = pc + imm18s; end
          OP_BNE: begin taken = (sreg[fa] != sreg[fb]); if (taken) next_pc = pc + imm18s; end
          OP_BLT: begin taken = ($signed(sreg[fa]) < $signed(sreg[fb])); if (taken) next_pc = pc + imm18s; end
          OP_BGE: begin taken = ($signed(sreg[fa]) >= $signed(sreg[fb])); if (taken) next_pc = pc + imm18s; end
          OP_JAL: begin value = pc + 1; taken = 1; next_pc = pc + {{10{ins[21]}}, ins[21:0]}; end
          OP_JALR: begin value = pc + 1; taken = 1; next_pc = a32 + imm18s; end
          OP_LOOP, OP_LOOPI: begin
                   count = (op == OP_LOOPI) ? {20'b0, ins[25:14]} : sreg[fa];
                   if (count == 0) next_pc = pc + {18'b0, ins[13:0]};
                   else if (lp_depth >= LOOPD) begin
                     $display("GP5RTL fault: loop stack overflow at pc %0d, cycle %0d", pc, t);
                     fault <= 1;
                   end else begin
                     lp_start[lp_depth] = pc + 1;
                     lp_end[lp_depth] = pc + {18'b0, ins[13:0]};
`ifdef BUG_LOOP_COUNT
                     lp_count[lp_depth] = count - 1;   // off by one: the body runs count − 1 times
`else
                     lp_count[lp_depth] = count;
`endif
                     lp_depth = lp_depth + 1;
                   end
                 end
          OP_LD: begin
                   if (shared) begin
                     value = gp5_array.shm[off];
                     gp5_array.bank_free[off & (BANKS - 1)] = t + 1;
                     lat = lat + SHARED_LAT;
                   end else value = spm[addr];
                 end
          OP_ST: begin
                   if (shared) begin
                     gp5_array.shm[off] = sreg[fa];
                     gp5_array.bank_free[off & (BANKS - 1)] = t + 1;
                     lat = lat + SHARED_LAT;
                   end else spm[addr] = sreg[fa];
                   wr_m = 1; m_addr = addr; m_len = 1; m_data = sreg[fa];
                 end
          OP_VLD, OP_VST: begin                                  // vld, vst
                   if (shared) begin
                     // Within-access bank conflicts: the access takes as many beats as the
                     // busiest bank serves words (at least ⌈VL / L⌉); each bank is busy that long.
                     for (i = 0; i < BANKS; i = i + 1) cnt[i] = 0;
                     for (i = 0; i < VLMAX; i = i + 1) if (i < n) cnt[(off + i) & (BANKS - 1)] = cnt[(off + i) & (BANKS - 1)] + 1;
                     worst = 1;
                     for (i = 0; i < BANKS; i = i + 1) begin
                       if (cnt[i] > worst) worst = cnt[i];
                       if (cnt[i] > 0) gp5_array.bank_free[i] = t + cnt[i];
                     end
`ifndef BUG_BANK_PENALTY
                     if (worst > beats) beats = worst;
`endif
                     lat = lat + SHARED_LAT;
                   end
                   for (i = 0; i < VLMAX; i = i + 1) if (i < n) begin
                     if (op == OP_VLD) begin
                       x = sx32(shared ? gp5_array.shm[off + i] : spm[addr + i]);
                       vrf[base_d + i] = sat(x);
                     end else if (shared) gp5_array.shm[off + i] = sext_lane(vrf[fa * VLMAX + i]);
                     else spm[addr + i] = sext_lane(vrf[fa * VLMAX + i]);
                   end
                   if (op == OP_VST) begin
                     wr_m = 1; m_addr = addr; m_len = n; m_data = sext_lane(vrf[fa * VLMAX]);
                   end
                 end
          OP_VADD, OP_VSUB, OP_VMIN, OP_VMAXS, OP_VDAMP: begin             // vadd vsub vmin vmaxs vdamp
                   for (i = 0; i < VLMAX; i = i + 1) if (i < vl) begin
                     x = lane(base_a, i); y = lane(base_b, i);
                     case (op)
                       OP_VADD: r = x + y;
                       OP_VSUB: r = x - y;
                       OP_VMIN: r = (x < y) ? x : y;
                       OP_VMAXS: r = maxstar(x, y);
                       default: r = damp(x, y, {18'b0, ins[13:0]});
                     endcase
`ifdef BUG_SATURATION
                     if (op == OP_VADD) vrf[base_d + i] = r[W-1:0];   // vadd wraps instead of saturating
                     else
`endif
                     vrf[base_d + i] = sat(r);
                   end
                 end
          OP_VNORM: begin
                   m = lane(base_a, 0);
                   for (i = 1; i < VLMAX; i = i + 1) if (i < vl && lane(base_a, i) < m) m = lane(base_a, i);
                   for (i = 0; i < VLMAX; i = i + 1) if (i < vl) vrf[base_d + i] = sat(lane(base_a, i) - m);
                 end
          OP_VBCAST: begin
                   x = sx32(a32);
                   for (i = 0; i < VLMAX; i = i + 1) if (i < vl) vrf[base_d + i] = sat(x);
                 end
          OP_VRMIN, OP_VRMAXS: begin                                  // vrmin, vrmaxs (left fold in lane order)
                   m = lane(base_a, 0);
                   for (i = 1; i < VLMAX; i = i + 1) if (i < vl) begin
                     if (op == OP_VRMIN) begin if (lane(base_a, i) < m) m = lane(base_a, i); end
                     else m = maxstar(m, lane(base_a, i));
                   end
                   value = m[31:0];
                 end
          OP_VEXT: begin
                   lane_i = {18'b0, ins[13:0]};
                   if (lane_i >= VLMAX) begin
                     $display("GP5RTL fault: vext lane %0d >= vregLanes at pc %0d", lane_i, pc);
                     fault <= 1;
                   end else value = sext_lane(vrf[base_a + lane_i]);
                 end
          OP_VMAXAD: begin                                        // rd ← max(rd, max_i |va[i] − vb[i]|)
                   m = sx32(sreg[fa]);
                   for (i = 0; i < VLMAX; i = i + 1) if (i < vl) begin
                     r = absdiff(lane(base_a, i), lane(base_b, i));
                     if (r > m) m = r;
                   end
                   value = m[31:0];
                 end
          OP_FUPD_SP, OP_FUPD_MS: begin
                   // isa/bp-kernels.ts factorUpdate: one output (outPos < arity) or every output
                   // (outPos = arity: addresses after the triples, −1 none), each streamed by fupd_output.
                   addr = sreg[fb] + imm18s;
                   fn = spm[addr + FD_ENTRIES]; fk = spm[addr + FD_ARITY]; fo = spm[addr + FD_OUTPOS];
                   fcb = 0;
                   for (fj = 0; fj < fk; fj = fj + 1) fcb = fcb + gp5_lane_beats(spm[addr + FD_HEADER + FD_PERVAR * fj + FD_CARD], LANES);
                   if (fo == fk) begin
                     // Outputs never overlap the descriptor, the table or the inputs (the descriptor
                     // rule), so streaming the table once per output gives gp5sim's one-pass words.
                     fused = 0;
                     value = sreg[fa];
                     vlo = 32'hffffffff; vhi = 0;
                     for (fj = 0; fj < fk; fj = fj + 1) begin
                       fout = spm[addr + FD_HEADER + FD_PERVAR * fk + fj];
`ifdef BUG_FUPD_ALL_FIRST
                       if (fused > 0) fout = -1;   // only the first output
`endif
                       if (fout != -1) begin
                         fcard = spm[addr + FD_HEADER + FD_PERVAR * fj + FD_CARD];
                         fused = fused + 1;
                         fcb = fcb + gp5_lane_beats(fcard, LANES);
                         fupd_output(addr, fj, fout, op == OP_FUPD_SP);
                         if (fdiff > sx32(value)) value = fdiff[31:0];
                         msgs = msgs + 1;
                         if (fout < vlo) vlo = fout;
                         if (fout + fcard > vhi) vhi = fout + fcard;
                       end
                     end
                     beats = gp5_rule_beats(B_FUPD_ALL, LANES, fused * fn, fcb);
                     if (fused > 0) begin wr_m = 1; m_addr = vlo; m_len = vhi - vlo; m_data = spm[vlo]; end
                   end else begin
                     beats = gp5_rule_beats(B_FUPD, LANES, fn, fcb);
                     fout = spm[addr + FD_OUT];
                     fupd_output(addr, fo, fout, op == OP_FUPD_SP);
                     value = (fdiff > sx32(sreg[fa])) ? fdiff[31:0] : sreg[fa];
                     msgs = msgs + 1;
                     wr_m = 1; m_addr = fout; m_len = spm[addr + FD_HEADER + FD_PERVAR * fo + FD_CARD]; m_data = spm[fout];
                   end
                 end
          OP_VUPD: begin
                   // isa/bp-kernels.ts variableUpdate: acc = Σ of the inputs j ≠ exclude, exact, from 0;
                   // an input of MAX (or above) sets the sticky zero flag.
                   addr = sreg[fb] + imm18s;
                   fcard = spm[addr + VD_CARD]; fn = spm[addr + VD_INPUTS]; fexcl = spm[addr + VD_EXCLUDE];
                   fout = spm[addr + VD_OUT]; flam = spm[addr + VD_LAMBDA];
                   if ((fn & VD_ALLFLAG) != 0) begin
                     // VD.allFlag: output j (address at header + n + j, −1 none) is the sum of the
                     // inputs k ≠ j. Outputs never overlap inputs (the descriptor rule), so summing
                     // for each output as it is written equals gp5sim's read-everything-first.
                     fn = fn & (VD_PRIORFLAG - 1);
                     fused = 0;
                     for (fj = 0; fj < fn; fj = fj + 1) if (spm[addr + VD_HEADER + fn + fj] != -1) fused = fused + 1;
                     beats = gp5_rule_beats(B_VUPD_ALL, LANES, fcard, fn + fused);
                     value = sreg[fa];
                     vlo = 32'hffffffff; vhi = 0;
                     for (fexcl = 0; fexcl < fn; fexcl = fexcl + 1) begin
                       fout = spm[addr + VD_HEADER + fn + fexcl];
                       if (fout != -1) begin
`ifdef BUG_VUPD_ALL_SELF
                         vupd_sum(addr, fn, -1, fcard);   // each output keeps its own input
`else
                         vupd_sum(addr, fn, fexcl, fcard);
`endif
                         finish_message(fout, fcard, flam, 0);
                         if (fdiff > sx32(value)) value = fdiff[31:0];
                         msgs = msgs + 1;
                         if (fout < vlo) vlo = fout;
                         if (fout + fcard > vhi) vhi = fout + fcard;
                       end
                     end
                     // The write as gp5sim reports it: the span of the outputs.
                     if (fused > 0) begin wr_m = 1; m_addr = vlo; m_len = vhi - vlo; m_data = spm[vlo]; end
                   end else begin
                     fused = (fexcl >= 0 && fexcl < fn) ? fn - 1 : fn;
                     beats = gp5_rule_beats(B_VUPD, LANES, fcard, fused);
                     vupd_sum(addr, fn, fexcl, fcard);
                     finish_message(fout, fcard, flam, 0);
                     value = (fdiff > sx32(sreg[fa])) ? fdiff[31:0] : sreg[fa];
                     msgs = msgs + 1;
                     wr_m = 1; m_addr = fout; m_len = fcard; m_data = spm[fout];
                   end
                 end
          OP_PFU_SP, OP_PFU_MS: begin
                   // gp5_pfu.vh: n factor→variable LLR messages, lane k gathering its λ from M[src_k].
                   pfu_issue(llr_ok, op == OP_PFU_SP, sreg[fb] + imm18s, sreg[fa], t);
                   if (!llr_ok) fault <= 1;
                   else begin
                     wr_m = 1; m_addr = pout; m_len = pn; m_data = spm[pout];
                   end
                 end
          OP_CNU_SPA, OP_CNU_MS, OP_CNU_NMS, OP_CNU_OMS, OP_VNU: begin
                   // The LLR unit (gp5_llr.vh): descriptor at ra, lane mask rm; beats and latency from the descriptor.
                   llr_issue(llr_ok, op, sreg[fb], sreg[fc], sreg[fa], t);
                   if (!llr_ok) begin
                     $display("GP5RTL fault: %0s descriptor at %0d: VL %0d or degree %0d beyond the LLR unit (pc %0d, cycle %0d)", (op == OP_VNU) ? "vnu" : "cnu", sreg[fb], vl, ld, pc, t);
                     fault <= 1;
                   end
                   wr_m = (m_len > 0);
                   if (wr_m) m_data = spm[m_addr];
                 end
          OP_SEND: begin
                   // Inject ⌈len / L⌉ flits over the mesh (XY routing, links reserved in send
                   // order); the message's words are captured now and delivered at arrival.
                   if (peer_ok) begin
                     pair = PEID * NPE + sreg[fa];
                     arrival = route(sreg[fa], t, beats);
                     if (gp5_array.ch_count[pair] >= CHAN_MSGS || gp5_array.ch_words[pair] + flen > CHAN_WORDS) begin
                       $display("GP5RTL fault: channel %0d -> %0d full (CHAN_MSGS/CHAN_WORDS) at pc %0d, cycle %0d", PEID, sreg[fa], pc, t);
                       fault <= 1;
                     end else begin
                       gp5_array.ch_arrival[pair * CHAN_MSGS + (gp5_array.ch_head[pair] + gp5_array.ch_count[pair]) % CHAN_MSGS] = arrival;
                       gp5_array.ch_len[pair * CHAN_MSGS + (gp5_array.ch_head[pair] + gp5_array.ch_count[pair]) % CHAN_MSGS] = flen;
                       for (w = 0; w < flen; w = w + 1)
                         gp5_array.ch_data[pair * CHAN_WORDS + (gp5_array.ch_rp[pair] + gp5_array.ch_words[pair] + w) % CHAN_WORDS] = spm[addr + w];
                       gp5_array.ch_count[pair] = gp5_array.ch_count[pair] + 1;
                       gp5_array.ch_words[pair] = gp5_array.ch_words[pair] + flen;
                     end
                   end
                 end
          OP_RECV: begin
                   if (!peer_ok) ;
                   else if (gp5_array.ch_len[pair * CHAN_MSGS + gp5_array.ch_head[pair]] != flen) begin
                     $display("GP5RTL fault: recv expects %0d words at pc %0d, cycle %0d", flen, pc, t);
                     fault <= 1;
                   end else begin
                     for (w = 0; w < flen; w = w + 1)
                       spm[addr + w] = gp5_array.ch_data[pair * CHAN_WORDS + (gp5_array.ch_rp[pair] + w) % CHAN_WORDS];
                     gp5_array.ch_rp[pair] = (gp5_array.ch_rp[pair] + flen) % CHAN_WORDS;
                     gp5_array.ch_words[pair] = gp5_array.ch_words[pair] - flen;
                     gp5_array.ch_head[pair] = (gp5_array.ch_head[pair] + 1) % CHAN_MSGS;
                     gp5_array.ch_count[pair] = gp5_array.ch_count[pair] - 1;
                     wr_m = 1; m_addr = addr; m_len = flen; m_data = spm[addr];
                   end
                 end
          OP_HALT: ;
          default: ;
        endcase

        // ---- retire bookkeeping: results' ready times, unit occupancy, trace
        instret = instret + 1;
        if (!is_halt) begin
          unit_free[unit] = t + beats;
          ready_at = t + beats - 1 + ((lat > 1) ? lat : 1);
          if (wr_s) begin sreg[sdst] = value; s_ready[sdst] = ready_at; s_writer[sdst] = unit[3:0]; end
          if (wr_v) v_ready[vdst[2:0]] = ready_at;
          if (wr_m) begin
            mem_older_done[unit] = max32(mem_older_done[unit], mem_write_done[unit]);
            mem_write_done[unit] = ready_at;
            mem_last_lo[unit] = m_addr; mem_last_hi[unit] = m_addr + m_len;
            for (i = 0; i < GP5_NUM_UNITS; i = i + 1)
              if (i != unit && mem_write_others[i] < ready_at) mem_write_others[i] = ready_at;
          end
        end
        tr_pc <= pc; tr_instr <= ins; tr_issue <= 1; tr_stall <= 0;
        tr_rf_we <= wr_s;
        if (wr_s) begin tr_rf_waddr <= sdst; tr_rf_wdata <= value; end
        tr_vrf_we <= wr_v;
        if (wr_v) begin tr_vrf_waddr <= vdst[2:0]; tr_vrf_wdata <= sext_lane(vrf[base_d]); end
        tr_mem_we <= wr_m;
        if (wr_m) begin tr_mem_waddr <= m_addr; tr_mem_wlen <= m_len[15:0]; tr_mem_wdata <= m_data; end

        if (is_halt) begin
          halted <= 1;
          // Halted PEs leave barriers: the others may now all be waiting.
          gp5_array.running = gp5_array.running - 1;
          if (gp5_array.bar_waiting > 0 && gp5_array.bar_waiting == gp5_array.running) release_barrier;
        end else begin
          if (!taken) next_pc = fall_through(next_pc);
          if (taken) branch_until = t + 1 + rom_redirect[op] - PENALTY_BUG;
          pc = next_pc;
        end
      end
      cyc = cyc + 1;
    end
  end
endmodule

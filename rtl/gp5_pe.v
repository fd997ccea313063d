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
// Deliberate bugs for mutation testing (iverilog -D NAME): BUG_SATURATION, BUG_LOOP_COUNT,
// BUG_NO_VEC_RAW, BUG_MAXSTAR_TABLE, BUG_BANK_PENALTY, BUG_BRANCH_PENALTY (see rtl/README.md).
`timescale 1ns/1ns

module gp5_pe #(
  parameter VLMAX = 64,          // vregLanes
  parameter LANES = 8,           // lanes L
  parameter BANKS = 8,           // sharedBanks (power of two)
  parameter SHARED_LAT = 4,      // sharedLatency
  parameter SPM_WORDS = 16384,   // scratchpadBytes / 4
  parameter SHARED_WORDS = 262144, // sharedBytes / 4
  parameter IMEM_WORDS = 4096,
  parameter LOOPD = 4,           // loopDepth
  parameter PEID = 0,
  parameter NPE = 1
) (
  input  wire        clk,
  input  wire        rst,
  input  wire [31:0] entry_pc,
  output reg  [31:0] tr_pc,
  output reg  [31:0] tr_instr,
  output reg         tr_issue,
  output reg  [3:0]  tr_stall,
  output reg         tr_rf_we,
  output reg  [3:0]  tr_rf_waddr,
  output reg  [31:0] tr_rf_wdata,
  output reg         tr_vrf_we,
  output reg  [2:0]  tr_vrf_waddr,
  output reg  [31:0] tr_vrf_wdata,
  output reg         tr_mem_we,
  output reg  [31:0] tr_mem_waddr,
  output reg  [15:0] tr_mem_wlen,
  output reg  [31:0] tr_mem_wdata,
  output reg         halted,
  output reg         fault
);

`include "gp5_format.vh"
`include "gp5_isa.vh"

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
  reg [31:0]  shm  [0:SHARED_WORDS-1];
  reg [W-1:0] vrf  [0:8*VLMAX-1];
  reg [31:0]  sreg [0:15];
  reg [31:0]  pc, vl, cyc, instret, stalls;
  reg [31:0]  lp_start [0:LOOPD-1];
  reg [31:0]  lp_end   [0:LOOPD-1];
  reg [31:0]  lp_count [0:LOOPD-1];
  reg [31:0]  lp_depth;

  // ---------------------------------------------------------------- timing state (absolute cycles)
  reg [31:0]  s_ready [0:15];
  reg [31:0]  v_ready [0:7];
  reg [31:0]  unit_free [0:GP5_NUM_UNITS-1];
  reg [31:0]  mem_write_done;
  reg [31:0]  branch_until;
  reg [31:0]  bank_free [0:BANKS-1];

  // ---------------------------------------------------------------- per-cycle temporaries
  reg [31:0] ins, t, imm18s, next_pc, ready_at, u_raw, u_waw, u_busy, free_at, addr, off, value, count, a32, b32, lane_i;
  reg [5:0]  op;
  reg [3:0]  fa, fb, fc, code;
  reg        valid, is_halt, taken, wr_s, wr_v, wr_m, shared, done;
  integer    src1, src2, vs1, vs2, sdst, vdst, unit, brule, lat, beats, worst, n, i, k, depth_now, base_d, base_a, base_b;
  integer    cnt [0:BANKS-1];
  reg signed [47:0] x, y, r, m;
  reg [31:0] m_addr, m_len, m_data;

  // ---------------------------------------------------------------- message arithmetic (ISA.md "Number format")
  function [W-1:0] sat;
    input signed [47:0] v;
    begin
      if (v > GP5_MAX) sat = GP5_MAX[W-1:0];
      else if (v < GP5_MIN) sat = GP5_MIN[W-1:0];
      else sat = v[W-1:0];
    end
  endfunction

  function signed [47:0] lane;
    input integer reg_base;
    input integer idx;
    begin
      lane = $signed(vrf[reg_base + idx]);
    end
  endfunction

  function signed [47:0] corr;
    input signed [47:0] d;
    begin
      if (d >= GP5_CORR_LIMIT) corr = 0;
      else begin
        corr = gp5_corr(d >>> GP5_TSHIFT);
`ifdef BUG_MAXSTAR_TABLE
        if ((d >>> GP5_TSHIFT) == 0) corr = corr - 1;   // table[0] = 175 instead of 176
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

  function [31:0] sext_lane;    // a W-bit lane as a sign-extended 32-bit word
    input [W-1:0] v;
    reg signed [47:0] e;
    begin
      e = $signed(v);
      sext_lane = e[31:0];
    end
  endfunction

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
      pc = entry_pc; vl = VLMAX; cyc = 0; instret = 0; stalls = 0; lp_depth = 0;
      mem_write_done = 0; branch_until = 0;
      for (i = 0; i < 16; i = i + 1) begin sreg[i] = 0; s_ready[i] = 0; end
      for (i = 0; i < 8; i = i + 1) v_ready[i] = 0;
      for (i = 0; i < GP5_NUM_UNITS; i = i + 1) unit_free[i] = 0;
      for (i = 0; i < BANKS; i = i + 1) bank_free[i] = 0;
      for (i = 0; i < 8 * VLMAX; i = i + 1) vrf[i] = 0;
      for (i = 0; i < LOOPD; i = i + 1) begin lp_start[i] = 0; lp_end[i] = 0; lp_count[i] = 0; end
      halted <= 0; fault <= 0;
      tr_pc <= 0; tr_instr <= 0; tr_issue <= 0; tr_stall <= 0;
      tr_rf_we <= 0; tr_rf_waddr <= 0; tr_rf_wdata <= 0;
      tr_vrf_we <= 0; tr_vrf_waddr <= 0; tr_vrf_wdata <= 0;
      tr_mem_we <= 0; tr_mem_waddr <= 0; tr_mem_wlen <= 0; tr_mem_wdata <= 0;
    end else if (halted || fault) begin
      tr_issue <= 0; tr_rf_we <= 0; tr_vrf_we <= 0; tr_mem_we <= 0;
      if (halted) tr_stall <= S_HALTED;
      cyc = cyc + 1;
    end else begin
      t = cyc;
      ins = (pc < IMEM_WORDS) ? imem[pc] : 32'h0;
      op = ins[31:26]; fa = ins[25:22]; fb = ins[21:18]; fc = ins[17:14];
      imm18s = {{14{ins[17]}}, ins[17:0]};

      // ---- decode: sources and destinations here; unit, latency and beat rule from the table (gp5_isa.vh)
      valid = 1; is_halt = 0;
      src1 = 0; src2 = 0; vs1 = 8; vs2 = 8; sdst = 0; vdst = 8;
      unit = gp5_unit(op); lat = gp5_latency(op); brule = gp5_beat_rule(op);
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
        default: valid = 0;
      endcase

      // ---- hazards (ISA.md "Timing model"): the first cause that applies, in order
      u_raw = 0;
      if (src1 != 0) u_raw = max32(u_raw, s_ready[src1]);
      if (src2 != 0) u_raw = max32(u_raw, s_ready[src2]);
`ifdef BUG_NO_VEC_RAW
      if (unit != U_VEC) begin
`endif
      if (vs1 < 8) u_raw = max32(u_raw, v_ready[vs1]);
      if (vs2 < 8) u_raw = max32(u_raw, v_ready[vs2]);
`ifdef BUG_NO_VEC_RAW
      end
`endif
      u_waw = 0;
      if (sdst != 0) u_waw = s_ready[sdst];
      if (vdst < 8) u_waw = max32(u_waw, v_ready[vdst]);
      u_busy = unit_free[unit];
      if (is_halt) begin
        // halt drains: every unit idle, every result and memory write complete.
        for (i = 0; i < GP5_NUM_UNITS; i = i + 1) u_busy = max32(u_busy, unit_free[i]);
        u_busy = max32(u_busy, mem_write_done);
        for (i = 0; i < 16; i = i + 1) u_busy = max32(u_busy, s_ready[i]);
        for (i = 0; i < 8; i = i + 1) u_busy = max32(u_busy, v_ready[i]);
      end
      // (mem-order never applies here: every memory instruction of the subset is on the LSU.)
      code = 0;
      addr = 0; off = 0; shared = 0; n = 1;
      if (branch_until > t) code = S_BRANCH;
      else if (u_raw > t) code = S_RAW;
      else if (u_waw > t) code = S_WAW;
      else if (u_busy > t) code = S_BUSY;
      else if (unit == U_LSU) begin
        addr = sreg[fb] + imm18s;
        n = (op == OP_VLD || op == OP_VST) ? vl : 1;
        shared = (addr >= SHARED_BASE);
        if (shared) begin
          off = addr - SHARED_BASE;
          free_at = 0;
          for (i = 0; i < BANKS; i = i + 1)
            if (i < n) free_at = max32(free_at, bank_free[(off + i) & (BANKS - 1)]);
          if (free_at > t) code = S_BANK;
        end
      end

      if (!valid || (pc >= IMEM_WORDS)) begin
        $display("GP5RTL fault: unsupported or invalid instruction 0x%08h at pc %0d, cycle %0d", ins, pc, t);
        fault <= 1;
        tr_issue <= 0; tr_rf_we <= 0; tr_vrf_we <= 0; tr_mem_we <= 0;
      end else if (code != 0) begin
        // ---- stall
        stalls = stalls + 1;
        tr_issue <= 0; tr_stall <= code;
        tr_rf_we <= 0; tr_vrf_we <= 0; tr_mem_we <= 0;
      end else begin
        // ---- issue
        beats = 1;
        if (brule == B_VL) beats = (vl + LANES - 1) / LANES;
        else if (brule == B_VL2) beats = 2 * ((vl + LANES - 1) / LANES);
        next_pc = pc + 1; taken = 0;
        wr_s = (sdst != 0); wr_v = (vdst < 8); wr_m = 0;
        value = 0; m_addr = 0; m_len = 0; m_data = 0;
        a32 = sreg[fb]; b32 = sreg[fc];
        base_d = vdst * VLMAX; base_a = vs1 * VLMAX; base_b = vs2 * VLMAX;
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
                   default: value = 0;   // msgs (no fupd/vupd here), meshx, meshy of a 1×1 mesh
                 endcase
          OP_SETVL: begin
                   if ($signed(a32) < 1) vl = 1; else if (a32 > VLMAX) vl = VLMAX; else vl = a32;
                   value = vl;
                 end
          OP_SETVLI: begin
                   if (ins[17:0] > VLMAX) vl = VLMAX; else vl = ins[17:0];
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
                   if (count == 0) next_pc = pc + ins[13:0];
                   else if (lp_depth >= LOOPD) begin
                     $display("GP5RTL fault: loop stack overflow at pc %0d, cycle %0d", pc, t);
                     fault <= 1;
                   end else begin
                     lp_start[lp_depth] = pc + 1;
                     lp_end[lp_depth] = pc + ins[13:0];
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
                     value = shm[off];
                     bank_free[off & (BANKS - 1)] = t + 1;
                     lat = lat + SHARED_LAT;
                   end else value = spm[addr];
                 end
          OP_ST: begin
                   if (shared) begin
                     shm[off] = sreg[fa];
                     bank_free[off & (BANKS - 1)] = t + 1;
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
                       if (cnt[i] > 0) bank_free[i] = t + cnt[i];
                     end
`ifndef BUG_BANK_PENALTY
                     if (worst > beats) beats = worst;
`endif
                     lat = lat + SHARED_LAT;
                   end
                   for (i = 0; i < VLMAX; i = i + 1) if (i < n) begin
                     if (op == OP_VLD) begin
                       x = $signed(shared ? shm[off + i] : spm[addr + i]);
                       vrf[base_d + i] = sat(x);
                     end else if (shared) shm[off + i] = sext_lane(vrf[fa * VLMAX + i]);
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
                       default: r = x + ((((y - x) * $signed({34'b0, ins[13:0]})) + 128) >>> 8);
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
                   x = $signed(a32);
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
          OP_HALT: ;
          default: ;
        endcase

        // ---- retire bookkeeping: results' ready times, unit occupancy, trace
        instret = instret + 1;
        if (!is_halt) begin
          unit_free[unit] = t + beats;
          ready_at = t + beats - 1 + ((lat > 1) ? lat : 1);
          if (wr_s) begin sreg[sdst] = value; s_ready[sdst] = ready_at; end
          if (wr_v) v_ready[vdst] = ready_at;
          if (wr_m) mem_write_done = ready_at;
        end
        tr_pc <= pc; tr_instr <= ins; tr_issue <= 1; tr_stall <= 0;
        tr_rf_we <= wr_s;
        if (wr_s) begin tr_rf_waddr <= sdst; tr_rf_wdata <= value; end
        tr_vrf_we <= wr_v;
        if (wr_v) begin tr_vrf_waddr <= vdst; tr_vrf_wdata <= sext_lane(vrf[base_d]); end
        tr_mem_we <= wr_m;
        if (wr_m) begin tr_mem_waddr <= m_addr; tr_mem_wlen <= m_len[15:0]; tr_mem_wdata <= m_data; end

        if (is_halt) halted <= 1;
        else begin
          // Zero-overhead loops: falling through into a loop end returns to the body start.
          if (!taken) begin
            done = 0;
            depth_now = lp_depth;
            for (k = LOOPD - 1; k >= 0; k = k - 1) begin
              if (!done && k < depth_now) begin
                if (next_pc == lp_end[k]) begin
                  if (lp_count[k] > 1) begin
                    lp_count[k] = lp_count[k] - 1;
                    next_pc = lp_start[k];
                    done = 1;
                  end else depth_now = k;   // pop; an enclosing loop may end here too
                end else done = 1;
              end
            end
            lp_depth = depth_now;
          end
          if (taken) branch_until = t + 1 + gp5_redirect_penalty(op) - PENALTY_BUG;
          pc = next_pc;
        end
      end
      cyc = cyc + 1;
    end
  end
endmodule

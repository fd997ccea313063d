// One test per instruction: its result and its exact cycle count in isolation. The program is the
// instruction followed by `halt`, which drains, so cycles = issue (0) + beats + max(latency, 1)
// when the instruction writes a register, + 1 for halt's own cycle where it does not.
// Defaults: L = 8 lanes, VL = vregLanes = 64 (8 beats), W = 16, F = 8, max* table T = 256.
import { describe, it, expect } from 'vitest';
import { SHARED_BASE, INSTRUCTIONS, makeFormat } from '../../isa/index.js';
import { SEMANTICS, type Machine } from '../../sim/index.js';
import { I, M, run, setV, getV } from './helpers.js';

const f = makeFormat(16, 8, 256);
const R = (m: Machine, r: number, pe = 0) => m.pes[pe].sreg[r];
const setR = (m: Machine, r: number, v: number, pe = 0) => (m.pes[pe].sreg[r] = v);

interface Case {
  name: string;
  code: number[];
  data?: [number, number, number[]][];
  shared?: [number, number[]][];
  setup?: (m: Machine) => void;
  check: (m: Machine) => void;
  cycles: number;
}

// Factor descriptor for a 2x2 pairwise factor at 100: table at 200, output to 300, input from var 1 at 310.
const FACTOR = [
  [0, 100, [4, 2, 0, 200, 300, 0, /* var0 */ 2, 1, 0, /* var1 */ 2, 2, 310]],
  [0, 200, [0, 2832, 2832, 0]], // table at the factor unit's F + G = 12: p(x0=x1) = 2/3 each, energies 0 / 0.69
  [0, 310, [0, 100]], // message from var 1
] as [number, number, number[]][];

const cases: Case[] = [
  { name: 'add', code: [I('add', 3, 1, 2)], setup: (m) => { setR(m, 1, 40); setR(m, 2, 2); }, check: (m) => expect(R(m, 3)).toBe(42), cycles: 2 },
  { name: 'add wraps at 32 bits', code: [I('add', 3, 1, 2)], setup: (m) => { setR(m, 1, 0x7fffffff); setR(m, 2, 1); }, check: (m) => expect(R(m, 3)).toBe(-0x80000000), cycles: 2 },
  { name: 'sub', code: [I('sub', 3, 1, 2)], setup: (m) => { setR(m, 1, 5); setR(m, 2, 7); }, check: (m) => expect(R(m, 3)).toBe(-2), cycles: 2 },
  { name: 'and', code: [I('and', 3, 1, 2)], setup: (m) => { setR(m, 1, 0b1100); setR(m, 2, 0b1010); }, check: (m) => expect(R(m, 3)).toBe(0b1000), cycles: 2 },
  { name: 'or', code: [I('or', 3, 1, 2)], setup: (m) => { setR(m, 1, 0b1100); setR(m, 2, 0b1010); }, check: (m) => expect(R(m, 3)).toBe(0b1110), cycles: 2 },
  { name: 'xor', code: [I('xor', 3, 1, 2)], setup: (m) => { setR(m, 1, 0b1100); setR(m, 2, 0b1010); }, check: (m) => expect(R(m, 3)).toBe(0b0110), cycles: 2 },
  { name: 'sll', code: [I('sll', 3, 1, 2)], setup: (m) => { setR(m, 1, 3); setR(m, 2, 33); }, check: (m) => expect(R(m, 3)).toBe(6), cycles: 2 },
  { name: 'srl', code: [I('srl', 3, 1, 2)], setup: (m) => { setR(m, 1, -8); setR(m, 2, 28); }, check: (m) => expect(R(m, 3)).toBe(15), cycles: 2 },
  { name: 'sra', code: [I('sra', 3, 1, 2)], setup: (m) => { setR(m, 1, -8); setR(m, 2, 2); }, check: (m) => expect(R(m, 3)).toBe(-2), cycles: 2 },
  { name: 'slt', code: [I('slt', 3, 1, 2)], setup: (m) => { setR(m, 1, -1); setR(m, 2, 0); }, check: (m) => expect(R(m, 3)).toBe(1), cycles: 2 },
  { name: 'min', code: [I('min', 3, 1, 2)], setup: (m) => { setR(m, 1, -4); setR(m, 2, 9); }, check: (m) => expect(R(m, 3)).toBe(-4), cycles: 2 },
  { name: 'max', code: [I('max', 3, 1, 2)], setup: (m) => { setR(m, 1, -4); setR(m, 2, 9); }, check: (m) => expect(R(m, 3)).toBe(9), cycles: 2 },
  { name: 'mul (latency 3)', code: [I('mul', 3, 1, 2)], setup: (m) => { setR(m, 1, 100000); setR(m, 2, 100000); }, check: (m) => expect(R(m, 3)).toBe(Math.imul(100000, 100000)), cycles: 4 },
  { name: 'addi', code: [I('addi', 3, 1, -5)], setup: (m) => setR(m, 1, 2), check: (m) => expect(R(m, 3)).toBe(-3), cycles: 2 },
  { name: 'andi', code: [I('andi', 3, 1, 6)], setup: (m) => setR(m, 1, 12), check: (m) => expect(R(m, 3)).toBe(4), cycles: 2 },
  { name: 'ori', code: [I('ori', 3, 1, 3)], setup: (m) => setR(m, 1, 12), check: (m) => expect(R(m, 3)).toBe(15), cycles: 2 },
  { name: 'xori', code: [I('xori', 3, 1, -1)], setup: (m) => setR(m, 1, 12), check: (m) => expect(R(m, 3)).toBe(~12), cycles: 2 },
  { name: 'slli', code: [I('slli', 3, 1, 4)], setup: (m) => setR(m, 1, 3), check: (m) => expect(R(m, 3)).toBe(48), cycles: 2 },
  { name: 'srli', code: [I('srli', 3, 1, 31)], setup: (m) => setR(m, 1, -1), check: (m) => expect(R(m, 3)).toBe(1), cycles: 2 },
  { name: 'srai', code: [I('srai', 3, 1, 31)], setup: (m) => setR(m, 1, -1), check: (m) => expect(R(m, 3)).toBe(-1), cycles: 2 },
  { name: 'slti', code: [I('slti', 3, 1, 10)], setup: (m) => setR(m, 1, 9), check: (m) => expect(R(m, 3)).toBe(1), cycles: 2 },
  { name: 'lui', code: [I('lui', 3, 0x3ffff)], check: (m) => expect(R(m, 3)).toBe(0x3ffff << 10), cycles: 2 },
  { name: 'r0 ignores writes', code: [I('addi', 0, 0, 5)], check: (m) => expect(R(m, 0)).toBe(0), cycles: 2 },
  // Taken branches: 2 bubble cycles, so halt (at +2) issues at cycle 3.
  { name: 'beq taken', code: [I('beq', 1, 2, 2), I('addi', 3, 0, 1), I('halt')], setup: (m) => { setR(m, 1, 4); setR(m, 2, 4); }, check: (m) => expect(R(m, 3)).toBe(0), cycles: 4 },
  { name: 'beq not taken', code: [I('beq', 1, 2, 2), I('addi', 3, 0, 1)], setup: (m) => setR(m, 1, 4), check: (m) => expect(R(m, 3)).toBe(1), cycles: 3 },
  { name: 'bne taken', code: [I('bne', 1, 2, 2), I('addi', 3, 0, 1), I('halt')], setup: (m) => setR(m, 1, 4), check: (m) => expect(R(m, 3)).toBe(0), cycles: 4 },
  { name: 'blt taken', code: [I('blt', 1, 2, 2), I('addi', 3, 0, 1), I('halt')], setup: (m) => { setR(m, 1, -4); setR(m, 2, 3); }, check: (m) => expect(R(m, 3)).toBe(0), cycles: 4 },
  { name: 'bge taken', code: [I('bge', 1, 2, 2), I('addi', 3, 0, 1), I('halt')], setup: (m) => { setR(m, 1, 3); setR(m, 2, 3); }, check: (m) => expect(R(m, 3)).toBe(0), cycles: 4 },
  { name: 'jal', code: [I('jal', 5, 2), I('addi', 3, 0, 1), I('halt')], check: (m) => { expect(R(m, 5)).toBe(1); expect(R(m, 3)).toBe(0); }, cycles: 4 },
  { name: 'jalr', code: [I('jalr', 5, 1, 1), I('addi', 3, 0, 1), I('halt')], setup: (m) => setR(m, 1, 1), check: (m) => { expect(R(m, 5)).toBe(1); expect(R(m, 3)).toBe(0); }, cycles: 4 },
  // loopi 3: body at 1 runs 3 times back to back (zero overhead): cycles 1, 2, 3; halt at 4.
  { name: 'loopi (zero overhead)', code: [I('loopi', 3, 2), I('addi', 1, 1, 2), I('halt')], check: (m) => expect(R(m, 1)).toBe(6), cycles: 5 },
  { name: 'loop with register count', code: [I('loop', 4, 2), I('addi', 1, 1, 1), I('halt')], setup: (m) => setR(m, 4, 5), check: (m) => expect(R(m, 1)).toBe(5), cycles: 7 },
  { name: 'loop count 0 skips the body', code: [I('loop', 4, 2), I('addi', 1, 1, 1), I('halt')], check: (m) => expect(R(m, 1)).toBe(0), cycles: 2 },
  { name: 'ld scratchpad (latency 2)', code: [I('ld', 3, M(1, 2))], data: [[0, 12, [77]]], setup: (m) => setR(m, 1, 10), check: (m) => expect(R(m, 3)).toBe(77), cycles: 3 },
  { name: 'ld shared (+4)', code: [I('ld', 3, M(1, 0))], shared: [[5, [-9]]], setup: (m) => setR(m, 1, SHARED_BASE + 5), check: (m) => expect(R(m, 3)).toBe(-9), cycles: 7 },
  { name: 'st scratchpad', code: [I('st', 2, M(1, -1))], setup: (m) => { setR(m, 1, 10); setR(m, 2, 1234); }, check: (m) => expect(m.pes[0].spm[9]).toBe(1234), cycles: 2 },
  { name: 'st shared', code: [I('st', 2, M(1, 0))], setup: (m) => { setR(m, 1, SHARED_BASE + 3); setR(m, 2, 55); }, check: (m) => expect(m.shared[3]).toBe(55), cycles: 6 },
  // vld of 64 lanes: 8 beats, latency 2 → ready at 9, halt at 9.
  { name: 'vld (8 beats, saturating)', code: [I('vld', 1, M(0, 100))], data: [[0, 100, [1, -2, 40000, -40000]]], check: (m) => expect(getV(m, 0, 1, 5)).toEqual([1, -2, 32767, -32768, 0]), cycles: 10 },
  { name: 'vld with VL=8 (1 beat)', code: [I('setvli', 0, 8), I('vld', 1, M(0, 100))], data: [[0, 100, [5]]], check: (m) => expect(getV(m, 0, 1, 1)).toEqual([5]), cycles: 4 },
  { name: 'vst', code: [I('vst', 1, M(0, 50))], setup: (m) => setV(m, 0, 1, [3, 4]), check: (m) => expect(Array.from(m.pes[0].spm.slice(50, 53))).toEqual([3, 4, 0]), cycles: 9 },
  { name: 'vadd (saturating)', code: [I('vadd', 1, 2, 3)], setup: (m) => { setV(m, 0, 2, [1, 30000, -30000]); setV(m, 0, 3, [2, 30000, -30000]); }, check: (m) => expect(getV(m, 0, 1, 3)).toEqual([3, 32767, -32768]), cycles: 10 },
  { name: 'vsub', code: [I('vsub', 1, 2, 3)], setup: (m) => { setV(m, 0, 2, [1, -30000]); setV(m, 0, 3, [2, 30000]); }, check: (m) => expect(getV(m, 0, 1, 2)).toEqual([-1, -32768]), cycles: 10 },
  { name: 'vmin', code: [I('vmin', 1, 2, 3)], setup: (m) => { setV(m, 0, 2, [1, 9]); setV(m, 0, 3, [2, -9]); }, check: (m) => expect(getV(m, 0, 1, 2)).toEqual([1, -9]), cycles: 10 },
  // maxStar(100,100) = 100 − table[0] (176); maxStar(0, 8) = −table[1] (172); d = 2048 is past the table; MAX is the identity.
  { name: 'vmaxs (latency 3)', code: [I('vmaxs', 1, 2, 3)], setup: (m) => { setV(m, 0, 2, [100, 0, 0, 32767]); setV(m, 0, 3, [100, 8, 2048, 55]); }, check: (m) => expect(getV(m, 0, 1, 4)).toEqual([-76, -172, 0, 55]), cycles: 11 },
  // vnorm: two passes (16 beats), latency 2. Lanes 4..63 are 0, so the minimum is 0 … use VL=4.
  { name: 'vnorm (2 passes)', code: [I('setvli', 0, 4), I('vnorm', 1, 2)], setup: (m) => setV(m, 0, 2, [300, 100, 32767, 250]), check: (m) => expect(getV(m, 0, 1, 4)).toEqual([200, 0, 32667, 150]), cycles: 5 },
  { name: 'vnorm of all-MAX is uniform', code: [I('setvli', 0, 3), I('vnorm', 1, 2)], setup: (m) => setV(m, 0, 2, [32767, 32767, 32767]), check: (m) => expect(getV(m, 0, 1, 3)).toEqual([0, 0, 0]), cycles: 5 },
  { name: 'vbcast (saturating)', code: [I('vbcast', 1, 4)], setup: (m) => setR(m, 4, 99999), check: (m) => expect(getV(m, 0, 1, 64).every((x) => x === 32767)).toBe(true), cycles: 9 },
  { name: 'vdamp λ=64', code: [I('vdamp', 1, 2, 3, 64)], setup: (m) => { setV(m, 0, 2, [0, 100]); setV(m, 0, 3, [3, 300]); }, check: (m) => expect(getV(m, 0, 1, 2)).toEqual([1, 150]), cycles: 11 },
  { name: 'vrmin', code: [I('vrmin', 3, 2)], setup: (m) => setV(m, 0, 2, [5, -7, 3]), check: (m) => expect(R(m, 3)).toBe(-7), cycles: 11 },
  // Left fold: maxStar(maxStar(0, 0), 0 …) over 2 lanes with VL=2: 0 − 176.
  { name: 'vrmaxs (left fold)', code: [I('setvli', 0, 2), I('vrmaxs', 3, 2)], setup: (m) => setV(m, 0, 2, [0, 0]), check: (m) => expect(R(m, 3)).toBe(-176), cycles: 6 },
  { name: 'vmaxad accumulates', code: [I('vmaxad', 3, 1, 2)], setup: (m) => { setR(m, 3, 4); setV(m, 0, 1, [10, -5]); setV(m, 0, 2, [3, 6]); }, check: (m) => expect(R(m, 3)).toBe(11), cycles: 11 },
  { name: 'vext', code: [I('vext', 3, 1, 2)], setup: (m) => setV(m, 0, 1, [0, 0, -42]), check: (m) => expect(R(m, 3)).toBe(-42), cycles: 2 },
  // 2x2 factor, N=4, L=8: beats 1 + 1 + 1 + 1 = 4, latency 4 → ready at 7.
  // out[x0] = min*_x1 (T[x0,x1] + 16·m1[x1]) at F + G = 12 (G = 4), rounded once to F = 8:
  // x0=0: maxStar(0+0, 2832+1600) = 0 − corrW(4432); x0=1: maxStar(2832, 1600) = 1600 − corrW(1232).
  {
    name: 'fupd.sp (2x2 factor)', code: [I('fupd.sp', 3, M(0, 100))], data: FACTOR,
    check: (m) => {
      expect([f.guard, f.wideShift]).toEqual([4, 4]);
      const a = 0 - f.wideCorr[4432 >> 4];
      const b = 1600 - f.wideCorr[1232 >> 4];
      const mn = Math.min(a, b);
      const out = [a, b].map((v) => Math.floor((v - mn + 8) / 16));
      expect(Array.from(m.pes[0].spm.slice(300, 302))).toEqual(out);
      expect(R(m, 3)).toBe(Math.max(...out));
      expect(m.pes[0].msgs).toBe(1);
    },
    cycles: 8,
  },
  { name: 'fupd.ms (min-sum)', code: [I('fupd.ms', 3, M(0, 100))], data: FACTOR, check: (m) => { expect(Array.from(m.pes[0].spm.slice(300, 302))).toEqual([0, 100]); expect(R(m, 3)).toBe(100); }, cycles: 8 },
  // Variable of card 2 with 3 inputs, leaving out input 0: 1 + 3 beats, latency 4.
  {
    name: 'vupd', code: [I('vupd', 3, M(0, 100))],
    data: [[0, 100, [2, 3, 0, 300, 0, 200, 210, 220]], [0, 200, [999, 999]], [0, 210, [10, 50]], [0, 220, [5, 0]]],
    check: (m) => { expect(Array.from(m.pes[0].spm.slice(300, 302))).toEqual([0, 35]); expect(R(m, 3)).toBe(35); },
    cycles: 8,
  },
  { name: 'bar (one PE)', code: [I('bar')], check: () => {}, cycles: 2 },
  { name: 'barmax (one PE)', code: [I('barmax', 3, 1)], setup: (m) => setR(m, 1, 17), check: (m) => expect(R(m, 3)).toBe(17), cycles: 2 },
  { name: 'csrr npe', code: [I('csrr', 3, 1)], check: (m) => expect(R(m, 3)).toBe(1), cycles: 2 },
  { name: 'csrr vlmax', code: [I('csrr', 3, 6)], check: (m) => expect(R(m, 3)).toBe(64), cycles: 2 },
  { name: 'setvl clamps to vregLanes', code: [I('setvl', 3, 1)], setup: (m) => setR(m, 1, 1000), check: (m) => { expect(R(m, 3)).toBe(64); expect(m.pes[0].vl).toBe(64); }, cycles: 2 },
  { name: 'setvli', code: [I('setvli', 3, 5)], check: (m) => expect(m.pes[0].vl).toBe(5), cycles: 2 },
  { name: 'nop', code: [I('nop')], check: () => {}, cycles: 2 },
  { name: 'halt alone', code: [], check: () => {}, cycles: 1 },
];

describe('every instruction: result and cycles in isolation', () => {
  it('the simulator implements every semantic the ISA table names', () => {
    for (const d of INSTRUCTIONS) expect(typeof SEMANTICS[d.sem]).toBe('function');
  });
  for (const c of cases) {
    it(`${c.name}: ${c.cycles} cycles`, () => {
      const { machine, report } = run({ code: [[...c.code, I('halt')]], data: c.data, shared: c.shared }, { pes: 1 }, c.setup);
      expect(report.fault).toBeUndefined();
      expect(report.status).toBe('halted');
      c.check(machine);
      expect(report.cycles).toBe(c.cycles);
    });
  }
});

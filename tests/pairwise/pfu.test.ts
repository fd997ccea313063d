// pfu.sp / pfu.ms: the kernel's exact values, the descriptor's faults, and the timing rule of
// the ISA table (beats = ruleBeats('pfu') + the gather's bank conflicts), on the simulator.
import { describe, expect, it } from 'vitest';
import {
  decode,
  disassembleWord,
  instructionByMnemonic,
  makeFormat,
  pairwiseMessage,
  priorLlr,
  narrowLlr,
  wideMaxStarErrorBound,
  ruleBeats,
  WIDE_ZERO,
  PD,
} from '../../isa/index.js';
import { I, M, run } from '../sim/helpers.js';

const fG0 = makeFormat(16, 12, 256); // G = 0: tables at F = 12, TMAX = MAX
const f8 = makeFormat(8, 4, 256); // G = 8: tables at 12 fraction bits

describe('pfu kernel (isa/pairwise-kernels.ts)', () => {
  it('min-sum: out = min(a, b + λ) − min(c, d + λ)', () => {
    expect(fG0.guard).toBe(0);
    expect(pairwiseMessage(fG0, 50, 100, 0, 0, 100, false)).toBe(50);
    expect(pairwiseMessage(fG0, -300, 100, 0, 0, 100, false)).toBe(-100); // min(100, −300) − min(0, −200)
    expect(pairwiseMessage(fG0, 0, 7, 7, 3, 3, false)).toBe(4);
  });

  it("sum-product: the factor unit's wide max*, exact against the formula and close to the real value", () => {
    const c = (d: number) => (d >= fG0.wideCorrLimit ? 0 : fG0.wideCorr[d >>> fG0.wideShift]);
    // x1 = max*(100, 50) = 50 − corr(50); x0 = max*(0, 150) = 0 − corr(150)
    const out = pairwiseMessage(fG0, 50, 100, 0, 0, 100, true);
    expect(out).toBe(50 - c(50) + c(150));
    expect(pairwiseMessage(fG0, 0, 0, 0, 0, 0, true)).toBe(0);
    const e = (x: number) => Math.exp(-x / fG0.scale);
    const exact = -fG0.scale * Math.log((e(100) + e(50)) / (e(0) + e(150)));
    expect(Math.abs(out - exact)).toBeLessThanOrEqual(2 * wideMaxStarErrorBound(fG0) + 0.5);
  });

  it('W = 8: λ is scaled by 2^G, the difference rounds half up once', () => {
    expect(f8.guard).toBe(8);
    // λ = 3 (F = 4) → 768 at F + G = 12; x1 = min(1600, 0 + 768) = 768, x0 = min(0, 1600 + 768) = 0 → 3
    expect(pairwiseMessage(f8, 3, 1600, 0, 0, 1600, false)).toBe(3);
    // x1 − x0 = 640 → ⌊(640 + 128) / 256⌋ = 3; 639 → 2; −640 → −2
    expect(narrowLlr(f8, 640, 0)).toBe(3);
    expect(narrowLlr(f8, 639, 0)).toBe(2);
    expect(narrowLlr(f8, -640, 0)).toBe(-2);
    // Finite results clamp to ±(MAX − 1): never a certainty.
    expect(narrowLlr(f8, 1e9, 0)).toBe(126);
    expect(narrowLlr(f8, -1e9, 0)).toBe(-126);
  });

  it('zeros: a tableMax entry or λ = MAX is probability 0; both states impossible → 0', () => {
    const Z = fG0.tableMax;
    expect(pairwiseMessage(fG0, fG0.max, 10, 0, 4, 0, false)).toBe(6); // source state 1 impossible: a − c
    expect(pairwiseMessage(fG0, 0, Z, Z, 0, 0, true)).toBe(fG0.max); // destination state 1 impossible
    expect(pairwiseMessage(fG0, 0, 0, 0, Z, Z, true)).toBe(-fG0.max);
    expect(pairwiseMessage(fG0, 0, Z, Z, Z, Z, true)).toBe(0);
    expect(narrowLlr(fG0, WIDE_ZERO, WIDE_ZERO)).toBe(0);
  });

  it('priors: e1 − e0, MAX as probability 0', () => {
    expect(priorLlr(fG0, 10, 30)).toBe(20);
    expect(priorLlr(fG0, fG0.max, 0)).toBe(-fG0.max);
    expect(priorLlr(fG0, 0, fG0.max)).toBe(fG0.max);
    expect(priorLlr(fG0, fG0.max, fG0.max)).toBe(0);
  });
});

describe('pfu encoding (from the ISA table)', () => {
  it('assigns opcodes 0x1e and 0x3f and disassembles', () => {
    expect(instructionByMnemonic('pfu.sp')!.opcode).toBe(0x1e);
    expect(instructionByMnemonic('pfu.ms')!.opcode).toBe(0x3f);
    expect(disassembleWord(I('pfu.sp', 1, M(2, 40)), 0)).toBe('pfu.sp r1, 40(r2)');
    expect(decode(I('pfu.ms', 3, M(0, 7)))!.def.mnemonic).toBe('pfu.ms');
  });
});

/**
 * A descriptor at 100: n lanes, sources at 200, tables at 300, outputs at 600; λ at 900 + k.
 * The default chip (W = 16, F = 8) has G = 4: table words 1600 = 100 at F.
 */
function program(n: number, src: (k: number) => number, mnemonic = 'pfu.sp', damping = 0) {
  const table: number[] = [];
  for (let k = 0; k < n; k++) table.push(1600, 0, 0, 1600);
  const lambdas = Array.from({ length: 64 }, (_, k) => k * 10 - 300);
  return {
    code: [[I(mnemonic, 1, M(0, 100)), I('halt')]],
    data: [
      [0, 100, [n, 200, 300, 600, damping]],
      [0, 200, Array.from({ length: n }, (_, k) => src(k))],
      [0, 300, table],
      [0, 900, lambdas],
    ] as [number, number, number[]][],
  };
}

describe('pfu on the simulator', () => {
  it('writes every lane, accumulates the change into rd, counts lanes and messages', () => {
    const { machine, report } = run(program(12, (k) => 900 + k, 'pfu.ms'));
    const spm = machine.pes[0].spm;
    for (let k = 0; k < 12; k++) {
      const l = k * 10 - 300;
      expect(spm[600 + k]).toBe(Math.min(100, l) - Math.min(0, 100 + l));
    }
    expect(machine.pes[0].sreg[1]).toBe(100); // max |new − 0|: lanes with λ ≤ −100 give −100
    expect(report.laneOps).toBe(12);
    expect(report.bpMessages).toBe(12);
  });

  it('damping blends with the old output (the shared damp rule)', () => {
    const { machine } = run(program(1, () => 900 + 35, 'pfu.ms', 128)); // λ = 50 → new 50, old 0
    expect(machine.pes[0].spm[600]).toBe(25);
  });

  it('beats follow the table rule, plus one per gather read in an already-used bank', () => {
    const cycles = (n: number, src: (k: number) => number) => run(program(n, src), { pes: 1, lanes: 8 }).report.cycles;
    const base = cycles(8, (k) => 900 + k);
    expect(cycles(16, (k) => 900 + k) - base).toBe(ruleBeats('pfu', 8, 16) - ruleBeats('pfu', 8, 8));
    expect(ruleBeats('pfu', 8, 16) - ruleBeats('pfu', 8, 8)).toBe(3);
    // All 8 lanes of a group read one bank: 7 extra beats; a stride of 2 puts 2 lanes per bank: 1.
    expect(cycles(8, () => 900) - base).toBe(7);
    expect(cycles(8, (k) => 900 + 2 * k) - base).toBe(1);
  });

  it('faults name the field or the range', () => {
    const bad = program(1, () => 900);
    bad.data[0] = [0, 100, [0, 200, 300, 600, 0]];
    expect(run(bad).report.fault).toMatchObject({ cause: 'bad-descriptor', pe: 0, pc: 0 });
    expect(run(bad).report.fault!.message).toBe('descriptor field n = 0 at word 100 outside 1 … 4096');
    const far = program(2, (k) => (k === 1 ? 1 << 30 : 900));
    expect(run(far).report.fault).toMatchObject({ cause: 'memory-range', pe: 0, pc: 0 });
    const damp = program(1, () => 900);
    damp.data[0] = [0, 100, [1, 200, 300, 600, 300]];
    expect(run(damp).report.fault!.message).toBe(`descriptor field λ = 300 at word ${100 + PD.lambda} outside 0 … 256`);
  });
});

// The wide datapath of fupd/vupd (issue 13): exact accumulation, a sticky zero flag, the factor
// unit at F + G, and finite results held at MAX − 1 instead of rounding to probability 0.
import { describe, it, expect } from 'vitest';
import { FD, VD, FACTOR_UNIT_FRAC_BITS, factorUnitTableSize, factorUpdate, guardBits, variableUpdate, makeFormat, narrowNormalized, tableEnergy, priorEnergy, wideMaxStar, wideMaxStarErrorBound, WIDE_ZERO } from '../../isa/index.js';

const f8 = makeFormat(8, 4, 256); // MAX 127, G = 8 (the factor unit at F + G = 12), tableMax 32767

describe('wide datapath at W = 8', () => {
  it('format: G = 12 − F guard bits (capped at 32 − W), table zero 2^(W−1+G) − 1, a 4096-entry table at F + G', () => {
    expect(f8.guard).toBe(8);
    expect(f8.tableMax).toBe(32767);
    expect(makeFormat(8, 3, 256).guard).toBe(9);
    expect(makeFormat(16, 8, 256).guard).toBe(4);
    expect(makeFormat(24, 12, 4096).guard).toBe(0);
    expect(makeFormat(32, 2, 4096).guard).toBe(0); // 12 − 2 = 10 would not fit a 32-bit table word
    expect(makeFormat(28, 2, 4096).guard).toBe(4);
    expect(guardBits(16, 8)).toBe(FACTOR_UNIT_FRAC_BITS - 8);
    // One factor-unit table for every W ≤ 16: 4096 entries of 16 LSB at 2^−12 nat, reaching 16 nats,
    // whatever the config's maxStarTableSize; above W = 16, 16384 entries of 4 LSB.
    for (const f of [f8, makeFormat(8, 3, 64), makeFormat(16, 8, 256)]) {
      expect([f.wideCorr.length, f.wideShift, f.wideCorrLimit, f.wideCorr[0], f.wideCorr[4095]]).toEqual([4096, 4, 65536, 2835, 0]);
    }
    for (const f of [makeFormat(20, 10, 4096), makeFormat(24, 12, 256)]) {
      expect([f.wideCorr.length, f.wideShift, f.wideCorrLimit, f.wideCorr[0]]).toEqual([16384, 2, 65536, 2838]);
    }
    expect([factorUnitTableSize(16), factorUnitTableSize(17)]).toEqual([4096, 16384]);
    expect(makeFormat(32, 16, 4096).wideShift).toBe(6);
    expect(tableEnergy(f8, 0)).toBe(32767);
    expect(tableEnergy(f8, Math.exp(-1))).toBe(4096); // 1 nat at F + G = 12
    expect(tableEnergy(f8, 1e-30)).toBe(32766); // clipped, not zero
    expect(priorEnergy(f8, Math.exp(-1))).toBe(16);
    expect(priorEnergy(f8, 1e-30)).toBe(126);
    expect(wideMaxStar(f8, WIDE_ZERO, 5)).toBe(5);
    expect(narrowNormalized(f8, 384, 0, 8)).toBe(2); // 1.5 LSB rounds half up
    expect(narrowNormalized(f8, 383, 0, 8)).toBe(1);
  });

  it('factor-unit max*: within its bound (4.25 LSB at F + G = 12, 1.25 above W = 16) at every distance', () => {
    for (const [f, bound] of [[f8, 4.25], [makeFormat(16, 8, 256), 4.25], [makeFormat(24, 12, 4096), 1.25]] as const) {
      expect(wideMaxStarErrorBound(f)).toBe(bound);
      const scale = 2 ** (f.F + f.guard);
      let worst = 0;
      for (let d = 0; d <= f.wideCorrLimit + 1000; d++) {
        const exact = -scale * Math.log1p(Math.exp(-d / scale)); // min*(0, d) in raw units
        worst = Math.max(worst, Math.abs(wideMaxStar(f, 0, d) - exact), Math.abs(wideMaxStar(f, d, 0) - exact));
      }
      expect(worst).toBeLessThanOrEqual(bound);
      expect(worst).toBeGreaterThan(bound - 1); // the bound is tight to within an LSB
    }
  });

  it('vupd: 100 + 100 against 0 + 0 stays finite (was MAX, probability 0, before); a MAX input is sticky', () => {
    const mem = new Int32Array(64);
    const desc = 0;
    mem[desc + VD.card] = 3;
    mem[desc + VD.inputs] = 2;
    mem[desc + VD.exclude] = -1;
    mem[desc + VD.out] = 40;
    mem[desc + VD.lambda] = 0;
    mem[desc + VD.header] = 20;
    mem[desc + VD.header + 1] = 30;
    mem.set([100, 0, 127], 20);
    mem.set([100, 0, 5], 30);
    variableUpdate(f8, mem, desc);
    expect(Array.from(mem.subarray(40, 43))).toEqual([126, 0, 127]);
  });

  it('fupd: a pairwise update sums at F + G and rounds once', () => {
    const mem = new Int32Array(64);
    const desc = 0;
    mem[desc + FD.entries] = 4;
    mem[desc + FD.arity] = 2;
    mem[desc + FD.outPos] = 0;
    mem[desc + FD.table] = 30;
    mem[desc + FD.out] = 40;
    mem[desc + FD.lambda] = 0;
    const v0 = desc + FD.header;
    const v1 = v0 + FD.perVar;
    mem[v0 + FD.card] = 2; mem[v0 + FD.stride] = 1; mem[v0 + FD.addr] = 0;
    mem[v1 + FD.card] = 2; mem[v1 + FD.stride] = 2; mem[v1 + FD.addr] = 50;
    mem.set([0, 32767, 128, 0], 30); // T(0,0) = 0, T(1,0) = zero, T(0,1) = 128/4096 nat, T(1,1) = 0
    mem.set([0, 127], 50); // input: x1 = 1 has probability 0
    factorUpdate(f8, mem, desc, true);
    // x0 = 0: only T(0,0) + 0 = 0; x0 = 1: T(1,0) is zero and x1 = 1 is zero → the zero flag.
    expect(Array.from(mem.subarray(40, 42))).toEqual([0, 127]);
  });
});

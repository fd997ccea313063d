// The LLR arithmetic of cnu/vnu, bit for bit, on hand-computed values (W=16, F=8, 256-entry table).
import { describe, it, expect } from 'vitest';
import { makeFormat, llrSat, llrFromNats, boxPlus, nmsScale, omsOffset, checkNodeUpdate, RULE_SPA, RULE_MS, RULE_NMS, RULE_OMS } from '../../isa/index.js';

const f = makeFormat(16, 8, 256);

function cnu(rule: number, t: number[], cap = 32767): number[] {
  const out = new Int32Array(t.length);
  checkNodeUpdate(f, rule, Int32Array.from(t), out, t.length, cap);
  return Array.from(out);
}

describe('LLR number format', () => {
  it('saturates symmetrically to ±(2^15 − 1)', () => {
    expect(llrSat(f, 40000)).toBe(32767);
    expect(llrSat(f, -40000)).toBe(-32767);
    expect(llrSat(f, -32768)).toBe(-32767);
  });
  it('quantises channel LLRs round half up', () => {
    expect(llrFromNats(f, 1.5)).toBe(384);
    expect(llrFromNats(f, -0.5 / 256)).toBe(0);
    expect(llrFromNats(f, -1.5 / 256)).toBe(-1);
    expect(llrFromNats(f, 1e9)).toBe(32767);
    expect(() => llrFromNats(f, NaN)).toThrow(RangeError);
  });
  it('NMS scales by 0.75 as x − (x >> 2); OMS offsets by 0.5 (2^(F−1))', () => {
    expect([nmsScale(0), nmsScale(3), nmsScale(5), nmsScale(100)]).toEqual([0, 3, 4, 75]);
    expect(omsOffset(f)).toBe(128);
    expect(omsOffset(makeFormat(8, 0, 1))).toBe(1);
  });
});

describe('check-node rules', () => {
  it('min-sum: two minima and the sign product', () => {
    expect(cnu(RULE_MS, [5, -3, 10, -7])).toEqual([3, -5, 3, -3]);
    expect(cnu(RULE_MS, [100, -40, 64])).toEqual([-40, 64, -40]);
  });
  it('normalised and offset min-sum', () => {
    expect(cnu(RULE_NMS, [100, -40, 64])).toEqual([-30, 48, -30]);
    expect(cnu(RULE_OMS, [1000, -300, 700])).toEqual([-172, 572, -172]);
    expect(cnu(RULE_OMS, [100, -40, 64])).toEqual([0, 0, 0]);
  });
  it('a repeated minimum gives min2 = min1 (first index holds min1)', () => {
    expect(cnu(RULE_MS, [-4, 4, 9])).toEqual([4, -4, -4]);
  });
  it('sum-product: box-plus through the max* correction table', () => {
    // corr(768) = 12, corr(256) = 79, corr(512) = 32, corr(0) = 176 (table buckets of 8 raw units).
    expect(boxPlus(f, 256, -512)).toBe(-189); // 256 + 12 − 79; exact −188.3
    expect(boxPlus(f, 256, 256)).toBe(112); // exact 2·atanh(tanh(0.5)²)·256 = 111.0
    expect(cnu(RULE_SPA, [256, 256, -512])).toEqual([-189, -189, 112]);
    expect(cnu(RULE_SPA, [300, -700])).toEqual([-700, 300]);
  });
  it('box-plus never goes negative in magnitude and saturates', () => {
    expect(boxPlus(f, 0, 0)).toBe(0);
    expect(boxPlus(f, 32767, -32767)).toBe(-(32767 - 176)); // equal magnitudes lose corr(0) = ln 2
  });
  it('a degree-1 check forces its bit to 0 (+cap)', () => {
    for (const rule of [RULE_SPA, RULE_MS, RULE_NMS, RULE_OMS]) expect(cnu(rule, [-50], 4681)).toEqual([4681]);
  });
  it('outputs are clamped to ±cap after the rule', () => {
    expect(cnu(RULE_MS, [100, -40, 64], 50)).toEqual([-40, 50, -40]);
    expect(cnu(RULE_SPA, [256, 256, -512], 100)).toEqual([-100, -100, 100]);
  });
});

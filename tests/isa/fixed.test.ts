// The message number format against exact real arithmetic.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  makeFormat, maxStar, maxStarErrorBound, satAdd, satSub, sat, dampBlend, normalizeInPlace,
  energyFromProb, probsFromEnergies, absDiff, natsFromEnergy, defaultFracBits, defaultTableSize, type FixedFormat,
} from '../../isa/index.js';

const exactMaxStar = (f: FixedFormat, a: number, b: number) =>
  Math.min(a, b) - f.scale * Math.log1p(Math.exp(-Math.abs(a - b) / f.scale));

// [W, F, table size, expected bound in LSB]: the bound is part of the spec (ISA.md), so pin it.
const FORMATS: [number, number, number, number][] = [
  [8, 3, 64, 0.5027],
  [8, 4, 256, 0.5],
  [12, 6, 256, 0.75],
  [16, 8, 256, 2.25],
  [16, 8, 64, 8.25],
  [24, 12, 256, 64.25],
  [24, 12, 4096, 4.25],
  [32, 16, 4096, 64.25],
];

describe('max* correction table', () => {
  it('default format table: s = 3, table[0] = round(256 · ln(1 + e^(−3.5/256)))', () => {
    const f = makeFormat(16, 8, 256);
    expect(f.shift).toBe(3);
    expect(f.corr[0]).toBe(Math.floor(256 * Math.log1p(Math.exp(-3.5 / 256)) + 0.5));
    expect(f.corr[0]).toBe(176);
    expect(f.corrLimit).toBe(2048);
  });

  for (const [W, F, T, bound] of FORMATS) {
    it(`W=${W} F=${F} T=${T}: |maxStar − exact| ≤ ${bound} LSB for every distance in the table and beyond`, () => {
      const f = makeFormat(W, F, T);
      expect(maxStarErrorBound(f)).toBeCloseTo(bound, 3);
      let worst = 0;
      const base = 0;
      const limit = Math.min(f.max - 1, f.corrLimit * 2 + 16);
      const step = Math.max(1, Math.floor(limit / 200000));
      for (let d = 0; d <= limit; d += step) {
        const got = maxStar(f, base, base + d);
        worst = Math.max(worst, Math.abs(got - exactMaxStar(f, base, base + d)));
        expect(maxStar(f, base + d, base)).toBe(got); // symmetric
      }
      expect(worst).toBeLessThanOrEqual(bound + 1e-9);
      // The bound is nearly tight: a coarser table really is worse.
      expect(worst).toBeGreaterThan(bound * 0.9 - 0.5);
    });
  }

  it('with the default F and table size for each W, the bound in nats shrinks as W grows', () => {
    const nats = [8, 12, 16, 24, 32].map((W) => {
      const F = defaultFracBits(W);
      return maxStarErrorBound(makeFormat(W, F, defaultTableSize(W))) / 2 ** F;
    });
    for (let i = 1; i < nats.length; i++) expect(nats[i]).toBeLessThan(nats[i - 1]);
    expect(nats[2]).toBeLessThan(0.009); // W=16: under 0.009 nats per max*
  });

  it('probability 0 (MAX) is the identity, and results never leave [MIN, MAX]', () => {
    for (const [W, F, T] of FORMATS) {
      const f = makeFormat(W, F, T);
      expect(maxStar(f, f.max, 17)).toBe(17);
      expect(maxStar(f, -3, f.max)).toBe(-3);
      expect(maxStar(f, f.max, f.max)).toBe(f.max);
      expect(maxStar(f, f.min, f.min)).toBe(f.min); // min − corr(0) saturates at MIN
    }
  });
});

describe('saturating arithmetic', () => {
  it('saturates at both ends for W = 8 … 32', () => {
    for (let W = 8; W <= 32; W += 4) {
      const f = makeFormat(W, Math.floor(W / 2), 64);
      expect(f.max).toBe(2 ** (W - 1) - 1);
      expect(f.min).toBe(-(2 ** (W - 1)));
      expect(satAdd(f, f.max, 1)).toBe(f.max);
      expect(satAdd(f, f.max, f.max)).toBe(f.max);
      expect(satAdd(f, f.min, -1)).toBe(f.min);
      expect(satSub(f, f.min, f.max)).toBe(f.min);
      expect(satSub(f, f.max, f.min)).toBe(f.max);
      expect(satAdd(f, 5, -7)).toBe(-2);
      expect(sat(f, 2 ** 40)).toBe(f.max);
    }
  });

  it('never produces NaN or Infinity, and stays in range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 32 }), fc.double({ noNaN: false }), fc.double(), fc.integer({ min: 0, max: 256 }), (W, x, y, lambda) => {
        const f = makeFormat(W, W - 2, 64);
        const a = energyFromProb(f, Math.abs(x));
        const b = energyFromProb(f, Math.abs(y));
        for (const r of [satAdd(f, a, b), satSub(f, a, b), maxStar(f, a, b), dampBlend(f, a, b, lambda), absDiff(a, b)]) {
          expect(Number.isInteger(r)).toBe(true);
          expect(r).toBeGreaterThanOrEqual(f.min);
          expect(r).toBeLessThanOrEqual(Math.max(f.max, 0x7fffffff));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('conversions, normalisation, damping', () => {
  const f = makeFormat(16, 8, 256);
  it('probability → energy rounds half up and maps 0 to MAX', () => {
    expect(energyFromProb(f, 1)).toBe(0);
    expect(energyFromProb(f, 0.5)).toBe(177); // 0.693147 · 256 = 177.44
    expect(energyFromProb(f, 0)).toBe(f.max);
    expect(energyFromProb(f, -1)).toBe(f.max);
    expect(energyFromProb(f, Number.NaN)).toBe(f.max);
    expect(energyFromProb(f, 1e-300)).toBe(f.max);
    expect(energyFromProb(f, 4)).toBe(-355); // potentials > 1 give negative energies
    expect(natsFromEnergy(f, f.max)).toBe(Infinity);
  });

  it('normalise subtracts the minimum; all-MAX becomes uniform (0/0 guard)', () => {
    const a = Int32Array.from([300, 100, f.max, 250]);
    normalizeInPlace(f, a, 0, 4);
    expect([...a]).toEqual([200, 0, f.max - 100, 150]);
    const z = Int32Array.from([f.max, f.max, f.max]);
    normalizeInPlace(f, z, 0, 3);
    expect([...z]).toEqual([0, 0, 0]);
    expect(probsFromEnergies(f, [f.max, f.max])).toEqual([0.5, 0.5]);
    const p = probsFromEnergies(f, [0, 177]);
    expect(p[0]).toBeCloseTo(2 / 3, 3);
  });

  it('damping blend: λ=0 keeps new, λ=256 keeps old, rounding is half up', () => {
    expect(dampBlend(f, 100, 300, 0)).toBe(100);
    expect(dampBlend(f, 100, 300, 256)).toBe(300);
    expect(dampBlend(f, 100, 300, 128)).toBe(200);
    expect(dampBlend(f, 0, 1, 128)).toBe(1); // 0.5 rounds up
    expect(dampBlend(f, 1, 0, 128)).toBe(1); // 1 − 0.5 = 0.5 rounds up to 1
    expect(dampBlend(f, 0, 3, 64)).toBe(1); // 0.75 → 1
    expect(dampBlend(f, 0, -3, 64)).toBe(-1); // −0.75 → −1
    expect(dampBlend(f, f.max, f.min, 128)).toBe(0); // −0.5 → 0: exact in wide precision
  });
});

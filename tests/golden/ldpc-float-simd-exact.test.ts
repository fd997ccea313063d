// The WebAssembly SIMD decoder against the JS float decoder of the same precision (f32x4 against
// precision 'float32', f64x2 against the default float64): identical hard decisions and iteration
// counts on hundreds of WiMAX and CCSDS frames, with and without the syndrome stop, for every
// min-sum rule, 1/2/4 vectors per pass and the looped (non-unrolled) body.
import { describe, expect, it } from 'vitest';
import {
  LdpcFloatDecoder,
  LdpcOptionError,
  LdpcSimdDecoder,
  Prng,
  type ParityCheckMatrix,
} from '../../golden/index.js';
import { frames, loadCode } from './ldpc-fixtures.js';


const CASES = [
  { code: 'WIMAX_288_576', count: 240, ebn0: 1.5 },
  { code: 'CCSDS_64_128', count: 320, ebn0: 2.0 },
] as const;

describe('SIMD decoder = JS float decoder (same precision, layered), decision for decision', () => {
  for (const { code, count, ebn0 } of CASES) {
    const h = loadCode(code);
    const llr = frames(h, count, ebn0, 77);
    for (const precision of ['float32', 'float64'] as const) {
      for (const rule of ['ms', 'nms', 'oms'] as const) {
        it(`${code}, ${rule}, ${precision}: ${count} frames at ${ebn0} dB, syndrome stop, maxIter 25; vectors 1, 2, 4`, () => {
          const opts = { rule, maxIter: 25, earlyStop: true } as const;
          const ref = new LdpcFloatDecoder(h, { ...opts, schedule: 'layered', precision }).decode(llr, count);
          // Some frames must stop early and some run to the cap, or the test would not test the stop.
          const its = Array.from(ref.iterations);
          expect(its.filter((i) => i === 25).length).toBeGreaterThan(0);
          expect(its.filter((i) => i < 25).length).toBeGreaterThan(count / 2);
          for (const vectors of [1, 2, 4] as const) {
            const got = new LdpcSimdDecoder(h, { ...opts, vectors, precision }).decode(llr, count);
            expect(Array.from(got.iterations)).toEqual(its);
            expect(Buffer.from(got.hard).equals(Buffer.from(ref.hard))).toBe(true);
          }
        });
      }
    }
    it(`${code}, ms: 40 frames, 50 iterations without the stop; the looped body (unrollDegree 0 and 3) too`, () => {
      const few = llr.subarray(0, 40 * h.n);
      const opts = { rule: 'ms', maxIter: 50, earlyStop: false } as const;
      const ref = new LdpcFloatDecoder(h, { ...opts, schedule: 'layered', precision: 'float32' }).decode(few, 40);
      for (const unrollDegree of [32, 0, 3]) {
        const got = new LdpcSimdDecoder(h, { ...opts, unrollDegree, vectors: 2 }).decode(few, 40);
        expect(Array.from(got.iterations)).toEqual(new Array(40).fill(50));
        expect(Buffer.from(got.hard).equals(Buffer.from(ref.hard))).toBe(true);
      }
      const ref64 = new LdpcFloatDecoder(h, { ...opts, schedule: 'layered' }).decode(few, 40);
      const got64 = new LdpcSimdDecoder(h, { ...opts, unrollDegree: 0, precision: 'float64' }).decode(few, 40);
      expect(Buffer.from(got64.hard).equals(Buffer.from(ref64.hard))).toBe(true);
    });
  }

  it('float32 and float64 agree where every sum is exact (Hamming, flooding and layered)', () => {
    const rows = [[0, 1, 2, 4], [0, 1, 3, 5], [0, 2, 3, 6]];
    const cols: number[][] = Array.from({ length: 7 }, () => []);
    rows.forEach((r, i) => r.forEach((c) => cols[c]!.push(i)));
    const ham: ParityCheckMatrix = { n: 7, m: 3, rows, cols };
    const llr = [2, -1, 3, 0.5, 1.5, -2, 4];
    for (const schedule of ['flooding', 'layered'] as const) {
      for (const rule of ['ms', 'oms'] as const) {
        const a = new LdpcFloatDecoder(ham, { rule, schedule, maxIter: 3, earlyStop: false });
        const b = new LdpcFloatDecoder(ham, { rule, schedule, maxIter: 3, earlyStop: false, precision: 'float32' });
        a.decodeFrame(llr);
        b.decodeFrame(llr);
        expect(Array.from(b.posterior)).toEqual(Array.from(a.posterior));
      }
    }
    // Where float32 must round: 0.1 is not a float32, and the float32 decoder keeps float32 values.
    const c = new LdpcFloatDecoder(ham, { rule: 'ms', schedule: 'layered', maxIter: 1, earlyStop: false, precision: 'float32' });
    const d = new LdpcFloatDecoder(ham, { rule: 'ms', schedule: 'layered', maxIter: 1, earlyStop: false });
    const tenths = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    c.decodeFrame(tenths);
    d.decodeFrame(tenths);
    for (const x of c.posterior) expect(Math.fround(x)).toBe(x);
    const diff = Array.from(c.posterior, (x, i) => Math.abs(x - d.posterior[i]!));
    expect(Math.max(...diff)).toBeGreaterThan(0);
    expect(Math.max(...diff)).toBeLessThan(1e-6);
  });

  it('precision is checked: float32 refuses sum-product; unknown values are named', () => {
    const h = loadCode('CCSDS_64_128');
    expect(() => new LdpcFloatDecoder(h, { rule: 'spa', schedule: 'layered', maxIter: 5, earlyStop: false, precision: 'float32' })).toThrow(
      "option 'precision': expected 'float64' for sum-product (float32 is for the min-sum rules), found float32",
    );
    expect(() => new LdpcFloatDecoder(h, { rule: 'ms', schedule: 'layered', maxIter: 5, earlyStop: false, precision: 'f16' as 'float32' })).toThrow(
      LdpcOptionError,
    );
    expect(() => new LdpcSimdDecoder(h, { rule: 'ms', maxIter: 5, earlyStop: false, unrollDegree: -1 })).toThrow("option 'unrollDegree'");
    expect(() => new LdpcSimdDecoder(h, { rule: 'ms', maxIter: 5, earlyStop: false, precision: 'f16' as 'float32' })).toThrow(
      "option 'precision': expected float32 | float64, found f16",
    );
  });
});

describe('odd shapes: a degree-1 check, an empty check, a long check, repeated degrees apart', () => {
  // n = 40: check 1 has one bit (forces it to 0), check 2 is empty, check 3 has degree 36 (> the
  // unroll limit in one decoder), checks 0 and 4 have degree 3 but are not adjacent (two segments).
  const rows = [[0, 1, 2], [3], [], Array.from({ length: 36 }, (_, i) => i + 4), [1, 5, 39]];
  const cols: number[][] = Array.from({ length: 40 }, () => []);
  rows.forEach((r, i) => r.forEach((c) => cols[c]!.push(i)));
  const odd: ParityCheckMatrix = { n: 40, m: rows.length, rows, cols };
  const rng = new Prng(12);
  const count = 24;
  const llr = Float64Array.from({ length: 40 * count }, () => rng.normal(1, 2));
  for (const precision of ['float32', 'float64'] as const) {
    it(`${precision}: SIMD = JS decoder, unrolled and looped, with and without the stop`, () => {
      for (const earlyStop of [true, false]) {
        const opts = { rule: 'oms', maxIter: 12, earlyStop } as const;
        const ref = new LdpcFloatDecoder(odd, { ...opts, schedule: 'layered', precision }).decode(llr, count);
        if (earlyStop) expect(new Set(ref.iterations).size).toBeGreaterThan(1);
        for (const c of ref.hard.filter((_, i) => i % 40 === 3)) expect(c).toBe(0); // the degree-1 check wins
        for (const unrollDegree of [32, 0]) {
          const got = new LdpcSimdDecoder(odd, { ...opts, precision, unrollDegree }).decode(llr, count);
          expect(Array.from(got.iterations)).toEqual(Array.from(ref.iterations));
          expect(Buffer.from(got.hard).equals(Buffer.from(ref.hard))).toBe(true);
        }
      }
    });
  }
});

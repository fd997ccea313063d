// The fixed-point inter-frame SIMD decoder (i8x16 / i16x8 saturating min-sum) against its scalar JS
// reference, bit for bit; the reference against the float decoder where integers make them equal;
// the quantizer and saturation.
import { describe, expect, it } from 'vitest';
import {
  decodeLdpcFixed,
  decodeLdpcIntMinSum,
  LdpcFloatDecoder,
  LdpcInputError,
  LdpcOptionError,
  LdpcSimdIntDecoder,
  Prng,
  type ParityCheckMatrix,
} from '../../golden/index.js';
import { makeFormat, nmsScale } from '../../isa/index.js';
import { frames, loadCode } from './ldpc-fixtures.js';


describe('integer SIMD min-sum = its scalar reference, bit for bit', () => {
  for (const [code, count, ebn0] of [['WIMAX_288_576', 120, 1.5], ['CCSDS_64_128', 200, 2.0]] as const) {
    const h = loadCode(code);
    const llr = frames(h, count, ebn0, 31);
    for (const bits of [8, 16] as const) {
      for (const rule of ['ms', 'nms', 'oms'] as const) {
        it(`${code}, ${bits}-bit ${rule}: ${count} frames at ${ebn0} dB with the syndrome stop; vectors 1 and 2; looped body`, () => {
          const opts = { rule, bits, maxIter: 20, earlyStop: true } as const;
          const ref = decodeLdpcIntMinSum(h, llr, count, opts);
          const its = Array.from(ref.iterations);
          expect(its.filter((i) => i === 20).length).toBeGreaterThan(0);
          expect(its.filter((i) => i < 20).length).toBeGreaterThan(count / 2);
          for (const [vectors, unrollDegree] of [[1, 32], [2, 32], [1, 0]] as const) {
            const got = new LdpcSimdIntDecoder(h, { ...opts, vectors, unrollDegree }).decode(llr, count);
            expect(Array.from(got.iterations)).toEqual(its);
            expect(Buffer.from(got.hard).equals(Buffer.from(ref.hard))).toBe(true);
          }
        });
      }
    }
  }
});

describe('the integer reference', () => {
  const h = loadCode('WIMAX_288_576');
  it('equals the float64 decoder on integer LLRs that never saturate (scale 1: every value is an exact integer)', () => {
    const rng = new Prng(8);
    const count = 30;
    const llr = Float64Array.from({ length: h.n * count }, () => rng.int(9) - 3); // −3 … 5
    for (const rule of ['ms', 'oms'] as const) {
      const opts = { rule, maxIter: 4, earlyStop: true } as const;
      const ref = new LdpcFloatDecoder(h, { ...opts, schedule: 'layered', omsOffset: 1 }).decode(llr, count);
      // 16 bits hold every sum these frames reach in 4 iterations (|app| stays far below 32767).
      const got = decodeLdpcIntMinSum(h, llr, count, { ...opts, bits: 16, scale: 1, channelBits: 16, omsOffset: 1 });
      expect(Array.from(got.iterations)).toEqual(Array.from(ref.iterations));
      expect(Buffer.from(got.hard).equals(Buffer.from(ref.hard))).toBe(true);
    }
  });

  it('quantizes half away from zero, clamps to the channel range, names non-finite LLRs', () => {
    const one = (x: number, extra = {}) => {
      const dec = new LdpcSimdIntDecoder(h, { rule: 'ms', bits: 8, maxIter: 0, earlyStop: false, ...extra });
      const llr = new Float64Array(h.n).fill(1);
      llr[0] = x;
      dec.decode(llr, 1);
      return dec.posteriors[0]!;
    };
    expect([0.25, -0.25, 0.24, -0.24, 1.26, 15.5, 15.74, 1e300, -Number.MAX_VALUE].map((x) => one(x))).toEqual([1, -1, 0, 0, 3, 31, 31, 31, -31]);
    expect(one(100, { channelBits: 8 })).toBe(127);
    expect(() => one(NaN)).toThrow(LdpcInputError);
    expect(() => one(-Infinity)).toThrow('channel LLR of frame 0, bit 0 is -Infinity');
  });

  it('saturates instead of wrapping: agreeing huge inputs pin the posteriors at the 8-bit limits (messages capped at 63)', () => {
    const h96 = loadCode('96.3.963');
    const dec = new LdpcSimdIntDecoder(h96, { rule: 'ms', bits: 8, channelBits: 8, maxIter: 30, earlyStop: false });
    const llr = new Float64Array(h96.n * 16).fill(1e9);
    llr.fill(-1e9, 8 * h96.n); // frames 8–15: all ones (a codeword of a parity code of even row degree)
    const r = dec.decode(llr, 16);
    const F = dec.framesPerPass;
    for (let v = 0; v < h96.n; v++)
      for (let l = 0; l < F; l++) expect(dec.posteriors[F * v + l]).toBe(l < 8 ? 127 : -128);
    expect(Array.from(r.hard.subarray(0, h96.n))).toEqual(new Array(h96.n).fill(0));
    expect(Array.from(r.hard.subarray(8 * h96.n, 9 * h96.n))).toEqual(new Array(h96.n).fill(1));
  });

  it('options are checked and named', () => {
    const base = { rule: 'ms', bits: 8, maxIter: 5, earlyStop: false } as const;
    expect(() => new LdpcSimdIntDecoder(h, { ...base, rule: 'spa' as 'ms' })).toThrow("option 'rule': expected ms | nms | oms (the integer decoder has no sum-product), found spa");
    expect(() => new LdpcSimdIntDecoder(h, { ...base, bits: 12 as 8 })).toThrow("option 'bits': expected 8 | 16, found 12");
    expect(() => new LdpcSimdIntDecoder(h, { ...base, channelBits: 9 })).toThrow("option 'channelBits': expected an integer in 2..8");
    expect(() => new LdpcSimdIntDecoder(h, { ...base, scale: 0 })).toThrow(LdpcOptionError);
    expect(() => new LdpcSimdIntDecoder(h, { ...base, rule: 'oms', omsOffset: 32 })).toThrow("option 'omsOffset': expected at most 31.5 (63 steps at scale 2)");
    expect(() => new LdpcSimdIntDecoder(h, { ...base, messageBits: 1 })).toThrow("option 'messageBits'");
    expect(() => new LdpcSimdIntDecoder(h, { ...base, vectors: 4 as 2 })).toThrow("option 'vectors': expected 1 | 2, found 4");
  });
});

describe('integer decoder on odd shapes: a degree-1 check, an empty check, a long check', () => {
  const rows = [[0, 1, 2], [3], [], Array.from({ length: 36 }, (_, i) => i + 4), [1, 5, 39]];
  const cols: number[][] = Array.from({ length: 40 }, () => []);
  rows.forEach((r, i) => r.forEach((c) => cols[c]!.push(i)));
  const odd: ParityCheckMatrix = { n: 40, m: rows.length, rows, cols };
  const rng = new Prng(13);
  const count = 40;
  const llr = Float64Array.from({ length: 40 * count }, () => rng.normal(1, 2));
  for (const bits of [8, 16] as const) {
    it(`${bits} bits: SIMD = reference, unrolled and looped, with and without the stop`, () => {
      for (const [rule, earlyStop] of [['oms', true], ['oms', false], ['nms', true], ['nms', false]] as const) {
        const opts = { rule, bits, maxIter: 12, earlyStop } as const;
        const ref = decodeLdpcIntMinSum(odd, llr, count, opts);
        if (earlyStop) expect(new Set(ref.iterations).size).toBeGreaterThan(1);
        for (const c of ref.hard.filter((_, i) => i % 40 === 3)) expect(c).toBe(0);
        for (const unrollDegree of [32, 0]) {
          const got = new LdpcSimdIntDecoder(odd, { ...opts, unrollDegree }).decode(llr, count);
          expect(Array.from(got.iterations)).toEqual(Array.from(ref.iterations));
          expect(Buffer.from(got.hard).equals(Buffer.from(ref.hard))).toBe(true);
        }
      }
    });
  }
});

describe('integer NMS is the chip\'s cnu.nms rule', () => {
  it('one check by hand: magnitudes m − (m >> 2) = ⌈0.75·m⌉, then the message cap', () => {
    // One degree-3 check on bits 0, 1, 2; scale 1, 16 bits, so the channel values are the integers given.
    const h: ParityCheckMatrix = { n: 3, m: 1, rows: [[0, 1, 2]], cols: [[0], [0], [0]] };
    const post = (rule: 'ms' | 'nms', llr: number[], messageBits?: number) => {
      const dec = new LdpcSimdIntDecoder(h, { rule, bits: 16, scale: 1, channelBits: 16, messageBits, maxIter: 1, earlyStop: false });
      dec.decode(Float64Array.from(llr), 1);
      return [0, 1, 2].map((v) => dec.posteriors[dec.framesPerPass * v]!);
    };
    // min1 = 5 (bit 0), min2 = 9: c2v = (−⌈0.75·9⌉, −⌈0.75·5⌉, +⌈0.75·5⌉) = (−7, −4, +4) with the signs of the others.
    expect(post('nms', [5, 9, -11])).toEqual([5 - 7, 9 - 4, -11 + 4]);
    expect(post('ms', [5, 9, -11])).toEqual([5 - 9, 9 - 5, -11 + 5]);
    expect([0, 1, 2, 3, 4, 5, 9, 128].map(nmsScale)).toEqual([0, 1, 2, 3, 3, 4, 7, 96]);
    // The cap applies after the scale: 3-bit messages (M = 3) cap ⌈0.75·9⌉ = 7 and ⌈0.75·5⌉ = 4 at 3.
    expect(post('nms', [5, 9, -11], 3)).toEqual([5 - 3, 9 - 3, -11 + 3]);
  });

  it('equals the chip\'s fixed reference (golden/ldpc-fixed, bit-exact with the simulator) for ms, nms and oms on frames that saturate neither', () => {
    // F = 0 and scale 1: both take the same integer channel words; OMS β = 2^(F−1) → 1 = round(0.5 · 1);
    // 16-bit words and 4 iterations keep every posterior far below either decoder's caps.
    const h = loadCode('WIMAX_288_576');
    const rng = new Prng(21);
    const count = 24;
    const llr = Float64Array.from({ length: h.n * count }, () => rng.int(9) - 3); // −3 … 5
    const format = makeFormat(16, 0, 64);
    for (const rule of ['ms', 'nms', 'oms'] as const) {
      const chip = decodeLdpcFixed(h, Int32Array.from(llr), count, { rule, schedule: 'layered', maxIter: 4, earlyStop: false, format, c2vCap: 4681 });
      const int = new LdpcSimdIntDecoder(h, { rule, bits: 16, scale: 1, channelBits: 16, maxIter: 4, earlyStop: false }).decode(llr, count);
      expect(Buffer.from(int.hard).equals(Buffer.from(chip.hard))).toBe(true);
    }
    // The rules differ on these frames, so the equality above is not vacuous.
    const ms = decodeLdpcIntMinSum(h, llr, count, { rule: 'ms', bits: 16, scale: 1, channelBits: 16, maxIter: 4, earlyStop: false });
    const nms = decodeLdpcIntMinSum(h, llr, count, { rule: 'nms', bits: 16, scale: 1, channelBits: 16, maxIter: 4, earlyStop: false });
    expect(Buffer.from(ms.hard).equals(Buffer.from(nms.hard))).toBe(false);
  });
});

// The native fixed-point decoder (int8 / int16 lanes of ldpc_native.cpp) against the WebAssembly
// integer decoder LdpcSimdIntDecoder (= decodeLdpcIntMinSum bit for bit): identical hard decisions
// and iteration counts, frame for frame, for every rule, both widths of integer and every SIMD width
// this CPU runs (int8 64 AVX-512 / 32 AVX2, int16 32 / 16, and 1 scalar); bad inputs give typed
// errors. Built, cached and skipped (loudly; failing under CI=true) as in ldpc-native.test.ts.
import { describe, expect, it } from 'vitest';
import {
  decodeLdpcIntMinSum,
  LdpcInputError,
  LdpcNativeIntDecoder,
  LdpcSimdIntDecoder,
  loadNativeAddon,
  nativeIntBackend,
  nativeIntWidths,
  Prng,
  type NativeIntWidth,
  type ParityCheckMatrix,
} from '../../golden/index.js';
import { expectSameDecisions as same, frames, loadCode, NATIVE_CASES, nativeAddonBuilt } from './ldpc-fixtures.js';

const BUILT = nativeAddonBuilt('the native fixed-point LDPC decoder tests (tests/golden/ldpc-native-int.test.ts)');

const CASES = NATIVE_CASES;

describe.skipIf(!BUILT)('native fixed-point decoder = WebAssembly int decoder, frame for frame', () => {
  it('runs the scalar width everywhere and the AVX2 / AVX-512 widths where the CPU has them', () => {
    for (const bits of [8, 16] as const) {
      const widths = nativeIntWidths(bits);
      expect(widths[0]).toBe(1);
      for (const w of widths) expect([1, 256 / bits, 512 / bits]).toContain(w);
      const d = new LdpcNativeIntDecoder(loadCode('CCSDS_64_128'), { rule: 'ms', bits, maxIter: 5, earlyStop: false });
      expect(d.width).toBe(widths[widths.length - 1]);
      expect(d.backend).toBe(nativeIntBackend(bits, d.width));
    }
    expect([nativeIntBackend(8, 32), nativeIntBackend(8, 64), nativeIntBackend(16, 16), nativeIntBackend(16, 32), nativeIntBackend(16, 1)]).toEqual(['avx2', 'avx512', 'avx2', 'avx512', 'scalar']);
  });

  for (const { code, count, ebn0 } of CASES) {
    const h = loadCode(code);
    const llr = frames(h, count, ebn0, 91);
    for (const bits of [8, 16] as const) {
      for (const rule of ['ms', 'nms', 'oms'] as const) {
        it(`${code}, int${bits} ${rule}: ${count} frames at ${ebn0} dB, syndrome stop, maxIter 25, every width`, () => {
          const opts = { rule, bits, maxIter: 25, earlyStop: true } as const;
          const ref = new LdpcSimdIntDecoder(h, opts).decode(llr, count);
          const its = Array.from(ref.iterations);
          expect(its.filter((i) => i === 25).length).toBeGreaterThan(0);
          expect(its.filter((i) => i < 25).length).toBeGreaterThan(count / 3);
          for (const width of nativeIntWidths(bits)) same(new LdpcNativeIntDecoder(h, { ...opts, width }).decode(llr, count), ref);
        });
      }
    }
    it(`${code}: non-default quantizers (scale, channelBits, messageBits, omsOffset), 50 iterations without the stop, every width`, () => {
      const few = llr.subarray(0, 70 * h.n);
      const variants = [
        { rule: 'oms', bits: 8, scale: 4, channelBits: 8, messageBits: 8, omsOffset: 0.25 },
        { rule: 'nms', bits: 8, scale: 8, channelBits: 7, messageBits: 5 },
        { rule: 'ms', bits: 16, scale: 1000, channelBits: 16, messageBits: 16 },
        { rule: 'oms', bits: 16, scale: 3, channelBits: 4, messageBits: 3, omsOffset: 1 },
      ] as const;
      for (const v of variants) {
        const o = { ...v, maxIter: 50, earlyStop: false };
        const ref = new LdpcSimdIntDecoder(h, o).decode(few, 70);
        for (const width of nativeIntWidths(v.bits)) {
          const got = new LdpcNativeIntDecoder(h, { ...o, width }).decode(few, 70);
          expect(Array.from(got.iterations)).toEqual(new Array(70).fill(50));
          same(got, ref);
        }
      }
    });
  }

  it('odd shapes (a degree-1 check, an empty check, degree 36 > the unrolled bodies) and saturating LLRs = the scalar reference', () => {
    const rows = [[0, 1, 2], [3], [], Array.from({ length: 36 }, (_, i) => i + 4), [1, 5, 39]];
    const cols: number[][] = Array.from({ length: 40 }, () => []);
    rows.forEach((r, i) => r.forEach((c) => cols[c]!.push(i)));
    const odd: ParityCheckMatrix = { n: 40, m: rows.length, rows, cols };
    const rng = new Prng(13);
    const count = 67;
    const llr = Float64Array.from({ length: 40 * count }, () => rng.normal(1, 40));
    llr.set([1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, -0, 0, -0, 0.25, -0.25, 0.75, -0.75], 40 * 5);
    for (const bits of [8, 16] as const) {
      for (const rule of ['ms', 'nms', 'oms'] as const) {
        for (const earlyStop of [true, false]) {
          for (const maxIter of [0, 1, 12]) {
            const opts = { rule, bits, maxIter, earlyStop, scale: bits === 8 ? 2 : 600, channelBits: bits } as const;
            const ref = decodeLdpcIntMinSum(odd, llr, count, opts);
            same(new LdpcSimdIntDecoder(odd, { ...opts, unrollDegree: 0 }).decode(llr, count), ref);
            for (const width of nativeIntWidths(bits)) same(new LdpcNativeIntDecoder(odd, { ...opts, width }).decode(llr, count), ref);
          }
        }
      }
    }
    // Saturation happens (posteriors at the rails), so this is not the unsaturated case only.
    const sat = new LdpcSimdIntDecoder(odd, { rule: 'ms', bits: 8, maxIter: 12, earlyStop: false, channelBits: 8 });
    sat.decode(llr.subarray(0, 40 * 16), 16);
    expect(Array.from(sat.posteriors).some((x) => x === 127 || x === -128)).toBe(true);
    const d = new LdpcNativeIntDecoder(odd, { rule: 'ms', bits: 8, maxIter: 3, earlyStop: true });
    same(d.decode(Array.from(llr.subarray(0, 40)), 1), decodeLdpcIntMinSum(odd, llr.subarray(0, 40), 1, { rule: 'ms', bits: 8, maxIter: 3, earlyStop: true }));
    expect(d.decode(new Float64Array(0), 0).iterations.length).toBe(0);
  });

  it('bad inputs give typed errors naming the field, frame and bit', () => {
    const h = loadCode('CCSDS_64_128');
    const d = new LdpcNativeIntDecoder(h, { rule: 'nms', bits: 8, maxIter: 5, earlyStop: true });
    expect(() => d.decode(new Float64Array(h.n * 2 - 1), 2)).toThrow("option 'channelLlr': expected 128 × 2 = 256 LLRs (n × frames), found 255 LLRs");
    expect(() => d.decode(new Float64Array(h.n), 0.5)).toThrow("option 'frames': expected an integer ≥ 0, found 0.5");
    for (const bad of [NaN, Infinity, -Infinity]) {
      const llr = new Float64Array(h.n * 70).fill(1);
      llr[65 * h.n + 17] = bad;
      llr[66 * h.n + 3] = NaN;
      let e: unknown;
      try {
        d.decode(llr, 70);
      } catch (err) {
        e = err;
      }
      expect(e).toBeInstanceOf(LdpcInputError);
      expect(e).toMatchObject({ frame: 65, bit: 17 });
      expect(Object.is((e as LdpcInputError).value, bad)).toBe(true);
    }
    expect(() => new LdpcNativeIntDecoder(h, { rule: 'spa' as 'ms', bits: 8, maxIter: 5, earlyStop: false })).toThrow("option 'rule'");
    expect(() => new LdpcNativeIntDecoder(h, { rule: 'ms', bits: 12 as 8, maxIter: 5, earlyStop: false })).toThrow("option 'bits'");
    expect(() => new LdpcNativeIntDecoder(h, { rule: 'oms', bits: 8, omsOffset: 40, maxIter: 5, earlyStop: false })).toThrow("option 'omsOffset'");
    expect(() => new LdpcNativeIntDecoder(h, { rule: 'ms', bits: 8, maxIter: 5, earlyStop: false, width: 16 as NativeIntWidth })).toThrow("option 'width': expected a lane count this CPU runs for int8");
    const addon = loadNativeAddon();
    const ok = [4, new Int32Array([0, 1]), new Int32Array([2, 0, 1])] as const;
    expect(() => addon.createInt(...ok, 12, 0, 0, 2, 63, 2, 31, 1)).toThrow('bits must be 8 or 16');
    expect(() => addon.createInt(...ok, 8, 0, 0, 2, 200, 2, 31, 1)).toThrow('messageMax must be in 1..');
    expect(() => addon.createInt(...ok, 8, 2, 64, 2, 63, 2, 31, 1)).toThrow('offset must be in 0..messageMax');
    expect(() => addon.createInt(...ok, 8, 0, 0, 2, 63, 2, 31.5, 1)).toThrow('channelMax must be an integer');
    expect(() => addon.createInt(4, new Int32Array([0, 9]), new Int32Array([2, 0, 1]), 8, 0, 0, 2, 63, 2, 31, 1)).toThrow('createInt: edgeVar holds a bit outside');
    expect(() => addon.widths(12)).toThrow('bits must be 0 (float32), 8 or 16');
  });
});

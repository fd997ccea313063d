// The native (C++ Node-API) float decoder against the WebAssembly f32x4 decoder: identical hard
// decisions and iteration counts, frame for frame, for every min-sum rule and every SIMD width this
// CPU runs (16 AVX-512, 8 AVX2, 1 scalar); bad inputs give typed errors. The addon is built (once,
// cached) by buildNativeAddon; without g++, or when the build fails, the file skips loudly, and
// under CI=true it fails.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LdpcInputError,
  LdpcNativeDecoder,
  LdpcOptionError,
  LdpcSimdDecoder,
  loadNativeAddon,
  NativeAddonMissingError,
  nativeWidths,
  Prng,
  type NativeWidth,
  type ParityCheckMatrix,
} from '../../golden/index.js';
import { dataPath } from './helpers.js';
import { expectSameDecisions, frames, loadCode, NATIVE_CASES, nativeAddonBuilt } from './ldpc-fixtures.js';

const BUILT = nativeAddonBuilt('the native LDPC decoder tests (tests/golden/ldpc-native.test.ts)');

const CASES = NATIVE_CASES;

describe.skipIf(!BUILT)('native decoder = WebAssembly f32x4 decoder, frame for frame', () => {
  let widths: NativeWidth[] = [];
  beforeAll(() => {
    widths = nativeWidths();
  });

  it('runs the scalar width everywhere and AVX2 / AVX-512 where the CPU has them', () => {
    expect(widths[0]).toBe(1);
    for (const w of widths) expect([1, 8, 16]).toContain(w);
    const h = loadCode('CCSDS_64_128');
    const d = new LdpcNativeDecoder(h, { rule: 'ms', maxIter: 5, earlyStop: false });
    expect(d.width).toBe(widths[widths.length - 1]);
    expect(d.backend).toBe({ 1: 'scalar', 8: 'avx2', 16: 'avx512' }[d.width]);
  });

  for (const { code, count, ebn0 } of CASES) {
    const h = loadCode(code);
    const llr = frames(h, count, ebn0, 77);
    for (const rule of ['ms', 'nms', 'oms'] as const) {
      it(`${code}, ${rule}: ${count} frames at ${ebn0} dB, syndrome stop, maxIter 25, every width`, () => {
        const opts = { rule, maxIter: 25, earlyStop: true } as const;
        const ref = new LdpcSimdDecoder(h, opts).decode(llr, count);
        const its = Array.from(ref.iterations);
        expect(its.filter((i) => i === 25).length).toBeGreaterThan(0);
        expect(its.filter((i) => i < 25).length).toBeGreaterThan(count / 2);
        for (const width of widths) {
          expectSameDecisions(new LdpcNativeDecoder(h, { ...opts, width }).decode(llr, count), ref);
        }
      });
    }
    it(`${code}, nms 0.625 / oms 0.25: 40 frames, 50 iterations without the stop, every width`, () => {
      const few = llr.subarray(0, 40 * h.n);
      for (const opts of [{ rule: 'nms', nmsFactor: 0.625 }, { rule: 'oms', omsOffset: 0.25 }] as const) {
        const o = { ...opts, maxIter: 50, earlyStop: false };
        const ref = new LdpcSimdDecoder(h, o).decode(few, 40);
        for (const width of widths) {
          const got = new LdpcNativeDecoder(h, { ...o, width }).decode(few, 40);
          expect(Array.from(got.iterations)).toEqual(new Array(40).fill(50));
          expect(Buffer.from(got.hard).equals(Buffer.from(ref.hard))).toBe(true);
        }
      }
    });
  }

  it('odd shapes (a degree-1 check, an empty check, degree 36 > the unrolled bodies) and extreme LLRs', () => {
    const rows = [[0, 1, 2], [3], [], Array.from({ length: 36 }, (_, i) => i + 4), [1, 5, 39]];
    const cols: number[][] = Array.from({ length: 40 }, () => []);
    rows.forEach((r, i) => r.forEach((c) => cols[c]!.push(i)));
    const odd: ParityCheckMatrix = { n: 40, m: rows.length, rows, cols };
    const rng = new Prng(12);
    const count = 21;
    const llr = Float64Array.from({ length: 40 * count }, () => rng.normal(1, 2));
    // ±1e300 and ±MAX_VALUE are clamped to 1e30; -0 must behave as +0 (the kernel reads sign bits).
    llr.set([1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, -0, 0, -0], 40 * 5);
    for (const earlyStop of [true, false]) {
      for (const maxIter of [0, 1, 12]) {
        const opts = { rule: 'oms', maxIter, earlyStop } as const;
        const ref = new LdpcSimdDecoder(odd, { ...opts, unrollDegree: 0 }).decode(llr, count);
        if (earlyStop && maxIter === 12) expect(new Set(ref.iterations).size).toBeGreaterThan(1);
        for (const width of widths) {
          expectSameDecisions(new LdpcNativeDecoder(odd, { ...opts, width }).decode(llr, count), ref);
        }
      }
    }
    // A plain array is accepted as well as a Float64Array; zero frames give empty results, as the SIMD decoder does.
    const d = new LdpcNativeDecoder(odd, { rule: 'ms', maxIter: 3, earlyStop: true });
    expect(Buffer.from(d.decode(Array.from(llr.subarray(0, 40)), 1).hard).equals(Buffer.from(new LdpcSimdDecoder(odd, { rule: 'ms', maxIter: 3, earlyStop: true }).decode(llr.subarray(0, 40), 1).hard))).toBe(true);
    expect(d.decode(new Float64Array(0), 0).iterations.length).toBe(0);
  });

  it('bad inputs give typed errors naming the field, frame and bit', () => {
    const h = loadCode('CCSDS_64_128');
    const d = new LdpcNativeDecoder(h, { rule: 'ms', maxIter: 5, earlyStop: true });
    expect(() => d.decode(new Float64Array(h.n * 2 - 1), 2)).toThrow("option 'channelLlr': expected 128 × 2 = 256 LLRs (n × frames), found 255 LLRs");
    expect(() => d.decode(new Float64Array(0), -1)).toThrow(LdpcOptionError);
    expect(() => d.decode(new Float64Array(h.n), 0.5)).toThrow("option 'frames': expected an integer ≥ 0, found 0.5");
    for (const bad of [NaN, Infinity, -Infinity]) {
      const llr = new Float64Array(h.n * 40).fill(1);
      llr[37 * h.n + 17] = bad;
      llr[38 * h.n + 3] = NaN; // a later one is not the one named
      const e = (() => {
        try {
          d.decode(llr, 40);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(LdpcInputError);
      expect(e).toMatchObject({ frame: 37, bit: 17 });
      expect(Object.is((e as LdpcInputError).value, bad)).toBe(true);
    }
    expect(() => new LdpcNativeDecoder(h, { rule: 'spa' as 'ms', maxIter: 5, earlyStop: false })).toThrow("option 'rule'");
    expect(() => new LdpcNativeDecoder(h, { rule: 'ms', maxIter: -1, earlyStop: false })).toThrow("option 'maxIter'");
    expect(() => new LdpcNativeDecoder(h, { rule: 'nms', nmsFactor: 1.5, maxIter: 5, earlyStop: false })).toThrow("option 'nmsFactor'");
    expect(() => new LdpcNativeDecoder(h, { rule: 'ms', maxIter: 5, earlyStop: false, width: 4 as NativeWidth })).toThrow("option 'width': expected a lane count this CPU runs");
    // The addon itself refuses malformed calls with a JS exception, not a crash.
    const addon = loadNativeAddon();
    expect(() => addon.create(4, new Int32Array([0, 9]), new Int32Array([2, 0, 1]), 0, 0, 1e30, 1)).toThrow('edgeVar holds a bit outside');
    expect(() => addon.create(4, new Int32Array([0, 1]), new Int32Array([2, 0, 2]), 0, 0, 1e30, 1)).toThrow('a segment lies outside');
    expect(() => addon.decode({}, new Float64Array(0), 0, 1, false, new Uint8Array(0), new Int32Array(0))).toThrow('bad handle');
  });

  it('a missing addon is a NativeAddonMissingError naming the path and npm run native:build', () => {
    const h = loadCode('CCSDS_64_128');
    expect(() => new LdpcNativeDecoder(h, { rule: 'ms', maxIter: 5, earlyStop: false, addonPath: '/nonexistent/ldpc_native.node' })).toThrow(NativeAddonMissingError);
    expect(() => loadNativeAddon('/nonexistent/ldpc_native.node')).toThrow('not available at /nonexistent/ldpc_native.node: no such file; build it with `npm run native:build`');
    expect(() => loadNativeAddon(dataPath('ldpc/CCSDS_64_128.alist'))).toThrow(/does not load/);
  });
});

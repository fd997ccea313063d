// The WebAssembly SIMD min-sum decoder: bit-exact against a float32 scalar reference written here,
// lane independence, the syndrome stop, and hostile values.
import { describe, expect, it } from 'vitest';
import {
  awgnLlr,
  awgnSigma,
  LdpcInputError,
  LdpcOptionError,
  LdpcSimdDecoder,
  parseAlist,
  Prng,
  type LdpcSimdOptions,
  type ParityCheckMatrix,
} from '../../golden/index.js';
import { dataPath, readData } from './helpers.js';

const f = Math.fround;
const h: ParityCheckMatrix = parseAlist(readData('ldpc/WIMAX_288_576.alist'), dataPath('ldpc/WIMAX_288_576.alist'));

/** Layered min-sum of one frame in float32 (every sum rounded with Math.fround), straight from the definition. */
function reference(llr: ArrayLike<number>, o: LdpcSimdOptions): { post: Float32Array; iterations: number } {
  const app = Float32Array.from(llr, (x) => Math.max(-1e30, Math.min(1e30, x)));
  const c2v = h.rows.map((r) => new Float32Array(r.length));
  const ok = () => h.rows.every((r) => r.reduce((p, v) => p ^ (app[v]! < 0 ? 1 : 0), 0) === 0);
  const factor = f(o.nmsFactor ?? 0.75);
  const offset = f(o.omsOffset ?? 0.5);
  if (o.earlyStop && ok()) return { post: app, iterations: 0 };
  for (let it = 1; it <= o.maxIter; it++) {
    h.rows.forEach((row, r) => {
      const t = row.map((v, k) => f(app[v]! - c2v[r]![k]!));
      row.forEach((v, k) => {
        const others = t.filter((_, j) => j !== k);
        let mag = Math.min(...others.map(Math.abs));
        if (o.rule === 'nms') mag = f(mag * factor);
        if (o.rule === 'oms') mag = Math.max(f(mag - offset), 0);
        mag = Math.min(mag, f(1e30));
        const c = others.filter((x) => x < 0).length % 2 ? -mag : mag;
        c2v[r]![k] = c;
        app[v] = f(t[k]! + c);
      });
    });
    if (o.earlyStop && ok()) return { post: app, iterations: it };
  }
  return { post: app, iterations: o.maxIter };
}

function frames(count: number, ebn0: number, seed: number): Float64Array {
  const rng = new Prng(seed);
  const llr = new Float64Array(h.n * count);
  for (let k = 0; k < count; k++) awgnLlr(new Uint8Array(h.n), awgnSigma(0.5, ebn0), rng, llr, k * h.n);
  return llr;
}

describe('SIMD layered min-sum on WiMAX (576,288)', () => {
  for (const vectors of [1, 2] as const) {
    for (const rule of ['ms', 'nms', 'oms'] as const) {
      it(`${rule}, ${vectors} vector(s): every lane equals the float32 reference bit for bit after 8 iterations`, () => {
        const opts = { rule, maxIter: 8, earlyStop: false, vectors };
        const dec = new LdpcSimdDecoder(h, opts);
        const F = dec.framesPerPass;
        expect(F).toBe(4 * vectors);
        const llr = frames(F, 1.0, 3);
        const r = dec.decode(llr, F);
        for (let lane = 0; lane < F; lane++) {
          const ref = reference(llr.subarray(lane * h.n, (lane + 1) * h.n), opts);
          const got = Float32Array.from({ length: h.n }, (_, v) => dec.posteriors[F * v + lane]!);
          expect(Buffer.from(got.buffer).equals(Buffer.from(ref.post.buffer))).toBe(true);
          expect(Array.from(r.hard.subarray(lane * h.n, (lane + 1) * h.n))).toEqual(Array.from(ref.post, (x) => (x < 0 ? 1 : 0)));
        }
      });
    }

    it(`${vectors} vector(s): the syndrome stop per lane equals the reference; a partial last pass`, () => {
      const count = 4 * vectors + 2; // the last pass has empty lanes
      const llr = frames(count, 1.5, 9);
      const opts = { rule: 'ms', maxIter: 30, earlyStop: true, vectors } as const;
      const r = new LdpcSimdDecoder(h, opts).decode(llr, count);
      const its: number[] = [];
      for (let k = 0; k < count; k++) {
        const ref = reference(llr.subarray(k * h.n, (k + 1) * h.n), opts);
        its.push(ref.iterations);
        expect(r.iterations[k]).toBe(ref.iterations);
        expect(Array.from(r.hard.subarray(k * h.n, (k + 1) * h.n))).toEqual(Array.from(ref.post, (x) => (x < 0 ? 1 : 0)));
      }
      expect(new Set(its).size).toBeGreaterThan(1); // lanes really stopped at different iterations
    });
  }

  it('deterministic, and a frame decodes the same whatever shares its pass', () => {
    const llr = frames(5, 1.5, 4);
    const opts = { rule: 'oms', maxIter: 20, earlyStop: true } as const;
    const dec = new LdpcSimdDecoder(h, opts);
    const a = dec.decode(llr, 5);
    const b = dec.decode(llr, 5);
    expect(Buffer.from(a.hard).equals(Buffer.from(b.hard))).toBe(true);
    const alone = dec.decode(llr.subarray(4 * h.n), 1); // frame 4 alone (lane 0) vs in lane 0 of pass 2
    const first = dec.decode(llr.subarray(0, h.n), 1);
    expect(Array.from(alone.hard)).toEqual(Array.from(a.hard.subarray(4 * h.n)));
    expect(Array.from(first.hard)).toEqual(Array.from(a.hard.subarray(0, h.n)));
    expect(first.iterations[0]).toBe(a.iterations[0]);
  });

  it('hostile values: non-finite LLRs name frame and bit; huge ones stay finite; SPA is refused', () => {
    // 96.3.963 is (3,6)-regular: uncapped, agreeing min-sum messages double each iteration and pass
    // float32's range within 30 (WiMAX's degree-2 bits only let them grow linearly).
    const h96 = parseAlist(readData('ldpc/96.3.963.alist'), dataPath('ldpc/96.3.963.alist'));
    const big = new LdpcSimdDecoder(h96, { rule: 'ms', maxIter: 60, earlyStop: false });
    const huge = new Float64Array(h96.n * 6).fill(1e300);
    for (let i = 3 * h96.n; i < huge.length; i += 3) huge[i] = -Number.MAX_VALUE; // frames 3–5: mixed signs
    for (const first of [0, 2]) {
      big.decode(huge.subarray(first * h96.n, (first + 4) * h96.n), 4); // one pass of four frames
      for (const x of big.posteriors) expect(Number.isFinite(x)).toBe(true);
    }
    const dec = new LdpcSimdDecoder(h, { rule: 'ms', maxIter: 5, earlyStop: false });
    const llr = new Float64Array(h.n * 6).fill(1);
    llr[5 * h.n + 17] = NaN;
    expect(() => dec.decode(llr, 6)).toThrow(LdpcInputError);
    expect(() => dec.decode(llr, 6)).toThrow('channel LLR of frame 5, bit 17 is NaN');
    expect(() => new LdpcSimdDecoder(h, { rule: 'spa' as 'ms', maxIter: 5, earlyStop: false })).toThrow(
      "option 'rule': expected ms | nms | oms (the SIMD decoder has no sum-product), found spa",
    );
    expect(() => new LdpcSimdDecoder(h, { rule: 'ms', maxIter: -2, earlyStop: false })).toThrow(LdpcOptionError);
    expect(() => new LdpcSimdDecoder(h, { rule: 'ms', maxIter: 2, earlyStop: false, vectors: 3 as 1 })).toThrow(
      "option 'vectors': expected 1 | 2 | 4, found 3",
    );
  });
});

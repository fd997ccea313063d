// The fast path: layered min-sum (MS / NMS / OMS) in WebAssembly SIMD, 4 · vectors frames per pass
// in float32 lanes (or 2 · vectors in float64 lanes). Same rules, schedule and syndrome stop as
// LdpcFloatDecoder (layered) of the same precision, decision for decision.
import type { ParityCheckMatrix } from '../formats/alist.js';
import { checkFrames, checkOptions, type LdpcFloatOptions, type LdpcFloatResult } from './decoder.js';
import { LdpcInputError, LdpcOptionError } from './errors.js';
import { minSumSimdKernel } from './simd-kernel.js';
import { instantiate } from './simd-plan.js';

/** Frames per pass by default: one per f32 lane of one 128-bit vector. */
export const SIMD_FRAMES = 4;
/** Checks up to this degree get a fully unrolled body (longer ones a loop). */
const UNROLL_DEGREE = 32;
const VECTORS = [1, 2, 4] as const;

export type LdpcSimdOptions = Omit<LdpcFloatOptions, 'schedule' | 'rule' | 'precision'> & {
  rule: 'ms' | 'nms' | 'oms';
  /** Lane type: 'float32' (f32x4, default: the fast path) or 'float64' (f64x2, half the frames per vector). */
  precision?: 'float32' | 'float64';
  /** 128-bit vectors per bit and edge: 1 (4 frames per pass, default), 2 (8) or 4 (16). */
  vectors?: 1 | 2 | 4;
  /** Tuning/testing knob: checks of degree above this run a looped body (default 32). */
  unrollDegree?: number;
};

/** The LdpcInputError for the first non-finite LLR (in frame order) of frames f0 … f0 + lanes − 1. */
export function firstNonFinite(llr: ArrayLike<number>, n: number, f0: number, lanes: number): LdpcInputError {
  for (let l = 0; l < lanes; l++) {
    for (let i = 0; i < n; i++) {
      const x = llr[(f0 + l) * n + i]!;
      if (!Number.isFinite(x)) return new LdpcInputError(f0 + l, i, x);
    }
  }
  throw new Error('firstNonFinite: no non-finite value'); // unreachable: called after one was seen
}

/** A reusable SIMD decoder for one code: the module and its memory are built once. */
export class LdpcSimdDecoder {
  readonly n: number;
  readonly m: number;
  readonly edges: number;
  readonly options: Readonly<Required<LdpcFloatOptions>>;
  /** Frames decoded per pass (4 × vectors): lane f of bit v is posteriors[framesPerPass · v + f]. */
  readonly framesPerPass: number;
  private readonly iter: () => void;
  private readonly syndrome: () => number;
  private readonly pack: () => number;
  private readonly unpack: () => void;
  /** The pass's channel LLRs (frame-major) and hard decisions (frame-major) in the module's memory. */
  private readonly src: Float64Array;
  private readonly hardOut: Uint8Array;
  /** hardOut's per-lane views (made once, so finishing a lane allocates nothing). */
  private readonly hardLanes: Uint8Array[];
  private readonly c2v: Float32Array | Float64Array;
  private readonly app: Float32Array | Float64Array;

  constructor(h: ParityCheckMatrix, options: LdpcSimdOptions) {
    const rule = options.rule;
    if (rule !== 'ms' && rule !== 'nms' && rule !== 'oms') throw new LdpcOptionError('rule', 'ms | nms | oms (the SIMD decoder has no sum-product)', rule);
    const precision = options.precision ?? 'float32';
    if (precision !== 'float32' && precision !== 'float64') throw new LdpcOptionError('precision', 'float32 | float64', precision);
    this.options = checkOptions({ ...options, schedule: 'layered', precision });
    const vectors = options.vectors ?? 1;
    if (!VECTORS.includes(vectors)) throw new LdpcOptionError('vectors', VECTORS.join(' | '), vectors);
    const unrollDegree = options.unrollDegree ?? UNROLL_DEGREE;
    if (!Number.isInteger(unrollDegree) || unrollDegree < 0) throw new LdpcOptionError('unrollDegree', 'an integer ≥ 0', unrollDegree);
    const lanes = precision === 'float32' ? SIMD_FRAMES : SIMD_FRAMES / 2;
    const F = (this.framesPerPass = lanes * vectors);
    this.n = h.n;
    this.m = h.m;
    const k = minSumSimdKernel({
      rows: h.rows,
      n: h.n,
      groups: vectors,
      variant: rule,
      factor: this.options.nmsFactor,
      offset: this.options.omsOffset,
      unrollDegree,
      precision,
    });
    const inst = instantiate(k);
    this.iter = inst.iter;
    this.syndrome = inst.syndrome;
    this.pack = inst.pack;
    this.unpack = inst.unpack;
    const buf = inst.buffer;
    let edges = 0;
    for (const row of h.rows) edges += row.length;
    this.edges = edges;
    // The kernel takes each edge's bit as the byte offset of its lanes.
    const idx = new Int32Array(buf, k.idx, edges);
    let e = 0;
    for (const row of h.rows) for (const v of row) idx[e++] = v * 16 * vectors;
    const View = precision === 'float32' ? Float32Array : Float64Array;
    this.c2v = new View(buf, k.c2v, F * edges);
    this.app = new View(buf, k.app, F * h.n);
    this.src = new Float64Array(buf, k.src, F * h.n);
    this.hardOut = new Uint8Array(buf, k.hard, F * h.n);
    this.hardLanes = Array.from({ length: F }, (_, l) => this.hardOut.subarray(l * h.n, (l + 1) * h.n));
  }

  /** The a-posteriori LLRs of the last pass, interleaved: lane f of bit v at framesPerPass · v + f (live view). */
  get posteriors(): Float32Array | Float64Array {
    return this.app;
  }

  /** Decode `frames` frames of `channelLlr` (n × frames, frame-major), framesPerPass at a time. */
  decode(channelLlr: ArrayLike<number>, frames: number): LdpcFloatResult {
    const { n, framesPerPass: F } = this;
    checkFrames(n, channelLlr, frames);
    const hard = new Uint8Array(n * frames);
    const iterations = new Int32Array(frames);
    const { maxIter, earlyStop } = this.options;
    for (let f0 = 0; f0 < frames; f0 += F) {
      const lanes = Math.min(F, frames - f0);
      // The pass's frames into the module's memory (a memcpy for a Float64Array), then pack() turns
      // them into lanes there: clamps/quantizes, and flags a NaN or ±Infinity before any iteration.
      const base = f0 * n;
      const len = lanes * n;
      const { src } = this;
      if (channelLlr instanceof Float64Array) src.set(channelLlr.subarray(base, base + len));
      else for (let j = 0; j < len; j++) src[j] = channelLlr[base + j]!;
      src.fill(0, len); // unused lanes of the last pass decode zeros
      if (n > 0 && this.pack() !== 0) throw firstNonFinite(channelLlr, n, f0, lanes);
      this.c2v.fill(0);
      // open: lanes still decoding (bit l = lane l).
      let open = 2 ** lanes - 1;
      for (let it = 0; ; it++) {
        if (it > 0) this.iter();
        if (earlyStop) open = this.finish(open & ~this.syndrome(), open, it, f0, lanes, hard, iterations);
        if (it === maxIter) open = this.finish(open, open, it, f0, lanes, hard, iterations);
        if (open === 0) break;
      }
    }
    return { hard, iterations };
  }

  /** Lanes in `stop` finish at iteration `it`: record it and their decisions; returns the lanes still open. */
  private finish(stop: number, open: number, it: number, f0: number, lanes: number, hard: Uint8Array, iterations: Int32Array): number {
    if (stop === 0) return open;
    const { n } = this;
    for (let l = 0; l < lanes; l++) if (stop & (1 << l)) iterations[f0 + l] = it;
    if (n > 0) this.unpack();
    for (let l = 0; l < lanes; l++) if (stop & (1 << l)) hard.set(this.hardLanes[l]!, (f0 + l) * n);
    return open & ~stop;
  }
}

// The fast path: layered min-sum (MS / NMS / OMS) in WebAssembly SIMD, 4 · vectors frames per pass
// in float32 lanes (or 2 · vectors in float64 lanes). Same rules, schedule and syndrome stop as
// LdpcFloatDecoder (layered) of the same precision, decision for decision.
import type { ParityCheckMatrix } from '../formats/alist.js';
import { checkOptions, type LdpcFloatOptions, type LdpcFloatResult } from './decoder.js';
import { LdpcOptionError } from './errors.js';
import { minSumSimdKernel } from './simd-kernel.js';
import { SimdPasses } from './simd-passes.js';

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

/** A reusable SIMD decoder for one code: the module and its memory are built once. */
export class LdpcSimdDecoder {
  readonly n: number;
  readonly m: number;
  readonly edges: number;
  readonly options: Readonly<Required<LdpcFloatOptions>>;
  /** Frames decoded per pass (4 × vectors): lane f of bit v is posteriors[framesPerPass · v + f]. */
  readonly framesPerPass: number;
  private readonly passes: SimdPasses;
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
    this.passes = new SimdPasses(k, h, vectors, F);
    this.edges = this.passes.edges;
    const View = precision === 'float32' ? Float32Array : Float64Array;
    this.c2v = new View(this.passes.buffer, k.c2v, F * this.edges);
    this.app = new View(this.passes.buffer, k.app, F * h.n);
  }

  /** The a-posteriori LLRs of the last pass, interleaved: lane f of bit v at framesPerPass · v + f (live view). */
  get posteriors(): Float32Array | Float64Array {
    return this.app;
  }

  /** Decode `frames` frames of `channelLlr` (n × frames, frame-major), framesPerPass at a time. */
  decode(channelLlr: ArrayLike<number>, frames: number): LdpcFloatResult {
    return this.passes.decode(channelLlr, frames, this.c2v, this.options.maxIter, this.options.earlyStop);
  }
}

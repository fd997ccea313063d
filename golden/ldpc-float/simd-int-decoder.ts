// The fixed-point fast path: layered min-sum / normalised min-sum / offset min-sum in saturating i8x16 or i16x8
// WebAssembly SIMD, 16 or 8 frames per vector. Bit for bit decodeLdpcIntMinSum (int-minsum.ts).
import type { ParityCheckMatrix } from '../formats/alist.js';
import type { LdpcFloatResult } from './decoder.js';
import { LdpcOptionError } from './errors.js';
import { checkIntOptions, type IntMinSumParams, type LdpcIntOptions } from './int-minsum.js';
import { intMinSumSimdKernel } from './simd-int-kernel.js';
import { SimdPasses } from './simd-passes.js';

export type LdpcSimdIntOptions = LdpcIntOptions & {
  /** 128-bit vectors per bit and edge: 1 (default) or 2 (at most 32 frames per pass). */
  vectors?: 1 | 2;
  /** Tuning/testing knob: checks of degree above this run a looped body (default 32). */
  unrollDegree?: number;
};

export class LdpcSimdIntDecoder {
  readonly n: number;
  readonly edges: number;
  readonly params: IntMinSumParams;
  /** Frames per pass: (128 / bits) × vectors; lane f of bit v is posteriors[framesPerPass · v + f]. */
  readonly framesPerPass: number;
  private readonly passes: SimdPasses;
  private readonly app: Int8Array | Int16Array;
  private readonly c2v: Int8Array | Int16Array;

  constructor(h: ParityCheckMatrix, options: LdpcSimdIntOptions) {
    this.params = checkIntOptions(options);
    const vectors = options.vectors ?? 1;
    if (vectors !== 1 && vectors !== 2) throw new LdpcOptionError('vectors', '1 | 2', vectors);
    const unrollDegree = options.unrollDegree ?? 32;
    if (!Number.isInteger(unrollDegree) || unrollDegree < 0) throw new LdpcOptionError('unrollDegree', 'an integer ≥ 0', unrollDegree);
    const { bits, offset, messageMax, scale, channelMax } = this.params;
    const F = (this.framesPerPass = (128 / bits) * vectors);
    this.n = h.n;
    const normalised = this.params.rule === 'nms';
    const k = intMinSumSimdKernel({ rows: h.rows, n: h.n, groups: vectors, bits, offset, normalised, messageMax, scale, channelMax, unrollDegree });
    this.passes = new SimdPasses(k, h, vectors, F);
    this.edges = this.passes.edges;
    const View = bits === 8 ? Int8Array : Int16Array;
    this.app = new View(this.passes.buffer, k.app, F * h.n);
    this.c2v = new View(this.passes.buffer, k.c2v, F * this.edges);
  }

  /** The posteriors of the last pass (integer steps), interleaved by lane (live view). */
  get posteriors(): Int8Array | Int16Array {
    return this.app;
  }

  decode(channelLlr: ArrayLike<number>, frames: number): LdpcFloatResult {
    return this.passes.decode(channelLlr, frames, this.c2v, this.params.maxIter, this.params.earlyStop);
  }
}

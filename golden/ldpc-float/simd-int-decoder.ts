// The fixed-point fast path: layered min-sum / offset min-sum in saturating i8x16 or i16x8
// WebAssembly SIMD, 16 or 8 frames per vector. Bit for bit decodeLdpcIntMinSum (int-minsum.ts).
import type { ParityCheckMatrix } from '../formats/alist.js';
import type { LdpcFloatResult } from './decoder.js';
import { checkFrames } from './decoder.js';
import { LdpcOptionError } from './errors.js';
import { checkIntOptions, type IntMinSumParams, type LdpcIntOptions } from './int-minsum.js';
import { firstNonFinite } from './simd-decoder.js';
import { intMinSumSimdKernel } from './simd-int-kernel.js';
import { instantiate } from './simd-plan.js';

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
  private readonly iter: () => void;
  private readonly syndrome: () => number;
  private readonly pack: () => number;
  private readonly unpack: () => void;
  /** The pass's channel LLRs (frame-major) and hard decisions (frame-major) in the module's memory. */
  private readonly src: Float64Array;
  private readonly hardOut: Uint8Array;
  /** hardOut's per-lane views (made once, so finishing a lane allocates nothing). */
  private readonly hardLanes: Uint8Array[];
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
    const k = intMinSumSimdKernel({ rows: h.rows, n: h.n, groups: vectors, bits, offset, messageMax, scale, channelMax, unrollDegree });
    const inst = instantiate(k);
    this.iter = inst.iter;
    this.syndrome = inst.syndrome;
    this.pack = inst.pack;
    this.unpack = inst.unpack;
    let edges = 0;
    for (const row of h.rows) edges += row.length;
    this.edges = edges;
    const idx = new Int32Array(inst.buffer, k.idx, edges);
    let e = 0;
    for (const row of h.rows) for (const v of row) idx[e++] = v * 16 * vectors;
    const View = bits === 8 ? Int8Array : Int16Array;
    this.app = new View(inst.buffer, k.app, F * h.n);
    this.c2v = new View(inst.buffer, k.c2v, F * edges);
    this.src = new Float64Array(inst.buffer, k.src, F * h.n);
    this.hardOut = new Uint8Array(inst.buffer, k.hard, F * h.n);
    this.hardLanes = Array.from({ length: F }, (_, l) => this.hardOut.subarray(l * h.n, (l + 1) * h.n));
  }

  /** The posteriors of the last pass (integer steps), interleaved by lane (live view). */
  get posteriors(): Int8Array | Int16Array {
    return this.app;
  }

  decode(channelLlr: ArrayLike<number>, frames: number): LdpcFloatResult {
    const { n, framesPerPass: F, params } = this;
    checkFrames(n, channelLlr, frames);
    const hard = new Uint8Array(n * frames);
    const iterations = new Int32Array(frames);
    for (let f0 = 0; f0 < frames; f0 += F) {
      const lanes = Math.min(F, frames - f0);
      // The pass's frames into the module's memory (a memcpy for a Float64Array), then pack()
      // quantizes them into lanes there (int-minsum.ts's quantizer) and flags a NaN or ±Infinity.
      const base = f0 * n;
      const len = lanes * n;
      const { src } = this;
      if (channelLlr instanceof Float64Array) src.set(channelLlr.subarray(base, base + len));
      else for (let j = 0; j < len; j++) src[j] = channelLlr[base + j]!;
      src.fill(0, len); // unused lanes of the last pass decode zeros
      if (n > 0 && this.pack() !== 0) throw firstNonFinite(channelLlr, n, f0, lanes);
      this.c2v.fill(0);
      // open: lanes still decoding (bit l = lane l; up to 32 lanes, so int32 bit operations).
      let open = lanes === 32 ? -1 : (1 << lanes) - 1;
      for (let it = 0; ; it++) {
        if (it > 0) this.iter();
        if (params.earlyStop) open = this.finish(open & ~this.syndrome(), open, it, f0, lanes, hard, iterations);
        if (it === params.maxIter) open = this.finish(open, open, it, f0, lanes, hard, iterations);
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

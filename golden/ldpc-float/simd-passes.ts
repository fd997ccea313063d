// The host side both SIMD decoders share (float lanes in simd-decoder.ts, fixed-point lanes in
// simd-int-decoder.ts): one instantiated kernel module for one code, its memory views, and the
// pass loop — a pass's frames into the module, pack(), iterate with the syndrome stop, and each
// lane's decisions out when it finishes.
import type { ParityCheckMatrix } from '../formats/alist.js';
import { checkFrames, type LdpcFloatResult } from './decoder.js';
import { LdpcInputError } from './errors.js';
import { instantiate, type KernelInstance, type KernelModule } from './simd-plan.js';

/** The LdpcInputError for the first non-finite LLR (in frame order) of frames f0 … f0 + lanes − 1. */
function firstNonFinite(llr: ArrayLike<number>, n: number, f0: number, lanes: number): LdpcInputError {
  for (let l = 0; l < lanes; l++) {
    for (let i = 0; i < n; i++) {
      const x = llr[(f0 + l) * n + i]!;
      if (!Number.isFinite(x)) return new LdpcInputError(f0 + l, i, x);
    }
  }
  throw new Error('firstNonFinite: no non-finite value'); // unreachable: called after one was seen
}

export class SimdPasses {
  readonly edges: number;
  /** The module's memory (the decoders view their posteriors and messages in it). */
  readonly buffer: ArrayBuffer;
  private readonly inst: KernelInstance;
  private readonly n: number;
  /** The pass's channel LLRs (frame-major) in the module's memory. */
  private readonly src: Float64Array;
  /** Per-lane views of the module's hard decisions (made once, so finishing a lane allocates nothing). */
  private readonly hardLanes: Uint8Array[];

  /** `framesPerPass` lanes of `vectors` 128-bit vectors per bit and edge. */
  constructor(k: KernelModule, h: ParityCheckMatrix, vectors: number, readonly framesPerPass: number) {
    this.inst = instantiate(k);
    this.buffer = this.inst.buffer;
    this.n = h.n;
    let edges = 0;
    for (const row of h.rows) edges += row.length;
    this.edges = edges;
    // The kernel takes each edge's bit as the byte offset of its lanes.
    const idx = new Int32Array(this.buffer, k.idx, edges);
    let e = 0;
    for (const row of h.rows) for (const v of row) idx[e++] = v * 16 * vectors;
    const F = framesPerPass;
    this.src = new Float64Array(this.buffer, k.src, F * h.n);
    const hardOut = new Uint8Array(this.buffer, k.hard, F * h.n);
    this.hardLanes = Array.from({ length: F }, (_, l) => hardOut.subarray(l * h.n, (l + 1) * h.n));
  }

  /** Decode `frames` frames of `channelLlr` (n × frames, frame-major), framesPerPass at a time; `c2v` is cleared before each pass. */
  decode(channelLlr: ArrayLike<number>, frames: number, c2v: { fill(value: number): unknown }, maxIter: number, earlyStop: boolean): LdpcFloatResult {
    const { n, framesPerPass: F, src, inst } = this;
    checkFrames(n, channelLlr, frames);
    const hard = new Uint8Array(n * frames);
    const iterations = new Int32Array(frames);
    for (let f0 = 0; f0 < frames; f0 += F) {
      const lanes = Math.min(F, frames - f0);
      // The pass's frames into the module's memory (a memcpy for a Float64Array), then pack() turns
      // them into lanes there (clamps or quantizes) and flags a NaN or ±Infinity before any iteration.
      const base = f0 * n;
      const len = lanes * n;
      if (channelLlr instanceof Float64Array) src.set(channelLlr.subarray(base, base + len));
      else for (let j = 0; j < len; j++) src[j] = channelLlr[base + j]!;
      src.fill(0, len); // unused lanes of the last pass decode zeros
      if (n > 0 && inst.pack() !== 0) throw firstNonFinite(channelLlr, n, f0, lanes);
      c2v.fill(0);
      // open: lanes still decoding (bit l = lane l; at most 32 lanes, so int32 bit operations).
      let open = lanes === 32 ? -1 : (1 << lanes) - 1;
      for (let it = 0; ; it++) {
        if (it > 0) inst.iter();
        if (earlyStop) open = this.finish(open & ~inst.syndrome(), open, it, f0, lanes, hard, iterations);
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
    if (n > 0) this.inst.unpack();
    for (let l = 0; l < lanes; l++) if (stop & (1 << l)) hard.set(this.hardLanes[l]!, (f0 + l) * n);
    return open & ~stop;
  }
}

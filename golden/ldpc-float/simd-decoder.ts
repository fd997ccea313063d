// The fast path: layered min-sum (MS / NMS / OMS) in WebAssembly SIMD, 4 (or 8) frames per pass in
// float32 lanes. Same rules, schedule and syndrome stop as LdpcFloatDecoder, in single precision.
import type { ParityCheckMatrix } from '../formats/alist.js';
import { checkFrames, checkOptions, type LdpcFloatOptions, type LdpcFloatResult } from './decoder.js';
import { LdpcInputError, LdpcOptionError } from './errors.js';
import { LLR_LIMIT } from './kernels.js';
import { minSumSimdModule } from './simd-kernel.js';

/** Frames per pass by default: one per f32 lane of one 128-bit vector. */
export const SIMD_FRAMES = 4;
const VARIANT = { ms: 0, nms: 1, oms: 2 } as const;

export type LdpcSimdOptions = Omit<LdpcFloatOptions, 'schedule' | 'rule'> & {
  rule: 'ms' | 'nms' | 'oms';
  /** 128-bit vectors per bit and edge: 1 (4 frames per pass, default) or 2 (8 frames; measured no faster). */
  vectors?: 1 | 2;
};

type IterFn = (m: number, r: number, ev: number, c: number, a: number, t: number, variant: number, factor: number, offset: number) => void;

/** A reusable SIMD decoder for one code: the module and its memory are built once. */
export class LdpcSimdDecoder {
  readonly n: number;
  readonly m: number;
  readonly edges: number;
  readonly options: Readonly<Required<LdpcFloatOptions>>;
  private readonly iter: IterFn;
  private readonly rowOff: Int32Array;
  private readonly edgeVar: Int32Array;
  private readonly c2v: Float32Array;
  private readonly app: Float32Array;
  private readonly at: { R: number; EV: number; C: number; A: number; T: number };
  private readonly variant: number;
  /** Frames decoded per pass (4 × vectors): lane f of bit v is posteriors[framesPerPass · v + f]. */
  readonly framesPerPass: number;
  private readonly done: Uint8Array;

  constructor(h: ParityCheckMatrix, options: LdpcSimdOptions) {
    if (!(options.rule in VARIANT)) throw new LdpcOptionError('rule', 'ms | nms | oms (the SIMD decoder has no sum-product)', options.rule);
    this.options = checkOptions({ ...options, schedule: 'layered' });
    this.variant = VARIANT[options.rule];
    const vectors = options.vectors ?? 1;
    if (vectors !== 1 && vectors !== 2) throw new LdpcOptionError('vectors', '1 or 2', vectors);
    const F = (this.framesPerPass = SIMD_FRAMES * vectors);
    this.done = new Uint8Array(F);
    const laneBytes = 4 * F;
    this.n = h.n;
    this.m = h.m;
    let edges = 0;
    let maxDeg = 0;
    for (const row of h.rows) {
      edges += row.length;
      maxDeg = Math.max(maxDeg, row.length);
    }
    this.edges = edges;
    const align = (x: number) => (x + 15) & ~15;
    const R = 0;
    const EV = align(R + 4 * (h.m + 1));
    const C = align(EV + 4 * edges);
    const A = C + laneBytes * edges;
    const T = A + laneBytes * h.n;
    const bytes = T + laneBytes * maxDeg;
    const module = new WebAssembly.Module(minSumSimdModule(vectors, Math.max(1, Math.ceil(bytes / 65536)), VARIANT.nms, VARIANT.oms));
    const exports = new WebAssembly.Instance(module).exports as { mem: WebAssembly.Memory; iter: IterFn };
    this.iter = exports.iter;
    const buf = exports.mem.buffer;
    this.rowOff = new Int32Array(buf, R, h.m + 1);
    this.edgeVar = new Int32Array(edges);
    let e = 0;
    h.rows.forEach((row, r) => {
      this.rowOff[r] = e;
      for (const v of row) this.edgeVar[e++] = v;
    });
    this.rowOff[h.m] = e;
    // The kernel takes each edge's bit as the byte offset of its lanes.
    new Int32Array(buf, EV, edges).set(this.edgeVar.map((v) => v * laneBytes));
    this.c2v = new Float32Array(buf, C, F * edges);
    this.app = new Float32Array(buf, A, F * h.n);
    this.at = { R, EV, C, A, T };
  }

  /** The a-posteriori LLRs of the last pass, interleaved: lane f of bit v at framesPerPass · v + f (live view). */
  get posteriors(): Float32Array {
    return this.app;
  }

  private laneOk(lane: number): boolean {
    const { m, rowOff, edgeVar, app, framesPerPass: F } = this;
    for (let r = 0; r < m; r++) {
      let par = 0;
      for (let e = rowOff[r]!; e < rowOff[r + 1]!; e++) if (app[F * edgeVar[e]! + lane]! < 0) par ^= 1;
      if (par) return false;
    }
    return true;
  }

  /** Decode `frames` frames of `channelLlr` (n × frames, frame-major), framesPerPass at a time. */
  decode(channelLlr: ArrayLike<number>, frames: number): LdpcFloatResult {
    const { n, app, done, framesPerPass: F } = this;
    checkFrames(n, channelLlr, frames);
    const hard = new Uint8Array(n * frames);
    const iterations = new Int32Array(frames);
    const { maxIter, earlyStop, nmsFactor, omsOffset } = this.options;
    const { R, EV, C, A, T } = this.at;
    for (let f0 = 0; f0 < frames; f0 += F) {
      const lanes = Math.min(F, frames - f0);
      for (let l = 0; l < F; l++) {
        for (let i = 0; i < n; i++) {
          // Unused lanes of the last pass decode zeros; + 0 turns −0 into +0 (sign bits are signs here).
          const x = l < lanes ? channelLlr[(f0 + l) * n + i]! : 0;
          if (!Number.isFinite(x)) throw new LdpcInputError(f0 + l, i, x);
          app[F * i + l] = (x > LLR_LIMIT ? LLR_LIMIT : x < -LLR_LIMIT ? -LLR_LIMIT : x) + 0;
        }
        done[l] = l < lanes ? 0 : 1;
      }
      this.c2v.fill(0);
      let open = lanes;
      const finish = (l: number, it: number) => {
        done[l] = 1;
        open--;
        iterations[f0 + l] = it;
        for (let i = 0; i < n; i++) hard[(f0 + l) * n + i] = app[F * i + l]! < 0 ? 1 : 0;
      };
      for (let it = 0; it <= maxIter && open > 0; it++) {
        if (it > 0) this.iter(this.m, R, EV, C, A, T, this.variant, nmsFactor, omsOffset);
        for (let l = 0; l < lanes; l++) if (!done[l] && ((earlyStop && this.laneOk(l)) || it === maxIter)) finish(l, it);
      }
    }
    return { hard, iterations };
  }
}

// The float LDPC decoder: the software reference the chip's BER is held against, and the fast
// software decoder users run. LLR = ln p(0)/p(1); hard decision 1 where the posterior is < 0.
import type { ParityCheckMatrix } from '../formats/alist.js';
import { LdpcInputError, LdpcOptionError } from './errors.js';
import { LLR_LIMIT, MS_NORMALISED, MS_OFFSET, MS_PLAIN, minSumIteration, spaIteration, syndromeOk, type Workspace } from './kernels.js';
import { minSumIterationF32 } from './kernels-f32.js';

/** Check-node rule, as in aff3ct: sum-product (box-plus), min-sum, normalised and offset min-sum. */
export type LdpcRule = 'spa' | 'ms' | 'nms' | 'oms';
/** Flooding (all checks from the previous iteration's posteriors) or horizontal row-layered. */
export type LdpcSchedule = 'flooding' | 'layered';
/** Arithmetic of the min-sum rules: float64 (default) or float32 (the SIMD decoder's, bit for bit). */
export type LdpcPrecision = 'float64' | 'float32';

export interface LdpcFloatOptions {
  rule: LdpcRule;
  schedule: LdpcSchedule;
  /** Iteration cap (an integer ≥ 0). */
  maxIter: number;
  /** Stop a frame as soon as its hard decisions satisfy every check (tested after each iteration). */
  earlyStop: boolean;
  /** NMS: output magnitude × factor, in (0, 1]. Default 0.75. */
  nmsFactor?: number;
  /** OMS: output magnitude − offset, floored at 0; LLR units, ≥ 0. Default 0.5. */
  omsOffset?: number;
  /**
   * 'float32': every message, posterior, sum and product rounded to float32 (min-sum rules only);
   * the scalar reference of LdpcSimdDecoder. Default 'float64'.
   */
  precision?: LdpcPrecision;
}

export interface LdpcFloatResult {
  /** Hard decisions, n × frames, frame-major. */
  hard: Uint8Array;
  /** Full iterations done per frame (0: the channel hard decision was already a codeword). */
  iterations: Int32Array;
}

const RULES: readonly LdpcRule[] = ['spa', 'ms', 'nms', 'oms'];
const SCHEDULES: readonly LdpcSchedule[] = ['flooding', 'layered'];
const PRECISIONS: readonly LdpcPrecision[] = ['float64', 'float32'];
/** Caps the work one call may ask for: 10^6 iterations per frame. */
const MAX_ITER_LIMIT = 1_000_000;

export function checkOptions(o: LdpcFloatOptions): Required<LdpcFloatOptions> {
  if (!RULES.includes(o.rule)) throw new LdpcOptionError('rule', RULES.join(' | '), o.rule);
  if (!SCHEDULES.includes(o.schedule)) throw new LdpcOptionError('schedule', SCHEDULES.join(' | '), o.schedule);
  if (!Number.isInteger(o.maxIter) || o.maxIter < 0 || o.maxIter > MAX_ITER_LIMIT)
    throw new LdpcOptionError('maxIter', `an integer in 0..${MAX_ITER_LIMIT}`, o.maxIter);
  if (typeof o.earlyStop !== 'boolean') throw new LdpcOptionError('earlyStop', 'true or false', o.earlyStop);
  const nmsFactor = o.nmsFactor ?? 0.75;
  if (!(nmsFactor > 0 && nmsFactor <= 1)) throw new LdpcOptionError('nmsFactor', 'a number in (0, 1]', nmsFactor);
  const omsOffset = o.omsOffset ?? 0.5;
  if (!(omsOffset >= 0 && omsOffset <= LLR_LIMIT)) throw new LdpcOptionError('omsOffset', `a number in [0, ${LLR_LIMIT}]`, omsOffset);
  const precision = o.precision ?? 'float64';
  if (!PRECISIONS.includes(precision)) throw new LdpcOptionError('precision', PRECISIONS.join(' | '), precision);
  if (precision === 'float32' && o.rule === 'spa') throw new LdpcOptionError('precision', "'float64' for sum-product (float32 is for the min-sum rules)", precision);
  return { rule: o.rule, schedule: o.schedule, maxIter: o.maxIter, earlyStop: o.earlyStop, nmsFactor, omsOffset, precision };
}

/** The frame count is a non-negative integer and the LLR array holds exactly n × frames values. */
export function checkFrames(n: number, channelLlr: ArrayLike<number>, frames: number): void {
  if (!Number.isInteger(frames) || frames < 0) throw new LdpcOptionError('frames', 'an integer ≥ 0', frames);
  if (channelLlr.length !== n * frames)
    throw new LdpcOptionError('channelLlr', `${n} × ${frames} = ${n * frames} LLRs (n × frames)`, `${channelLlr.length} LLRs`);
}

/**
 * A reusable decoder for one code and one set of options: the CSR layout and every message array
 * are built once; decoding a frame allocates nothing.
 */
export class LdpcFloatDecoder {
  readonly n: number;
  readonly m: number;
  readonly edges: number;
  readonly options: Readonly<Required<LdpcFloatOptions>>;
  private readonly w: Workspace;
  private readonly chan: Float64Array;
  private app: Float64Array;
  private next: Float64Array;
  private readonly layered: boolean;
  private readonly variant: number;
  private readonly f32: boolean;

  constructor(h: ParityCheckMatrix, options: LdpcFloatOptions) {
    this.options = checkOptions(options);
    this.n = h.n;
    this.m = h.m;
    const rowOff = new Int32Array(h.m + 1);
    let maxDeg = 0;
    for (let r = 0; r < h.m; r++) {
      const d = h.rows[r]!.length;
      rowOff[r + 1] = rowOff[r]! + d;
      if (d > maxDeg) maxDeg = d;
    }
    this.edges = rowOff[h.m]!;
    const edgeVar = new Int32Array(this.edges);
    for (let r = 0; r < h.m; r++) edgeVar.set(h.rows[r]!, rowOff[r]!);
    this.w = {
      m: h.m,
      rowOff,
      edgeVar,
      c2v: new Float64Array(this.edges),
      v2c: new Float64Array(maxDeg),
      th: new Float64Array(maxDeg),
      fwd: new Float64Array(maxDeg),
    };
    this.chan = new Float64Array(h.n);
    this.app = new Float64Array(h.n);
    this.next = new Float64Array(h.n);
    this.layered = this.options.schedule === 'layered';
    const rule = this.options.rule;
    this.variant = rule === 'nms' ? MS_NORMALISED : rule === 'oms' ? MS_OFFSET : MS_PLAIN;
    this.f32 = this.options.precision === 'float32';
  }

  /**
   * The a-posteriori LLRs of the last decoded frame (channel + every check-to-variable message).
   * A live view: the next decode overwrites it.
   */
  get posterior(): Float64Array {
    return this.app;
  }

  /**
   * Decode one frame: `llr[offset .. offset+n)` (finite, else LdpcInputError naming frame offset/n
   * and the bit; magnitudes above 1e30 are capped; in float32 precision then rounded). Returns the iterations done; the posterior is
   * left in `posterior`.
   */
  decodeFrame(llr: ArrayLike<number>, offset = 0, maxIter = this.options.maxIter): number {
    const { n, chan, w, f32 } = this;
    for (let i = 0; i < n; i++) {
      const x = llr[offset + i]!;
      if (!Number.isFinite(x)) throw new LdpcInputError(Math.floor(offset / n), i, x);
      const y = x > LLR_LIMIT ? LLR_LIMIT : x < -LLR_LIMIT ? -LLR_LIMIT : x;
      chan[i] = f32 ? Math.fround(y) : y;
    }
    this.app.set(chan);
    w.c2v.fill(0);
    const { earlyStop, rule } = this.options;
    if (earlyStop && syndromeOk(w, this.app)) return 0;
    const spa = rule === 'spa';
    const variant = this.variant;
    const nmsFactor = f32 ? Math.fround(this.options.nmsFactor) : this.options.nmsFactor;
    const omsOffset = f32 ? Math.fround(this.options.omsOffset) : this.options.omsOffset;
    for (let it = 1; it <= maxIter; it++) {
      if (f32) {
        this.iterateF32(variant, nmsFactor, omsOffset);
        if (earlyStop && syndromeOk(w, this.app)) return it;
        continue;
      }
      // Literal schedule flags at each call site: V8 inlines the kernel and folds the branch away.
      if (this.layered) {
        if (spa) spaIteration(w, this.app, this.app, true);
        else minSumIteration(w, this.app, this.app, true, variant, nmsFactor, omsOffset);
      } else {
        const dst = this.next;
        dst.set(chan);
        if (spa) spaIteration(w, this.app, dst, false);
        else minSumIteration(w, this.app, dst, false, variant, nmsFactor, omsOffset);
        this.next = this.app;
        this.app = dst;
      }
      if (earlyStop && syndromeOk(w, this.app)) return it;
    }
    return maxIter;
  }

  /** One float32 min-sum iteration (kept out of decodeFrame so the float64 loop stays as V8 inlines it). */
  private iterateF32(variant: number, factor: number, offset: number): void {
    if (this.layered) minSumIterationF32(this.w, this.app, this.app, true, variant, factor, offset);
    else {
      const dst = this.next;
      dst.set(this.chan);
      minSumIterationF32(this.w, this.app, dst, false, variant, factor, offset);
      this.next = this.app;
      this.app = dst;
    }
  }

  /** Decode `frames` frames of `channelLlr` (n × frames, frame-major). */
  decode(channelLlr: ArrayLike<number>, frames: number): LdpcFloatResult {
    const { n } = this;
    checkFrames(n, channelLlr, frames);
    const hard = new Uint8Array(n * frames);
    const iterations = new Int32Array(frames);
    for (let f = 0; f < frames; f++) {
      iterations[f] = this.decodeFrame(channelLlr, f * n);
      const app = this.app;
      const o = f * n;
      for (let i = 0; i < n; i++) hard[o + i] = app[i]! < 0 ? 1 : 0;
    }
    return { hard, iterations };
  }
}

/** Decode `frames` frames of channel LLRs (n × frames, frame-major) with a fresh decoder. */
export function decodeLdpcFloat(
  h: ParityCheckMatrix,
  channelLlr: ArrayLike<number>,
  frames: number,
  opts: LdpcFloatOptions,
): LdpcFloatResult {
  return new LdpcFloatDecoder(h, opts).decode(channelLlr, frames);
}

// Rolled-up streaming graphs (Dimple's FactorGraphStream) for sound-event smoothing: C independent
// binary HMMs (one per class: AudioSet labels are multi-label, so classes are active together —
// a single C-state chain would force exactly one active class and need a C×C transition table).
// Fixed-lag smoothing: after frame t arrives, frame t−L is reported, conditioned on frames ≤ t.
// The state carried between windows is the forward (filtered) message into the window's first
// frame, one 2-vector per class; each window is the chain over frames t−L..t.
import { hmmSource, type FactorGraph, type HmmChainOptions } from '../golden/index.js';
import { DEFAULT_CONFIG, parseConfig, type MachineConfig } from '../isa/index.js';
import { inferOnChip, withMessageBits } from '../runtime/index.js';
import { ModelError } from './errors.js';

export interface HmmStreamOptions {
  classes: number;
  /** Fixed lag L in frames (window of L+1 frames). */
  lag: number;
  /** P(active at t | inactive at t−1). Default 0.05 (as golden's hmmChain). */
  pOn?: number;
  /** P(inactive at t | active at t−1). Default 0.1. */
  pOff?: number;
  /** P(active at frame 0). Default 0.2. */
  pInitial?: number;
}

/** Emissions of a frame: per class the detector's P(active) q, used as the likelihood [1−q, q]. */
export type FrameScores = ArrayLike<number>;

function checkOptions(o: HmmStreamOptions): void {
  if (!(Number.isInteger(o.classes) && o.classes >= 1 && o.classes <= 1 << 20)) throw new ModelError('stream', `classes must be an integer in 1..${1 << 20}, got ${o.classes}`);
  if (!(Number.isInteger(o.lag) && o.lag >= 0 && o.lag <= 1000)) throw new ModelError('stream', `lag must be an integer in 0..1000, got ${o.lag}`);
  for (const k of ['pOn', 'pOff', 'pInitial'] as const) {
    const p = o[k];
    if (p !== undefined && !(p > 0 && p < 1)) throw new ModelError('stream', `${k} must be in (0, 1), got ${p}`);
  }
}

/**
 * The shared frame bookkeeping: a ring of the last L+1 frames' scores and the forward message into
 * the oldest of them. Subclasses smooth the window (software: exact chain messages; chip: BP on
 * the simulated PE array).
 */
abstract class FixedLagStream {
  readonly classes: number;
  readonly lag: number;
  protected readonly pOn: number;
  protected readonly pOff: number;
  private readonly pInitial: number;
  /** ring[(frame mod (L+1)) * C + c] = q of class c at that frame. */
  protected readonly ring: Float64Array;
  /** Prior of the window's first frame per class: P(active) predicted from the frames before it. */
  protected readonly prior: Float64Array;
  /** Frames pushed so far. */
  frames = 0;
  /** Frames reported so far. */
  reported = 0;

  constructor(o: HmmStreamOptions) {
    checkOptions(o);
    this.classes = o.classes;
    this.lag = o.lag;
    this.pOn = o.pOn ?? 0.05;
    this.pOff = o.pOff ?? 0.1;
    this.pInitial = o.pInitial ?? 0.2;
    this.ring = new Float64Array((o.lag + 1) * o.classes);
    this.prior = new Float64Array(o.classes).fill(this.pInitial);
  }

  /** Add a frame's scores; returns P(active) per class of frame `reported` once L later frames exist. */
  push(scores: FrameScores): Float64Array | null {
    const C = this.classes;
    if (scores.length !== C) throw new ModelError(`stream frame ${this.frames}`, `expected ${C} scores, found ${scores.length}`);
    const base = (this.frames % (this.lag + 1)) * C;
    for (let c = 0; c < C; c++) {
      const q = scores[c]!;
      if (!(q >= 0 && q <= 1)) throw new ModelError(`stream frame ${this.frames}`, `class ${c}: expected a probability in [0, 1], found ${q}`);
      this.ring[base + c] = q;
    }
    this.frames++;
    if (this.frames - this.reported < this.lag + 1) return null;
    return this.report(this.lag + 1);
  }

  /** End of stream: the remaining frames, each smoothed on what arrived. */
  flush(): Float64Array[] {
    const out: Float64Array[] = [];
    while (this.reported < this.frames) out.push(this.report(this.frames - this.reported));
    return out;
  }

  /** q of class c at window position k (0 = frame `reported`). */
  protected score(k: number, c: number): number {
    return this.ring[((this.reported + k) % (this.lag + 1)) * this.classes + c]!;
  }

  /** Smoothed P(active) of the first frame of a window of `len` frames, per class. */
  protected abstract smoothFirst(len: number): Float64Array;

  private report(len: number): Float64Array {
    const out = this.smoothFirst(len);
    // Carry the forward message: filter the first frame, predict the next one.
    for (let c = 0; c < this.classes; c++) {
      const q = this.score(0, c);
      const a1 = this.prior[c]! * q;
      const a0 = (1 - this.prior[c]!) * (1 - q);
      const f = a0 + a1 > 0 ? a1 / (a0 + a1) : 0.5;
      this.prior[c] = f * (1 - this.pOff) + (1 - f) * this.pOn;
    }
    this.reported++;
    return out;
  }

  /** The window as a factor graph: variable c*len + k is class c at window position k. */
  windowGraph(len: number): FactorGraph {
    const C = this.classes;
    const variables = Array.from({ length: C * len }, (_, v) => ({ card: 2, name: `c${Math.floor(v / len)}t${this.reported + (v % len)}` }));
    const trans = Float64Array.of(1 - this.pOn, this.pOff, this.pOn, 1 - this.pOff);
    const factors: { scope: number[]; table: Float64Array }[] = [];
    for (let c = 0; c < C; c++) {
      const p = this.prior[c]!;
      const q0 = this.score(0, c);
      factors.push({ scope: [c * len], table: Float64Array.of((1 - p) * (1 - q0), p * q0) });
      for (let k = 1; k < len; k++) {
        const q = this.score(k, c);
        factors.push({ scope: [c * len + k], table: Float64Array.of(1 - q, q) });
        factors.push({ scope: [c * len + k - 1, c * len + k], table: trans });
      }
    }
    return { variables, factors };
  }
}

/** Software fixed-lag smoother: exact backward messages over the window, O(C·L) per frame. */
export class HmmStream extends FixedLagStream {
  protected smoothFirst(len: number): Float64Array {
    const C = this.classes;
    const out = new Float64Array(C);
    const { pOn, pOff } = this;
    for (let c = 0; c < C; c++) {
      // β over the window, from its last frame back to the first (normalised each step).
      let b0 = 1;
      let b1 = 1;
      for (let k = len - 1; k >= 1; k--) {
        const q = this.score(k, c);
        const e0 = (1 - q) * b0;
        const e1 = q * b1;
        const n0 = (1 - pOn) * e0 + pOn * e1;
        const n1 = pOff * e0 + (1 - pOff) * e1;
        const s = n0 + n1;
        b0 = n0 / s;
        b1 = n1 / s;
      }
      const p = this.prior[c]!;
      const q = this.score(0, c);
      const w1 = p * q * b1;
      const w0 = (1 - p) * (1 - q) * b0;
      out[c] = w0 + w1 > 0 ? w1 / (w0 + w1) : 0.5;
    }
    return out;
  }
}

export interface ChipStreamOptions extends HmmStreamOptions {
  /** PEs of the simulated chip. Default 16. */
  pes?: number;
  /** Message bits. Default the config's (16). */
  bits?: number;
}

/** The same stream with each window solved by BP on the simulated chip (through runtime/). */
export class ChipHmmStream extends FixedLagStream {
  private readonly cfg: MachineConfig;
  /** Simulated cycles of every window solved so far. */
  cycles = 0;
  /** Windows solved on the chip. */
  windows = 0;

  constructor(o: ChipStreamOptions) {
    super(o);
    let cfg = o.pes !== undefined ? parseConfig({ pes: o.pes }, 'stream options') : { ...DEFAULT_CONFIG };
    if (o.bits !== undefined) cfg = withMessageBits(cfg, o.bits);
    this.cfg = cfg;
  }

  get clockMHz(): number {
    return this.cfg.clockMHz;
  }

  protected smoothFirst(len: number): Float64Array {
    // A chain of len frames: flooding BP is exact after len iterations.
    const r = inferOnChip(this.windowGraph(len), { cfg: this.cfg, schedule: 'flooding', maxIter: len + 2, exactLimit: 0 });
    this.cycles += r.cycles;
    this.windows++;
    return Float64Array.from({ length: this.classes }, (_, c) => r.marginals[c * len]![1]!);
  }
}

/** Seeded AudioSet-style detector scores: frames × classes P(active), from golden's hmmChain. */
export function soundEventScores(o: HmmChainOptions): Float64Array[] {
  const { classes: C, frames: T } = o;
  const frames = Array.from({ length: T }, () => new Float64Array(C));
  // Per class the generator emits: the frame-0 prior, then for each frame its emission unary
  // (and a transition factor from frame 1 on); keep the emissions.
  let seen = 0;
  hmmSource(o).forEachFactor((scope, table) => {
    if (scope.length !== 1) return;
    const c = Math.floor(seen / (T + 1));
    const k = seen % (T + 1);
    seen++;
    if (k > 0) frames[k - 1]![c] = table[1]!;
  });
  return frames;
}

// Float64 twin of the fixed-point reference (fixed-bp.ts): the same folded priors, the same
// layout and the same update list, with exact arithmetic instead of the chip's number format. It is
// the float reference `infer` holds the chip against, so the printed error is the number format's
// error alone, never a difference of schedules or of how unary factors enter (issue 10 item 4).
//
// Energies are in nats (E = −ln p, +∞ = probability 0). F and V follow fixed-bp.ts step for step:
// F(a, i): acc[c] = min* over the table of T[x] + Σ_{j≠o} n_j (min for min-sum), minus its minimum,
// damped new + λ/256 (old − new); V(i, a): prior + Σ_{b≠a} m_{b→i}, minus its minimum. A message
// that is +∞ everywhere becomes 0 (uniform), as on the chip.
import type { FactorGraph } from './model.js';
import type { QuantizedGraph } from './fixed-bp.js';
import { edgeIndex } from './fixed-bp.js';
import type { Update } from './schedules.js';

export interface FloatScheduleOptions {
  /** true: sum-product (exact min*), false: min-sum. Default true. */
  sumProduct?: boolean;
  /** Damping λ ∈ [0, 256), weight λ/256 on the old factor→variable message (as on the chip). */
  lambda?: number;
  /** Converged when an iteration's max factor→variable change ≤ tol nats. Default 1e-9. */
  tol?: number;
}

export interface FloatScheduleResult {
  marginals: number[][];
  iterations: number;
  converged: boolean;
  /** Max factor→variable change of the last iteration, in nats (Infinity if none ran). */
  lastChange: number;
}

/** −ln(x / max) in nats, +∞ for 0. */
function energyOf(x: number, max: number): number {
  return x > 0 ? -Math.log(x / max) : Infinity;
}

/** Exact sum-product combine of two energies: −ln(e^−a + e^−b), +∞-safe. */
function minStar(a: number, b: number): number {
  if (a === Infinity) return b;
  if (b === Infinity) return a;
  return Math.min(a, b) - Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * Float BP over a quantised graph's layout: `graph` supplies the exact potentials, `qg` the
 * structure (it must be quantizeGraph(graph, ·)), `updates` one iteration.
 */
export class FloatScheduleBp {
  readonly m: Float64Array;
  readonly n: Float64Array;
  private readonly tables: Float64Array;
  private readonly priors: Float64Array;
  private readonly ops: Int32Array;
  private readonly acc: Float64Array;
  private readonly digit: Int32Array;
  private readonly sumProduct: boolean;
  private readonly lambda: number;
  readonly tol: number;

  constructor(
    graph: FactorGraph,
    readonly qg: QuantizedGraph,
    updates: readonly Update[],
    options: FloatScheduleOptions = {},
  ) {
    this.sumProduct = options.sumProduct ?? true;
    this.lambda = options.lambda ?? 0;
    this.tol = options.tol ?? 1e-9;
    this.m = new Float64Array(qg.msgSize);
    this.n = new Float64Array(qg.msgSize);
    this.acc = new Float64Array(qg.maxCard);
    this.digit = new Int32Array(qg.maxArity);
    this.tables = new Float64Array(qg.tables.length);
    this.priors = new Float64Array(qg.priors.length);
    this.fold(graph);
    this.ops = new Int32Array(updates.length);
    updates.forEach((u, k) => {
      const e = edgeIndex(qg, u.factor, u.variable);
      if (e < 0) throw new RangeError(`schedule entry ${k}: (${u.factor}, ${u.variable}) is not an edge of a 2+-ary factor`);
      this.ops[k] = (e << 1) | (u.kind === 'F' ? 0 : 1);
    });
  }

  /** Tables as −ln(φ/max φ); priors as the log-space sum of the unary factors, minus its max. */
  private fold(graph: FactorGraph): void {
    const qg = this.qg;
    const logSum = new Float64Array(this.priors.length);
    graph.factors.forEach((fa, a) => {
      if (fa.scope.length === 1) {
        const o = qg.priorOff[fa.scope[0]!]!;
        for (let x = 0; x < fa.table.length; x++) logSum[o + x] = logSum[o + x]! + Math.log(fa.table[x]!);
        return;
      }
      let mx = 0;
      for (let x = 0; x < fa.table.length; x++) if (fa.table[x]! > mx) mx = fa.table[x]!;
      const t0 = qg.tabOff[a]!;
      for (let x = 0; x < fa.table.length; x++) this.tables[t0 + x] = energyOf(fa.table[x]!, mx);
    });
    for (let i = 0; i < qg.nVars; i++) {
      const o = qg.priorOff[i]!;
      if (o < 0) continue;
      let mx = -Infinity;
      for (let c = 0; c < qg.card[i]!; c++) if (logSum[o + c]! > mx) mx = logSum[o + c]!;
      for (let c = 0; c < qg.card[i]!; c++) this.priors[o + c] = mx > -Infinity ? mx - logSum[o + c]! : 0;
    }
  }

  /** F on edge e; returns the change max_c |new − old| (nats). */
  factorUpdateEdge(e: number): number {
    const qg = this.qg;
    const acc = this.acc;
    const digit = this.digit;
    const a = qg.edgeFactor[e]!;
    const eb = qg.fOff[a]!;
    const k = qg.fOff[a + 1]! - eb;
    const o = qg.edgePos[e]!;
    const co = qg.card[qg.edgeVar[e]!]!;
    for (let j = 0; j < k; j++) digit[j] = 0;
    acc.fill(Infinity, 0, co);
    const t0 = qg.tabOff[a]!;
    const N = qg.tabOff[a + 1]! - t0;
    for (let x = 0; x < N; x++) {
      let en = this.tables[t0 + x]!;
      for (let j = 0; j < k; j++) if (j !== o) en += this.n[qg.nOff[eb + j]! + digit[j]!]!;
      const c = digit[o]!;
      acc[c] = this.sumProduct ? minStar(acc[c]!, en) : Math.min(acc[c]!, en);
      for (let j = 0; j < k; j++) {
        if (++digit[j]! < qg.card[qg.edgeVar[eb + j]!]!) break;
        digit[j] = 0;
      }
    }
    const mo = qg.mOff[e]!;
    return this.store(acc, co, this.m, mo, this.lambda);
  }

  /** V on edge e (no damping). */
  variableUpdateEdge(e: number): void {
    this.combine(this.qg.edgeVar[e]!, e);
    this.store(this.acc, this.qg.card[this.qg.edgeVar[e]!]!, this.n, this.qg.nOff[e]!, 0);
  }

  /** acc = prior + every m_{b→i} except edge `skip` (−1: none). */
  private combine(i: number, skip: number): void {
    const qg = this.qg;
    const acc = this.acc;
    const c0 = qg.card[i]!;
    const po = qg.priorOff[i]!;
    for (let c = 0; c < c0; c++) acc[c] = po >= 0 ? this.priors[po + c]! : 0;
    for (let k = qg.vOff[i]!; k < qg.vOff[i + 1]!; k++) {
      const e2 = qg.vEdges[k]!;
      if (e2 === skip) continue;
      const mo = qg.mOff[e2]!;
      for (let c = 0; c < c0; c++) acc[c] = acc[c]! + this.m[mo + c]!;
    }
  }

  /** Normalise acc (minus its minimum; all +∞ → all 0), damp, store; returns the change. */
  private store(acc: Float64Array, len: number, out: Float64Array, off: number, lambda: number): number {
    let mn = Infinity;
    for (let c = 0; c < len; c++) if (acc[c]! < mn) mn = acc[c]!;
    let change = 0;
    for (let c = 0; c < len; c++) {
      let v = mn === Infinity ? 0 : acc[c]! - mn;
      const old = out[off + c]!;
      if (lambda !== 0 && v !== old) v = v === Infinity || old === Infinity ? Infinity : v + (lambda / 256) * (old - v);
      const d = v === old ? 0 : Math.abs(v - old);
      if (d > change) change = d;
      out[off + c] = v;
    }
    return change;
  }

  iterate(): number {
    let change = 0;
    for (let k = 0; k < this.ops.length; k++) {
      const op = this.ops[k]!;
      if ((op & 1) === 0) {
        const d = this.factorUpdateEdge(op >> 1);
        if (d > change) change = d;
      } else this.variableUpdateEdge(op >> 1);
    }
    return change;
  }

  /** Iterate until the change ≤ tol or maxIter iterations. */
  run(maxIter: number): FloatScheduleResult {
    return this.iterations(maxIter, true);
  }

  /**
   * Exactly `count` iterations (the chip's count, so both stop at the same point); `converged`
   * says whether the last one's change was within tol.
   */
  runExactly(count: number): FloatScheduleResult {
    return this.iterations(count, false);
  }

  private iterations(cap: number, stopEarly: boolean): FloatScheduleResult {
    let iterations = 0;
    let lastChange = Infinity;
    while (iterations < cap) {
      lastChange = this.iterate();
      iterations++;
      if (stopEarly && lastChange <= this.tol) break;
    }
    return { marginals: this.marginals(), iterations, converged: lastChange <= this.tol, lastChange };
  }

  /** Beliefs (prior and every incoming message) as probabilities; all +∞ → uniform. */
  marginals(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.qg.nVars; i++) {
      const c0 = this.qg.card[i]!;
      this.combine(i, -1);
      let mn = Infinity;
      for (let c = 0; c < c0; c++) if (this.acc[c]! < mn) mn = this.acc[c]!;
      const p = new Array<number>(c0);
      let s = 0;
      for (let c = 0; c < c0; c++) s += p[c] = mn === Infinity ? 1 : Math.exp(mn - this.acc[c]!);
      for (let c = 0; c < c0; c++) p[c] = p[c]! / s;
      out.push(p);
    }
    return out;
  }
}

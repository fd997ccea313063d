// Bit-exact fixed-point reference of the chip's binary pairwise path (runtime/pairwise/): every
// variable binary, every factor unary (folded into the prior) or pairwise, one LLR per message
// (λ = E(1) − E(0)), flooding. It calls the same kernel (isa/pairwise-kernels.ts) the simulator's
// pfu calls, on the same per-edge table words, in the chip's operation order:
//   variable phase, per variable i: total = sat(… sat(π_i + m_e0) … + m_e(d−1)) over i's edges in
//     increasing factor id (vEdges order), then n_e = sat(total − m_e) for every edge e of i;
//   factor phase, per edge e = (a, i) with j the other variable of a and e' = (a, j):
//     m_e = pairwiseMessage(n_e', table words of (a → i)), damped, change = max |new − old|.
// The order of variables or edges inside a phase changes nothing (each phase reads only the other
// phase's messages), so the result does not depend on the placement or P.
// `schedule: 'sequential'` (or any explicit update list) runs the golden list one update at a time
// in the same LLR arithmetic — V(i, a): n_{i→a} = sat(total_i − m_{a→i}) from the current m;
// F(a, i): m_{a→i} as above — the reference a packed sequential chip path would have to equal
// (runtime/README.md, "Binary pairwise models": it is not on the chip).
import { llrAdd, llrMarginal, llrSub, pairwiseMessage, priorLlr, absDiff, dampBlend, type FixedFormat } from '../isa/index.js';
import { edgeIndex, type QuantizedGraph } from './fixed-bp.js';
import type { FactorGraph } from './model.js';
import { scheduleUpdates, type FixedSchedule, type Update } from './schedules.js';

/** Whether a quantised graph takes the chip's pairwise LLR path: all variables binary, all factors of arity ≤ 2 on distinct variables. */
export function pairwiseEligible(q: QuantizedGraph): boolean {
  for (let i = 0; i < q.nVars; i++) if (q.card[i] !== 2) return false;
  for (const s of q.scopes) {
    if (s.length > 2) return false;
    if (s.length === 2 && s[0] === s[1]) return false;
  }
  return true;
}

/** pairwiseEligible on the source graph (before quantising): binary variables, factors of arity ≤ 2 on distinct variables. */
export function graphIsBinaryPairwise(g: FactorGraph): boolean {
  for (const v of g.variables) if (v.card !== 2) return false;
  for (const a of g.factors) {
    if (a.scope.length > 2) return false;
    if (a.scope.length === 2 && a.scope[0] === a.scope[1]) return false;
  }
  return true;
}

/** The edge of the same pairwise factor at the other scope position. */
export function otherEdge(q: QuantizedGraph, e: number): number {
  const a = q.edgeFactor[e];
  return e === q.fOff[a] ? e + 1 : e - 1;
}

/**
 * The four table words (F + G fraction bits) of the update toward edge e's variable, in pfu's
 * order: a = T(src 0, dst 1), b = T(1, 1), c = T(0, 0), d = T(1, 0). Tables are first-variable
 * fastest: T[x0 + 2·x1].
 */
export function pairwiseTableWords(q: QuantizedGraph, e: number, out: Int32Array, at: number): void {
  const t = q.tabOff[q.edgeFactor[e]];
  const T = q.tables;
  if (q.edgePos[e] === 1) {
    out[at] = T[t + 2];
    out[at + 1] = T[t + 3];
    out[at + 2] = T[t];
    out[at + 3] = T[t + 1];
  } else {
    out[at] = T[t + 1];
    out[at + 1] = T[t + 3];
    out[at + 2] = T[t];
    out[at + 3] = T[t + 2];
  }
}

/** Variable i's folded prior as an LLR (0 without a unary factor). */
export function variablePriorLlr(q: QuantizedGraph, i: number): number {
  const o = q.priorOff[i];
  return o < 0 ? 0 : priorLlr(q.format, q.priors[o], q.priors[o + 1]);
}

export interface PairwiseFixedOptions {
  sumProduct?: boolean;
  /** Damping λ ∈ [0, 256] on factor→variable messages. */
  lambda?: number;
  /** Converged when an iteration's max factor→variable change ≤ tolRaw (raw units); −1: never. */
  tolRaw?: number;
  /** 'flooding' (default), 'sequential' (golden's sequentialSchedule) or an explicit update list. */
  schedule?: FixedSchedule | readonly Update[];
}

/**
 * An update list as edge operations: (e << 1) | 1 for V(i, a), e << 1 for F(a, i), e = edge (a, i).
 * Throws on an update that names no pairwise edge.
 */
export function pairwiseUpdateOps(q: QuantizedGraph, updates: readonly Update[]): Int32Array {
  const ops = new Int32Array(updates.length);
  updates.forEach((u, k) => {
    const e = edgeIndex(q, u.factor, u.variable);
    if (e < 0) throw new RangeError(`update ${k}: ${u.kind}(factor ${u.factor}, variable ${u.variable}) names no edge of a pairwise factor`);
    ops[k] = (e << 1) | (u.kind === 'V' ? 1 : 0);
  });
  return ops;
}

/** BP on LLR messages, bit-exact with the chip's pairwise path. Messages start at 0. */
export class PairwiseFixedBp {
  readonly format: FixedFormat;
  /** m_{a→i} per edge (LLR). */
  readonly m: Int32Array;
  /** n_{i→a} per edge (LLR). */
  readonly n: Int32Array;
  readonly prior: Int32Array;
  private readonly words: Int32Array;
  private readonly sumProduct: boolean;
  private readonly lambda: number;
  private readonly tolRaw: number;
  /** The update list as edge operations (pairwiseUpdateOps), or null for the flooding phases. */
  private readonly ops: Int32Array | null;

  constructor(readonly q: QuantizedGraph, o: PairwiseFixedOptions = {}) {
    if (!pairwiseEligible(q)) throw new RangeError('PairwiseFixedBp needs binary variables and factors of arity ≤ 2');
    this.format = q.format;
    this.m = new Int32Array(q.nEdges);
    this.n = new Int32Array(q.nEdges);
    this.prior = Int32Array.from({ length: q.nVars }, (_, i) => variablePriorLlr(q, i));
    this.words = new Int32Array(4 * q.nEdges);
    for (let e = 0; e < q.nEdges; e++) pairwiseTableWords(q, e, this.words, 4 * e);
    this.sumProduct = o.sumProduct ?? true;
    this.lambda = o.lambda ?? 0;
    this.tolRaw = o.tolRaw ?? 0;
    const sched = o.schedule ?? 'flooding';
    this.ops = sched === 'flooding' ? null : pairwiseUpdateOps(q, typeof sched === 'string' ? scheduleUpdates({ variables: { length: q.nVars }, factors: q.scopes.map((scope) => ({ scope })) }, sched) : sched);
  }

  /** The belief LLR of variable i from the current m (the variable phase's total). */
  total(i: number): number {
    const q = this.q;
    let s = this.prior[i];
    for (let k = q.vOff[i]; k < q.vOff[i + 1]; k++) s = llrAdd(this.format, s, this.m[q.vEdges[k]]);
    return s;
  }

  /** V(i, a) for edge e = (a, i): n_{i→a} = sat(total_i − m_{a→i}) from the current m. */
  variableUpdate(e: number): void {
    this.n[e] = llrSub(this.format, this.total(this.q.edgeVar[e]), this.m[e]);
  }

  /** F(a, i) for edge e = (a, i) from the current n of the other variable; returns |new − old|. */
  factorUpdate(e: number): number {
    const w = this.words;
    let next = pairwiseMessage(this.format, this.n[otherEdge(this.q, e)], w[4 * e], w[4 * e + 1], w[4 * e + 2], w[4 * e + 3], this.sumProduct);
    const old = this.m[e];
    if (this.lambda !== 0) next = dampBlend(this.format, next, old, this.lambda);
    this.m[e] = next;
    return absDiff(next, old);
  }

  /** One iteration of the schedule; returns its max factor→variable change (raw). */
  iterate(): number {
    if (this.ops) {
      let change = 0;
      for (const op of this.ops) {
        if (op & 1) this.variableUpdate(op >> 1);
        else {
          const d = this.factorUpdate(op >> 1);
          if (d > change) change = d;
        }
      }
      return change;
    }
    const q = this.q;
    const f = this.format;
    for (let i = 0; i < q.nVars; i++) {
      const t = this.total(i);
      for (let k = q.vOff[i]; k < q.vOff[i + 1]; k++) this.n[q.vEdges[k]] = llrSub(f, t, this.m[q.vEdges[k]]);
    }
    let change = 0;
    for (let e = 0; e < q.nEdges; e++) {
      const d = this.factorUpdate(e);
      if (d > change) change = d;
    }
    return change;
  }

  /** Iterate until the change ≤ tolRaw or maxIter iterations (the chip's loop). */
  run(maxIter: number): { iterations: number; converged: boolean; lastChange: number } {
    let lastChange = 0;
    let iterations = 0;
    while (iterations < maxIter) {
      lastChange = this.iterate();
      iterations++;
      if (lastChange <= this.tolRaw) return { iterations, converged: true, lastChange };
    }
    return { iterations, converged: false, lastChange };
  }

  beliefs(): Int32Array {
    return Int32Array.from({ length: this.q.nVars }, (_, i) => this.total(i));
  }

  marginals(): number[][] {
    return Array.from(this.beliefs(), (l) => llrMarginal(this.format, l));
  }
}

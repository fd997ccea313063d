// Float64 loopy belief propagation (the software reference). See golden/README.md for the exact
// update rules, schedules, zero guard and convergence rule.
//
// Layout: the graph is compiled once into flat typed arrays (CSR-style):
//   edges are numbered factor by factor in scope order (edge e = position p of factor f);
//   fOff[f]..fOff[f+1]   edges of factor f;       vOff[v]..vOff[v+1] index vEdges (edges of v);
//   msgOff[e]            offset of edge e's message (card(v) entries) in the message arrays;
//   tabOff[f]            offset of factor f's table in `tables` (first variable fastest).
// Messages live in two Float64Arrays (factor->variable `f2v`, variable->factor `v2f`), beliefs in
// one; the iteration loops allocate nothing.
//
// Schedules: flooding and sequential run an update list from schedules.ts (libdaiUpdates, the
// builders the chip and its references use, with unary factors kept as factors), lowered once per
// graph to engine steps (planSteps). Residual (heap residual BP, libDAI SEQMAX) picks the next
// message by priority while it runs, so it has no static list: it is the one schedule written here.
import type { FactorGraph } from './model.js';
import { libdaiUpdates, type FixedSchedule, type GraphShape, type Update } from './schedules.js';

export type Semiring = 'sum-product' | 'min-sum';
export type Schedule = 'flooding' | 'sequential' | 'residual';

export interface BpOptions {
  /** 'sum-product' (marginals) or 'min-sum' (max-product; normalised max-marginals). Default sum-product. */
  semiring?: Semiring;
  /** Default 'flooding'. */
  schedule?: Schedule;
  /** Damping d in [0, 1): new = old^d * computed^(1-d), renormalised (linear blend of log-messages). Default 0. */
  damping?: number;
  /** Converged when the max abs change of any variable belief over one iteration is < tol. Default 1e-9. */
  tol?: number;
  /** Iteration cap. Default 1000. */
  maxIter?: number;
  /** Compute per-factor beliefs (logZ is computed either way). Default true. */
  factorBeliefs?: boolean;
}

export interface BpResult {
  /** One normalised belief per variable (variable-id order). */
  marginals: Float64Array[];
  /** One normalised belief per factor, first-fastest like the factor table (empty if not requested). */
  factorBeliefs: Float64Array[];
  /** Bethe approximation of the natural log of Z (for min-sum: the same expression on max-marginals). */
  logZ: number;
  converged: boolean;
  /** Iterations performed (sweeps). */
  iterations: number;
  /** Max abs change of a variable belief in the last iteration (Infinity if no iteration ran). */
  maxChange: number;
  /** Factor-to-variable message updates performed. */
  updates: number;
  semiring: Semiring;
  schedule: Schedule;
  damping: number;
  tol: number;
  maxIter: number;
}

const K_UNARY = 0;
const K_PAIR2 = 1; // pairwise binary x binary
const K_PAIR = 2; // pairwise, any cardinalities
const K_GEN = 3; // any arity (counter with strides)

/** A factor graph compiled to flat arrays for BP. Reusable across runs. */
export interface BpGraph {
  readonly nVars: number;
  readonly nFactors: number;
  readonly nEdges: number;
  readonly card: Int32Array;
  readonly belOff: Int32Array;
  readonly fOff: Int32Array;
  readonly edgeVar: Int32Array;
  readonly edgeFactor: Int32Array;
  readonly msgOff: Int32Array;
  readonly vOff: Int32Array;
  readonly vEdges: Int32Array;
  readonly tabOff: Int32Array;
  readonly tables: Float64Array;
  readonly kind: Uint8Array;
  readonly maxArity: number;
  readonly maxCard: number;
  readonly maxTable: number;
}

export function compileBpGraph(graph: FactorGraph): BpGraph {
  const nVars = graph.variables.length;
  const nFactors = graph.factors.length;
  const card = new Int32Array(nVars);
  const belOff = new Int32Array(nVars + 1);
  let maxCard = 1;
  for (let v = 0; v < nVars; v++) {
    const c = graph.variables[v]!.card;
    card[v] = c;
    belOff[v + 1] = belOff[v]! + c;
    if (c > maxCard) maxCard = c;
  }
  const fOff = new Int32Array(nFactors + 1);
  const tabOff = new Int32Array(nFactors + 1);
  let maxArity = 1;
  let maxTable = 1;
  for (let f = 0; f < nFactors; f++) {
    const fa = graph.factors[f]!;
    fOff[f + 1] = fOff[f]! + fa.scope.length;
    tabOff[f + 1] = tabOff[f]! + fa.table.length;
    if (fa.scope.length > maxArity) maxArity = fa.scope.length;
    if (fa.table.length > maxTable) maxTable = fa.table.length;
  }
  const nEdges = fOff[nFactors]!;
  const edgeVar = new Int32Array(nEdges);
  const edgeFactor = new Int32Array(nEdges);
  const msgOff = new Int32Array(nEdges + 1);
  const tables = new Float64Array(tabOff[nFactors]!);
  const kind = new Uint8Array(nFactors);
  const deg = new Int32Array(nVars + 1);
  for (let f = 0; f < nFactors; f++) {
    const fa = graph.factors[f]!;
    tables.set(fa.table, tabOff[f]!);
    const k = fa.scope.length;
    for (let p = 0; p < k; p++) {
      const e = fOff[f]! + p;
      const v = fa.scope[p]!;
      edgeVar[e] = v;
      edgeFactor[e] = f;
      msgOff[e + 1] = msgOff[e]! + card[v]!;
      deg[v]!++;
    }
    kind[f] =
      k === 1 ? K_UNARY : k === 2 ? (card[fa.scope[0]!] === 2 && card[fa.scope[1]!] === 2 ? K_PAIR2 : K_PAIR) : K_GEN;
  }
  const vOff = new Int32Array(nVars + 1);
  for (let v = 0; v < nVars; v++) vOff[v + 1] = vOff[v]! + deg[v]!;
  const fill = vOff.slice(0, nVars);
  const vEdges = new Int32Array(nEdges);
  for (let e = 0; e < nEdges; e++) vEdges[fill[edgeVar[e]!]!++] = e;
  return { nVars, nFactors, nEdges, card, belOff, fOff, edgeVar, edgeFactor, msgOff, vOff, vEdges, tabOff, tables, kind, maxArity, maxCard, maxTable };
}

function resolveOptions(o: BpOptions): Required<BpOptions> {
  const r: Required<BpOptions> = {
    semiring: o.semiring ?? 'sum-product',
    schedule: o.schedule ?? 'flooding',
    damping: o.damping ?? 0,
    tol: o.tol ?? 1e-9,
    maxIter: o.maxIter ?? 1000,
    factorBeliefs: o.factorBeliefs ?? true,
  };
  if (r.semiring !== 'sum-product' && r.semiring !== 'min-sum') throw new RangeError(`unknown semiring '${String(r.semiring)}'`);
  if (r.schedule !== 'flooding' && r.schedule !== 'sequential' && r.schedule !== 'residual')
    throw new RangeError(`unknown schedule '${String(r.schedule)}'`);
  if (!(r.damping >= 0 && r.damping < 1)) throw new RangeError(`damping must be in [0, 1), got ${r.damping}`);
  if (!(r.tol >= 0) || !Number.isFinite(r.tol)) throw new RangeError(`tol must be finite and >= 0, got ${r.tol}`);
  if (!Number.isSafeInteger(r.maxIter) || r.maxIter < 0) throw new RangeError(`maxIter must be an integer >= 0, got ${r.maxIter}`);
  return r;
}

const TINY = 1e-200;
const HUGE = 1e200;

class BpEngine {
  readonly g: BpGraph;
  readonly f2v: Float64Array;
  readonly v2f: Float64Array;
  readonly bel: Float64Array;
  /** Proposed (undamped) f2v messages, residual schedule only. */
  readonly prop: Float64Array;
  readonly tmp: Float64Array;
  readonly tmp2: Float64Array;
  readonly idx: Int32Array;
  readonly lc: Int32Array;
  readonly lo: Int32Array;
  readonly isMax: boolean;
  readonly damping: number;

  constructor(g: BpGraph, isMax: boolean, damping: number, residual: boolean) {
    this.g = g;
    this.isMax = isMax;
    this.damping = damping;
    const M = g.msgOff[g.nEdges]!;
    this.f2v = new Float64Array(M);
    this.v2f = new Float64Array(M);
    this.prop = new Float64Array(residual ? M : 0);
    this.bel = new Float64Array(g.belOff[g.nVars]!);
    this.tmp = new Float64Array(Math.max(g.maxCard, 2));
    this.tmp2 = new Float64Array(Math.max(g.maxCard, 2));
    this.idx = new Int32Array(g.maxArity);
    this.lc = new Int32Array(g.maxArity);
    this.lo = new Int32Array(g.maxArity);
    const { edgeVar, msgOff, card } = g;
    for (let e = 0; e < g.nEdges; e++) {
      const c = card[edgeVar[e]!]!;
      const o = msgOff[e]!;
      for (let x = 0; x < c; x++) this.f2v[o + x] = 1 / c;
    }
  }

  /**
   * For every variable: all outgoing v->f messages (prefix/suffix products of the incoming f->v
   * messages, so no division) and the normalised belief. Returns the max abs belief change.
   */
  variablePass(): number {
    const { nVars, card, belOff, vOff, vEdges, msgOff } = this.g;
    const f2v = this.f2v;
    const v2f = this.v2f;
    const bel = this.bel;
    const pre = this.tmp;
    const suf = this.tmp2;
    let maxChange = 0;
    for (let v = 0; v < nVars; v++) {
      const c = card[v]!;
      const ea = vOff[v]!;
      const eb = vOff[v + 1]!;
      const bo = belOff[v]!;
      if (c === 2) {
        let p0 = 1;
        let p1 = 1;
        for (let k = ea; k < eb; k++) {
          const o = msgOff[vEdges[k]!]!;
          v2f[o] = p0;
          v2f[o + 1] = p1;
          p0 *= f2v[o]!;
          p1 *= f2v[o + 1]!;
          const s = p0 + p1;
          if (s < TINY && s > 0) {
            p0 *= HUGE;
            p1 *= HUGE;
          }
        }
        let s0 = 1;
        let s1 = 1;
        for (let k = eb - 1; k >= ea; k--) {
          const o = msgOff[vEdges[k]!]!;
          const a = v2f[o]! * s0;
          const b = v2f[o + 1]! * s1;
          const z = a + b;
          if (z > 0) {
            v2f[o] = a / z;
            v2f[o + 1] = b / z;
          } else {
            v2f[o] = 0.5;
            v2f[o + 1] = 0.5;
          }
          s0 *= f2v[o]!;
          s1 *= f2v[o + 1]!;
          const s = s0 + s1;
          if (s < TINY && s > 0) {
            s0 *= HUGE;
            s1 *= HUGE;
          }
        }
        const z = p0 + p1;
        let b0 = 0.5;
        let b1 = 0.5;
        if (z > 0) {
          b0 = p0 / z;
          b1 = p1 / z;
        }
        const d0 = Math.abs(b0 - bel[bo]!);
        const d1 = Math.abs(b1 - bel[bo + 1]!);
        if (d0 > maxChange) maxChange = d0;
        if (d1 > maxChange) maxChange = d1;
        bel[bo] = b0;
        bel[bo + 1] = b1;
        continue;
      }
      for (let x = 0; x < c; x++) {
        pre[x] = 1;
        suf[x] = 1;
      }
      for (let k = ea; k < eb; k++) {
        const o = msgOff[vEdges[k]!]!;
        let s = 0;
        for (let x = 0; x < c; x++) {
          v2f[o + x] = pre[x]!;
          const p = pre[x]! * f2v[o + x]!;
          pre[x] = p;
          s += p;
        }
        if (s < TINY && s > 0) for (let x = 0; x < c; x++) pre[x]! *= HUGE;
      }
      for (let k = eb - 1; k >= ea; k--) {
        const o = msgOff[vEdges[k]!]!;
        let z = 0;
        for (let x = 0; x < c; x++) {
          const a = v2f[o + x]! * suf[x]!;
          v2f[o + x] = a;
          z += a;
        }
        if (z > 0) for (let x = 0; x < c; x++) v2f[o + x]! /= z;
        else for (let x = 0; x < c; x++) v2f[o + x] = 1 / c;
        let s = 0;
        for (let x = 0; x < c; x++) {
          const p = suf[x]! * f2v[o + x]!;
          suf[x] = p;
          s += p;
        }
        if (s < TINY && s > 0) for (let x = 0; x < c; x++) suf[x]! *= HUGE;
      }
      let z = 0;
      for (let x = 0; x < c; x++) z += pre[x]!;
      for (let x = 0; x < c; x++) {
        const b = z > 0 ? pre[x]! / z : 1 / c;
        const d = Math.abs(b - bel[bo + x]!);
        if (d > maxChange) maxChange = d;
        bel[bo + x] = b;
      }
    }
    return maxChange;
  }

  /** Fresh v->f message on edge e from the current f->v messages into its variable. */
  computeV2F(e: number): void {
    const { card, edgeVar, vOff, vEdges, msgOff } = this.g;
    const f2v = this.f2v;
    const v2f = this.v2f;
    const v = edgeVar[e]!;
    const c = card[v]!;
    const o = msgOff[e]!;
    for (let x = 0; x < c; x++) v2f[o + x] = 1;
    const eb = vOff[v + 1]!;
    for (let k = vOff[v]!; k < eb; k++) {
      const e2 = vEdges[k]!;
      if (e2 === e) continue;
      const o2 = msgOff[e2]!;
      let s = 0;
      for (let x = 0; x < c; x++) {
        const p = v2f[o + x]! * f2v[o2 + x]!;
        v2f[o + x] = p;
        s += p;
      }
      if (s < TINY && s > 0) for (let x = 0; x < c; x++) v2f[o + x]! *= HUGE;
    }
    let z = 0;
    for (let x = 0; x < c; x++) z += v2f[o + x]!;
    if (z > 0) for (let x = 0; x < c; x++) v2f[o + x]! /= z;
    else for (let x = 0; x < c; x++) v2f[o + x] = 1 / c;
  }

  /**
   * Store a computed (unnormalised) message `m[0..c)` on edge offset o of `dest`: normalise (a
   * message summing to 0 becomes uniform), then damp against the current f2v message if damping > 0.
   */
  store(dest: Float64Array, o: number, m: Float64Array, c: number, damp: boolean): void {
    let z = 0;
    for (let x = 0; x < c; x++) z += m[x]!;
    if (!(z < Infinity)) {
      let mx = 0;
      for (let x = 0; x < c; x++) if (m[x]! > mx) mx = m[x]!;
      z = 0;
      for (let x = 0; x < c; x++) {
        m[x] = m[x]! / mx;
        z += m[x]!;
      }
    }
    if (!(z > 0)) {
      for (let x = 0; x < c; x++) m[x] = 1 / c;
    } else {
      for (let x = 0; x < c; x++) m[x] = m[x]! / z;
    }
    if (damp && this.damping > 0) {
      const d = this.damping;
      const f2v = this.f2v;
      let s = 0;
      for (let x = 0; x < c; x++) {
        const a = Math.pow(f2v[o + x]!, d) * Math.pow(m[x]!, 1 - d);
        m[x] = a;
        s += a;
      }
      if (s > 0) for (let x = 0; x < c; x++) dest[o + x] = m[x]! / s;
      else for (let x = 0; x < c; x++) dest[o + x] = 1 / c;
    } else {
      for (let x = 0; x < c; x++) dest[o + x] = m[x]!;
    }
  }

  /** Store a binary message (p0, p1): normalised in place when that is safe, else through store(). */
  private storePair(dest: Float64Array, o: number, p0: number, p1: number, damp: boolean): void {
    if (!damp) {
      const z = p0 + p1;
      if (z > 0 && z < Infinity) {
        dest[o] = p0 / z;
        dest[o + 1] = p1 / z;
        return;
      }
    }
    const m = this.tmp;
    m[0] = p0;
    m[1] = p1;
    this.store(dest, o, m, 2, damp);
  }

  /** Compute all outgoing f->v messages of factor f from the v2f messages into it; write to dest. */
  updateFactor(f: number, dest: Float64Array, damp: boolean): void {
    const g = this.g;
    const v2f = this.v2f;
    const tables = g.tables;
    const msgOff = g.msgOff;
    const card = g.card;
    const edgeVar = g.edgeVar;
    const e0 = g.fOff[f]!;
    const t0 = g.tabOff[f]!;
    const kind = g.kind[f]!;
    const isMax = this.isMax;
    const m = this.tmp;
    const undamped = !(damp && this.damping > 0);
    if (kind === K_PAIR2) {
      const oa = msgOff[e0]!;
      const ob = msgOff[e0 + 1]!;
      const a0 = v2f[oa]!;
      const a1 = v2f[oa + 1]!;
      const b0 = v2f[ob]!;
      const b1 = v2f[ob + 1]!;
      const t00 = tables[t0]!;
      const t10 = tables[t0 + 1]!;
      const t01 = tables[t0 + 2]!;
      const t11 = tables[t0 + 3]!;
      let x0: number, x1: number, y0: number, y1: number;
      if (isMax) {
        x0 = Math.max(t00 * b0, t01 * b1);
        x1 = Math.max(t10 * b0, t11 * b1);
        y0 = Math.max(t00 * a0, t10 * a1);
        y1 = Math.max(t01 * a0, t11 * a1);
      } else {
        x0 = t00 * b0 + t01 * b1;
        x1 = t10 * b0 + t11 * b1;
        y0 = t00 * a0 + t10 * a1;
        y1 = t01 * a0 + t11 * a1;
      }
      this.storePair(dest, oa, x0, x1, !undamped);
      this.storePair(dest, ob, y0, y1, !undamped);
      return;
    }
    if (kind === K_UNARY) {
      const o = msgOff[e0]!;
      const c = card[edgeVar[e0]!]!;
      for (let x = 0; x < c; x++) m[x] = tables[t0 + x]!;
      this.store(dest, o, m, c, !undamped);
      return;
    }
    if (kind === K_PAIR) {
      const oa = msgOff[e0]!;
      const ob = msgOff[e0 + 1]!;
      const ca = card[edgeVar[e0]!]!;
      const cb = card[edgeVar[e0 + 1]!]!;
      // to the first variable: m(a) = sum_b T[a + ca*b] * mb(b)
      for (let a = 0; a < ca; a++) m[a] = 0;
      for (let b = 0; b < cb; b++) {
        const w = v2f[ob + b]!;
        const row = t0 + ca * b;
        if (isMax) {
          for (let a = 0; a < ca; a++) {
            const p = tables[row + a]! * w;
            if (p > m[a]!) m[a] = p;
          }
        } else for (let a = 0; a < ca; a++) m[a]! += tables[row + a]! * w;
      }
      this.store(dest, oa, m, ca, !undamped);
      // to the second variable: m(b) = sum_a T[a + ca*b] * ma(a)
      for (let b = 0; b < cb; b++) {
        const row = t0 + ca * b;
        let s = 0;
        if (isMax) {
          for (let a = 0; a < ca; a++) {
            const p = tables[row + a]! * v2f[oa + a]!;
            if (p > s) s = p;
          }
        } else for (let a = 0; a < ca; a++) s += tables[row + a]! * v2f[oa + a]!;
        m[b] = s;
      }
      this.store(dest, ob, m, cb, !undamped);
      return;
    }
    // General arity: for each output position i, walk the table with a mixed-radix counter.
    const k = g.fOff[f + 1]! - e0;
    const size = g.tabOff[f + 1]! - t0;
    const idx = this.idx;
    const lc = this.lc;
    const lo = this.lo;
    for (let j = 0; j < k; j++) {
      lc[j] = card[edgeVar[e0 + j]!]!;
      lo[j] = msgOff[e0 + j]!;
    }
    for (let i = 0; i < k; i++) {
      const ci = lc[i]!;
      for (let x = 0; x < ci; x++) m[x] = 0;
      for (let j = 0; j < k; j++) idx[j] = 0;
      for (let l = 0; l < size; l++) {
        let p = tables[t0 + l]!;
        if (p !== 0) {
          for (let j = 0; j < k; j++) if (j !== i) p *= v2f[lo[j]! + idx[j]!]!;
          const xi = idx[i]!;
          if (isMax) {
            if (p > m[xi]!) m[xi] = p;
          } else m[xi]! += p;
        }
        for (let d = 0; d < k; d++) {
          if (++idx[d]! < lc[d]!) break;
          idx[d] = 0;
        }
      }
      this.store(dest, lo[i]!, m, ci, !undamped);
    }
  }

  /** Normalised factor beliefs (into `out`, laid out like `tables`) and the Bethe log Z. */
  finish(out: Float64Array | null): number {
    const g = this.g;
    const { tables, tabOff, fOff, msgOff, card, edgeVar, nFactors, nVars, belOff, vOff } = g;
    const v2f = this.v2f;
    const idx = this.idx;
    const lc = this.lc;
    const lo = this.lo;
    let logZ = 0;
    // Variables: (1 - degree) * H(b_v)... accumulated as -(deg-1) * H.
    for (let v = 0; v < nVars; v++) {
      const c = card[v]!;
      let h = 0;
      for (let x = 0; x < c; x++) {
        const b = this.bel[belOff[v]! + x]!;
        if (b > 0) h -= b * Math.log(b);
      }
      logZ += (1 - (vOff[v + 1]! - vOff[v]!)) * h;
    }
    const buf = out ?? new Float64Array(g.maxTable);
    for (let f = 0; f < nFactors; f++) {
      const e0 = fOff[f]!;
      const k = fOff[f + 1]! - e0;
      const t0 = tabOff[f]!;
      const size = tabOff[f + 1]! - t0;
      const b0 = out ? t0 : 0;
      for (let j = 0; j < k; j++) {
        lc[j] = card[edgeVar[e0 + j]!]!;
        lo[j] = msgOff[e0 + j]!;
        idx[j] = 0;
      }
      let z = 0;
      for (let l = 0; l < size; l++) {
        let p = tables[t0 + l]!;
        if (p !== 0) for (let j = 0; j < k; j++) p *= v2f[lo[j]! + idx[j]!]!;
        buf[b0 + l] = p;
        z += p;
        for (let d = 0; d < k; d++) {
          if (++idx[d]! < lc[d]!) break;
          idx[d] = 0;
        }
      }
      if (!(z > 0 && z < Infinity)) {
        // Zero guard (messages contradict the factor): fall back to the normalised potential.
        let mx = 0;
        for (let l = 0; l < size; l++) if (tables[t0 + l]! > mx) mx = tables[t0 + l]!;
        z = 0;
        for (let l = 0; l < size; l++) {
          buf[b0 + l] = tables[t0 + l]! / mx;
          z += buf[b0 + l]!;
        }
      }
      let term = 0;
      for (let l = 0; l < size; l++) {
        const b = buf[b0 + l]! / z;
        buf[b0 + l] = b;
        if (b > 0) term += b * (Math.log(tables[t0 + l]!) - Math.log(b));
      }
      logZ += term;
    }
    return logZ;
  }
}

/** Indexed binary max-heap over edges keyed by residual. */
class ResidualHeap {
  readonly heap: Int32Array;
  readonly pos: Int32Array;
  readonly key: Float64Array;
  constructor(n: number) {
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.key = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.heap[i] = i;
      this.pos[i] = i;
    }
  }
  private less(a: number, b: number): boolean {
    // true if edge a has lower priority than edge b (ties: lower edge id first)
    const ka = this.key[a]!;
    const kb = this.key[b]!;
    return ka < kb || (ka === kb && a > b);
  }
  heapify(): void {
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }
  top(): number {
    return this.heap[0]!;
  }
  set(e: number, k: number): void {
    const old = this.key[e]!;
    this.key[e] = k;
    const i = this.pos[e]!;
    if (k > old) this.up(i);
    else if (k < old) this.down(i);
  }
  private up(i: number): void {
    const h = this.heap;
    const e = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = h[p]!;
      if (!this.less(pe, e)) break;
      h[i] = pe;
      this.pos[pe] = i;
      i = p;
    }
    h[i] = e;
    this.pos[e] = i;
  }
  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const e = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(h[c]!, h[c + 1]!)) c++;
      const ce = h[c]!;
      if (!this.less(e, ce)) break;
      h[i] = ce;
      this.pos[ce] = i;
      i = c;
    }
    h[i] = e;
    this.pos[e] = i;
  }
}

function maxAbsDiff(a: Float64Array, b: Float64Array, o: number, c: number): number {
  let d = 0;
  for (let x = 0; x < c; x++) {
    const t = Math.abs(a[o + x]! - b[o + x]!);
    if (t > d) d = t;
  }
  return d;
}

/** Engine step codes of a lowered update list: (code, index) pairs. */
const STEP_V2F = 0; // one v->f message (index: edge), computeV2F
const STEP_FACTOR = 1; // every outgoing f->v message of a factor (index: factor), updateFactor

interface ListSteps {
  steps: Int32Array;
  /** F updates per iteration (the `updates` count). */
  factorUpdates: number;
}

const stepCache = new WeakMap<BpGraph, Map<FixedSchedule, ListSteps>>();

/**
 * The schedule's update list for this graph, lowered to engine steps (once per graph). `shape` is
 * the model g was compiled from, when at hand (saves rebuilding the scopes).
 */
function listSteps(g: BpGraph, schedule: FixedSchedule, shape?: GraphShape): ListSteps {
  let byGraph = stepCache.get(g);
  if (!byGraph) stepCache.set(g, (byGraph = new Map()));
  let s = byGraph.get(schedule);
  if (!s) {
    const graph = shape ?? {
      variables: { length: g.nVars },
      factors: Array.from({ length: g.nFactors }, (_, f) => ({ scope: Array.from(g.edgeVar.subarray(g.fOff[f]!, g.fOff[f + 1]!)) })),
    };
    s = planSteps(g, libdaiUpdates(graph, schedule));
    byGraph.set(schedule, s);
  }
  return s;
}

/**
 * Lower one iteration's update list to engine steps. F updates come in whole-factor runs (the
 * factor's scope order), which updateFactor computes together: each output reads only v->f
 * messages, so this equals updating them one by one. V updates are single computeV2F steps,
 * except that whole-variable runs (all of a variable's edges in order) before the list's first
 * other update are dropped: the belief pass that precedes every iteration has just computed
 * exactly those messages from the same f->v messages (flooding's whole V phase).
 */
export function planSteps(g: BpGraph, updates: readonly Update[]): ListSteps {
  const { fOff, vOff, vEdges, edgeVar } = g;
  const edgeOf = (u: Update): number => {
    for (let e = fOff[u.factor]!; e < fOff[u.factor + 1]!; e++) if (edgeVar[e] === u.variable) return e;
    throw new RangeError(`bp: variable ${u.variable} is not in factor ${u.factor}`);
  };
  let k = 0;
  for (;;) {
    const u = updates[k];
    if (!u || u.kind !== 'V') break;
    const v = u.variable;
    const deg = vOff[v + 1]! - vOff[v]!;
    let whole = deg > 0 && k + deg <= updates.length;
    for (let j = 0; whole && j < deg; j++) {
      const w = updates[k + j]!;
      whole = w.kind === 'V' && w.variable === v && edgeOf(w) === vEdges[vOff[v]! + j];
    }
    if (!whole) break;
    k += deg;
  }
  const steps: number[] = [];
  let factorUpdates = 0;
  while (k < updates.length) {
    const u = updates[k]!;
    if (u.kind === 'V') {
      steps.push(STEP_V2F, edgeOf(u));
      k++;
      continue;
    }
    const f = u.factor;
    const arity = fOff[f + 1]! - fOff[f]!;
    for (let j = 0; j < arity; j++) {
      const w = updates[k + j];
      if (!w || w.kind !== 'F' || w.factor !== f || edgeOf(w) !== fOff[f]! + j) {
        throw new RangeError(`bp: the update list must update factor ${f}'s outgoing messages together, in scope order`);
      }
    }
    steps.push(STEP_FACTOR, f);
    factorUpdates += arity;
    k += arity;
  }
  return { steps: Int32Array.from(steps), factorUpdates };
}

/**
 * Loopy belief propagation in float64. Accepts a factor graph or a graph compiled with
 * `compileBpGraph` (to reuse the flat layout across runs).
 */
export function beliefPropagation(model: FactorGraph | BpGraph, options: BpOptions = {}): BpResult {
  const opt = resolveOptions(options);
  const g = 'vEdges' in model ? model : compileBpGraph(model);
  const eng = new BpEngine(g, opt.semiring === 'min-sum', opt.damping, opt.schedule === 'residual');
  const { nFactors, nEdges, fOff, edgeVar, vOff, vEdges, edgeFactor, msgOff, card } = g;
  eng.variablePass(); // initial beliefs (uniform messages) and v->f messages
  let iterations = 0;
  let maxChange = Infinity;
  let converged = false;
  let updates = 0;
  if (opt.schedule !== 'residual') {
    // Each iteration: the list's steps, then the belief pass (every v->f message and belief).
    const { steps, factorUpdates } = listSteps(g, opt.schedule, g === model ? undefined : (model as FactorGraph));
    const f2v = eng.f2v;
    while (iterations < opt.maxIter) {
      for (let s = 0; s < steps.length; s += 2) {
        if (steps[s] === STEP_FACTOR) eng.updateFactor(steps[s + 1]!, f2v, true);
        else eng.computeV2F(steps[s + 1]!);
      }
      updates += factorUpdates;
      iterations++;
      maxChange = eng.variablePass();
      if (maxChange < opt.tol) {
        converged = true;
        break;
      }
    }
  } else {
    // Residual: proposals for every edge, a max-heap on |proposal - current|; each iteration
    // commits nEdges single messages, largest residual first.
    const heap = new ResidualHeap(nEdges);
    const prop = eng.prop;
    const f2v = eng.f2v;
    for (let f = 0; f < nFactors; f++) eng.updateFactor(f, prop, false);
    for (let e = 0; e < nEdges; e++) heap.key[e] = maxAbsDiff(prop, f2v, msgOff[e]!, card[edgeVar[e]!]!);
    heap.heapify();
    const m = eng.tmp;
    while (iterations < opt.maxIter) {
      for (let t = 0; t < nEdges; t++) {
        const e = heap.top();
        if (!(heap.key[e]! > 0)) break; // every proposal equals its message: fixed point
        const o = msgOff[e]!;
        const v = edgeVar[e]!;
        const c = card[v]!;
        for (let x = 0; x < c; x++) m[x] = prop[o + x]!;
        eng.store(f2v, o, m, c, true);
        updates++;
        heap.set(e, 0);
        const eb = vOff[v + 1]!;
        for (let k = vOff[v]!; k < eb; k++) {
          const e2 = vEdges[k]!;
          if (e2 === e) continue;
          const J = edgeFactor[e2]!;
          const jb = fOff[J + 1]!;
          for (let ej = fOff[J]!; ej < jb; ej++) eng.computeV2F(ej);
          eng.updateFactor(J, prop, false);
          for (let ej = fOff[J]!; ej < jb; ej++) heap.set(ej, maxAbsDiff(prop, f2v, msgOff[ej]!, card[edgeVar[ej]!]!));
        }
      }
      iterations++;
      maxChange = eng.variablePass();
      if (maxChange < opt.tol) {
        converged = true;
        break;
      }
    }
  }
  const fbAll = opt.factorBeliefs ? new Float64Array(g.tables.length) : null;
  const logZ = eng.finish(fbAll);
  const marginals: Float64Array[] = [];
  for (let v = 0; v < g.nVars; v++) marginals.push(eng.bel.slice(g.belOff[v]!, g.belOff[v + 1]!));
  const factorBeliefs: Float64Array[] = [];
  if (fbAll) for (let f = 0; f < nFactors; f++) factorBeliefs.push(fbAll.subarray(g.tabOff[f]!, g.tabOff[f + 1]!));
  return {
    marginals,
    factorBeliefs,
    logZ,
    converged,
    iterations,
    maxChange,
    updates,
    semiring: opt.semiring,
    schedule: opt.schedule,
    damping: opt.damping,
    tol: opt.tol,
    maxIter: opt.maxIter,
  };
}

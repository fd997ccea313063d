// Bit-accurate fixed-point belief propagation: the same BP the GP5 runtime generates code for, in
// the ISA's number format (W-bit saturating energies, F fraction bits, table-based max*), with the
// same quantisation and the same operation order, so the simulator's messages must equal these
// bit for bit. See golden/README.md, "Fixed-point reference: operation order".
//
// This is an independent implementation of ISA.md's fupd/vupd semantics (it does not call the
// isa/ descriptor kernels); only the scalar arithmetic (sat add, max*, damping, |a − b|,
// conversions) is shared with isa/, so that both sides round identically.
//
// Layout (flat typed arrays; the update loops allocate nothing):
//   edges  = (factor a, variable i) for 2+-ary factors only, numbered factor by factor in scope
//            order; edges of factor a are fOff[a] … fOff[a+1]−1 (an empty range for unary factors);
//   m      = factor→variable energies, m_{a→i} at m[mOff[e] … mOff[e]+card_i−1];
//   n      = variable→factor energies, n_{i→a} at n[nOff[e] …] (same offsets as m);
//   tables = the quantised tables of 2+-ary factors, factor a at tabOff[a] (first variable fastest);
//   priors = the folded unary factors, variable i at priorOff[i] (−1: no prior);
//   vEdges = the edges of each variable in increasing factor id, vOff[i] … vOff[i+1]−1.
import {
  absDiff,
  dampBlend,
  defaultFracBits,
  defaultTableSize,
  makeFormat,
  narrowNormalized,
  probsFromEnergies,
  tableEnergy,
  priorEnergy,
  wideMaxStar,
  widen,
  widenPrior,
  widenMessage,
  widenTable,
  WIDE_ZERO,
  type FixedFormat,
} from '../isa/index.js';
import type { FactorGraph } from './model.js';
import { factorParity } from './parity.js';
import { parityFactorMessage, parityRule, structuredParityFactors, type ParityPath } from './fixed-parity.js';
import type { Semiring } from './bp.js';
import { scheduleUpdates, type FixedSchedule, type GraphShape, type Update } from './schedules.js';

/** A factor graph quantised to the hardware number format. Immutable; reusable across runs. */
export interface QuantizedGraph {
  readonly format: FixedFormat;
  readonly nVars: number;
  /** All factors of the source graph (ids preserved, unary ones included). */
  readonly nFactors: number;
  /** Edges of 2+-ary factors. */
  readonly nEdges: number;
  /** Cardinality per variable. */
  readonly card: Int32Array;
  /** Scope per factor (variable ids, as in the source graph). */
  readonly scopes: readonly (readonly number[])[];
  /** nFactors + 1: edges of factor a are fOff[a] … fOff[a+1]−1 (none for a unary factor). */
  readonly fOff: Int32Array;
  /** Per edge: the factor. */
  readonly edgeFactor: Int32Array;
  /** Per edge: the variable. */
  readonly edgeVar: Int32Array;
  /** Per edge: the variable's position in the factor's scope. */
  readonly edgePos: Int32Array;
  /** Per edge: first-fastest stride of that scope position (digit = ⌊x / stride⌋ mod card). */
  readonly edgeStride: Int32Array;
  /** nEdges + 1: offset of m_{a→i} in the factor→variable array. */
  readonly mOff: Int32Array;
  /** nEdges + 1: offset of n_{i→a} in the variable→factor array (equal to mOff). */
  readonly nOff: Int32Array;
  /** Entries of each message array (= mOff[nEdges]). */
  readonly msgSize: number;
  /** nFactors + 1: factor a's table is tables[tabOff[a] … tabOff[a+1]−1] (empty for unary). */
  readonly tabOff: Int32Array;
  /** Quantised energies of the 2+-ary factors' tables. */
  readonly tables: Int32Array;
  /** Per variable: offset of its prior in `priors`, or −1 if it has no unary factor. */
  readonly priorOff: Int32Array;
  /** Quantised priors (card_i entries each). */
  readonly priors: Int32Array;
  /** nVars + 1: edges of variable i are vEdges[vOff[i] … vOff[i+1]−1], increasing factor id. */
  readonly vOff: Int32Array;
  readonly vEdges: Int32Array;
  readonly maxCard: number;
  readonly maxArity: number;
  /**
   * Per factor: its parity when its table is a parity (XOR) constraint on 2+ binary variables
   * (golden/parity.ts; 0 even, 1 odd), else −1. Unary factors are always −1 (they fold into priors).
   */
  readonly parity: Int8Array;
  /**
   * Factors (and folded priors) with a non-zero entry below the format's range: such entries are
   * held at MAX − 1 (the smallest representable non-zero probability), never rounded to zero.
   */
  readonly clipped: readonly ClippedRange[];
}

/** A factor whose dynamic range exceeds the W-bit table range (quantizeGraph). */
export interface ClippedRange {
  /** The factor (for a folded prior: the first unary factor on the variable). */
  factor: number;
  /** Set for a folded prior: the variable. */
  variable?: number;
  /** Entries clipped. */
  entries: number;
  /** The largest energy −ln(φ/max φ) in nats among them, and the largest the format holds. */
  maxNats: number;
  representableNats: number;
}

/**
 * Quantise a factor graph: unary factors folded into per-variable priors (sum of natural logs in
 * factor-id order, minus its max, exponentiated, then tableEnergy; all-zero → all MAX), every 2+-ary table
 * as tableEnergy(φ(x) / max φ) in its own first-fastest order. A non-zero entry beyond the range is
 * held at MAX − 1 and listed in `clipped`.
 */
export function quantizeGraph(graph: FactorGraph, format: FixedFormat): QuantizedGraph {
  const f = format;
  const nVars = graph.variables.length;
  const nFactors = graph.factors.length;
  const card = new Int32Array(nVars);
  let maxCard = 1;
  for (let v = 0; v < nVars; v++) {
    const c = graph.variables[v]!.card;
    card[v] = c;
    if (c > maxCard) maxCard = c;
  }
  const fOff = new Int32Array(nFactors + 1);
  const tabOff = new Int32Array(nFactors + 1);
  let maxArity = 1;
  const deg = new Int32Array(nVars);
  for (let a = 0; a < nFactors; a++) {
    const fa = graph.factors[a]!;
    const k = fa.scope.length;
    const multi = k >= 2;
    fOff[a + 1] = fOff[a]! + (multi ? k : 0);
    tabOff[a + 1] = tabOff[a]! + (multi ? fa.table.length : 0);
    if (k > maxArity) maxArity = k;
    if (multi) for (const v of fa.scope) deg[v]!++;
  }
  const nEdges = fOff[nFactors]!;
  const edgeFactor = new Int32Array(nEdges);
  const edgeVar = new Int32Array(nEdges);
  const edgePos = new Int32Array(nEdges);
  const edgeStride = new Int32Array(nEdges);
  const mOff = new Int32Array(nEdges + 1);
  const tables = new Int32Array(tabOff[nFactors]!);
  const vOff = new Int32Array(nVars + 1);
  for (let v = 0; v < nVars; v++) vOff[v + 1] = vOff[v]! + deg[v]!;
  const vEdges = new Int32Array(nEdges);
  const fill = vOff.slice(0, nVars);
  const clipped: ClippedRange[] = [];
  const firstUnary = new Int32Array(nVars).fill(-1);
  const parity = new Int8Array(nFactors).fill(-1);
  // Unary factors summed in log space per variable (null: no unary factor yet), so that many
  // large entries cannot overflow a product to Infinity (100 factors of 1e4 would).
  const logProd: (Float64Array | null)[] = new Array<Float64Array | null>(nVars).fill(null);
  for (let a = 0; a < nFactors; a++) {
    const fa = graph.factors[a]!;
    const k = fa.scope.length;
    if (k === 1) {
      const v = fa.scope[0]!;
      if (firstUnary[v]! < 0) firstUnary[v] = a;
      let p = logProd[v];
      if (!p) {
        p = new Float64Array(card[v]!);
        logProd[v] = p;
      }
      for (let x = 0; x < card[v]!; x++) p[x] = p[x]! + Math.log(fa.table[x]!);
      continue;
    }
    let stride = 1;
    for (let j = 0; j < k; j++) {
      const e = fOff[a]! + j;
      const v = fa.scope[j]!;
      edgeFactor[e] = a;
      edgeVar[e] = v;
      edgePos[e] = j;
      edgeStride[e] = stride;
      stride *= card[v]!;
      mOff[e + 1] = mOff[e]! + card[v]!;
      vEdges[fill[v]!++] = e; // factors visited in increasing id: adjacency is sorted
    }
    parity[a] = factorParity(fa, fa.scope.map((v) => card[v]!), a);
    let mx = 0;
    for (let x = 0; x < fa.table.length; x++) if (fa.table[x]! > mx) mx = fa.table[x]!;
    const t0 = tabOff[a]!;
    for (let x = 0; x < fa.table.length; x++) tables[t0 + x] = tableEnergy(f, mx > 0 ? fa.table[x]! / mx : 0);
    noteClipping(f, clipped, a, -1, fa.table, fa.table.length, Math.log(mx), tables, t0, f.tableMax, f.F + f.guard);
  }
  const priorOff = new Int32Array(nVars).fill(-1);
  let priorSize = 0;
  for (let v = 0; v < nVars; v++) {
    if (logProd[v]) {
      priorOff[v] = priorSize;
      priorSize += card[v]!;
    }
  }
  const priors = new Int32Array(priorSize);
  for (let v = 0; v < nVars; v++) {
    const p = logProd[v];
    if (!p) continue;
    let mx = -Infinity;
    for (let x = 0; x < p.length; x++) if (p[x]! > mx) mx = p[x]!;
    const o = priorOff[v]!;
    // mx = −∞: every state has weight 0 → all MAX. Otherwise exp(l − mx) ∈ [0, 1], never NaN.
    for (let x = 0; x < p.length; x++) priors[o + x] = mx > -Infinity ? priorEnergy(f, Math.exp(p[x]! - mx)) : f.priorMax;
    if (mx > -Infinity) noteClipping(f, clipped, firstUnary[v]!, v, p, p.length, mx, priors, o, f.priorMax, f.F, true);
  }
  return {
    format: f,
    nVars,
    nFactors,
    nEdges,
    card,
    scopes: graph.factors.map((fa) => fa.scope.slice()),
    fOff,
    edgeFactor,
    edgeVar,
    edgePos,
    edgeStride,
    mOff,
    nOff: mOff,
    msgSize: mOff[nEdges]!,
    tabOff,
    tables,
    priorOff,
    priors,
    vOff,
    vEdges,
    maxCard,
    maxArity,
    parity,
    clipped,
  };
}

/**
 * Record the entries of one table whose energy −ln(φ/max φ) the format cannot hold (they were
 * stored as MAX − 1). `logMax` is ln max φ; `logValues` says `values` are already natural logs.
 */
function noteClipping(
  f: FixedFormat,
  out: ClippedRange[],
  factor: number,
  variable: number,
  values: ArrayLike<number>,
  len: number,
  logMax: number,
  stored: Int32Array,
  storedAt: number,
  zero: number,
  frac: number,
  logValues = false,
): void {
  let entries = 0;
  let maxNats = 0;
  for (let x = 0; x < len; x++) {
    if (stored[storedAt + x] !== zero - 1) continue;
    const v = values[x]!;
    const nats = logMax - (logValues ? v : Math.log(v));
    if (!(nats * 2 ** frac + 0.5 >= zero)) continue; // rounds to exactly zero − 1: not clipped
    entries++;
    if (nats > maxNats) maxNats = nats;
  }
  if (entries > 0) out.push({ factor, ...(variable >= 0 ? { variable } : {}), entries, maxNats, representableNats: (zero - 1) / 2 ** frac });
}

/** The edge index of (factor a, variable i), or −1 if a is unary or i is not in its scope. */
export function edgeIndex(qg: QuantizedGraph, factor: number, variable: number): number {
  if (!(factor >= 0 && factor < qg.nFactors)) return -1;
  const eb = qg.fOff[factor + 1]!;
  for (let e = qg.fOff[factor]!; e < eb; e++) if (qg.edgeVar[e] === variable) return e;
  return -1;
}

export interface FixedPointBpOptions {
  /** true: fupd.sp (max*); false: fupd.ms (min). Default true. */
  sumProduct?: boolean;
  /** Damping λ ∈ [0, 256] on factor→variable messages (weight λ/256 on the old one). Default 0. */
  lambda?: number;
  /** Converged when the iteration change ≤ tolRaw (raw energy units). Overrides `tol`. */
  tolRaw?: number;
  /** Tolerance in nats of energy: tolRaw = ⌊tol · 2^F⌋. Default 1e-9 (→ 0 for F ≤ 29). */
  tol?: number;
  /** Named schedule or an explicit per-iteration update list. Default 'flooding'. */
  schedule?: FixedSchedule | readonly Update[];
  /**
   * How parity factors are updated: 'structured' (the LLR check-node update, fixed-parity.ts, as
   * the compiler lowers them) or 'dense' (their table, like any factor). Default 'structured'.
   */
  parityPath?: ParityPath;
}

export interface FixedRunResult {
  /** Iterations performed by this call. */
  iterations: number;
  converged: boolean;
  /** Change of the last iteration (raw units); Infinity if no iteration ran. */
  lastChange: number;
}

const OP_F = 0;
const OP_V = 1;

/** Fixed-point BP engine over a quantised graph. Messages start at 0 (uniform). */
export class FixedPointBp {
  readonly qg: QuantizedGraph;
  readonly format: FixedFormat;
  readonly sumProduct: boolean;
  readonly lambda: number;
  readonly tolRaw: number;
  /** Factor→variable energies (see QuantizedGraph.mOff). Live state: do not write. */
  readonly m: Int32Array;
  /** Variable→factor energies (see QuantizedGraph.nOff). Live state: do not write. */
  readonly n: Int32Array;
  /** The update list of one iteration, as (edge << 1) | kind (kind 0 = F, 1 = V). */
  readonly ops: Int32Array;
  private readonly acc: Float64Array; // wide accumulator (exact; WIDE_ZERO = probability 0)
  private readonly digit: Int32Array;
  private readonly cards: Int32Array;
  private readonly msgs: Int32Array; // offsets of the incoming n messages of the factor in flight
  /** Per factor: parity (0/1) when it takes the structured path, else −1 (structuredParityFactors). */
  readonly structured: Int8Array;
  private readonly llrIn: Int32Array;
  private readonly llrOut: Int32Array;
  private readonly rule: number;
  /**
   * Per op: 1 when it continues a run of F updates of one structured parity factor (the run's
   * first op already recomputed the whole factor, as the chip's one cnu does), so it is skipped.
   */
  private readonly runContinues: Uint8Array;

  constructor(qg: QuantizedGraph, options: FixedPointBpOptions = {}) {
    this.qg = qg;
    this.format = qg.format;
    this.sumProduct = options.sumProduct ?? true;
    const lambda = options.lambda ?? 0;
    if (!Number.isInteger(lambda) || lambda < 0 || lambda > 256) throw new RangeError(`lambda ${lambda} outside 0 … 256`);
    this.lambda = lambda;
    let tolRaw: number;
    if (options.tolRaw !== undefined) tolRaw = options.tolRaw;
    else {
      const tol = options.tol ?? 1e-9;
      if (!(tol >= 0)) throw new RangeError(`tol ${tol} must be >= 0`);
      tolRaw = Math.floor(tol * qg.format.scale);
    }
    if (!(tolRaw >= 0)) throw new RangeError(`tolRaw ${tolRaw} must be >= 0`);
    this.tolRaw = tolRaw;
    this.m = new Int32Array(qg.msgSize);
    this.n = new Int32Array(qg.msgSize);
    this.acc = new Float64Array(qg.maxCard);
    this.digit = new Int32Array(qg.maxArity);
    this.cards = new Int32Array(qg.maxArity);
    this.msgs = new Int32Array(qg.maxArity);
    this.structured = structuredParityFactors(qg, options.parityPath);
    this.llrIn = new Int32Array(qg.maxArity);
    this.llrOut = new Int32Array(qg.maxArity);
    this.rule = parityRule(this.sumProduct);
    const sched = options.schedule ?? 'flooding';
    const list = typeof sched === 'string' ? scheduleUpdates(shapeOf(qg), sched) : sched;
    const ops = new Int32Array(list.length);
    list.forEach((u, k) => {
      const e = edgeIndex(qg, u.factor, u.variable);
      if (e < 0) {
        throw new RangeError(
          `schedule entry ${k}: ${u.kind}(${u.kind === 'F' ? `${u.factor}, ${u.variable}` : `${u.variable}, ${u.factor}`}) ` +
            `is not an edge of a 2+-ary factor`,
        );
      }
      if (u.kind !== 'F' && u.kind !== 'V') throw new RangeError(`schedule entry ${k}: kind must be 'F' or 'V'`);
      ops[k] = (e << 1) | (u.kind === 'F' ? OP_F : OP_V);
    });
    this.ops = ops;
    this.runContinues = new Uint8Array(list.length);
    for (let k = 1; k < list.length; k++) {
      const u = list[k]!;
      const prev = list[k - 1]!;
      if (u.kind === 'F' && prev.kind === 'F' && u.factor === prev.factor && this.structured[u.factor]! >= 0) this.runContinues[k] = 1;
    }
  }

  /** Every F(a, ·) update of factor a (for a structured parity factor: one check-node update). Returns the change. */
  factorUpdate(a: number): number {
    const e0 = this.qg.fOff[a]!;
    const e1 = this.qg.fOff[a + 1]!;
    if (this.structured[a]! >= 0) return e1 > e0 ? this.factorUpdateEdge(e0) : 0;
    let change = 0;
    for (let e = e0; e < e1; e++) {
      const d = this.factorUpdateEdge(e);
      if (d > change) change = d;
    }
    return change;
  }

  /** Set every message back to 0 (uniform). */
  reset(): void {
    this.m.fill(0);
    this.n.fill(0);
  }

  /**
   * F(a, i) on edge e: the factor→variable message, exactly ISA.md's fupd.sp / fupd.ms. Returns
   * the change max_c |new − old| (damped value against the previous message).
   */
  factorUpdateEdge(e: number): number {
    const par = this.structured[this.qg.edgeFactor[e]!]!;
    if (par >= 0) return parityFactorMessage(this.qg, this.n, this.m, e, par, this.rule, this.lambda, this.llrIn, this.llrOut);
    const qg = this.qg;
    const f = this.format;
    const acc = this.acc;
    const digit = this.digit;
    const cards = this.cards;
    const msgs = this.msgs;
    const n = this.n;
    const tables = qg.tables;
    const a = qg.edgeFactor[e]!;
    const eb = qg.fOff[a]!;
    const k = qg.fOff[a + 1]! - eb;
    const o = qg.edgePos[e]!;
    const co = qg.card[qg.edgeVar[e]!]!;
    for (let j = 0; j < k; j++) {
      digit[j] = 0;
      cards[j] = qg.card[qg.edgeVar[eb + j]!]!;
      msgs[j] = qg.nOff[eb + j]!;
    }
    for (let c = 0; c < co; c++) acc[c] = WIDE_ZERO;
    const t0 = qg.tabOff[a]!;
    const N = qg.tabOff[a + 1]! - t0;
    const sp = this.sumProduct;
    for (let x = 0; x < N; x++) {
      // Exact sum; any MAX term (probability 0) makes the entry the zero flag.
      let en = widenTable(f, tables[t0 + x]!);
      for (let j = 0; j < k; j++) if (j !== o) en += widenMessage(f, n[msgs[j]! + digit[j]!]!);
      const c = digit[o]!;
      if (sp) acc[c] = wideMaxStar(f, acc[c]!, en);
      else if (en < acc[c]!) acc[c] = en;
      // Next table index: first scope position fastest.
      for (let j = 0; j < k; j++) {
        if (++digit[j]! < cards[j]!) break;
        digit[j] = 0;
      }
    }
    let mn = acc[0]!;
    for (let c = 1; c < co; c++) if (acc[c]! < mn) mn = acc[c]!;
    const out = this.m;
    const mo = qg.mOff[e]!;
    const lambda = this.lambda;
    let change = 0;
    for (let c = 0; c < co; c++) {
      let v = mn === WIDE_ZERO ? 0 : narrowNormalized(f, acc[c]!, mn, f.guard);
      const old = out[mo + c]!;
      if (lambda !== 0) v = dampBlend(f, v, old, lambda);
      const d = absDiff(v, old);
      if (d > change) change = d;
      out[mo + c] = v;
    }
    return change;
  }

  /** V(i, a) on edge e: the variable→factor message (vupd, leaving m_{a→i} out, no damping). */
  variableUpdateEdge(e: number): void {
    this.combine(this.qg.edgeVar[e]!, e, this.n, this.qg.nOff[e]!);
  }

  /**
   * Sum of [prior] then every m_{b→i} (increasing factor id) except edge `skip` (−1: none),
   * saturating, left to right; normalised (subtract min, saturate at MAX; all-MAX → all 0).
   */
  private combine(i: number, skip: number, out: Int32Array, off: number): void {
    const qg = this.qg;
    const f = this.format;
    const acc = this.acc;
    const c0 = qg.card[i]!;
    for (let c = 0; c < c0; c++) acc[c] = 0;
    const po = qg.priorOff[i]!;
    if (po >= 0) for (let c = 0; c < c0; c++) acc[c] = acc[c]! + widenPrior(f, qg.priors[po + c]!);
    const m = this.m;
    const kb = qg.vOff[i + 1]!;
    for (let k = qg.vOff[i]!; k < kb; k++) {
      const e2 = qg.vEdges[k]!;
      if (e2 === skip) continue;
      const mo = qg.mOff[e2]!;
      for (let c = 0; c < c0; c++) acc[c] = acc[c]! + widen(f, m[mo + c]!);
    }
    let mn = acc[0]!;
    for (let c = 1; c < c0; c++) if (acc[c]! < mn) mn = acc[c]!;
    for (let c = 0; c < c0; c++) out[off + c] = mn === WIDE_ZERO ? 0 : narrowNormalized(f, acc[c]!, mn, 0);
  }

  /** Apply one update; returns the change for F updates and 0 for V updates. */
  applyUpdate(u: Update): number {
    const e = edgeIndex(this.qg, u.factor, u.variable);
    if (e < 0) throw new RangeError(`(${u.factor}, ${u.variable}) is not an edge of a 2+-ary factor`);
    if (u.kind === 'F') return this.factorUpdateEdge(e);
    this.variableUpdateEdge(e);
    return 0;
  }

  /** Run the update list once; returns the iteration change (max over the F updates). */
  iterate(): number {
    const ops = this.ops;
    const skip = this.runContinues;
    let change = 0;
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k]!;
      if ((op & 1) === OP_F) {
        if (skip[k] === 1) continue;
        const d = this.factorUpdateEdge(op >> 1);
        if (d > change) change = d;
      } else this.variableUpdateEdge(op >> 1);
    }
    return change;
  }

  /** Iterate until the change ≤ tolRaw or maxIter iterations. */
  run(maxIter: number): FixedRunResult {
    let iterations = 0;
    let lastChange = Infinity;
    let converged = false;
    while (iterations < maxIter) {
      lastChange = this.iterate();
      iterations++;
      if (lastChange <= this.tolRaw) {
        converged = true;
        break;
      }
    }
    return { iterations, converged, lastChange };
  }

  /** A copy of m_{a→i}. */
  factorToVar(factor: number, variable: number): Int32Array {
    const e = this.edgeOrThrow(factor, variable);
    return this.m.slice(this.qg.mOff[e]!, this.qg.mOff[e + 1]!);
  }

  /** A copy of n_{i→a}. */
  varToFactor(variable: number, factor: number): Int32Array {
    const e = this.edgeOrThrow(factor, variable);
    return this.n.slice(this.qg.nOff[e]!, this.qg.nOff[e]! + this.qg.card[variable]!);
  }

  /** B(i): normalised belief energies of variable i (prior and every incoming message). */
  beliefEnergy(variable: number): Int32Array {
    const out = new Int32Array(this.qg.card[variable]!);
    this.combine(variable, -1, out, 0);
    return out;
  }

  beliefEnergies(): Int32Array[] {
    const out: Int32Array[] = [];
    for (let i = 0; i < this.qg.nVars; i++) out.push(this.beliefEnergy(i));
    return out;
  }

  /** Beliefs as probabilities (probsFromEnergies: all-MAX → uniform), variable-id order. */
  marginals(): number[][] {
    return this.beliefEnergies().map((e) => probsFromEnergies(this.format, e));
  }

  private edgeOrThrow(factor: number, variable: number): number {
    const e = edgeIndex(this.qg, factor, variable);
    if (e < 0) throw new RangeError(`(${factor}, ${variable}) is not an edge of a 2+-ary factor`);
    return e;
  }
}

function shapeOf(qg: QuantizedGraph): GraphShape {
  return { variables: { length: qg.nVars }, factors: qg.scopes.map((scope) => ({ scope })) };
}

export interface FixedBpOptions {
  /** Message width W (8 … 32). Default 16. */
  W?: number;
  /** Fraction bits. Default defaultFracBits(W) = ⌊W/2⌋. */
  F?: number;
  /** max* table entries. Default defaultTableSize(W). */
  tableSize?: number;
  /** Default 'sum-product'. */
  semiring?: Semiring;
  /** Default 'flooding'. */
  schedule?: FixedSchedule | readonly Update[];
  /** libDAI-style damping d ∈ [0, 1] → λ = round(d · 256). Default 0. */
  damping?: number;
  /** Tolerance in nats of energy (tolRaw = ⌊tol · 2^F⌋). Default 1e-9. */
  tol?: number;
  /** Default 1000. */
  maxIter?: number;
  /** Parity factors: 'structured' (default) or 'dense' (FixedPointBpOptions.parityPath). */
  parityPath?: ParityPath;
}

export interface FixedBpResult {
  /** One probability array per variable, variable-id order. */
  marginals: number[][];
  iterations: number;
  converged: boolean;
  /** Raw units; Infinity if no iteration ran. */
  lastChange: number;
  format: { W: number; F: number; tableSize: number };
}

/** Quantise, run fixed-point BP and return the marginals (pure; no I/O). */
export function fixedPointBp(graph: FactorGraph, options: FixedBpOptions = {}): FixedBpResult {
  const W = options.W ?? 16;
  const F = options.F ?? defaultFracBits(W);
  const tableSize = options.tableSize ?? defaultTableSize(W);
  const damping = options.damping ?? 0;
  if (!(damping >= 0 && damping <= 1)) throw new RangeError(`damping ${damping} outside [0, 1]`);
  const semiring = options.semiring ?? 'sum-product';
  if (semiring !== 'sum-product' && semiring !== 'min-sum') throw new RangeError(`unknown semiring '${String(semiring)}'`);
  const maxIter = options.maxIter ?? 1000;
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new RangeError(`maxIter ${maxIter} must be an integer >= 0`);
  const fmt = makeFormat(W, F, tableSize);
  const bp = new FixedPointBp(quantizeGraph(graph, fmt), {
    sumProduct: semiring === 'sum-product',
    lambda: Math.round(damping * 256),
    tol: options.tol ?? 1e-9,
    schedule: options.schedule ?? 'flooding',
    parityPath: options.parityPath,
  });
  const r = bp.run(maxIter);
  return { marginals: bp.marginals(), ...r, format: { W, F, tableSize } };
}

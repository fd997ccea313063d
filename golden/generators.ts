// Seeded workload generators. Same seed and parameters -> the same graph, bit for bit.
import type { Factor, FactorGraph, Variable } from './model.js';
import type { ModelSource } from './model-source.js';
import { NORMAL_MAX, Prng } from './prng.js';

type VisitFactor = (scope: readonly number[], table: Float64Array) => void;

/**
 * Largest coupling or field standard deviation (with mean 0) whose tables stay finite: e^J with
 * |J| <= sigma · NORMAL_MAX <= ln(Number.MAX_VALUE). Above it a grid may hold Infinity, which no
 * reader accepts.
 */
export const MAX_ISING_SIGMA = Math.log(Number.MAX_VALUE) / NORMAL_MAX;

export interface IsingGridOptions {
  rows: number;
  cols: number;
  seed: number;
  /** Couplings J ~ Normal(couplingMean, couplingSigma). Default 0, 0.4 (libDAI createfg's defaults in testfast). */
  couplingMean?: number;
  couplingSigma?: number;
  /** Fields h ~ Normal(fieldMean, fieldSigma). Default 0, 0.4. */
  fieldMean?: number;
  fieldSigma?: number;
}

/**
 * A binary Ising grid (spins s = 2x - 1, x in {0, 1}): variable id r*cols + c; first one unary factor
 * per variable [e^-h, e^h] (variable order), then the pairwise factors [e^J, e^-J, e^-J, e^J]
 * (first-fastest: (0,0), (1,0), (0,1), (1,1)) — for each variable in id order, its right neighbour
 * then its lower neighbour. rows x cols variables, 2*rows*cols - rows - cols pairwise factors.
 * Random numbers are drawn in factor order: all fields first, then couplings.
 */
export function isingGrid(o: IsingGridOptions): FactorGraph {
  return collectGraph(isingSource(o));
}

/** The same grid as a model source (nothing held in memory; each pass redraws from the seed). */
export function isingSource(o: IsingGridOptions): ModelSource {
  const { rows, cols } = o;
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1)) throw new RangeError('rows and cols must be integers >= 1');
  const n = rows * cols;
  return {
    nVars: n,
    nFactors: 3 * n - rows - cols,
    card: () => 2,
    name: (v) => `x${v}`,
    forEachFactor: (visit) => isingFactors(o, visit),
  };
}

function isingFactors(o: IsingGridOptions, visit: VisitFactor): void {
  const { rows, cols } = o;
  const rng = new Prng(o.seed);
  const jm = o.couplingMean ?? 0;
  const js = o.couplingSigma ?? 0.4;
  const hm = o.fieldMean ?? 0;
  const hs = o.fieldSigma ?? 0.4;
  const n = rows * cols;
  const unary = [0];
  const pair = [0, 0];
  const t1 = new Float64Array(2);
  const t2 = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    const h = rng.normal(hm, hs);
    unary[0] = i;
    t1[0] = Math.exp(-h);
    t1[1] = Math.exp(h);
    visit(unary, t1);
  }
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      for (let k = 0; k < 2; k++) {
        const j = k === 0 ? (c + 1 < cols ? i + 1 : -1) : r + 1 < rows ? i + cols : -1;
        if (j < 0) continue;
        const J = rng.normal(jm, js);
        const a = Math.exp(J);
        const b = Math.exp(-J);
        pair[0] = i;
        pair[1] = j;
        t2[0] = a;
        t2[1] = b;
        t2[2] = b;
        t2[3] = a;
        visit(pair, t2);
      }
    }
}

export interface RandomTreeOptions {
  nVars: number;
  seed: number;
  /** Cardinalities uniform in [minCard, maxCard]. Default 2..8. */
  minCard?: number;
  maxCard?: number;
  /** Probability that a new branch is a 3-variable factor (two new variables) instead of a pairwise one. Default 0.2. */
  tripleProb?: number;
  /** Probability that a table entry is exactly 0 (never a whole table). Default 0. */
  zeroProb?: number;
}

/**
 * A random tree-structured factor graph: variable 0 is the root; each further variable hangs off a
 * uniformly chosen earlier variable through a pairwise factor, or (with tripleProb) two new variables
 * hang off it through one 3-variable factor. Every variable also gets a unary factor. Scope order is
 * shuffled so the parent is not always first. Entries are exp(Normal(0, 1)), some zeroed with zeroProb.
 */
export function randomTree(o: RandomTreeOptions): FactorGraph {
  return collectGraph(randomTreeSource(o));
}

/** The same tree as a model source: the cardinalities are kept (one byte each), tables redrawn. */
export function randomTreeSource(o: RandomTreeOptions): ModelSource {
  const cards = new Uint8Array(Math.max(1, o.nVars));
  let nVars = 0;
  let nFactors = 0;
  treeFactors(
    o,
    (card) => (cards[nVars++] = card),
    () => nFactors++,
  );
  return { nVars, nFactors, card: (v) => cards[v]!, name: () => undefined, forEachFactor: (visit) => treeFactors(o, () => {}, visit) };
}

function treeFactors(o: RandomTreeOptions, addVar: (card: number) => void, visit: VisitFactor): void {
  const rng = new Prng(o.seed);
  const lo = o.minCard ?? 2;
  const hi = o.maxCard ?? 8;
  const tripleProb = o.tripleProb ?? 0.2;
  const zeroProb = o.zeroProb ?? 0;
  const cards: number[] = [];
  const newVar = (): number => {
    const c = rng.range(lo, hi);
    cards.push(c);
    addVar(c);
    return cards.length - 1;
  };
  const table = (size: number): Float64Array => {
    const t = new Float64Array(size);
    for (let i = 0; i < size; i++) t[i] = rng.next() < zeroProb ? 0 : Math.exp(rng.normal());
    if (t.every((x) => x === 0)) t[rng.int(size)] = 1;
    return t;
  };
  const addFactor = (scope: number[]): void => {
    for (let i = scope.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [scope[i], scope[j]] = [scope[j]!, scope[i]!];
    }
    let size = 1;
    for (const v of scope) size *= cards[v]!;
    visit(scope, table(size));
  };
  newVar();
  while (cards.length < o.nVars) {
    const parent = rng.int(cards.length);
    if (cards.length + 2 <= o.nVars && rng.next() < tripleProb) {
      // Both cardinalities are drawn before the factor, as the tree has always been generated.
      const a = newVar();
      newVar();
      addFactor([parent, a, a + 1]);
    } else addFactor([parent, newVar()]);
  }
  for (let v = 0; v < cards.length; v++) addFactor([v]);
}

export interface HmmChainOptions {
  /** Number of classes C (independent binary activity chains). */
  classes: number;
  /** Number of frames T (e.g. 0.1 s frames). */
  frames: number;
  seed: number;
  /** P(active at t | inactive at t-1). Default 0.05. */
  pOn?: number;
  /** P(inactive at t | active at t-1). Default 0.1. */
  pOff?: number;
  /** Prior P(active at frame 0). Default 0.2. */
  pInitial?: number;
  /** Detector accuracy: the simulated frame score agrees with the true state with this probability. Default 0.8. */
  accuracy?: number;
}

export interface HmmChain {
  graph: FactorGraph;
  /** The sampled true activity, truth[c][t] in {0, 1}. */
  truth: number[][];
}

/**
 * Per-class sound-event activity smoothing: C independent binary Markov chains of T frames.
 * Variable id c*T + t ("c<c>t<t>"). Factors per class: a prior unary on frame 0, then for each frame
 * an emission unary (likelihood of a noisy detector score: a posterior-like probability drawn near
 * the true state with the given accuracy), and for t >= 1 a transition factor over (x[t-1], x[t]) with
 * table [1-pOn, pOff, pOn, 1-pOff] (first-fastest: rows x[t-1]). The true chain is sampled first.
 */
export function hmmChain(o: HmmChainOptions): HmmChain {
  const truth: number[][] = [];
  const graph = collectGraph(hmmSource(o, truth));
  return { graph, truth };
}

/** The same chains as a model source; `truth`, if given, receives the sampled activity on each pass. */
export function hmmSource(o: HmmChainOptions, truth?: number[][]): ModelSource {
  const { classes: C, frames: T } = o;
  return {
    nVars: C * T,
    nFactors: C * 2 * T,
    card: () => 2,
    name: (v) => `c${Math.floor(v / T)}t${v % T}`,
    forEachFactor: (visit) => {
      if (truth) truth.length = 0;
      hmmFactors(o, visit, truth);
    },
  };
}

function hmmFactors(o: HmmChainOptions, visit: VisitFactor, truth: number[][] | undefined): void {
  const rng = new Prng(o.seed);
  const { classes: C, frames: T } = o;
  const pOn = o.pOn ?? 0.05;
  const pOff = o.pOff ?? 0.1;
  const p0 = o.pInitial ?? 0.2;
  const acc = o.accuracy ?? 0.8;
  const trans = Float64Array.of(1 - pOn, pOff, pOn, 1 - pOff);
  const unary = [0];
  const pair = [0, 0];
  const t1 = new Float64Array(2);
  // One class's true activity (T bytes), reused: memory does not grow with the class count.
  const row = new Uint8Array(T);
  for (let c = 0; c < C; c++) {
    let x = rng.next() < p0 ? 1 : 0;
    for (let t = 0; t < T; t++) {
      if (t > 0) x = x === 1 ? (rng.next() < pOff ? 0 : 1) : rng.next() < pOn ? 1 : 0;
      row[t] = x;
    }
    truth?.push(Array.from(row));
    const base = c * T;
    unary[0] = base;
    t1[0] = 1 - p0;
    t1[1] = p0;
    visit(unary, t1);
    for (let t = 0; t < T; t++) {
      // Detector output: probability of activity; right side of 0.5 with probability `acc`.
      const correct = rng.next() < acc;
      const conf = 0.5 + 0.45 * rng.next();
      const says = correct ? row[t]! : 1 - row[t]!;
      const q = says === 1 ? conf : 1 - conf;
      unary[0] = base + t;
      t1[0] = 1 - q;
      t1[1] = q;
      visit(unary, t1);
      if (t > 0) {
        pair[0] = base + t - 1;
        pair[1] = base + t;
        visit(pair, trans);
      }
    }
  }
}

/** An in-memory graph from a source (scopes and tables copied: sources reuse theirs). */
function collectGraph(src: ModelSource): FactorGraph {
  const variables: Variable[] = [];
  for (let v = 0; v < src.nVars; v++) {
    const name = src.name(v);
    variables.push(name !== undefined ? { card: src.card(v), name } : { card: src.card(v) });
  }
  const factors: Factor[] = [];
  src.forEachFactor((scope, table) => factors.push({ scope: scope.slice(), table: table.slice() }));
  return { variables, factors };
}

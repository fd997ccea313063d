// Seeded workload generators. Same seed and parameters -> the same graph, bit for bit.
import type { Factor, FactorGraph, Variable } from './model.js';
import { Prng } from './prng.js';

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
  const { rows, cols } = o;
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1)) throw new RangeError('rows and cols must be integers >= 1');
  const rng = new Prng(o.seed);
  const jm = o.couplingMean ?? 0;
  const js = o.couplingSigma ?? 0.4;
  const hm = o.fieldMean ?? 0;
  const hs = o.fieldSigma ?? 0.4;
  const n = rows * cols;
  const variables: Variable[] = [];
  const factors: Factor[] = [];
  for (let i = 0; i < n; i++) variables.push({ card: 2, name: `x${i}` });
  for (let i = 0; i < n; i++) {
    const h = rng.normal(hm, hs);
    factors.push({ scope: [i], table: Float64Array.of(Math.exp(-h), Math.exp(h)) });
  }
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const nbs: number[] = [];
      if (c + 1 < cols) nbs.push(i + 1);
      if (r + 1 < rows) nbs.push(i + cols);
      for (const j of nbs) {
        const J = rng.normal(jm, js);
        const a = Math.exp(J);
        const b = Math.exp(-J);
        factors.push({ scope: [i, j], table: Float64Array.of(a, b, b, a) });
      }
    }
  return { variables, factors };
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
  const rng = new Prng(o.seed);
  const lo = o.minCard ?? 2;
  const hi = o.maxCard ?? 8;
  const tripleProb = o.tripleProb ?? 0.2;
  const zeroProb = o.zeroProb ?? 0;
  const variables: Variable[] = [];
  const factors: Factor[] = [];
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
    for (const v of scope) size *= variables[v]!.card;
    factors.push({ scope, table: table(size) });
  };
  variables.push({ card: rng.range(lo, hi) });
  while (variables.length < o.nVars) {
    const parent = rng.int(variables.length);
    if (variables.length + 2 <= o.nVars && rng.next() < tripleProb) {
      const a = variables.length;
      variables.push({ card: rng.range(lo, hi) }, { card: rng.range(lo, hi) });
      addFactor([parent, a, a + 1]);
    } else {
      const a = variables.length;
      variables.push({ card: rng.range(lo, hi) });
      addFactor([parent, a]);
    }
  }
  for (let v = 0; v < variables.length; v++) addFactor([v]);
  return { variables, factors };
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
  const rng = new Prng(o.seed);
  const { classes: C, frames: T } = o;
  const pOn = o.pOn ?? 0.05;
  const pOff = o.pOff ?? 0.1;
  const p0 = o.pInitial ?? 0.2;
  const acc = o.accuracy ?? 0.8;
  const variables: Variable[] = [];
  const factors: Factor[] = [];
  const truth: number[][] = [];
  for (let c = 0; c < C; c++) for (let t = 0; t < T; t++) variables.push({ card: 2, name: `c${c}t${t}` });
  const trans = Float64Array.of(1 - pOn, pOff, pOn, 1 - pOff);
  for (let c = 0; c < C; c++) {
    const row: number[] = [];
    let x = rng.next() < p0 ? 1 : 0;
    for (let t = 0; t < T; t++) {
      if (t > 0) x = x === 1 ? (rng.next() < pOff ? 0 : 1) : rng.next() < pOn ? 1 : 0;
      row.push(x);
    }
    truth.push(row);
    const base = c * T;
    factors.push({ scope: [base], table: Float64Array.of(1 - p0, p0) });
    for (let t = 0; t < T; t++) {
      // Detector output: probability of activity; right side of 0.5 with probability `acc`.
      const correct = rng.next() < acc;
      const conf = 0.5 + 0.45 * rng.next();
      const says = correct ? row[t]! : 1 - row[t]!;
      const q = says === 1 ? conf : 1 - conf;
      factors.push({ scope: [base + t], table: Float64Array.of(1 - q, q) });
      if (t > 0) factors.push({ scope: [base + t - 1, base + t], table: trans.slice() });
    }
  }
  return { graph: { variables, factors }, truth };
}

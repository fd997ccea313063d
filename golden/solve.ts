// One entry point for the reference solvers, returning a JSON-ready result, plus a text table.
// Exact inference in the min-sum semiring is the exact MAP (map.ts), whose result has no log Z but
// an assignment: solve() is overloaded so a caller that names its options gets the precise type.
import { beliefPropagation, type Schedule, type Semiring } from './bp.js';
import { exactInference } from './exact.js';
import { exactMap } from './map.js';
import { edgeCount, type FactorGraph } from './model.js';

export type SolveMethod = 'bp' | 'exact';

export interface SolveOptions {
  method: SolveMethod;
  /** BP only. Default 'flooding'. */
  schedule?: Schedule;
  /** BP only. Default 0. */
  damping?: number;
  /** BP only. Default 1e-9. */
  tol?: number;
  /** BP only. Default 1000. */
  maxIter?: number;
  /** Default 'sum-product'. Exact with 'min-sum' is the exact MAP (a MapSolveResult). */
  semiring?: Semiring;
  /** Exact only: largest clique table (entries). */
  maxTableSize?: number;
}

/** Options of exact MAP: exact inference in the min-sum (max-product) semiring. */
export type MapSolveOptions = SolveOptions & { method: 'exact'; semiring: 'min-sum' };

/** Options of every case but exact MAP: BP in either semiring, exact sum-product. */
export type MarginalSolveOptions = SolveOptions & ({ method: 'bp' } | { semiring?: 'sum-product' });

/** Exact MAP: the most probable assignment and every variable's exact max-marginal. */
export interface MapSolveResult {
  method: 'exact';
  semiring: 'min-sum';
  variables: number;
  factors: number;
  edges: number;
  /** Max-marginals, one per variable (variable-id order), each normalised to sum 1. */
  marginals: number[][];
  /** The most probable state of each variable (variable-id order; ties broken deterministically). */
  assignment: number[];
  /** Natural log of the unnormalised weight of that assignment (the max of the joint). */
  logWeight: number;
}

/** Whether a result is exact MAP's (it has an assignment and no log Z). */
export function isMapResult(r: SolveResult | MapSolveResult): r is MapSolveResult {
  return 'assignment' in r;
}

export interface SolveResult {
  method: SolveMethod;
  semiring: Semiring;
  /** BP schedule, or null for exact. */
  schedule: Schedule | null;
  damping: number | null;
  tol: number | null;
  maxIter: number | null;
  variables: number;
  factors: number;
  edges: number;
  /** One probability array per variable, variable-id order. */
  marginals: number[][];
  /** Natural log of Z (BP: Bethe approximation). */
  logZ: number;
  /** log10 Z (as in UAI `.PR` files). */
  log10Z: number;
  converged: boolean;
  iterations: number;
  /** Last iteration's max belief change (null if no iteration ran; 0 for exact). */
  maxChange: number | null;
  /** BP: factor-to-variable message updates performed. */
  messageUpdates: number | null;
  /** Exact: induced width of the elimination order and largest clique table. */
  inducedWidth: number | null;
  maxCliqueSize: number | null;
}

/**
 * Run BP, exact inference or exact MAP on a loaded model (evidence already applied). Pure; no I/O.
 * Throws ExactTooLargeError when an exact clique is too big, ZeroPartitionError when every
 * assignment has weight 0, RangeError on an unknown method or semiring.
 */
export function solve(model: FactorGraph, options: MapSolveOptions): MapSolveResult;
export function solve(model: FactorGraph, options: MarginalSolveOptions): SolveResult;
export function solve(model: FactorGraph, options: SolveOptions): SolveResult | MapSolveResult;
export function solve(model: FactorGraph, options: SolveOptions): SolveResult | MapSolveResult {
  const semiring = options.semiring ?? 'sum-product';
  if (semiring !== 'sum-product' && semiring !== 'min-sum') throw new RangeError(`unknown semiring '${String(semiring)}'`);
  const base = { variables: model.variables.length, factors: model.factors.length, edges: edgeCount(model) };
  const exactOptions = options.maxTableSize !== undefined ? { maxTableSize: options.maxTableSize } : {};
  if (options.method === 'exact' && semiring === 'min-sum') {
    const r = exactMap(model, exactOptions);
    return {
      method: 'exact',
      semiring,
      ...base,
      marginals: r.maxMarginals.map((m) => Array.from(m)),
      assignment: Array.from(r.assignment),
      logWeight: r.logWeight,
    };
  }
  if (options.method === 'exact') {
    const r = exactInference(model, exactOptions);
    return {
      method: 'exact',
      semiring,
      schedule: null,
      damping: null,
      tol: null,
      maxIter: null,
      ...base,
      marginals: r.marginals.map((m) => Array.from(m)),
      logZ: r.logZ,
      log10Z: r.logZ / Math.LN10,
      converged: true,
      iterations: 0,
      maxChange: 0,
      messageUpdates: null,
      inducedWidth: r.inducedWidth,
      maxCliqueSize: r.maxCliqueSize,
    };
  }
  if (options.method !== 'bp') throw new RangeError(`unknown method '${String(options.method)}'`);
  const r = beliefPropagation(model, {
    semiring,
    schedule: options.schedule ?? 'flooding',
    damping: options.damping ?? 0,
    tol: options.tol ?? 1e-9,
    maxIter: options.maxIter ?? 1000,
    factorBeliefs: false,
  });
  return {
    method: 'bp',
    semiring: r.semiring,
    schedule: r.schedule,
    damping: r.damping,
    tol: r.tol,
    maxIter: r.maxIter,
    ...base,
    marginals: r.marginals.map((m) => Array.from(m)),
    logZ: r.logZ,
    log10Z: r.logZ / Math.LN10,
    converged: r.converged,
    iterations: r.iterations,
    maxChange: Number.isFinite(r.maxChange) ? r.maxChange : null,
    messageUpdates: r.updates,
    inducedWidth: null,
    maxCliqueSize: null,
  };
}

/** Human-readable table: one row per variable, then a summary. */
export function formatSolveTable(result: SolveResult | MapSolveResult, model?: FactorGraph, digits = 6): string {
  if (isMapResult(result)) return formatMapTable(result, model, digits);
  const rows: string[][] = [['var', 'name', 'card', 'marginal']];
  result.marginals.forEach((m, v) => {
    rows.push([String(v), model?.variables[v]?.name ?? '', String(m.length), m.map((p) => p.toFixed(digits)).join(' ')]);
  });
  // A loop, not Math.max(...rows): a spread of 125k+ arguments overflows the stack.
  const w = [0, 1, 2].map((c) => rows.reduce((mx, r) => Math.max(mx, r[c]!.length), 0));
  const lines = rows.map((r) => `${r[0]!.padStart(w[0]!)}  ${r[1]!.padEnd(w[1]!)}  ${r[2]!.padStart(w[2]!)}  ${r[3]}`.trimEnd());
  lines.push('');
  if (result.method === 'exact') {
    lines.push(`method: exact (variable elimination, min-fill order; induced width ${result.inducedWidth}, largest table ${result.maxCliqueSize})`);
  } else {
    lines.push(
      `method: bp ${result.semiring}, ${result.schedule} schedule, damping ${result.damping}, tol ${result.tol}, max ${result.maxIter} iteration${result.maxIter === 1 ? '' : 's'}`,
    );
    const mc = result.maxChange === null ? 'n/a' : result.maxChange.toExponential(3);
    lines.push(
      result.converged
        ? `converged after ${result.iterations} iteration${result.iterations === 1 ? '' : 's'} (last max belief change ${mc})`
        : `NOT converged after ${result.iterations} iteration${result.iterations === 1 ? '' : 's'} (last max belief change ${mc})`,
    );
  }
  lines.push(`log Z = ${result.logZ.toPrecision(10)}  (log10 Z = ${result.log10Z.toPrecision(8)})`);
  return lines.join('\n') + '\n';
}

/** Exact MAP as a table: each variable's MAP state and max-marginal, then the MAP's log weight. */
function formatMapTable(result: MapSolveResult, model: FactorGraph | undefined, digits: number): string {
  const rows: string[][] = [['var', 'name', 'card', 'MAP', 'max-marginal']];
  result.marginals.forEach((m, v) => {
    rows.push([String(v), model?.variables[v]?.name ?? '', String(m.length), String(result.assignment[v]), m.map((p) => p.toFixed(digits)).join(' ')]);
  });
  const w = [0, 1, 2, 3].map((c) => rows.reduce((mx, r) => Math.max(mx, r[c]!.length), 0));
  const lines = rows.map((r) => `${r[0]!.padStart(w[0]!)}  ${r[1]!.padEnd(w[1]!)}  ${r[2]!.padStart(w[2]!)}  ${r[3]!.padStart(w[3]!)}  ${r[4]}`.trimEnd());
  lines.push('', 'method: exact max-product (junction tree, min-fill order): the MAP assignment and exact max-marginals');
  lines.push(`log weight of the MAP assignment = ${result.logWeight.toPrecision(10)}`);
  return lines.join('\n') + '\n';
}

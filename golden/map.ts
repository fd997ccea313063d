// Exact MAP (most probable assignment) and exact max-marginals: max-product message passing on the
// junction tree exact inference uses (junction-tree.ts), in the log domain, so zero potentials are
// -Infinity and deterministic factors and evidence are exact.
//
// Upward pass: each node's log factors plus its children's messages, maxed onto the separator (each
// message shifted to maximum 0, the shifts summed into logWeight). Decoding walks the tree top-down:
// a root takes its best entry, every other node its best entry among those that agree with the
// separator values already chosen (the upward table suffices: the parent's message is constant
// there). Downward pass (for the max-marginals): Hugin subtraction, -∞ - -∞ = -∞.
import { ZeroPartitionError } from './errors.js';
import { addFrom, argmaxAt, assignFrom, embed, maxOnto } from './exact-tables.js';
import { buildJunctionTree, type JtNode } from './junction-tree.js';
import type { FactorGraph } from './model.js';

export interface ExactMapOptions {
  /** Largest clique table (entries). Default 2^24. */
  maxTableSize?: number;
  /** Largest sum of clique table sizes (entries). Default 2^27. */
  maxTotalSize?: number;
  /** Compute the max-marginals (a downward pass; default true). */
  maxMarginals?: boolean;
}

export interface ExactMapResult {
  /** The most probable state of each variable (variable-id order). */
  assignment: Int32Array;
  /** Natural log of the unnormalised weight of that assignment (the max of the joint). */
  logWeight: number;
  /**
   * Per variable, the max-marginal max over all other variables of the joint with the variable at
   * each state, normalised to sum 1 (as BP min-sum reports them); empty when not requested.
   */
  maxMarginals: Float64Array[];
}

/** Largest sum of clique tables (entries) whose upward tables are kept for the second pass (64 MiB). */
const KEEP_ENTRIES = 1 << 23;

function maxOf(a: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

/** exp(m - max m), normalised to sum 1. */
function maxMarginalOf(m: Float64Array): Float64Array {
  const mx = maxOf(m);
  let s = 0;
  for (let x = 0; x < m.length; x++) s += m[x] = Math.exp(m[x]! - mx);
  for (let x = 0; x < m.length; x++) m[x]! /= s;
  return m;
}

/**
 * Exact MAP assignment, its log weight and (unless `maxMarginals: false`) every variable's exact
 * max-marginal. Throws ExactTooLargeError when a clique is too big, ZeroPartitionError when every
 * assignment has weight 0.
 */
export function exactMap(graph: FactorGraph, options: ExactMapOptions = {}): ExactMapResult {
  const jt = buildJunctionTree(graph, {
    ...(options.maxTableSize !== undefined && { maxTableSize: options.maxTableSize }),
    ...(options.maxTotalSize !== undefined && { maxTotalSize: options.maxTotalSize }),
  });
  const wantMarginals = options.maxMarginals ?? true;
  const { nodes, seq, card } = jt;
  const n = graph.variables.length;
  const assignment = new Int32Array(n);
  const maxMarginals: Float64Array[] = wantMarginals ? new Array(n) : [];
  for (const [v, x] of jt.fixed) {
    assignment[v] = x;
    if (wantMarginals) {
      const m = new Float64Array(card[v]!);
      m[x] = 1;
      maxMarginals[v] = m;
    }
  }
  const logFactors = nodes.map((node) => node.factors.map((f) => Float64Array.from(f.table, Math.log)));
  const up: (Float64Array | null)[] = new Array(nodes.length).fill(null);
  const upwardTable = (ni: number): Float64Array => {
    const node = nodes[ni]!;
    const b = new Float64Array(node.size);
    const lf = logFactors[ni]!;
    if (lf.length > 0) assignFrom(b, node.factorEmb[0]!, lf[0]!);
    for (let f = 1; f < lf.length; f++) addFrom(b, node.factorEmb[f]!, lf[f]!);
    for (let c = 0; c < node.children.length; c++) addFrom(b, node.childEmb[c]!, up[node.children[c]!]!);
    return b;
  };
  let logWeight = jt.logScale;
  const keep = jt.total <= KEEP_ENTRIES;
  const kept: (Float64Array | null)[] = new Array(nodes.length).fill(null);
  for (const ni of seq) {
    const node = nodes[ni]!;
    const b = upwardTable(ni);
    if (keep) kept[ni] = b;
    const msg = new Float64Array(node.sepSize);
    maxOnto(b, node.sepEmb, msg);
    const mx = maxOf(msg);
    if (mx === -Infinity) throw new ZeroPartitionError();
    logWeight += mx;
    for (let s = 0; s < msg.length; s++) msg[s]! -= mx;
    up[ni] = msg;
  }
  const down: (Float64Array | null)[] = new Array(nodes.length).fill(null);
  const strideOf = new Int32Array(n);
  for (let q = seq.length - 1; q >= 0; q--) {
    const ni = seq[q]!;
    const node = nodes[ni]!;
    const b = kept[ni] ?? upwardTable(ni);
    kept[ni] = null;
    decodeNode(node, b, assignment, card);
    if (!wantMarginals) continue;
    const d = down[ni];
    if (d) addFrom(b, node.sepEmb, d);
    down[ni] = null;
    for (const v of node.elim) {
      const m = new Float64Array(card[v]!);
      maxOnto(b, embed(node.vars, node.cards, [v], card, strideOf), m);
      maxMarginals[v] = maxMarginalOf(m);
    }
    for (let c = 0; c < node.children.length; c++) {
      const child = node.children[c]!;
      const u = up[child]!;
      const msg = new Float64Array(u.length);
      maxOnto(b, node.childEmb[c]!, msg);
      for (let s = 0; s < msg.length; s++) msg[s] = u[s] === -Infinity ? -Infinity : msg[s]! - u[s]!;
      const mx = maxOf(msg);
      if (mx > -Infinity) for (let s = 0; s < msg.length; s++) msg[s]! -= mx;
      down[child] = msg;
      up[child] = null;
    }
  }
  return { assignment, logWeight, maxMarginals };
}

/** Set the node's eliminated variables from its best entry that agrees with the separator's chosen values. */
function decodeNode(node: JtNode, b: Float64Array, assignment: Int32Array, card: readonly number[]): void {
  // The separator's chosen values, as an index in its first-fastest layout.
  let target = 0;
  let s = 1;
  for (const v of node.sep) {
    target += assignment[v]! * s;
    s *= card[v]!;
  }
  let l = argmaxAt(b, node.sepEmb, target);
  if (l < 0) throw new ZeroPartitionError();
  for (let d = 0; d < node.vars.length; d++) {
    const c = node.cards[d]!;
    const x = l % c;
    l = (l - x) / c;
    if (node.elim.includes(node.vars[d]!)) assignment[node.vars[d]!] = x;
  }
}

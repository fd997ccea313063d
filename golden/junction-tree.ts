// The junction tree of exact inference and exact MAP: condition on evidence, pick an elimination
// order (exact-order.ts), turn its elimination cliques into a tree of nodes (cliques contained in a
// neighbour merged), assign each factor to a node and precompute every table embedding the passes
// use (exact-tables.ts). exact.ts runs sum-product on it, map.ts max-product.
//
// Elimination of v_i (in order) creates the clique C_i = {v_i} + its current neighbours; the
// separator S_i = C_i \ {v_i}; the parent of C_i is the clique of the earliest-eliminated variable of
// S_i (none: a root). Each factor goes to the clique of its earliest-eliminated variable. A node's
// variables are laid out later-eliminated first, so its separator with the parent leads the layout
// (contiguous sums and products); its own eliminated variables trail.
import { ExactTooLargeError, ZeroPartitionError } from './errors.js';
import type { FactorGraph } from './model.js';
import { bestElimination } from './exact-order.js';
import { embed, multiplyBy, type Embedding } from './exact-tables.js';

export const DEFAULT_MAX_TABLE_SIZE = 1 << 24;
export const DEFAULT_MAX_TOTAL_SIZE = 1 << 27;

export interface JunctionTreeOptions {
  /** Largest clique table allowed (entries). Default 2^24. */
  maxTableSize?: number;
  /** Largest sum of all clique table sizes (entries; a bound on the work). Default 2^27. */
  maxTotalSize?: number;
  /** Elimination order to use instead of min-fill (a permutation of the variable ids). */
  order?: readonly number[];
}

export interface TableFactor {
  scope: number[];
  table: Float64Array;
}

export interface JtNode {
  /** Clique variables (the largest clique of the node), later-eliminated first. */
  vars: number[];
  cards: Int32Array;
  size: number;
  /** Variables whose marginal this node reports (eliminated in this node). */
  elim: number[];
  /** Factors assigned to this node (each rescaled to maximum 1). */
  factors: TableFactor[];
  parent: number;
  children: number[];
  /** Separator with the parent (vars of this node also in the parent), in this node's layout order. */
  sep: number[];
  sepSize: number;
  /** Index of the last elimination clique merged into this node (children have smaller tops). */
  top: number;
  /** Embeddings in this node's table of its factors, of its separator, and of each child's separator. */
  factorEmb: Embedding[];
  sepEmb: Embedding;
  childEmb: Embedding[];
}

export interface JunctionTree {
  nodes: JtNode[];
  /** Node indices in upward order (children before parents). */
  seq: number[];
  /** Variables clamped by evidence, with their value. */
  fixed: Map<number, number>;
  /** Σ log of the scales taken out of the factors (each factor was divided by its maximum). */
  logScale: number;
  /** The elimination order of the free (unclamped) variables. */
  order: number[];
  card: number[];
  /** Entries of all node tables together. */
  total: number;
}

const NO_EMBEDDING: Embedding = { inner: 0, outer: 0, kind: 0, lo: new Int32Array(0), hi: new Int32Array(0), smallSize: 0 };

/** Group factors into few tables of at most `limit` entries (fewer passes over a big clique table). */
function groupFactors(
  factors: TableFactor[],
  card: readonly number[],
  limit: number,
): TableFactor[] {
  const groups: { vars: Set<number>; size: number; members: TableFactor[] }[] = [];
  const sorted = [...factors].sort((a, b) => b.table.length - a.table.length);
  for (const f of sorted) {
    let best = -1;
    let bestSize = Infinity;
    for (let g = 0; g < groups.length; g++) {
      const G = groups[g]!;
      let size = G.size;
      for (const v of f.scope) if (!G.vars.has(v)) size *= card[v]!;
      if (size <= Math.max(limit, G.size) && size < bestSize) {
        best = g;
        bestSize = size;
      }
    }
    if (best < 0) groups.push({ vars: new Set(f.scope), size: f.table.length, members: [f] });
    else {
      const G = groups[best]!;
      for (const v of f.scope) G.vars.add(v);
      G.size = bestSize;
      G.members.push(f);
    }
  }
  return groups.map((G) => {
    if (G.members.length === 1) return G.members[0]!;
    const scope = [...G.vars];
    const cards = Int32Array.from(scope, (v) => card[v]!);
    const strideOf = new Int32Array(card.length);
    const t = new Float64Array(G.size).fill(1);
    for (const f of G.members) multiplyBy(t, embed(scope, cards, f.scope, card, strideOf), f.table);
    return { scope, table: t };
  });
}

function maxOf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

/** Variables fixed by a unary factor with exactly one non-zero entry (evidence), with their value. */
function clampedVariables(graph: FactorGraph): Map<number, number> {
  const fixed = new Map<number, number>();
  for (const f of graph.factors) {
    if (f.scope.length !== 1) continue;
    let nz = -1;
    let count = 0;
    for (let x = 0; x < f.table.length; x++)
      if (f.table[x] !== 0) {
        nz = x;
        count++;
      }
    if (count !== 1) continue;
    const v = f.scope[0]!;
    const prev = fixed.get(v);
    if (prev !== undefined && prev !== nz) throw new ZeroPartitionError(`variable ${v} is fixed to two different values`);
    fixed.set(v, nz);
  }
  return fixed;
}

/** Restrict a factor to the clamped values of some of its variables. */
function conditionFactor(scope: readonly number[], table: Float64Array, fixed: Map<number, number>, card: readonly number[]): TableFactor {
  const keep: number[] = [];
  let base = 0;
  let stride = 1;
  const keepStrides: number[] = [];
  for (const v of scope) {
    const x = fixed.get(v);
    if (x !== undefined) base += x * stride;
    else {
      keep.push(v);
      keepStrides.push(stride);
    }
    stride *= card[v]!;
  }
  let size = 1;
  for (const v of keep) size *= card[v]!;
  const out = new Float64Array(size);
  const k = keep.length;
  const idx = new Int32Array(k);
  let j = base;
  for (let l = 0; l < size; l++) {
    out[l] = table[j]!;
    for (let d = 0; d < k; d++) {
      j += keepStrides[d]!;
      if (++idx[d]! < card[keep[d]!]!) break;
      j -= keepStrides[d]! * card[keep[d]!]!;
      idx[d] = 0;
    }
  }
  return { scope: keep, table: out };
}

/**
 * Build the junction tree of `graph` (see the file comment). Throws ExactTooLargeError when a clique
 * table would exceed `maxTableSize` or all node tables together `maxTotalSize`, ZeroPartitionError
 * when a factor is all zero under the evidence.
 */
export function buildJunctionTree(graph: FactorGraph, options: JunctionTreeOptions = {}): JunctionTree {
  const maxTable = options.maxTableSize ?? DEFAULT_MAX_TABLE_SIZE;
  const maxTotal = options.maxTotalSize ?? DEFAULT_MAX_TOTAL_SIZE;
  const n = graph.variables.length;
  const card = graph.variables.map((v) => v.card);
  const order0 = options.order;
  if (order0) {
    const seen = new Set(order0);
    if (order0.length !== n || seen.size !== n || order0.some((v) => !(v >= 0 && v < n)))
      throw new RangeError('order must be a permutation of the variable ids');
  }
  let logScale = 0;
  // 1. Condition on clamped variables.
  const fixed = clampedVariables(graph);
  const reduced: TableFactor[] = [];
  for (const f of graph.factors) {
    const touches = f.scope.some((v) => fixed.has(v));
    const r = touches ? conditionFactor(f.scope, f.table, fixed, card) : { scope: [...f.scope], table: f.table };
    const mx = maxOf(r.table);
    if (!(mx > 0)) throw new ZeroPartitionError();
    logScale += Math.log(mx);
    if (r.scope.length === 0) continue;
    const t = new Float64Array(r.table.length);
    for (let l = 0; l < t.length; l++) t[l] = r.table[l]! / mx;
    reduced.push({ scope: r.scope, table: t });
  }
  // 2. Eliminate the free variables (min-fill) on the reduced graph.
  const free: number[] = [];
  for (let v = 0; v < n; v++) if (!fixed.has(v)) free.push(v);
  const sub: FactorGraph = {
    variables: free.map((v) => ({ card: card[v]! })),
    factors: [],
  };
  const local = new Int32Array(n).fill(-1);
  free.forEach((v, i) => (local[v] = i));
  for (const f of reduced) (sub.factors as TableFactor[]).push({ scope: f.scope.map((v) => local[v]!), table: f.table });
  const givenOrder = order0?.filter((v) => !fixed.has(v)).map((v) => local[v]!);
  const el = bestElimination(sub, maxTable, Infinity, givenOrder);
  const m = free.length;
  const order = el.order.map((i) => free[i]!);
  const cliques = el.cliques.map((c) => c.map((i) => free[i]!));
  const pos = new Int32Array(n).fill(-1);
  order.forEach((v, i) => (pos[v] = i));
  const parentClique = new Int32Array(m).fill(-1);
  for (let i = 0; i < m; i++) {
    const c = cliques[i]!;
    let p = -1;
    for (let j = 1; j < c.length; j++) if (p < 0 || pos[c[j]!]! < p) p = pos[c[j]!]!;
    parentClique[i] = p;
  }
  // 3. Merge cliques contained in a child's clique (chains of shrinking cliques become one node).
  const rep = new Int32Array(m);
  for (let i = 0; i < m; i++) rep[i] = i;
  const find = (i: number): number => {
    while (rep[i] !== i) i = rep[i] = rep[rep[i]!]!;
    return i;
  };
  const nodeVars = new Map<number, Set<number>>();
  for (let i = 0; i < m; i++) {
    const r = find(i);
    if (!nodeVars.has(r)) nodeVars.set(r, new Set(cliques[r]!));
    const p = parentClique[i]!;
    if (p < 0 || rep[p] !== p || nodeVars.has(p)) continue;
    const vs = nodeVars.get(r)!;
    if (cliques[p]!.every((v) => vs.has(v))) rep[p] = r;
  }
  const nodeOf = new Int32Array(m);
  const nodes: JtNode[] = [];
  const nodeIndex = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const r = find(i);
    let ni = nodeIndex.get(r);
    if (ni === undefined) {
      ni = nodes.length;
      nodeIndex.set(r, ni);
      // Variables eliminated later first: separators then lead the layout (linear embeddings).
      const vars = [...cliques[r]!].sort((x, y) => pos[y]! - pos[x]!);
      nodes.push({ vars, cards: Int32Array.from(vars, (v) => card[v]!), size: el.sizes[r]!, elim: [], factors: [], parent: -1, children: [], sep: [], sepSize: 1, top: i, factorEmb: [], sepEmb: NO_EMBEDDING, childEmb: [] });
    }
    nodeOf[i] = ni;
    const node = nodes[ni]!;
    node.elim.push(order[i]!);
    if (i > node.top) node.top = i;
  }
  let total = 0;
  for (const node of nodes) total += node.size;
  if (total > maxTotal) throw new ExactTooLargeError(total, maxTotal, 'the clique tables together');
  for (let i = 0; i < m; i++) {
    const p = parentClique[i]!;
    if (p < 0) continue;
    const a = nodeOf[i]!;
    const b = nodeOf[p]!;
    if (a === b) continue;
    const na = nodes[a]!;
    na.parent = b;
    const inParent = new Set(nodes[b]!.vars);
    na.sep = na.vars.filter((v) => inParent.has(v));
    na.sepSize = na.sep.reduce((s, v) => s * card[v]!, 1);
    nodes[b]!.children.push(a);
  }
  for (const f of reduced) {
    let first = f.scope[0]!;
    for (const v of f.scope) if (pos[v]! < pos[first]!) first = v;
    nodes[nodeOf[pos[first]!]!]!.factors.push(f);
  }
  for (const node of nodes) if (node.size > 4096) node.factors = groupFactors(node.factors, card, 4096);
  const strideOf = new Int32Array(n);
  for (const node of nodes) {
    node.factorEmb = node.factors.map((f) => embed(node.vars, node.cards, f.scope, card, strideOf));
    node.sepEmb = embed(node.vars, node.cards, node.sep, card, strideOf);
    node.childEmb = node.children.map((c) => embed(node.vars, node.cards, nodes[c]!.sep, card, strideOf));
  }
  const seq = nodes.map((_, i) => i).sort((a, b) => nodes[a]!.top - nodes[b]!.top);
  return { nodes, seq, fixed, logScale, order, card, total };
}

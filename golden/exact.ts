// Exact inference: variable elimination with a greedy min-fill order, organised as a bucket (junction)
// tree so one upward and one downward pass give log Z and every variable marginal.
//
// Elimination of v_i (in order) creates the clique C_i = {v_i} + its current neighbours; the
// separator S_i = C_i \ {v_i}; the parent of C_i is the clique of the earliest-eliminated variable of
// S_i (none: a root). Each factor goes to the clique of its earliest-eliminated variable. Tables are
// first-fastest with v_i first, so summing out v_i sums contiguous runs. Every table is rescaled by
// its maximum and the scale is accumulated in log space (no underflow for any number of factors).
// Downward messages use Hugin division with 0/0 = 0 (exact: a zero separator entry means the clique
// belief is zero there too).
import { ExactTooLargeError, ZeroPartitionError } from './errors.js';
import type { FactorGraph } from './model.js';
import { Prng } from './prng.js';

export interface ExactOptions {
  /** Largest clique table allowed (entries). Default 2^24. */
  maxTableSize?: number;
  /** Largest sum of all clique table sizes (entries; a bound on the work). Default 2^27. */
  maxTotalSize?: number;
  /** Elimination order to use instead of min-fill (a permutation of the variable ids). */
  order?: readonly number[];
}

export interface ExactResult {
  /** One normalised marginal per variable (variable-id order). */
  marginals: Float64Array[];
  /** Natural log of the partition function Z. */
  logZ: number;
  /** The elimination order used. */
  order: number[];
  /** Largest clique table (entries). */
  maxCliqueSize: number;
  /** Largest clique size in variables minus one (induced width of the order). */
  inducedWidth: number;
}

export const DEFAULT_MAX_TABLE_SIZE = 1 << 24;
export const DEFAULT_MAX_TOTAL_SIZE = 1 << 27;

interface Elimination {
  order: number[];
  /** Clique variables per elimination step (eliminated variable first, then the rest by id). */
  cliques: number[][];
  sizes: number[];
  total: number;
}

/** Lazy min-heap entries: [fill, weight, v, version]. */
class MinHeap {
  private a: number[][] = [];
  get size(): number {
    return this.a.length;
  }
  private lt(x: number[], y: number[]): boolean {
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
    return false;
  }
  push(x: number[]): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.lt(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): number[] {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.lt(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.lt(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function eliminate(graph: FactorGraph, maxTable: number, maxTotal: number, given?: readonly number[], rng?: Prng): Elimination {
  const n = graph.variables.length;
  const card = graph.variables.map((v) => v.card);
  const adj: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (const f of graph.factors)
    for (const a of f.scope) for (const b of f.scope) if (a !== b) adj[a]!.add(b);
  const eliminated = new Uint8Array(n);
  const version = new Int32Array(n);
  const fill = (u: number): number => {
    const nb = [...adj[u]!];
    let c = 0;
    for (let i = 0; i < nb.length; i++) for (let j = i + 1; j < nb.length; j++) if (!adj[nb[i]!]!.has(nb[j]!)) c++;
    return c;
  };
  const weight = (u: number): number => {
    if (rng) return rng.next();
    let w = Math.log2(card[u]!);
    for (const x of adj[u]!) w += Math.log2(card[x]!);
    return w;
  };
  const heap = new MinHeap();
  if (!given) for (let u = 0; u < n; u++) heap.push([fill(u), weight(u), u, 0]);
  const order: number[] = [];
  const cliques: number[][] = [];
  const sizes: number[] = [];
  let total = 0;
  for (let step = 0; step < n; step++) {
    let v: number;
    if (given) {
      v = given[step]!;
    } else {
      for (;;) {
        const [, , u, ver] = heap.pop() as [number, number, number, number];
        if (!eliminated[u] && ver === version[u]) {
          v = u;
          break;
        }
      }
    }
    const nb = [...adj[v]!].sort((a, b) => a - b);
    let size = card[v]!;
    for (const x of nb) {
      size *= card[x]!;
      if (size > maxTable) throw new ExactTooLargeError(size, maxTable, `the clique of variable ${v} (${nb.length + 1} variables)`);
    }
    total += size;
    if (total > maxTotal) throw new ExactTooLargeError(total, maxTotal, 'the clique tables together');
    order.push(v);
    cliques.push([v, ...nb]);
    sizes.push(size);
    eliminated[v] = 1;
    for (const a of nb) {
      adj[a]!.delete(v);
      for (const b of nb) if (a !== b) adj[a]!.add(b);
    }
    adj[v]!.clear();
    if (!given) {
      const touched = new Set<number>(nb);
      for (const a of nb) for (const b of adj[a]!) touched.add(b);
      for (const u of touched) {
        version[u]!++;
        heap.push([fill(u), weight(u), u, version[u]!]);
      }
    }
  }
  return { order, cliques, sizes, total };
}

/**
 * Min-fill order: the deterministic variant (ties by smaller clique weight, then id) plus a few
 * seeded random tie-breaks; the order with the smallest sum of clique sizes wins.
 */
function bestElimination(graph: FactorGraph, maxTable: number, maxTotal: number, given?: readonly number[]): Elimination {
  if (given) return eliminate(graph, maxTable, maxTotal, given);
  const trials = graph.variables.length <= 3000 ? 12 : 1;
  let best: Elimination | undefined;
  let firstErr: unknown;
  for (let t = 0; t < trials; t++) {
    try {
      const e = eliminate(graph, maxTable, best ? Math.min(maxTotal, best.total) : maxTotal, undefined, t === 0 ? undefined : new Prng(t));
      if (!best || e.total < best.total) best = e;
    } catch (err) {
      if (!(err instanceof ExactTooLargeError)) throw err;
      firstErr ??= err;
    }
  }
  if (!best) throw firstErr;
  return best;
}

/** For each variable of `big` (in order), its stride in the first-fastest layout of `small` (0 if absent). */
function embedStrides(big: readonly number[], small: readonly number[], card: readonly number[]): Int32Array {
  const st = new Int32Array(big.length);
  let s = 1;
  const strideOf = new Map<number, number>();
  for (const v of small) {
    strideOf.set(v, s);
    s *= card[v]!;
  }
  big.forEach((v, i) => (st[i] = strideOf.get(v) ?? 0));
  return st;
}

/** Length and stride of the longest prefix of dims over which the small index advances linearly. */
function linearPrefix(cards: Int32Array, st: Int32Array): [number, number] {
  const s0 = st[0]!;
  let P = 1;
  let p = 0;
  while (p < cards.length && st[p] === s0 * P) {
    P *= cards[p]!;
    p++;
  }
  return [P, p];
}

/** big[l] *= small[index of l's assignment restricted to small's variables]. */
function multiplyEmbedded(big: Float64Array, cards: Int32Array, st: Int32Array, small: ArrayLike<number>): void {
  const k = cards.length;
  const idx = new Int32Array(k);
  const s0 = st[0]!;
  const [P, p] = linearPrefix(cards, st);
  let j = 0;
  const n = big.length;
  for (let l = 0; l < n; l += P) {
    if (s0 === 0) {
      const w = small[j]!;
      for (let i = 0; i < P; i++) big[l + i]! *= w;
    } else if (s0 === 1) {
      for (let i = 0; i < P; i++) big[l + i]! *= small[j + i]!;
    } else for (let i = 0; i < P; i++) big[l + i]! *= small[j + i * s0]!;
    for (let d = p; d < k; d++) {
      j += st[d]!;
      if (++idx[d]! < cards[d]!) break;
      j -= st[d]! * cards[d]!;
      idx[d] = 0;
    }
  }
}

/** small[...] += big[l] (marginalise big onto small's variables); small must be zeroed. */
function sumEmbedded(big: Float64Array, cards: Int32Array, st: Int32Array, small: Float64Array): void {
  const k = cards.length;
  const idx = new Int32Array(k);
  const s0 = st[0]!;
  const [P, p] = linearPrefix(cards, st);
  let j = 0;
  const n = big.length;
  for (let l = 0; l < n; l += P) {
    if (s0 === 0) {
      let acc = 0;
      for (let i = 0; i < P; i++) acc += big[l + i]!;
      small[j]! += acc;
    } else if (s0 === 1) {
      for (let i = 0; i < P; i++) small[j + i]! += big[l + i]!;
    } else for (let i = 0; i < P; i++) small[j + i * s0]! += big[l + i]!;
    for (let d = p; d < k; d++) {
      j += st[d]!;
      if (++idx[d]! < cards[d]!) break;
      j -= st[d]! * cards[d]!;
      idx[d] = 0;
    }
  }
}

/** Group factors into few tables of at most `limit` entries (fewer passes over a big clique table). */
function groupFactors(
  factors: { scope: number[]; table: Float64Array }[],
  card: readonly number[],
  limit: number,
): { scope: number[]; table: Float64Array }[] {
  const groups: { vars: Set<number>; size: number; members: { scope: number[]; table: Float64Array }[] }[] = [];
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
    const t = new Float64Array(G.size).fill(1);
    for (const f of G.members) multiplyEmbedded(t, cards, embedStrides(scope, f.scope, card), f.table);
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
function conditionFactor(scope: readonly number[], table: Float64Array, fixed: Map<number, number>, card: readonly number[]): { scope: number[]; table: Float64Array } {
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

interface JtNode {
  /** Clique variables (the largest clique of the node). */
  vars: number[];
  cards: Int32Array;
  size: number;
  /** Variables whose marginal this node reports. */
  elim: number[];
  factors: { scope: number[]; table: Float64Array }[];
  parent: number;
  children: number[];
  /** Separator with the parent (vars of this node also in the parent). */
  sep: number[];
  top: number;
}

/**
 * Exact marginals and log Z. Variables clamped by evidence (a unary factor with a single non-zero
 * entry) are conditioned on first; the rest is solved on a junction tree built from a min-fill
 * elimination order (cliques contained in a neighbour are merged). Throws ExactTooLargeError when a
 * clique table would exceed `maxTableSize` or all clique tables together `maxTotalSize`.
 */
export function exactInference(graph: FactorGraph, options: ExactOptions = {}): ExactResult {
  const maxTable = options.maxTableSize ?? DEFAULT_MAX_TABLE_SIZE;
  const maxTotal = options.maxTotalSize ?? DEFAULT_MAX_TOTAL_SIZE;
  const n = graph.variables.length;
  const card = graph.variables.map((v) => v.card);
  if (options.order) {
    const seen = new Set(options.order);
    if (options.order.length !== n || seen.size !== n || options.order.some((v) => !(v >= 0 && v < n)))
      throw new RangeError('order must be a permutation of the variable ids');
  }
  let logZ = 0;
  const marginals: Float64Array[] = new Array(n);
  // 1. Condition on clamped variables.
  const fixed = clampedVariables(graph);
  const reduced: { scope: number[]; table: Float64Array }[] = [];
  for (const f of graph.factors) {
    const touches = f.scope.some((v) => fixed.has(v));
    const r = touches ? conditionFactor(f.scope, f.table, fixed, card) : { scope: [...f.scope], table: f.table };
    const mx = maxOf(r.table);
    if (!(mx > 0)) throw new ZeroPartitionError();
    logZ += Math.log(mx);
    if (r.scope.length === 0) continue;
    const t = new Float64Array(r.table.length);
    for (let l = 0; l < t.length; l++) t[l] = r.table[l]! / mx;
    reduced.push({ scope: r.scope, table: t });
  }
  for (const [v, x] of fixed) {
    const m = new Float64Array(card[v]!);
    m[x] = 1;
    marginals[v] = m;
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
  for (const f of reduced) (sub.factors as { scope: number[]; table: Float64Array }[]).push({ scope: f.scope.map((v) => local[v]!), table: f.table });
  const givenOrder = options.order?.filter((v) => !fixed.has(v)).map((v) => local[v]!);
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
      nodes.push({ vars, cards: Int32Array.from(vars, (v) => card[v]!), size: el.sizes[r]!, elim: [], factors: [], parent: -1, children: [], sep: [], top: i });
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
    nodes[b]!.children.push(a);
  }
  for (const f of reduced) {
    let first = f.scope[0]!;
    for (const v of f.scope) if (pos[v]! < pos[first]!) first = v;
    nodes[nodeOf[pos[first]!]!]!.factors.push(f);
  }
  for (const node of nodes) if (node.size > 4096) node.factors = groupFactors(node.factors, card, 4096);
  // 4. Upward pass in order of each node's top clique (children first), then downward.
  const seq = nodes.map((_, i) => i).sort((a, b) => nodes[a]!.top - nodes[b]!.top);
  const up: (Float64Array | null)[] = new Array(nodes.length).fill(null);
  const down: (Float64Array | null)[] = new Array(nodes.length).fill(null);
  const sepSize = (node: JtNode): number => node.sep.reduce((s, v) => s * card[v]!, 1);
  const belief = (ni: number): Float64Array => {
    const node = nodes[ni]!;
    const b = new Float64Array(node.size).fill(1);
    for (const f of node.factors) multiplyEmbedded(b, node.cards, embedStrides(node.vars, f.scope, card), f.table);
    const d = down[ni];
    if (d) multiplyEmbedded(b, node.cards, embedStrides(node.vars, node.sep, card), d);
    for (const c of node.children) multiplyEmbedded(b, node.cards, embedStrides(node.vars, nodes[c]!.sep, card), up[c]!);
    return b;
  };
  for (const ni of seq) {
    const node = nodes[ni]!;
    const b = belief(ni);
    const msg = new Float64Array(sepSize(node));
    sumEmbedded(b, node.cards, embedStrides(node.vars, node.sep, card), msg);
    const mx = maxOf(msg);
    if (!(mx > 0)) throw new ZeroPartitionError();
    logZ += Math.log(mx);
    for (let s = 0; s < msg.length; s++) msg[s]! /= mx;
    up[ni] = msg;
  }
  for (let q = seq.length - 1; q >= 0; q--) {
    const ni = seq[q]!;
    const node = nodes[ni]!;
    const b = belief(ni);
    let z = 0;
    for (let l = 0; l < b.length; l++) z += b[l]!;
    if (z > 0) for (let l = 0; l < b.length; l++) b[l]! /= z;
    for (const v of node.elim) {
      const mg = new Float64Array(card[v]!);
      sumEmbedded(b, node.cards, embedStrides(node.vars, [v], card), mg);
      let s = 0;
      for (let x = 0; x < mg.length; x++) s += mg[x]!;
      if (s > 0) for (let x = 0; x < mg.length; x++) mg[x]! /= s;
      else mg.fill(1 / mg.length);
      marginals[v] = mg;
    }
    for (const c of node.children) {
      const u = up[c]!;
      const msg = new Float64Array(u.length);
      sumEmbedded(b, node.cards, embedStrides(node.vars, nodes[c]!.sep, card), msg);
      for (let s = 0; s < msg.length; s++) msg[s] = u[s]! > 0 ? msg[s]! / u[s]! : 0;
      const mx = maxOf(msg);
      if (mx > 0) for (let s = 0; s < msg.length; s++) msg[s]! /= mx;
      down[c] = msg;
      up[c] = null;
    }
    down[ni] = null;
  }
  let maxCliqueSize = 0;
  let width = 0;
  for (const node of nodes) {
    if (node.size > maxCliqueSize) maxCliqueSize = node.size;
    if (node.vars.length - 1 > width) width = node.vars.length - 1;
  }
  return { marginals, logZ, order, maxCliqueSize, inducedWidth: width };
}

// Exact inference: sum-product on the junction tree of junction-tree.ts (min-fill elimination
// cliques), one upward and one downward pass giving log Z and every variable marginal.
//
// Every message is rescaled by its maximum and the scale accumulated in log space (no underflow for
// any number of factors). Downward messages use Hugin division with 0/0 = 0 (exact: a zero separator
// entry means the clique belief is zero there too). Table work is in exact-tables.ts (precomputed
// embeddings, no per-entry index decoding).
import { ZeroPartitionError } from './errors.js';
import type { FactorGraph } from './model.js';
import { bestElimination } from './exact-order.js';
import { assignFrom, multiplyBy, sumOnto } from './exact-tables.js';
import { buildJunctionTree, DEFAULT_MAX_TABLE_SIZE, DEFAULT_MAX_TOTAL_SIZE, type JtNode, type JunctionTreeOptions } from './junction-tree.js';

export { DEFAULT_MAX_TABLE_SIZE, DEFAULT_MAX_TOTAL_SIZE };

export type ExactOptions = JunctionTreeOptions;

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

/** Largest sum of clique tables (entries) whose upward products are kept for the downward pass (64 MiB). */
const KEEP_ENTRIES = 1 << 23;

function maxOf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

/** Normalise a marginal in place (uniform if it sums to 0). */
function normalised(mg: Float64Array): Float64Array {
  let s = 0;
  for (let x = 0; x < mg.length; x++) s += mg[x]!;
  if (s > 0) for (let x = 0; x < mg.length; x++) mg[x]! /= s;
  else mg.fill(1 / mg.length);
  return mg;
}

/**
 * Unnormalised marginals of the node's trailing eliminated variables (the last positions of its
 * layout), by successive reduction: the last variable's marginal sums contiguous blocks, then the
 * blocks are summed into a table one variable shorter, and so on — about 2 passes over the table in
 * all instead of one per variable. Returns how many trailing variables it did.
 */
function trailingMarginals(b: Float64Array, node: JtNode, marginals: Float64Array[]): number {
  const elim = new Set(node.elim);
  let src = b;
  let len = b.length;
  let done = 0;
  for (let p = node.vars.length - 1; p >= 0 && elim.has(node.vars[p]!); p--) {
    const c = node.cards[p]!;
    const block = len / c;
    const mg = new Float64Array(c);
    const more = p > 0 && elim.has(node.vars[p - 1]!);
    const dst = more ? new Float64Array(block) : src;
    for (let x = 0; x < c; x++) {
      let acc = 0;
      const o = x * block;
      if (more) for (let i = 0; i < block; i++) {
        const w = src[o + i]!;
        acc += w;
        dst[i]! += w;
      }
      else for (let i = 0; i < block; i++) acc += src[o + i]!;
      mg[x] = acc;
    }
    marginals[node.vars[p]!] = mg;
    done++;
    src = dst;
    len = block;
  }
  return done;
}

/** The node's factors times its children's upward messages (a fresh table). */
function upwardProduct(node: JtNode, up: (Float64Array | null)[]): Float64Array {
  const b = new Float64Array(node.size);
  if (node.factors.length > 0) {
    assignFrom(b, node.factorEmb[0]!, node.factors[0]!.table);
    for (let f = 1; f < node.factors.length; f++) multiplyBy(b, node.factorEmb[f]!, node.factors[f]!.table);
  } else b.fill(1);
  for (let c = 0; c < node.children.length; c++) multiplyBy(b, node.childEmb[c]!, up[node.children[c]!]!);
  return b;
}

/**
 * Exact marginals and log Z. Variables clamped by evidence (a unary factor with a single non-zero
 * entry) are conditioned on first; the rest is solved on a junction tree built from a min-fill
 * elimination order (cliques contained in a neighbour are merged). Throws ExactTooLargeError when a
 * clique table would exceed `maxTableSize` or all clique tables together `maxTotalSize`.
 */
export function exactInference(graph: FactorGraph, options: ExactOptions = {}): ExactResult {
  const jt = buildJunctionTree(graph, options);
  const { nodes, seq, card } = jt;
  const marginals: Float64Array[] = new Array(graph.variables.length);
  for (const [v, x] of jt.fixed) {
    const m = new Float64Array(card[v]!);
    m[x] = 1;
    marginals[v] = m;
  }
  let logZ = jt.logScale;
  const up: (Float64Array | null)[] = new Array(nodes.length).fill(null);
  const down: (Float64Array | null)[] = new Array(nodes.length).fill(null);
  // The upward products (factors x children's messages) are kept for the downward pass when they
  // fit in KEEP_ENTRIES; then each clique table is built once instead of twice.
  const keep = jt.total <= KEEP_ENTRIES;
  const kept: (Float64Array | null)[] = new Array(nodes.length).fill(null);
  for (const ni of seq) {
    const node = nodes[ni]!;
    const b = upwardProduct(node, up);
    if (keep) kept[ni] = b;
    const msg = new Float64Array(node.sepSize);
    sumOnto(b, node.sepEmb, msg);
    const mx = maxOf(msg);
    if (!(mx > 0)) throw new ZeroPartitionError();
    logZ += Math.log(mx);
    for (let s = 0; s < msg.length; s++) msg[s]! /= mx;
    up[ni] = msg;
  }
  for (let q = seq.length - 1; q >= 0; q--) {
    const ni = seq[q]!;
    const node = nodes[ni]!;
    // Not normalised: the marginals and the downward messages are normalised themselves.
    const b = kept[ni] ?? upwardProduct(node, up);
    kept[ni] = null;
    const d = down[ni];
    if (d) multiplyBy(b, node.sepEmb, d);
    const trailing = trailingMarginals(b, node, marginals);
    for (const v of node.elim) {
      if (marginals[v]) continue;
      const mg = new Float64Array(card[v]!);
      let stride = 1;
      let p = 0;
      while (node.vars[p] !== v) stride *= node.cards[p++]!;
      // Entries with v = x: runs of `stride` every stride·card[v].
      const period = stride * card[v]!;
      for (let base = 0; base < b.length; base += period)
        for (let x = 0; x < card[v]!; x++) {
          let acc = 0;
          const o = base + x * stride;
          for (let i = 0; i < stride; i++) acc += b[o + i]!;
          mg[x]! += acc;
        }
      marginals[v] = normalised(mg);
    }
    for (let i = node.vars.length - trailing; i < node.vars.length; i++) normalised(marginals[node.vars[i]!]!);
    for (let c = 0; c < node.children.length; c++) {
      const child = node.children[c]!;
      const u = up[child]!;
      const msg = new Float64Array(u.length);
      sumOnto(b, node.childEmb[c]!, msg);
      for (let s = 0; s < msg.length; s++) msg[s] = u[s]! > 0 ? msg[s]! / u[s]! : 0;
      const mx = maxOf(msg);
      if (mx > 0) for (let s = 0; s < msg.length; s++) msg[s]! /= mx;
      down[child] = msg;
      up[child] = null;
    }
    down[ni] = null;
  }
  let maxCliqueSize = 0;
  let width = 0;
  for (const node of nodes) {
    if (node.size > maxCliqueSize) maxCliqueSize = node.size;
    if (node.vars.length - 1 > width) width = node.vars.length - 1;
  }
  return { marginals, logZ, order: jt.order, maxCliqueSize, inducedWidth: width };
}

/**
 * The min-fill elimination order exact inference would use (best of a few seeded tie-breaks).
 * Throws ExactTooLargeError when a clique would exceed the limits.
 */
export function eliminationOrder(graph: FactorGraph, maxTableSize = DEFAULT_MAX_TABLE_SIZE, maxTotalSize = DEFAULT_MAX_TOTAL_SIZE): number[] {
  return bestElimination(graph, maxTableSize, maxTotalSize).order;
}

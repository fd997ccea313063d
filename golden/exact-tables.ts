// Table kernels of the junction-tree solvers (exact.ts, map.ts): a clique table and a smaller table
// over a subset of its variables (a factor, a separator message, a marginal), both first-fastest.
//
// An Embedding maps each clique entry to its entry in the small table without per-entry digit
// decoding: the clique is split into an inner block (its leading variables) and an outer part, and
// the small index is hi[outer] + lo[inner] from two precomputed tables. When the small table is
// contiguous (lo[i] = i) or constant (lo[i] = 0) over the inner block, the loops skip lo.

/** Inner blocks are grown to at least this many entries (the cost of lo is then negligible). */
const MIN_INNER = 64;
/** ...and to at most this many when the small index is not linear over them. */
const MAX_INNER = 256;

/** How the small index runs over the inner block. */
export const InnerKind = {
  /** Small index = hi + lo[i]. */
  Gather: 0,
  /** Small index = hi + i. */
  Contiguous: 1,
  /** Small index = hi (the inner variables are not in the small table). */
  Broadcast: 2,
} as const;
export type InnerKind = (typeof InnerKind)[keyof typeof InnerKind];

export interface Embedding {
  inner: number;
  outer: number;
  kind: InnerKind;
  lo: Int32Array;
  hi: Int32Array;
  /** Entries of the small table. */
  smallSize: number;
}

/** Small-table offsets of every assignment of dims [from, to) (first-fastest), in order. */
function offsets(cards: Int32Array, st: Int32Array, from: number, to: number): Int32Array {
  let size = 1;
  for (let d = from; d < to; d++) size *= cards[d]!;
  const out = new Int32Array(size);
  const k = to - from;
  const idx = new Int32Array(k);
  let j = 0;
  for (let l = 0; l < size; l++) {
    out[l] = j;
    for (let d = 0; d < k; d++) {
      j += st[from + d]!;
      if (++idx[d]! < cards[from + d]!) break;
      j -= st[from + d]! * cards[from + d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * The embedding of `small` (a variable list; its first-fastest layout) in a clique over `vars` with
 * cardinalities `cards`. `strideOf[v]` is scratch of at least (max variable id + 1) entries, all 0,
 * and is left all 0.
 */
export function embed(vars: readonly number[], cards: Int32Array, small: readonly number[], card: readonly number[], strideOf: Int32Array): Embedding {
  let s = 1;
  for (const v of small) {
    strideOf[v] = s;
    s *= card[v]!;
  }
  const k = vars.length;
  const st = new Int32Array(k);
  for (let d = 0; d < k; d++) st[d] = strideOf[vars[d]!]!;
  for (const v of small) strideOf[v] = 0;
  const smallSize = s;
  // Longest leading block over which the small index is linear (stride s0 times the entry).
  const s0 = k > 0 ? st[0]! : 0;
  let inner = 1;
  let q = 0;
  while (q < k && st[q] === s0 * inner) inner *= cards[q++]!;
  let kind: InnerKind = s0 === 0 ? InnerKind.Broadcast : s0 === 1 ? InnerKind.Contiguous : InnerKind.Gather;
  if (inner < MIN_INNER && q < k) {
    kind = InnerKind.Gather;
    while (q < k && inner * cards[q]! <= MAX_INNER) inner *= cards[q++]!;
  }
  const lo = kind === InnerKind.Gather ? offsets(cards, st, 0, q) : new Int32Array(0);
  const hi = offsets(cards, st, q, k);
  return { inner, outer: hi.length, kind, lo, hi, smallSize };
}

/** big[l] = small[index of l]. */
export function assignFrom(big: Float64Array, e: Embedding, small: Float64Array): void {
  const { inner, outer, lo, hi } = e;
  let l = 0;
  if (e.kind === InnerKind.Contiguous) for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    for (let i = 0; i < inner; i++) big[l++] = small[b + i]!;
  }
  else if (e.kind === InnerKind.Broadcast) for (let h = 0; h < outer; h++) {
    const w = small[hi[h]!]!;
    for (let i = 0; i < inner; i++) big[l++] = w;
  }
  else for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    for (let i = 0; i < inner; i++) big[l++] = small[b + lo[i]!]!;
  }
}

/** big[l] *= small[index of l]. */
export function multiplyBy(big: Float64Array, e: Embedding, small: Float64Array): void {
  const { inner, outer, lo, hi } = e;
  let l = 0;
  if (e.kind === InnerKind.Contiguous) for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    for (let i = 0; i < inner; i++) big[l++]! *= small[b + i]!;
  }
  else if (e.kind === InnerKind.Broadcast) for (let h = 0; h < outer; h++) {
    const w = small[hi[h]!]!;
    for (let i = 0; i < inner; i++) big[l++]! *= w;
  }
  else for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    for (let i = 0; i < inner; i++) big[l++]! *= small[b + lo[i]!]!;
  }
}

/** big[l] += small[index of l] (the log-domain product). */
export function addFrom(big: Float64Array, e: Embedding, small: Float64Array): void {
  const { inner, outer, lo, hi } = e;
  let l = 0;
  if (e.kind === InnerKind.Contiguous) for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    for (let i = 0; i < inner; i++) big[l++]! += small[b + i]!;
  }
  else if (e.kind === InnerKind.Broadcast) for (let h = 0; h < outer; h++) {
    const w = small[hi[h]!]!;
    for (let i = 0; i < inner; i++) big[l++]! += w;
  }
  else for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    for (let i = 0; i < inner; i++) big[l++]! += small[b + lo[i]!]!;
  }
}

/** small = Σ of big over the variables small lacks (small is overwritten). */
export function sumOnto(big: Float64Array, e: Embedding, small: Float64Array): void {
  const { inner, outer, lo, hi } = e;
  small.fill(0);
  let l = 0;
  if (e.kind === InnerKind.Contiguous) for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    for (let i = 0; i < inner; i++) small[b + i]! += big[l++]!;
  }
  else if (e.kind === InnerKind.Broadcast) for (let h = 0; h < outer; h++) {
    let acc = 0;
    for (let i = 0; i < inner; i++) acc += big[l++]!;
    small[hi[h]!]! += acc;
  }
  else for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    for (let i = 0; i < inner; i++) small[b + lo[i]!]! += big[l++]!;
  }
}

/** small = max of big over the variables small lacks (small is overwritten). */
export function maxOnto(big: Float64Array, e: Embedding, small: Float64Array): void {
  const { inner, outer, lo, hi } = e;
  small.fill(-Infinity);
  let l = 0;
  if (e.kind === InnerKind.Contiguous) for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    for (let i = 0; i < inner; i++) {
      const w = big[l++]!;
      if (w > small[b + i]!) small[b + i] = w;
    }
  }
  else if (e.kind === InnerKind.Broadcast) for (let h = 0; h < outer; h++) {
    let m = -Infinity;
    for (let i = 0; i < inner; i++) {
      const w = big[l++]!;
      if (w > m) m = w;
    }
    if (m > small[hi[h]!]!) small[hi[h]!] = m;
  }
  else for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    for (let i = 0; i < inner; i++) {
      const w = big[l++]!;
      const j = b + lo[i]!;
      if (w > small[j]!) small[j] = w;
    }
  }
}

/**
 * The entry l of big with the largest value among those whose small index is `target` (the first
 * such entry on ties); -1 when they are all -Infinity.
 */
export function argmaxAt(big: Float64Array, e: Embedding, target: number): number {
  const { inner, outer, lo, hi } = e;
  let best = -Infinity;
  let arg = -1;
  for (let h = 0; h < outer; h++) {
    const b = hi[h]!;
    const l0 = h * inner;
    if (e.kind === InnerKind.Broadcast) {
      if (b !== target) continue;
      for (let i = 0; i < inner; i++)
        if (big[l0 + i]! > best) {
          best = big[l0 + i]!;
          arg = l0 + i;
        }
    } else if (e.kind === InnerKind.Contiguous) {
      const i = target - b;
      if (i >= 0 && i < inner && big[l0 + i]! > best) {
        best = big[l0 + i]!;
        arg = l0 + i;
      }
    } else
      for (let i = 0; i < inner; i++)
        if (b + lo[i]! === target && big[l0 + i]! > best) {
          best = big[l0 + i]!;
          arg = l0 + i;
        }
  }
  return arg;
}

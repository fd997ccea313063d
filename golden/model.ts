// The in-memory factor graph shared by every reader, writer and solver in golden/.
//
// INDEX ORDER (one order everywhere): a factor's `table` is stored with the FIRST variable of its
// `scope` changing fastest (libDAI order). For scope (v0, v1, ..., vk-1) with cardinalities
// (c0, ..., ck-1), the entry for the assignment (x0, ..., xk-1) is at
//     x0 + c0 * (x1 + c1 * (x2 + ...))      i.e. stride(v0) = 1, stride(vj) = c0 * ... * c(j-1).
// Readers of last-fastest formats (UAI, JSON with "order": "last-fastest") convert on read.

/** A discrete variable. Its id is its index in `FactorGraph.variables`. */
export interface Variable {
  /** Number of states (>= 1). */
  readonly card: number;
  /** Optional display name (e.g. the libDAI label "x12"). */
  readonly name?: string;
}

/** A factor: non-negative potentials over the variables of `scope` (first variable fastest). */
export interface Factor {
  /** Variable ids, distinct, at least one. */
  readonly scope: readonly number[];
  /** Product of the scope cardinalities entries, finite, >= 0, not all zero. First-fastest order. */
  readonly table: Float64Array;
  /**
   * Optional structure the compiler can exploit. `parity`: the table is a parity (XOR) constraint
   * with that parity (0 even, 1 odd); set only by golden/parity.ts's detection (every reader calls
   * it), checked against the table by the quantiser. Consumers that do not know it use the table.
   */
  readonly structure?: FactorStructure;
}

/** A factor's known structure (golden/parity.ts). */
export interface FactorStructure {
  readonly kind: 'parity';
  readonly parity: 0 | 1;
}

export interface FactorGraph {
  readonly variables: readonly Variable[];
  readonly factors: readonly Factor[];
}

/** Largest factor table a reader accepts (entries). */
export const MAX_READ_TABLE_SIZE = 1 << 24;

/** Product of the cardinalities of a scope. */
export function tableSize(graph: FactorGraph, scope: readonly number[]): number {
  let s = 1;
  for (const v of scope) s *= graph.variables[v]!.card;
  return s;
}

/** Strides of each scope position in first-fastest order. */
export function firstFastestStrides(cards: readonly number[]): number[] {
  const st: number[] = [];
  let s = 1;
  for (const c of cards) {
    st.push(s);
    s *= c;
  }
  return st;
}

/**
 * Reorder a table stored with the LAST variable fastest (UAI order) into first-fastest order.
 * `cards` are the scope cardinalities in scope order.
 */
export function lastFastestToFirstFastest(values: ArrayLike<number>, cards: readonly number[]): Float64Array {
  return permuteOrder(values, cards, true);
}

/** Reorder a first-fastest table into last-fastest (UAI) order. */
export function firstFastestToLastFastest(values: ArrayLike<number>, cards: readonly number[]): Float64Array {
  return permuteOrder(values, cards, false);
}

function permuteOrder(values: ArrayLike<number>, cards: readonly number[], fromLast: boolean): Float64Array {
  const k = cards.length;
  const n = values.length;
  const out = new Float64Array(n);
  // Strides of last-fastest layout.
  const lastStrides = new Array<number>(k);
  let s = 1;
  for (let j = k - 1; j >= 0; j--) {
    lastStrides[j] = s;
    s *= cards[j]!;
  }
  const idx = new Int32Array(k);
  let li = 0; // index in last-fastest layout of the current first-fastest assignment
  for (let fi = 0; fi < n; fi++) {
    if (fromLast) out[fi] = values[li]!;
    else out[li] = values[fi]!;
    for (let d = 0; d < k; d++) {
      idx[d]!++;
      li += lastStrides[d]!;
      if (idx[d]! < cards[d]!) break;
      li -= lastStrides[d]! * cards[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Check a programmatically built graph (readers check their input themselves and report lines).
 * Throws RangeError describing the first problem.
 */
export function validateFactorGraph(graph: FactorGraph): void {
  graph.variables.forEach((v, i) => {
    if (!Number.isInteger(v.card) || v.card < 1) throw new RangeError(`variable ${i}: cardinality must be an integer >= 1`);
  });
  graph.factors.forEach((f, i) => {
    if (f.scope.length === 0) throw new RangeError(`factor ${i}: empty scope`);
    const seen = new Set<number>();
    for (const v of f.scope) {
      if (!Number.isInteger(v) || v < 0 || v >= graph.variables.length)
        throw new RangeError(`factor ${i}: variable id ${v} out of range`);
      if (seen.has(v)) throw new RangeError(`factor ${i}: variable ${v} repeated in scope`);
      seen.add(v);
    }
    const size = tableSize(graph, f.scope);
    if (f.table.length !== size) throw new RangeError(`factor ${i}: table has ${f.table.length} entries, expected ${size}`);
    let sum = 0;
    for (let j = 0; j < size; j++) {
      const x = f.table[j]!;
      if (!(x >= 0) || x === Infinity) throw new RangeError(`factor ${i}: entry ${j} is ${x}, expected finite >= 0`);
      sum += x;
    }
    if (!(sum > 0)) throw new RangeError(`factor ${i}: all entries are zero`);
  });
}

/** Total number of factor-variable edges. */
export function edgeCount(graph: FactorGraph): number {
  let e = 0;
  for (const f of graph.factors) e += f.scope.length;
  return e;
}

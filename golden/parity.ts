// Parity (XOR) factors: the one detection function every reader, the model layer and the
// quantiser use, so a parity constraint is recognised whatever file or API it came from.
//
// A factor is a parity factor when it has at least two variables, every one binary, and its table
// is c > 0 at every assignment whose XOR equals the parity and exactly 0 elsewhere (any uniform
// scale c is accepted; every non-zero entry must be bit-for-bit the same double). A near miss (an
// entry 1e-12 instead of 0, two different non-zero values) is not a parity factor and stays a dense
// table: the structured update is exact for the constraint only.
import { MAX_READ_TABLE_SIZE, type Factor, type FactorStructure } from './model.js';

/** Largest degree whose 2^d table golden materialises (the readers' table limit, 2^24 entries). */
export const MAX_PARITY_DEGREE = Math.log2(MAX_READ_TABLE_SIZE);

/** XOR of the bits of x (parity of its population count). */
export function bitParity(x: number): 0 | 1 {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return (x & 1) as 0 | 1;
}

/**
 * The parity (0: even, 1: odd) of a factor table over variables of cardinalities `cards` (first
 * variable fastest), or -1 when it is not a parity constraint.
 */
export function detectParity(cards: readonly number[], table: ArrayLike<number>): -1 | 0 | 1 {
  const d = cards.length;
  if (d < 2 || d > MAX_PARITY_DEGREE) return -1;
  for (const c of cards) if (c !== 2) return -1;
  if (table.length !== 1 << d) return -1;
  // Parity from entry 0 (even assignment) or entry 1 (odd); the other must be 0.
  const t0 = table[0]!;
  const t1 = table[1]!;
  let parity: 0 | 1;
  let c: number;
  if (t0 > 0 && t1 === 0) {
    parity = 0;
    c = t0;
  } else if (t0 === 0 && t1 > 0) {
    parity = 1;
    c = t1;
  } else return -1;
  if (!Number.isFinite(c)) return -1;
  for (let x = 0; x < table.length; x++) {
    const want = bitParity(x) === parity ? c : 0;
    if (table[x] !== want) return -1;
  }
  return parity;
}

/** The structure marker for a detected parity, or undefined. */
export function parityStructure(parity: -1 | 0 | 1): FactorStructure | undefined {
  return parity < 0 ? undefined : parity === 0 ? EVEN : ODD;
}

const EVEN: FactorStructure = Object.freeze({ kind: 'parity', parity: 0 });
const ODD: FactorStructure = Object.freeze({ kind: 'parity', parity: 1 });

/** A factor with its parity marker set when its table is a parity constraint (readers call this). */
export function withParityMarker(f: Factor, cards: readonly number[]): Factor {
  const s = parityStructure(detectParity(cards, f.table));
  return s ? { scope: f.scope, table: f.table, structure: s } : f;
}

/** The 2^d table of a parity constraint: 1 where the XOR of the assignment equals `parity`, else 0. */
export function parityConstraintTable(d: number, parity: 0 | 1 = 0): Float64Array {
  if (!Number.isInteger(d) || d < 1 || d > MAX_PARITY_DEGREE) throw new RangeError(`parity degree ${d} outside 1 … ${MAX_PARITY_DEGREE}`);
  const t = new Float64Array(1 << d);
  for (let x = 0; x < t.length; x++) t[x] = bitParity(x) === parity ? 1 : 0;
  return t;
}

/** A parity factor on `scope` (binary variables): its table and its marker. */
export function parityFactor(scope: readonly number[], parity: 0 | 1 = 0): Factor {
  const table = parityConstraintTable(scope.length, parity);
  return scope.length >= 2 ? { scope: [...scope], table, structure: parity === 0 ? EVEN : ODD } : { scope: [...scope], table };
}

/**
 * The parity of factor `f` as quantisers and compilers must see it: detected from the table; a
 * marker that disagrees with the table is an error (a wrong marker would give a wrong answer).
 */
export function factorParity(f: Factor, cards: readonly number[], id: number): -1 | 0 | 1 {
  const p = detectParity(cards, f.table);
  const s = f.structure;
  if (s !== undefined && s.kind === 'parity' && s.parity !== p)
    throw new RangeError(`factor ${id} is marked as a parity-${s.parity} factor but its table is ${p < 0 ? 'not a parity constraint' : `a parity-${p} constraint`}`);
  return p;
}

// Helpers shared by the readers.
import type { Factor } from '../model.js';
import { MAX_READ_TABLE_SIZE } from '../model.js';
import type { TokenReader } from './tokens.js';

/** Largest number of variables / factors a reader accepts (guards against absurd counts). */
export const MAX_COUNT = 1 << 26;
/** Largest cardinality a reader accepts. */
export const MAX_CARD = 1 << 20;

/** Table size of a scope or a reader error if it would exceed the reader's limit. */
export function checkedTableSize(tr: TokenReader, cards: readonly number[], line: number, what: string): number {
  let s = 1;
  for (const c of cards) {
    s *= c;
    if (s > MAX_READ_TABLE_SIZE)
      throw tr.error(`${what}: table would have more than ${MAX_READ_TABLE_SIZE} entries (product of cardinalities)`, line);
  }
  return s;
}

export function allZero(t: Float64Array): boolean {
  for (let i = 0; i < t.length; i++) if (t[i] !== 0) return false;
  return true;
}

/** Checks a scope for repeated variables; returns the repeated id or -1. */
export function repeatedVar(scope: readonly number[]): number {
  const seen = new Set<number>();
  for (const v of scope) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return -1;
}

export type { Factor };

// Variable domains: Bit, Discrete (named values) and integer ranges. A domain is an ordered list of
// values; a variable's state k (0-based) stands for values[k].
import { ModelError } from './errors.js';

export type Value = string | number;

export interface Domain {
  readonly kind: 'bit' | 'discrete' | 'range';
  /** The values in state order. */
  readonly values: readonly Value[];
}

/** Largest domain a variable may have (states). */
export const MAX_DOMAIN_SIZE = 1 << 16;

export const BIT: Domain = Object.freeze({ kind: 'bit', values: Object.freeze([0, 1]) });

/** A domain of distinct named (or numbered) values, at least one. */
export function discreteDomain(values: readonly Value[], subject = 'domain'): Domain {
  if (!Array.isArray(values) || values.length === 0) throw new ModelError(subject, 'expected a non-empty list of values');
  if (values.length > MAX_DOMAIN_SIZE) throw new ModelError(subject, `expected at most ${MAX_DOMAIN_SIZE} values, found ${values.length}`);
  const seen = new Set<Value>();
  for (const v of values) {
    if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v)))
      throw new ModelError(subject, `expected values that are strings or finite numbers, found ${String(v)}`);
    if (seen.has(v)) throw new ModelError(subject, `value ${JSON.stringify(v)} appears twice`);
    seen.add(v);
  }
  return Object.freeze({ kind: 'discrete', values: Object.freeze([...values]) });
}

/** The integers lo..hi inclusive. */
export function rangeDomain(lo: number, hi: number, subject = 'domain'): Domain {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo)
    throw new ModelError(subject, `expected an integer range lo..hi with lo <= hi, found ${lo}..${hi}`);
  if (hi - lo + 1 > MAX_DOMAIN_SIZE) throw new ModelError(subject, `expected at most ${MAX_DOMAIN_SIZE} values, found ${hi - lo + 1}`);
  const values: number[] = [];
  for (let x = lo; x <= hi; x++) values.push(x);
  return Object.freeze({ kind: 'range', values: Object.freeze(values) });
}

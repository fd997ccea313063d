// solve() with method 'exact' and semiring 'min-sum': the library's exact MAP (what `gp5sim solve
// --method exact --semiring min-sum` prints), checked against brute force on libDAI's testfast.
import { describe, it, expect } from 'vitest';
import { ExactTooLargeError, exactMap, formatSolveTable, isMapResult, parseFg, solve, type FactorGraph, type SolveOptions } from '../../golden/index.js';
import { readData } from './helpers.js';

/** Log weight of every assignment of a small model (first variable fastest), by enumeration. */
function bruteLogWeights(g: FactorGraph): Float64Array {
  const cards = g.variables.map((v) => v.card);
  const total = cards.reduce((a, c) => a * c, 1);
  const out = new Float64Array(total);
  const x = new Array<number>(cards.length).fill(0);
  for (let i = 0; i < total; i++) {
    let w = 0;
    for (const f of g.factors) {
      let idx = 0;
      let stride = 1;
      for (const v of f.scope) {
        idx += x[v]! * stride;
        stride *= cards[v]!;
      }
      w += Math.log(f.table[idx]!);
    }
    out[i] = w;
    for (let d = 0; d < x.length && ++x[d]! === cards[d]; d++) x[d] = 0;
  }
  return out;
}

describe('solve(): exact MAP', () => {
  const g = parseFg(readData('libdai/testfast.fg'), 'testfast.fg');
  const r = solve(g, { method: 'exact', semiring: 'min-sum' });

  it('is the brute-force MAP of testfast, with its log weight and max-marginals', () => {
    const w = bruteLogWeights(g);
    let best = 0;
    for (let i = 1; i < w.length; i++) if (w[i]! > w[best]!) best = i;
    const assignment = g.variables.map((_, v) => (best >> v) & 1);
    expect(r.assignment).toEqual(assignment);
    expect(r.assignment).toEqual([1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0]);
    expect(r.logWeight).toBeCloseTo(w[best]!, 12);
    expect(r.logWeight.toPrecision(10)).toBe('9.799580296');
    // Max-marginal of x0: the best weight with x0 = 0 against x0 = 1, normalised.
    let m0 = -Infinity;
    let m1 = -Infinity;
    for (let i = 0; i < w.length; i++) if (i & 1) m1 = Math.max(m1, w[i]!);
    else m0 = Math.max(m0, w[i]!);
    expect(r.marginals[0]![0]).toBeCloseTo(1 / (1 + Math.exp(m1 - m0)), 12);
    expect(r.marginals[0]![0]!.toFixed(6)).toBe('0.204979');
  });

  it('is exactMap, as a JSON-ready typed result with the model counts', () => {
    const want = exactMap(g);
    expect(r).toEqual({
      method: 'exact',
      semiring: 'min-sum',
      variables: 16,
      factors: 40,
      edges: 16 + 2 * 24,
      marginals: want.maxMarginals.map((m) => Array.from(m)),
      assignment: Array.from(want.assignment),
      logWeight: want.logWeight,
    });
    expect(isMapResult(r)).toBe(true);
    // The general signature (options not known to be MAP) returns the union; isMapResult narrows it.
    const opts: SolveOptions = { method: 'exact', semiring: 'min-sum' };
    const u = solve(g, opts);
    expect(isMapResult(u) && u.logWeight).toBe(want.logWeight);
    expect(isMapResult(solve(g, { method: 'exact' }))).toBe(false);
    expect(isMapResult(solve(g, { method: 'bp', semiring: 'min-sum' }))).toBe(false);
  });

  it('formats the MAP table; honours maxTableSize; refuses an unknown semiring', () => {
    const t = formatSolveTable(r, g).split('\n');
    expect(t[0]).toBe('var  name  card  MAP  max-marginal');
    expect(t[1]).toBe('  0  x0       2    1  0.204979 0.795021');
    expect(t).toContain('log weight of the MAP assignment = 9.799580296');
    expect(() => solve(g, { method: 'exact', semiring: 'min-sum', maxTableSize: 4 })).toThrow(ExactTooLargeError);
    expect(() => solve(g, { method: 'exact', semiring: 'max-sum' as never })).toThrow(RangeError);
  });
});

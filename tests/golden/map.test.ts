// MAP decoding: exact junction-tree MAP against brute force, and BP max-product on trees.
import { describe, it, expect } from 'vitest';
import { applyEvidence, beliefPropagation, exactMap, isingGrid, Prng, randomTree, ZeroPartitionError, type FactorGraph } from '../../golden/index.js';

/** Brute-force max of the log joint over all assignments, and every max-marginal (log, unnormalised). */
function bruteMap(g: FactorGraph): { logWeight: number; assignment: number[]; logMaxMarginals: number[][] } {
  const cards = g.variables.map((v) => v.card);
  const x = new Array<number>(cards.length).fill(0);
  let best = -Infinity;
  let arg: number[] = [];
  const logMaxMarginals = cards.map((c) => new Array<number>(c).fill(-Infinity));
  for (;;) {
    const w = bruteMapWeight(g, x);
    if (w > best) {
      best = w;
      arg = [...x];
    }
    x.forEach((xv, v) => (logMaxMarginals[v]![xv] = Math.max(logMaxMarginals[v]![xv]!, w)));
    let d = 0;
    while (d < x.length && ++x[d]! === cards[d]) x[d++] = 0;
    if (d === x.length) break;
  }
  return { logWeight: best, assignment: arg, logMaxMarginals };
}

/** Max-marginals normalised to sum 1 (exp of the log max-marginal less its maximum), as exactMap reports them. */
function normalisedMaxMarginal(logM: number[]): number[] {
  const mx = Math.max(...logM);
  const e = logM.map((w) => Math.exp(w - mx));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((w) => w / s);
}

function expectMaxMarginals(got: Float64Array[], want: number[][]): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, v) => {
    const norm = normalisedMaxMarginal(w);
    expect(got[v]!.length).toBe(norm.length);
    norm.forEach((p, x) => expect(got[v]![x]).toBeCloseTo(p, 12));
  });
}

function randomModel(seed: number): FactorGraph {
  const rng = new Prng(seed);
  const n = 9;
  const variables = Array.from({ length: n }, () => ({ card: rng.range(2, 3) }));
  const factors = Array.from({ length: 14 }, () => {
    const scope = [rng.int(n)];
    while (scope.length < 2 + rng.int(2)) {
      const v = rng.int(n);
      if (!scope.includes(v)) scope.push(v);
    }
    const size = scope.reduce((s, v) => s * variables[v]!.card, 1);
    // Some zeros: MAP must avoid impossible assignments.
    return { scope, table: Float64Array.from({ length: size }, () => (rng.next() < 0.15 ? 0 : Math.exp(rng.normal(0, 1)))) };
  });
  return { variables, factors };
}

describe('exactMap', () => {
  for (let seed = 1; seed <= 6; seed++) {
    it(`random loopy model ${seed} with zeros: the brute-force maximum`, () => {
      const g = randomModel(seed);
      const b = bruteMap(g);
      const r = exactMap(g);
      expect(r.logWeight).toBeCloseTo(b.logWeight, 10);
      // The assignment returned attains the maximum (ties may pick another maximiser).
      expect(bruteMapWeight(g, Array.from(r.assignment))).toBeCloseTo(b.logWeight, 10);
      // Max-marginals: the brute-force ones.
      expectMaxMarginals(r.maxMarginals, b.logMaxMarginals);
      // Without max-marginals: the same assignment and weight, no downward pass.
      const lean = exactMap(g, { maxMarginals: false });
      expect(Array.from(lean.assignment)).toEqual(Array.from(r.assignment));
      expect(lean.logWeight).toBe(r.logWeight);
      expect(lean.maxMarginals).toEqual([]);
    });
  }

  it('random loopy models: max-marginal argmaxes give the MAP where the maximiser is unique', () => {
    let unique = 0;
    for (let seed = 11; seed <= 16; seed++) {
      const g = randomModel(seed);
      const r = exactMap(g);
      const decoded = r.maxMarginals.map((m) => m.indexOf(Math.max(...m)));
      if (r.maxMarginals.every((m) => m.filter((p) => p === Math.max(...m)).length === 1)) {
        unique++;
        expect(decoded).toEqual(Array.from(r.assignment));
      }
    }
    expect(unique).toBeGreaterThan(3);
  });

  it('4x4 Ising grid with evidence: brute force agrees', () => {
    const g = applyEvidence(isingGrid({ rows: 4, cols: 4, seed: 3, couplingSigma: 1.5 }), { file: 'test', entries: [{ variable: 5, value: 1, line: 1 }] });
    const r = exactMap(g);
    expect(r.assignment[5]).toBe(1);
    const b = bruteMap(g);
    expect(r.logWeight).toBeCloseTo(b.logWeight, 10);
    expectMaxMarginals(r.maxMarginals, b.logMaxMarginals);
    expect(Array.from(r.maxMarginals[5]!)).toEqual([0, 1]);
  });

  it('throws ZeroPartitionError when every assignment is impossible', () => {
    const g: FactorGraph = { variables: [{ card: 2 }], factors: [{ scope: [0], table: Float64Array.of(1, 0) }, { scope: [0], table: Float64Array.of(0, 1) }] };
    expect(() => exactMap(g)).toThrow(ZeroPartitionError);
  });
});

/** Natural-log weight of one assignment. */
function bruteMapWeight(g: FactorGraph, x: readonly number[]): number {
  let w = 0;
  for (const f of g.factors) {
    let l = 0;
    let s = 1;
    for (const v of f.scope) {
      l += x[v]! * s;
      s *= g.variables[v]!.card;
    }
    w += Math.log(f.table[l]!);
  }
  return w;
}

describe('BP max-product decoding', () => {
  it('on trees the argmax of the max-marginals is the exact MAP', () => {
    for (const seed of [1, 2, 3]) {
      const g = randomTree({ nVars: 40, seed, maxCard: 3 });
      const r = beliefPropagation(g, { semiring: 'min-sum', schedule: 'flooding', tol: 1e-12, maxIter: 200 });
      const decoded = r.marginals.map((m) => m.indexOf(Math.max(...m)));
      expect(bruteMapWeight(g, decoded)).toBeCloseTo(exactMap(g).logWeight, 9);
    }
  });
});

// MAP decoding: exact junction-tree MAP against brute force, and BP max-product on trees.
import { describe, it, expect } from 'vitest';
import { applyEvidence, beliefPropagation, exactMap, isingGrid, Prng, randomTree, ZeroPartitionError, type FactorGraph } from '../../golden/index.js';

/** Brute-force max of the log joint over all assignments (small models only). */
function bruteMap(g: FactorGraph): { logWeight: number; assignment: number[] } {
  const cards = g.variables.map((v) => v.card);
  const x = new Array<number>(cards.length).fill(0);
  let best = -Infinity;
  let arg: number[] = [];
  for (;;) {
    const w = bruteMapWeight(g, x);
    if (w > best) {
      best = w;
      arg = [...x];
    }
    let d = 0;
    while (d < x.length && ++x[d]! === cards[d]) x[d++] = 0;
    if (d === x.length) break;
  }
  return { logWeight: best, assignment: arg };
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
    });
  }

  it('4x4 Ising grid with evidence: brute force agrees', () => {
    const g = applyEvidence(isingGrid({ rows: 4, cols: 4, seed: 3, couplingSigma: 1.5 }), { file: 'test', entries: [{ variable: 5, value: 1, line: 1 }] });
    const r = exactMap(g);
    expect(r.assignment[5]).toBe(1);
    expect(r.logWeight).toBeCloseTo(bruteMap(g).logWeight, 10);
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

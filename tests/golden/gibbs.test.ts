// Gibbs sampling against exact marginals on random loopy models, within a stated error for a stated
// sample count, plus determinism and the burn-in / restarts / annealing options.
import { describe, it, expect } from 'vitest';
import { exactInference, gibbsSampling, isingGrid, Prng, type FactorGraph } from '../../golden/index.js';

/** Random loopy model: n variables of card 2..3, random pairwise and triple factors over them. */
function randomLoopy(seed: number, n = 10, factors = 18): FactorGraph {
  const rng = new Prng(seed);
  const variables = Array.from({ length: n }, () => ({ card: rng.range(2, 3) }));
  const fs = [];
  for (let a = 0; a < factors; a++) {
    const k = rng.range(2, 3);
    const scope: number[] = [];
    while (scope.length < k) {
      const v = rng.int(n);
      if (!scope.includes(v)) scope.push(v);
    }
    const size = scope.reduce((s, v) => s * variables[v]!.card, 1);
    fs.push({ scope, table: Float64Array.from({ length: size }, () => Math.exp(rng.normal(0, 0.7))) });
  }
  return { variables, factors: fs };
}

function maxAbsError(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let m = 0;
  a.forEach((p, v) => {
    for (let k = 0; k < p.length; k++) m = Math.max(m, Math.abs(p[k]! - b[v]![k]!));
  });
  return m;
}

// Stated accuracy: 4 chains x 5,000 sweeps (20,000 samples) after 200 burn-in sweeps give every
// marginal within 0.02 of exact on these models (the standard error of a frequency at 20,000
// independent samples is at most 0.0035; autocorrelation of a sweep widens it a few times).
const OPTS = { seed: 11, burnIn: 200, samples: 5000, restarts: 4 };

describe('gibbsSampling', () => {
  for (const seed of [1, 2, 3]) {
    it(`random loopy model ${seed}: every marginal within 0.02 of exact (20,000 samples)`, () => {
      const g = randomLoopy(seed);
      const err = maxAbsError(gibbsSampling(g, OPTS).marginals, exactInference(g).marginals);
      expect(err).toBeLessThan(0.02);
      expect(err).toBeGreaterThan(0); // a sampler, not exact arithmetic
    });
  }

  it('6x6 Ising grid: every marginal within 0.02 of exact (20,000 samples)', () => {
    const g = isingGrid({ rows: 6, cols: 6, seed: 5 });
    expect(maxAbsError(gibbsSampling(g, OPTS).marginals, exactInference(g).marginals)).toBeLessThan(0.02);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const g = randomLoopy(4);
    const a = gibbsSampling(g, { seed: 3, samples: 300 });
    const b = gibbsSampling(g, { seed: 3, samples: 300 });
    const c = gibbsSampling(g, { seed: 4, samples: 300 });
    expect(a.marginals).toEqual(b.marginals);
    expect(a.best).toEqual(b.best);
    expect(a.marginals).not.toEqual(c.marginals);
    expect(a.sweeps).toBe(300);
  });

  it('respects hard constraints: an equality pair never disagrees, and (single-site Gibbs) each chain freezes', () => {
    const g: FactorGraph = {
      variables: [{ card: 2 }, { card: 2 }],
      factors: [
        { scope: [0, 1], table: Float64Array.of(1, 0, 0, 1) },
        { scope: [0], table: Float64Array.of(1, 3) },
      ],
    };
    // Once both bits agree no single-variable move can leave agreement, so every chain stays in one
    // state: the frequency is a multiple of 1/restarts. (Deterministic factors need BP or exact.)
    const r = gibbsSampling(g, { seed: 2, burnIn: 10, samples: 400, restarts: 8 });
    expect(r.marginals[0]).toEqual(r.marginals[1]);
    const chainsAtOne = r.marginals[0]![1]! * 8;
    expect(chainsAtOne).toBe(Math.round(chainsAtOne));
  });

  it('annealing and restarts: the best assignment found is the MAP of a frustrated model', () => {
    const g = isingGrid({ rows: 4, cols: 4, seed: 9, couplingSigma: 2 });
    const r = gibbsSampling(g, { seed: 1, burnIn: 200, samples: 200, restarts: 3, initialTemperature: 8 });
    // Brute force the MAP over 2^16 assignments.
    let best = -Infinity;
    for (let x = 0; x < 1 << 16; x++) {
      let w = 0;
      for (const f of g.factors) {
        let l = 0;
        let s = 1;
        for (const v of f.scope) {
          l += ((x >> v) & 1) * s;
          s *= 2;
        }
        w += Math.log(f.table[l]!);
      }
      if (w > best) best = w;
    }
    expect(r.bestLogWeight).toBeCloseTo(best, 9);
  });

  it('rejects bad options', () => {
    const g = randomLoopy(1);
    expect(() => gibbsSampling(g, { samples: -1 })).toThrow(/samples must be a non-negative integer/);
    expect(() => gibbsSampling(g, { initialTemperature: 0.5 })).toThrow(/initialTemperature/);
  });
});

// The pairwise LLR reference under the golden update lists, and how far the sequential list can be
// packed without changing it (runtime/pairwise/levels.ts): running the list level by level, in
// any order inside a level, is the list bit for bit; the level counts are the dependent packed
// steps per iteration a schedule-preserving chip path would need (runtime/README.md).
import { describe, expect, it } from 'vitest';
import { isingGrid, quantizeGraph, scheduleUpdates, FloatScheduleBp, PairwiseFixedBp, type FactorGraph, type Update } from '../../golden/index.js';
import { makeFormat } from '../../isa/index.js';
import { pairwiseUpdateLevels, tvStats } from '../../runtime/index.js';
import { ISING_MODELS, wheel } from './fixtures.js';

const f16 = makeFormat(16, 8, 256);
const f8 = makeFormat(8, 4, 256);

const MODELS: [string, FactorGraph][] = [
  ...ISING_MODELS,
  ['chain 1x12 (tree: the two-pass order)', isingGrid({ rows: 1, cols: 12, seed: 5 })],
  ['wheel of 6', wheel(6)],
];

/** The list reordered level by level, each level's updates in reverse list order. */
function byLevelReversed(list: readonly Update[], level: Int32Array): Update[] {
  const idx = list.map((_, k) => k);
  idx.sort((a, b) => level[a] - level[b] || b - a);
  return idx.map((k) => list[k]);
}

function state(ref: PairwiseFixedBp): number[][] {
  return [Array.from(ref.m), Array.from(ref.n), Array.from(ref.beliefs())];
}

describe('PairwiseFixedBp under an update list', () => {
  it('the flooding list run update by update equals the flooding phases bit for bit', () => {
    for (const [, g] of MODELS) {
      const q = quantizeGraph(g, f8);
      const phases = new PairwiseFixedBp(q, { tolRaw: -1, lambda: 64 });
      const list = new PairwiseFixedBp(q, { tolRaw: -1, lambda: 64, schedule: scheduleUpdates(g, 'flooding') });
      for (let it = 0; it < 6; it++) expect(list.iterate()).toBe(phases.iterate());
      expect(state(list)).toEqual(state(phases));
    }
  });

  it('sequential differs from flooding (the list is honoured, not replaced)', () => {
    const q = quantizeGraph(MODELS[0][1], f16);
    const seq = new PairwiseFixedBp(q, { tolRaw: -1, schedule: 'sequential' });
    const fl = new PairwiseFixedBp(q, { tolRaw: -1 });
    seq.run(2);
    fl.run(2);
    expect(state(seq)).not.toEqual(state(fl));
  });

  it('sequential at W = 16 is within 5e-3 max TV of the float reference of the same list', () => {
    for (const [, g] of MODELS) {
      const q = quantizeGraph(g, f16);
      const tolRaw = 1 << f16.shift;
      const ref = new PairwiseFixedBp(q, { tolRaw, schedule: 'sequential' });
      const r = ref.run(100);
      const fl = new FloatScheduleBp(g, q, scheduleUpdates(g, 'sequential'), { sumProduct: true, lambda: 0, tol: tolRaw / f16.scale }).runExactly(r.iterations);
      expect(tvStats(ref.marginals(), fl.marginals).maxTV).toBeLessThanOrEqual(5e-3);
    }
  });

  it('an update that names no pairwise edge is refused', () => {
    const q = quantizeGraph(MODELS[0][1], f16);
    expect(() => new PairwiseFixedBp(q, { schedule: [{ kind: 'F', factor: 0, variable: 35 }] })).toThrow(/update 0: F\(factor 0, variable 35\) names no edge/);
  });
});

describe('pairwiseUpdateLevels: packing the sequential list without changing it', () => {
  for (const [name, g] of MODELS) {
    it(`${name}: level by level, reversed inside each level, = the list bit for bit (W ∈ {8, 16}, sum-product and min-sum)`, () => {
      for (const f of [f8, f16]) {
        const q = quantizeGraph(g, f);
        const list = scheduleUpdates(g, 'sequential');
        const packed = byLevelReversed(list, pairwiseUpdateLevels(q, list).level);
        for (const sumProduct of [true, false]) {
          const a = new PairwiseFixedBp(q, { tolRaw: -1, sumProduct, schedule: list });
          const b = new PairwiseFixedBp(q, { tolRaw: -1, sumProduct, schedule: packed });
          for (let it = 0; it < 5; it++) expect(b.iterate()).toBe(a.iterate());
          expect(state(b)).toEqual(state(a));
        }
      }
    });
  }

  it('the check can fail: the list reversed as a whole is a different schedule with different messages', () => {
    const q = quantizeGraph(MODELS[0][1], f16);
    const list = scheduleUpdates(MODELS[0][1], 'sequential');
    const a = new PairwiseFixedBp(q, { tolRaw: -1, schedule: list });
    const b = new PairwiseFixedBp(q, { tolRaw: -1, schedule: [...list].reverse() });
    a.run(2);
    b.run(2);
    expect(state(b)).not.toEqual(state(a));
  });

  it('level counts: flooding 2; sequential on an 8x8 grid 56 (mean 8 updates per level), on a chain every update its own level', () => {
    const grid = isingGrid({ rows: 8, cols: 8, seed: 1 });
    const qg = quantizeGraph(grid, f16);
    expect(pairwiseUpdateLevels(qg, scheduleUpdates(grid, 'flooding')).count).toBe(2);
    const seq = pairwiseUpdateLevels(qg, scheduleUpdates(grid, 'sequential'));
    expect([seq.level.length, seq.count, Math.max(...seq.width)]).toEqual([448, 56, 64]);
    const chain = isingGrid({ rows: 1, cols: 40, seed: 1 });
    const qc = quantizeGraph(chain, f16);
    expect(pairwiseUpdateLevels(qc, scheduleUpdates(chain, 'sequential')).count).toBe(156);
  });
});

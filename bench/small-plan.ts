// The sweep benches' workload: small seeded Ising points, shared by the bench cases and the pass child.
import { parseSweepSpec, planSweep, type PlannedPoint } from '../sweep/index.js';

/** Seeds one plan of `count` points uses (16 points a seed): plans from firstSeed and firstSeed + seedsOf(count) share no model. */
const seedsOf = (count: number) => Math.ceil(count / 16);

/**
 * `count` small Ising points (4x4 … 7x7 grids, P = 1 … 4, two schedules), seeded from `firstSeed`.
 * Timed passes that repeat take fresh seeds each: a worker keeps the models (and their exact
 * marginals) it has run, so a repeated plan would measure its cache, not a sweep.
 */
export function smallPlan(count: number, firstSeed = 1): PlannedPoint[] {
  const seeds = Array.from({ length: seedsOf(count) }, (_, i) => i + firstSeed);
  const spec = parseSweepSpec(
    JSON.stringify({
      kind: 'infer',
      models: seeds.flatMap((seed) => [4, 5, 6, 7].map((n) => ({ generate: 'ising', rows: n, cols: n, seed }))),
      machine: { pes: [1, 4] },
      options: { schedule: ['flooding', 'sequential'], maxIter: 30 },
    }),
    'bench',
  );
  return planSweep(spec, () => ({ kind: 'none' })).slice(0, count);
}

/** Plans of `count` points on fresh seeds from `firstSeed` on, one per call, sharing no model; two callers with the same arguments get the same sequence. */
export function freshPlans(count: number, firstSeed = 1): () => PlannedPoint[] {
  let seed = firstSeed;
  return () => smallPlan(count, (seed += seedsOf(count)));
}

// Benchmarks of the golden/ float reference.
import type { BenchCase } from '../harness.js';
import { peakRssMiB } from '../harness.js';
import { beliefPropagation, compileBpGraph, isingGrid } from '../../golden/index.js';

const GRID = 200;
const ITERS = 40;

export const goldenCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'bp.grid200.msgPerSec',
    unit: 'msg/s',
    description: `float sum-product flooding BP, seeded ${GRID}x${GRID} binary Ising grid: factor-to-variable message updates per second (best of 3 runs of ${ITERS} iterations)`,
    measure() {
      const graph = isingGrid({ rows: GRID, cols: GRID, seed: 1 });
      const g = compileBpGraph(graph);
      // tol 0: never stops early, so every run does ITERS full sweeps.
      const run = () => beliefPropagation(g, { schedule: 'flooding', tol: 0, maxIter: ITERS, factorBeliefs: false });
      run(); // warm-up (JIT)
      let best = Infinity;
      let updates = 0;
      for (let i = 0; i < 3; i++) {
        const t0 = process.hrtime.bigint();
        const r = run();
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        updates = r.updates;
        if (s < best) best = s;
      }
      return {
        value: updates / best,
        extra: {
          edges: { value: g.nEdges, unit: 'edges' },
          secondsPerIteration: { value: best / ITERS, unit: 's' },
          peakRss: { value: peakRssMiB(), unit: 'MiB' },
        },
      };
    },
  },
];

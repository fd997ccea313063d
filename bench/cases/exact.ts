// In-process exact inference (junction tree) against libDAI JTREE's published times: alarm 0.4 ms,
// a 12x12 Ising grid 13.5 ms (issue 16). Warm (after JIT), best of many runs, order search included
// (reported alongside: the min-fill search alone, and the CPU time of the best run, which a loaded
// machine inflates less than the wall time).
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../harness.js';
import { bestOf, cpuOnce } from '../harness.js';
import { eliminationOrder, exactInference, isingGrid, readModelFile, type FactorGraph } from '../../golden/index.js';

const alarmPath = fileURLToPath(new URL('../../../shared/data/libdai/alarm.fg', import.meta.url));

/** Least CPU time (user + system) of `runs` calls, in ms. */
function bestCpuMs(runs: number, fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, cpuOnce(fn) * 1000);
  return best;
}

function exactMs(graph: () => FactorGraph, runs: number) {
  const g = graph();
  for (let i = 0; i < 5; i++) exactInference(g); // warm-up (JIT)
  return {
    value: 1000 * bestOf(runs, () => exactInference(g)),
    extra: {
      cpuMs: { value: bestCpuMs(runs, () => exactInference(g)), unit: 'ms' },
      orderSearchMs: { value: 1000 * bestOf(runs, () => eliminationOrder(g)), unit: 'ms' },
    },
  };
}

export const exactCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'exact.alarm.ms',
    unit: 'ms',
    description: 'exact marginals and log Z of libDAI alarm.fg in-process (best of 200 warm runs; libDAI JTREE: 0.4 ms)',
    measure: () => exactMs(() => readModelFile(alarmPath), 200),
  },
  {
    kind: 'figure',
    name: 'exact.ising12.ms',
    unit: 'ms',
    description: 'exact marginals and log Z of a seeded 12x12 binary Ising grid in-process (best of 60 warm runs; libDAI JTREE: 13.5 ms)',
    measure: () => exactMs(() => isingGrid({ rows: 12, cols: 12, seed: 1 }), 60),
  },
];

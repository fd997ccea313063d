// In-process exact inference (junction tree) against libDAI JTREE's published times: alarm 0.4 ms,
// a 12x12 Ising grid 13.5 ms (issue 16). Warm (after JIT), best of many runs, order search included.
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../harness.js';
import { bestOf } from '../harness.js';
import { exactInference, isingGrid, readModelFile, type FactorGraph } from '../../golden/index.js';

const alarmPath = fileURLToPath(new URL('../../../shared/data/libdai/alarm.fg', import.meta.url));

function exactMs(graph: () => FactorGraph, runs: number): number {
  const g = graph();
  for (let i = 0; i < 5; i++) exactInference(g); // warm-up (JIT)
  return 1000 * bestOf(runs, () => exactInference(g));
}

export const exactCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'exact.alarm.ms',
    unit: 'ms',
    description: 'exact marginals and log Z of libDAI alarm.fg in-process (best of 200 warm runs; libDAI JTREE: 0.4 ms)',
    measure: () => ({ value: exactMs(() => readModelFile(alarmPath), 200) }),
  },
  {
    kind: 'figure',
    name: 'exact.ising12.ms',
    unit: 'ms',
    description: 'exact marginals and log Z of a seeded 12x12 binary Ising grid in-process (best of 30 warm runs; libDAI JTREE: 13.5 ms)',
    measure: () => ({ value: exactMs(() => isingGrid({ rows: 12, cols: 12, seed: 1 }), 30) }),
  },
];

// Sweep benchmarks: 2 local workers against 1, per-point overhead beyond the simulation, and a
// 1,000-point sweep of small models on 2 cores.
import { parseSweepSpec, planSweep, runSweep, inlineExecutor, poolExecutor, type Executor, type PlannedPoint } from '../../sweep/index.js';
import { loadavg } from 'node:os';
import type { BenchCase, FigureResult } from '../harness.js';

/** `count` small Ising points (4x4 … 7x7 grids, P = 1 … 4, two schedules), seeded. */
function smallPlan(count: number): PlannedPoint[] {
  const seeds = Array.from({ length: Math.ceil(count / 16) }, (_, i) => i + 1);
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

async function timed(plan: PlannedPoint[], exec: Executor): Promise<{ seconds: number; simSeconds: number; cpuSeconds: number }> {
  // Warm-up: every thread loads the modules and JIT-compiles the simulator once.
  await runSweep(plan.slice(0, exec.concurrency * 2), exec);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const rows = await runSweep(plan, exec);
  const seconds = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  await exec.close();
  return { seconds, simSeconds: rows.reduce((a, r) => a + r.wall.simMs, 0) / 1000, cpuSeconds: (cu.user + cu.system) / 1e6 };
}

export const sweepCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'sweep.workers2.speedup',
    unit: 'x',
    description: '128 small Ising points (4x4 … 7x7, P 1 and 4, two schedules): wall time on a 1-thread pool over a 2-thread pool (target ≥ 1.8 on 2 cores)',
    async measure(): Promise<FigureResult> {
      const plan = smallPlan(128);
      const one = await timed(plan, poolExecutor(1));
      const two = await timed(plan, poolExecutor(2));
      // The machine is shared: the load average and the CPU seconds (all threads) tell whether a
      // low figure is the pool's fault (more CPU for the same work) or other jobs' (less CPU to have).
      return {
        value: one.seconds / two.seconds,
        extra: {
          oneWorkerSeconds: { value: one.seconds, unit: 's' },
          twoWorkersSeconds: { value: two.seconds, unit: 's' },
          cpuRatio: { value: two.cpuSeconds / one.cpuSeconds, unit: 'x (CPU s, 2 over 1)' },
          loadAverage: { value: loadavg()[0], unit: '' },
        },
      };
    },
  },
  {
    kind: 'figure',
    name: 'sweep.overheadMs',
    unit: 'ms/point',
    description: '64 small points on a 1-thread pool: (wall time − time inside the library calls) / points — planning, transfer to the thread and back, merging, rows (target ≤ 50)',
    async measure(): Promise<FigureResult> {
      const plan = smallPlan(64);
      const pool = await timed(plan, poolExecutor(1));
      const inline = await timed(plan, inlineExecutor());
      return {
        value: ((pool.seconds - pool.simSeconds) * 1000) / plan.length,
        extra: { inline: { value: ((inline.seconds - inline.simSeconds) * 1000) / plan.length, unit: 'ms/point' }, meanSimMs: { value: (pool.simSeconds * 1000) / plan.length, unit: 'ms/point' } },
      };
    },
  },
  {
    kind: 'figure',
    name: 'sweep.1000points.seconds',
    unit: 's',
    description: '1,000 small Ising points (as above) on a 2-thread pool, measured in full (target ≤ 300)',
    async measure(): Promise<FigureResult> {
      const r = await timed(smallPlan(1000), poolExecutor(2));
      return { value: r.seconds, extra: { cpuSecondsInLibrary: { value: r.simSeconds, unit: 's' } } };
    },
  },
];

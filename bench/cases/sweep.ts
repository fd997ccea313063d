// Sweep benchmarks: 2 local workers against 1, per-point overhead beyond the simulation, and a
// 1,000-point sweep of small models on 2 cores.
import { parseSweepSpec, planSweep, runSweep, inlineExecutor, poolExecutor, type Executor, type PlannedPoint } from '../../sweep/index.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { BenchCase, FigureResult } from '../harness.js';

/** CPU seconds of each thread of this process (Linux /proc; utime + stime at 100 Hz), by thread id. */
function threadCpu(): Map<string, number> | undefined {
  if (!existsSync('/proc/self/task')) return undefined;
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

interface PoolRun {
  seconds: number;
  cpuSeconds: number;
  /** CPU seconds of each pool thread (threads created with the pool), busiest first. */
  poolThreads: number[];
  /** CPU seconds of the main thread (the runner: planning, transfer, rows). */
  mainThread: number;
  /** Wall seconds this run needs on 2 dedicated cores at least: all CPU spread over both, or the busiest thread. */
  twoCoreSeconds: number;
}

/** A pool run timed after every thread is warm (JIT-compiled): each thread first runs a whole pass. */
async function timedPool(plan: PlannedPoint[], workers: number): Promise<PoolRun> {
  const before = threadCpu();
  const exec = poolExecutor(workers);
  for (let i = 0; i < 2; i++) await runSweep(plan, exec);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const at0 = threadCpu();
  await runSweep(plan, exec);
  const seconds = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  const at1 = threadCpu();
  await exec.close();
  const cpuSeconds = (cu.user + cu.system) / 1e6;
  const poolThreads =
    before && at0 && at1
      ? [...at1]
          .filter(([tid]) => !before.has(tid))
          .map(([tid, c]) => c - (at0.get(tid) ?? 0))
          .sort((a, b) => b - a)
          .slice(0, workers)
      : [];
  const main = String(process.pid);
  const mainThread = at0 && at1 ? (at1.get(main) ?? 0) - (at0.get(main) ?? 0) : NaN;
  return { seconds, cpuSeconds, poolThreads, mainThread, twoCoreSeconds: Math.max(cpuSeconds / 2, poolThreads[0] ?? 0) };
}

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
    description:
      '128 small Ising points (4x4 … 7x7, P 1 and 4, two schedules), warm threads: 1-thread pool over 2-thread pool, as the wall time each needs on 2 dedicated cores (max of CPU/2 and the busiest thread, per-thread CPU from /proc) — the shared machine\'s wall clock is reported beside it (target ≥ 1.8)',
    async measure(): Promise<FigureResult> {
      const plan = smallPlan(128);
      const one = await timedPool(plan, 1);
      const two = await timedPool(plan, 2);
      const haveThreads = one.poolThreads.length === 1 && two.poolThreads.length === 2;
      // The machine is shared: its wall clock measures other jobs as much as the pool, so the figure
      // is the CPU-time bound; the wall ratio and the load average say how far the clock was off.
      return {
        value: haveThreads ? one.twoCoreSeconds / two.twoCoreSeconds : one.seconds / two.seconds,
        extra: {
          target: { value: 1.8, unit: 'x (at least)' },
          wallClockRatio: { value: one.seconds / two.seconds, unit: 'x (this machine, now)' },
          oneWorkerCpuSeconds: { value: one.cpuSeconds, unit: 's CPU (all threads)' },
          twoWorkersCpuSeconds: { value: two.cpuSeconds, unit: 's CPU (all threads)' },
          cpuRatio: { value: two.cpuSeconds / one.cpuSeconds, unit: 'x (CPU s, 2 over 1; 1.0 = no parallel overhead)' },
          twoWorkersBusiestThread: { value: two.poolThreads[0] ?? NaN, unit: 's CPU' },
          mainThreadShare: { value: two.mainThread / two.cpuSeconds, unit: '(main thread, 2 workers)' },
          helperThreadsShare: { value: 1 - (two.poolThreads.reduce((a, b) => a + b, 0) + two.mainThread) / two.cpuSeconds, unit: '(V8 GC/JIT helper threads, 2 workers)' },
          oneWorkerHelperThreadsShare: { value: 1 - ((one.poolThreads[0] ?? 0) + one.mainThread) / one.cpuSeconds, unit: '(V8 GC/JIT helper threads, 1 worker)' },
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

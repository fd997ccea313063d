// Sweep benchmarks: 2 local workers against 1, per-point overhead beyond the simulation, and a
// 1,000-point sweep of small models on 2 cores.
import { runSweep, inlineExecutor, localPool, DEFAULT_POOL, type Executor, type LocalPool, type PlannedPoint, type PoolKind, CHILD_V8_FLAGS } from '../../sweep/index.js';
import { smallPlan, freshPlans } from '../small-plan.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchCase, FigureResult } from '../harness.js';

/** On-CPU seconds of every thread of these processes, by "pid/tid" (Linux: /proc/PID/task/TID/schedstat, in ns). */
function threadCpu(pids: number[]): Map<string, number> | undefined {
  if (!existsSync('/proc/self/task')) return undefined;
  const out = new Map<string, number>();
  for (const pid of pids) {
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      // The process ended.
    }
    for (const tid of tids) {
      try {
        out.set(`${pid}/${tid}`, Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e9);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }
  return out;
}

/**
 * The machine's own bound on 2-core scaling, with no sweep code in it: a kernel run alone, then two
 * copies at once in separate processes (interleaved rounds, medians of each copy's own CPU time).
 * `compute` is a fixed integer/float loop that allocates nothing; `memory` reads and writes random
 * words of a 3 MiB array, the size of the typed arrays one sweep point allocates (sweep/README.md).
 * If two copies each take f times the CPU of one, no pool can do better than 2 / f.
 */
const KERNEL = `
const kind = process.env.GP5_KERNEL, N = 3 << 17, a = new Float64Array(N);
for (let i = 0; i < N; i++) a[i] = i & 1023;
function compute(n) { let x = 1, f = 0.5; for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) | 0; f = f * 0.999999 + (x & 255) * 1e-6; } return x + f; }
function memory(n) { let s = 0, j = 1; for (let i = 0; i < n; i++) { j = (Math.imul(j, 1664525) + 1013904223) >>> 0; const k = j % N; s += a[k]; a[k] = s * 1e-9; } return s; }
const run = kind === 'compute' ? () => compute(60e6) : () => memory(4e6);
run();
process.stdout.write('ready\\n');
// One run per line on stdin, timed by this process's own CPU clock.
process.stdin.setEncoding('utf8').on('data', (d) => {
  for (const _ of d.split('\\n').slice(1)) {
    const c0 = process.cpuUsage(), t0 = performance.now(), r = run(), c = process.cpuUsage(c0);
    process.stdout.write(JSON.stringify({ cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1000, r }) + '\\n');
  }
});`;

/** `compute` and `memory` are the kernels above; `sweep` is the bench's own pass (PASS_POINTS), run inline in a plain process (bench/sweep-pass-child.ts). */
type KernelKind = 'compute' | 'memory' | 'sweep';

const kernelArgs = (kind: KernelKind) =>
  kind === 'sweep' ? [...CHILD_V8_FLAGS, '--import', 'tsx', fileURLToPath(new URL('../sweep-pass-child.ts', import.meta.url))] : ['-e', KERNEL];

interface Kernel {
  /** Run once (the process's clock); resolves with its CPU and wall seconds. */
  run(): Promise<{ cpu: number; wall: number }>;
  end(): void;
}

/** A kernel process, warmed up (it runs once before it says ready). */
async function startKernel(kind: KernelKind): Promise<Kernel> {
  const child = spawn(process.execPath, kernelArgs(kind), { env: { ...process.env, GP5_KERNEL: kind, GP5_PASS_POINTS: String(PASS_POINTS) }, stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  const lines: string[] = [];
  let wake = () => {};
  let buf = '';
  child.stdout.on('data', (d: string) => {
    buf += d;
    for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) lines.push(buf.slice(0, i));
    wake();
  });
  child.on('exit', () => wake());
  const line = async () => {
    while (lines.length === 0) {
      if (child.exitCode !== null) throw new Error(`the ${kind} kernel exited with code ${child.exitCode}`);
      await new Promise<void>((r) => (wake = r));
    }
    return lines.shift()!;
  };
  await line();
  return {
    run: async () => {
      child.stdin.write('go\n');
      return JSON.parse(await line()) as { cpu: number; wall: number };
    },
    end: () => void child.stdin.end(),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Per-copy slow-down of two copies at once against one alone (CPU and wall), in `rounds` interleaved
 * rounds on two warm processes (each alone, then both at once: the same processes in both roles). */
export async function pairFactor(kind: KernelKind, rounds: number) {
  const [a, b] = await Promise.all([startKernel(kind), startKernel(kind)]);
  const alone: { cpu: number; wall: number }[] = [];
  const pair: { cpu: number; wall: number }[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      alone.push(await a.run(), await b.run());
      pair.push(...(await Promise.all([a.run(), b.run()])));
    }
  } finally {
    for (const k of [a, b]) k.end();
  }
  const m = (xs: { cpu: number; wall: number }[], k: 'cpu' | 'wall') => median(xs.map((x) => x[k]));
  return { cpu: m(pair, 'cpu') / m(alone, 'cpu'), wall: m(pair, 'wall') / m(alone, 'wall') };
}

/** Kernel rounds per kind (each ~0.1–0.2 s of CPU per copy). */
const CALIBRATION_ROUNDS = 7;

/** Timed passes per pool size: alternating, so both sizes see the same load. */
const ROUNDS = 4;

/**
 * Points per timed pass, and untimed points per worker just before it. The pools take turns, so each
 * child waits while the other pool runs, and on this guest a process that has slept runs slow for
 * its next ~0.3 CPU seconds (`vcpuSleepPenalty` below; sweep/README.md, "A process that sleeps comes
 * back slow"). A real sweep's workers do not wait between points; each 2-worker pass woke two
 * children and the 1-worker pass one, so with 128 cold points per pass two workers spent 1.1-1.55x
 * the CPU of one. With a wake-up of 128 points per worker before 512 timed ones: 0.99 and 1.04x.
 */
const PASS_POINTS = 512;
const WAKE_POINTS = 128;

/**
 * CPU of a short inline sweep pass run just after sleeping 300 ms, over the same pass just after
 * spinning 300 ms (interleaved rounds, sums): what a sleep costs a process on this machine, with no
 * pool in it. Near 1 on a dedicated core; this guest gave 1.3-1.9 (sweep/README.md).
 */
async function sleepPenalty(rounds: number): Promise<number> {
  // Its own seeds: models no other plan of this case uses.
  const nextPlan = freshPlans(32, 900_000);
  const exec = inlineExecutor();
  for (let i = 0; i < 6; i++) await runSweep(nextPlan(), exec);
  const cpuOf = async (plan: PlannedPoint[]) => {
    const c0 = process.cpuUsage();
    await runSweep(plan, exec);
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  let slept = 0;
  let spun = 0;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    while (performance.now() - t < 300);
    spun += await cpuOf(nextPlan());
    await new Promise((resolve) => setTimeout(resolve, 300));
    slept += await cpuOf(nextPlan());
  }
  return slept / spun;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** One timed pass of a warm pool: wall seconds and each thread's CPU seconds. */
interface Pass {
  wall: number;
  /** CPU seconds of every thread (this process and the pool's children) during the pass. */
  cpu: Map<string, number>;
}

async function timedPass(plan: PlannedPoint[], pool: LocalPool, wake: PlannedPoint[]): Promise<Pass> {
  // Untimed, just before (WAKE_POINTS a worker): the workers have slept through the other pool's pass.
  await runSweep(wake, pool);
  const pids = [process.pid, ...(pool.pids?.() ?? [])];
  const c0 = threadCpu(pids) ?? new Map<string, number>();
  const t0 = performance.now();
  await runSweep(plan, pool);
  const wall = (performance.now() - t0) / 1000;
  const c1 = threadCpu(pids) ?? new Map<string, number>();
  return { wall, cpu: new Map([...c1].map(([k, v]) => [k, v - (c0.get(k) ?? 0)])) };
}

interface PassFigures {
  wall: number;
  /** All CPU seconds. */
  total: number;
  /** The runner: this process's main thread. */
  main: number;
  /** The workers' own threads (a child's main thread, or a worker thread), busiest first. */
  workers: number[];
  /** V8's GC and compiler helper threads (and libuv's) of every process. */
  helpers: number;
  /** The wall time the pass needs on 2 dedicated cores at least: all CPU spread over both, or the busiest thread. */
  twoCore: number;
}

/** Split a pass's CPU into runner, workers (the `count` busiest threads that `isWorker`) and helpers. */
function figures(p: Pass, count: number, isWorker: (key: string) => boolean): PassFigures {
  const main = `${process.pid}/${process.pid}`;
  const workers = [...p.cpu]
    .filter(([k]) => k !== main && isWorker(k))
    .map(([, v]) => v)
    .sort((a, b) => b - a)
    .slice(0, count);
  const total = sum([...p.cpu.values()]);
  const m = p.cpu.get(main) ?? 0;
  return { wall: p.wall, total, main: m, workers, helpers: total - m - sum(workers), twoCore: Math.max(total / 2, m, workers[0] ?? 0) };
}

/**
 * 1 worker against 2 on one pool kind. Both pools stay open and warm (each thread or child has run a
 * whole pass), and their timed passes alternate, so both see the same load on a shared machine.
 */
async function oneAgainstTwo(kind: PoolKind, count: number, rounds: number) {
  // Every pass runs models no worker has seen (fresh seeds), as a real sweep does: a repeated plan
  // would measure the workers' model caches, and two workers' caches hold twice as many models.
  const nextPlan = freshPlans(count);
  const nextWake = freshPlans(2 * WAKE_POINTS, 500_000);
  const before = new Set(threadCpu([process.pid])?.keys() ?? []);
  const pools = [localPool(kind, 1), localPool(kind, 2)];
  try {
    // Two whole passes first (1,024 points): a worker's JIT is still warming up after its first 128 (the next cost it up to 2x less).
    for (const pool of pools) for (let i = 0; i < 2; i++) await runSweep(nextPlan(), pool);
    const passes: [Pass[], Pass[]] = [[], []];
    for (let r = 0; r < rounds; r++) {
      // Both pool sizes run the same fresh plan in a round.
      const plan = nextPlan();
      const wake = nextWake();
      for (let i = 0; i < 2; i++) passes[i].push(await timedPass(plan, pools[i], wake.slice(0, (i + 1) * WAKE_POINTS)));
    }
    // A child's worker is its main thread; a thread pool's workers are the threads it started.
    const isWorker = kind === 'process' ? (k: string) => k.split('/')[0] === k.split('/')[1] : (k: string) => !before.has(k);
    return passes.map((ps, i) => ps.map((p) => figures(p, i + 1, isWorker))) as [PassFigures[], PassFigures[]];
  } finally {
    for (const pool of pools) await pool.close();
  }
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
      `${PASS_POINTS} small Ising points (4x4 … 7x7, P 1 and 4, two schedules) on the default local pool (${DEFAULT_POOL}), warm, 1 worker and 2 in ${ROUNDS} alternating passes each; every round runs fresh seeds, models no worker has run yet, as in a real sweep, and each timed pass follows an untimed ${WAKE_POINTS} points per worker (the workers have just waited through the other pool's pass, and a process that has slept runs slow at first on this machine). ` +
      'The figure is the speed-up on 2 dedicated cores from per-thread CPU seconds (/proc/PID/task/TID/schedstat; this process and the children): a pass needs T = max(all CPU / 2, the busiest thread) there, and the figure is ΣT(1 worker) / ΣT(2 workers). ' +
      'overheadBound is what the runner and the helper threads alone allow: the 2-worker passes\' own work W, as one worker would do it (max(W, all CPU / 2)), over their T — equal to the figure when one worker and two spend the same CPU on the same points (workerCpuRatio = 1). ' +
      'The wall-clock ratio is reported beside it with the load average, and the other pool kind is measured the same way. ' +
      "Beside them the machine's own bound, from a calibration without sweep code: 2 / the per-copy CPU slow-down of two copies of a kernel at once against one alone (a compute loop; random accesses in 3 MiB; and the bench's own pass run inline, with no pool); and what a 300 ms sleep costs the next short pass on this machine (vcpuSleepPenalty), the reason for the untimed points before each pass. Target ≥ 1.8",
    async measure(): Promise<FigureResult> {
      const load0 = loadavg()[0];
      const [one, two] = await oneAgainstTwo(DEFAULT_POOL, PASS_POINTS, ROUNDS);
      const other: PoolKind = DEFAULT_POOL === 'process' ? 'thread' : 'process';
      const [oneB, twoB] = await oneAgainstTwo(other, PASS_POINTS, ROUNDS);
      const compute = await pairFactor('compute', CALIBRATION_ROUNDS);
      const memory = await pairFactor('memory', CALIBRATION_ROUNDS);
      const pass = await pairFactor('sweep', ROUNDS);
      const slept = await sleepPenalty(8);
      const all = (fs: PassFigures[], pick: (f: PassFigures) => number) => sum(fs.map(pick));
      /** One worker doing the 2-worker passes' work, over those passes' 2-core time. */
      const speedup = (two: PassFigures[]) => all(two, (f) => Math.max(sum(f.workers), f.total / 2)) / all(two, (f) => f.twoCore);
      const across = (one: PassFigures[], two: PassFigures[]) => all(one, (f) => f.twoCore) / all(two, (f) => f.twoCore);
      const wall = (one: PassFigures[], two: PassFigures[]) => all(one, (f) => f.wall) / all(two, (f) => f.wall);
      return {
        value: across(one, two),
        extra: {
          target: { value: 1.8, unit: 'x (at least)' },
          machineBoundCompute: { value: 2 / Math.max(1, compute.cpu), unit: 'x (2 / per-copy CPU slow-down of a pure compute loop, two copies at once against one)' },
          machineBoundMemory: { value: 2 / Math.max(1, memory.cpu), unit: 'x (the same for random reads and writes in 3 MiB, a point\'s typed arrays)' },
          machineBoundWorkload: { value: 2 / Math.max(1, pass.cpu), unit: "x (the same for this bench's own pass, run inline in two plain processes: no pool at all)" },
          vcpuSleepPenalty: { value: slept, unit: 'x (CPU of a 32-point inline pass after a 300 ms sleep over after a 300 ms spin; 1 = sleeping costs nothing)' },
          workloadPairCpuFactor: { value: pass.cpu, unit: `x (median of ${ROUNDS} rounds; wall ${pass.wall.toFixed(2)}x)` },
          computePairCpuFactor: { value: compute.cpu, unit: `x (median of ${CALIBRATION_ROUNDS} rounds; wall ${compute.wall.toFixed(2)}x)` },
          memoryPairCpuFactor: { value: memory.cpu, unit: `x (median of ${CALIBRATION_ROUNDS} rounds; wall ${memory.wall.toFixed(2)}x)` },
          overheadBound: { value: speedup(two), unit: 'x (2 / (1 + runner and helpers over the work); = the figure if workerCpuRatio = 1)' },
          wallClockRatio: { value: wall(one, two), unit: 'x (this machine, now)' },
          workerCpuRatio: { value: all(two, (f) => sum(f.workers)) / all(one, (f) => sum(f.workers)), unit: "x (workers' own CPU, 2 over 1; 1.0 = the same work)" },
          mainThreadShare: { value: all(two, (f) => f.main) / all(two, (f) => f.total), unit: '(the runner, 2 workers)' },
          helperThreadsShare: { value: all(two, (f) => f.helpers) / all(two, (f) => f.total), unit: '(V8 GC/JIT helper threads, 2 workers)' },
          oneWorkerHelperThreadsShare: { value: all(one, (f) => f.helpers) / all(one, (f) => f.total), unit: '(V8 GC/JIT helper threads, 1 worker)' },
          workerCpuSecondsPerPass: { value: all(one, (f) => sum(f.workers)) / ROUNDS, unit: 's (1 worker)' },
          [`${other}Pool`]: { value: across(oneB, twoB), unit: 'x (the same figure)' },
          [`${other}PoolOverheadBound`]: { value: speedup(twoB), unit: 'x' },
          [`${other}PoolWallClockRatio`]: { value: wall(oneB, twoB), unit: 'x (this machine, now)' },
          [`${other}PoolHelperThreadsShare`]: { value: all(twoB, (f) => f.helpers) / all(twoB, (f) => f.total), unit: '(2 workers)' },
          loadAverage: { value: (load0 + loadavg()[0]) / 2, unit: '(1-minute, mean of start and end)' },
        },
      };
    },
  },
  {
    kind: 'figure',
    name: 'sweep.overheadMs',
    unit: 'ms/point',
    description: `64 small points on a 1-worker pool (${DEFAULT_POOL}): (wall time − time inside the library calls) / points — planning, transfer to the worker and back, merging, rows (target ≤ 50)`,
    async measure(): Promise<FigureResult> {
      const plan = smallPlan(64);
      const pool = await timed(plan, localPool(DEFAULT_POOL, 1));
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
    description: `1,000 small Ising points (as above) on a 2-worker pool (${DEFAULT_POOL}), measured in full (target ≤ 300)`,
    async measure(): Promise<FigureResult> {
      const r = await timed(smallPlan(1000), localPool(DEFAULT_POOL, 2));
      return { value: r.seconds, extra: { cpuSecondsInLibrary: { value: r.simSeconds, unit: 's' } } };
    },
  },
];

// A local pool of worker threads (piscina) running sweep tasks in parallel on one machine.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Executor } from './executor.js';
import type { PointOutcome, PointTask } from './points.js';

/** The thread entry beside this module: thread.ts under tsx (the loader is inherited), thread.js when built. */
function threadEntry(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./thread${ext}`, import.meta.url).href;
}

/** Under TypeScript sources the threads need tsx's loader; a parent started without it (vitest) passes it on. */
function threadExecArgv(): string[] | undefined {
  if (!import.meta.url.endsWith('.ts') || process.execArgv.some((a) => a.includes('tsx'))) return undefined;
  return [...process.execArgv, '--import', 'tsx'];
}

export function poolExecutor(workers = availableParallelism()): Executor {
  const execArgv = threadExecArgv();
  const pool = new Piscina({ filename: threadEntry(), ...(execArgv ? { execArgv } : {}), minThreads: workers, maxThreads: workers, idleTimeout: 60_000, atomics: 'disabled', resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  return {
    concurrency: workers,
    inFlight: 2 * workers,
    run: (task: PointTask) => pool.run(task) as Promise<PointOutcome>,
    close: () => pool.destroy(),
  };
}

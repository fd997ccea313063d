// The local pools a sweep can run on, by name: child processes (the default, measured faster on
// 2 cores: sweep/README.md) or worker threads (piscina).
import { poolExecutor } from './pool.js';
import { processPoolExecutor } from './process-pool.js';
import type { Executor } from './executor.js';

export const POOL_KINDS = ['process', 'thread'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];
export const DEFAULT_POOL: PoolKind = 'process';

export interface LocalPool extends Executor {
  /** Child process ids (a process pool), for CPU accounting; a thread pool's threads are this process's. */
  pids?(): number[];
}

export function localPool(kind: PoolKind, workers: number): LocalPool {
  return kind === 'process' ? processPoolExecutor(workers) : poolExecutor(workers);
}

// Where tasks run: in this thread, on a local worker-thread pool, or on a queue's remote workers.
import { runPoint, type PointOutcome, type PointTask } from './points.js';

export interface Executor {
  run(task: PointTask): Promise<PointOutcome>;
  /** How many tasks it runs at once (the runner keeps that many in flight). */
  readonly concurrency: number;
  close(): Promise<void>;
}

/** Runs each task in the calling thread, one at a time. */
export function inlineExecutor(): Executor {
  return { concurrency: 1, run: async (task) => runPoint(task), close: async () => {} };
}

// Where tasks run: in this thread, on a local worker-thread pool, or on a queue's remote workers.
import { runPoint, type PointOutcome, type PointTask } from './points.js';

export interface Executor {
  run(task: PointTask): Promise<PointOutcome>;
  /** How many tasks it runs at once. */
  readonly concurrency: number;
  /** How many tasks the runner keeps in flight (default: concurrency). A local pool asks for more
   * than it runs, so a worker finds its next task waiting instead of idling while the runner
   * handles its last outcome. */
  readonly inFlight?: number;
  close(): Promise<void>;
}

/** Runs each task in the calling thread, one at a time. */
export function inlineExecutor(): Executor {
  return { concurrency: 1, run: async (task) => runPoint(task), close: async () => {} };
}

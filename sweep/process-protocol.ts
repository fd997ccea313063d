// The messages between a process pool and its children, as JSON over the IPC channel (cheaper to
// decode than V8 serialisation; non-finite numbers arrive as null, as rows read back from
// results.jsonl do: run-sweep.ts makes every executor's rows so).
import type { Payload, PointOutcome, PointTask } from './points.js';

/** A task; its payload is inline (`task.payload`) or one sent before (`payloadId`). */
export interface RunJob {
  id: number;
  task: PointTask;
  payloadId?: number;
}

/** A task's outcome or error, and the milliseconds the child spent running it (sets how many tasks a child is handed). */
export type JobResult = { id: number; ms: number } & ({ outcome: PointOutcome } | { error: { name: string; message: string; stack: string } });

export type ParentMessage =
  /** A payload the child keeps under `id` for the tasks that name it. */
  | { type: 'payload'; id: number; payload: Payload }
  /** Tasks to run, in order. */
  | { type: 'run'; jobs: RunJob[] };

export type ChildMessage =
  | { type: 'ready' }
  /** Answers, in the order the tasks ran (one message may carry several: fewer wake-ups for the runner). */
  | { type: 'done'; results: JobResult[] };

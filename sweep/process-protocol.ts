// The messages between a process pool and its children, as JSON over the IPC channel (cheaper to
// decode than V8 serialisation; non-finite numbers arrive as null, as rows read back from
// results.jsonl do: run-sweep.ts makes every executor's rows so).
import type { Payload, PointOutcome, PointTask } from './points.js';

export type ParentMessage =
  /** A payload the child keeps under `id` for the tasks that name it. */
  | { type: 'payload'; id: number; payload: Payload }
  /** A task; its payload is inline (`task.payload`) or one sent before (`payloadId`). */
  | { type: 'run'; id: number; task: PointTask; payloadId?: number };

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; outcome: PointOutcome }
  | { type: 'failed'; id: number; error: { name: string; message: string; stack: string } };

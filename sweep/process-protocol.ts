// The messages between a process pool and its children (structured-cloned over the IPC channel).
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

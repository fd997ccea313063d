// Sweeps beyond one machine: the producer puts every task on a BullMQ queue in Redis and collects
// the outcomes; `gp5sim worker`s anywhere run them. A worker that dies mid-task loses nothing: its
// lock lapses, BullMQ's stalled-job check puts the task back, and another worker runs it again
// (tasks are deterministic, so a rerun gives the same outcome).
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { UserError } from '../errors/index.js';
import type { Executor } from './executor.js';
import { localPool, DEFAULT_POOL, type PoolKind } from './local-pool.js';
import type { PointOutcome, PointTask } from './points.js';

export const QUEUE_NAME = 'gp5-sweep';

export class QueueError extends UserError {
  override name = 'QueueError';
}

/** Connection options from redis://[user:password@]HOST:PORT[/DB]. */
export function redisConnection(url: string): { host: string; port: number; username?: string; password?: string; db?: number } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueError(`--queue: '${url}' is not a URL; expected redis://HOST:PORT`);
  }
  if (u.protocol !== 'redis:' || u.hostname === '') throw new QueueError(`--queue: expected redis://HOST:PORT, got '${url}'`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
  };
}

/** Fail with a clear error instead of retrying forever when Redis is not there. */
async function reachable<T extends { waitUntilReady(): Promise<unknown>; close(): Promise<void>; on(ev: 'error', f: (e: Error) => void): unknown; setMaxListeners(n: number): unknown }>(
  client: T,
  url: string,
  ms: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // Connection errors are retried by the client; keep the last one for the message (the client
  // would otherwise log each retry with a stack).
  let last = 'timeout';
  client.on('error', (e) => void (last = e.message));
  // One listener per task in flight waits on the same client.
  client.setMaxListeners(0);
  try {
    await Promise.race([client.waitUntilReady(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
    return client;
  } catch (e) {
    void client.close().catch(() => {});
    throw new QueueError(`cannot reach Redis at ${url} within ${ms / 1000} s (${(e as Error).message === 'timeout' ? last : (e as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
}

const connectionFor = (url: string) => ({ ...redisConnection(url), maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 2000) });

/**
 * An executor that enqueues tasks and waits for their outcomes. Job ids are the tasks' stable keys,
 * so re-enqueueing a point another producer already finished picks up its outcome.
 */
export async function queueExecutor(url: string, o: { connectMs?: number; inFlight?: number } = {}): Promise<Executor> {
  const connection = connectionFor(url);
  const queue = await reachable(new Queue(QUEUE_NAME, { connection }), url, o.connectMs ?? 5000);
  const events = await reachable(new QueueEvents(QUEUE_NAME, { connection }), url, o.connectMs ?? 5000);
  return {
    concurrency: o.inFlight ?? 256,
    async run(task: PointTask): Promise<PointOutcome> {
      const job = await queue.add(task.key, task, { jobId: task.key, removeOnFail: true });
      try {
        return (await job.waitUntilFinished(events)) as PointOutcome;
      } catch (e) {
        throw new QueueError(`point ${task.key} failed on a worker: ${(e as Error).message}`);
      } finally {
        // Results live in the producer's rows; the queue keeps nothing once collected.
        await queue.remove(task.key).catch(() => {});
      }
    },
    async close() {
      await events.close();
      await queue.close();
    },
  };
}

export interface QueueWorkerOptions {
  /** Tasks run at once (each in its own worker process or thread, so the lock is renewed while a task runs). */
  concurrency?: number;
  /** Which local pool runs them (default DEFAULT_POOL). */
  pool?: PoolKind;
  /** Lock on a running task; a worker silent for this long is presumed dead. */
  lockMs?: number;
  onStart?: (key: string) => void;
  onDone?: (key: string, ms: number) => void;
}

/** Run tasks from the queue until `close()` (the CLI's `gp5sim worker`). */
export async function queueWorker(url: string, o: QueueWorkerOptions = {}): Promise<{ close(): Promise<void> }> {
  const concurrency = o.concurrency ?? 1;
  const lockMs = o.lockMs ?? 30_000;
  const pool = localPool(o.pool ?? DEFAULT_POOL, concurrency);
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job<PointTask>) => {
      const t0 = performance.now();
      o.onStart?.(job.data.key);
      const out = await pool.run(job.data);
      o.onDone?.(job.data.key, performance.now() - t0);
      return out;
    },
    { connection: connectionFor(url), concurrency, lockDuration: lockMs, stalledInterval: Math.max(500, lockMs / 2), maxStalledCount: 10, autorun: false },
  );
  await reachable(worker, url, 5000);
  void worker.run();
  return {
    async close() {
      await worker.close();
      await pool.close();
    },
  };
}

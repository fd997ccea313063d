// A local pool of child processes running sweep tasks, each child a hand of them at a time. Processes
// rather than threads so that each gets its own V8 flags: with `--single-threaded-gc` a child's
// garbage collector runs on its own thread instead of waking helper threads that fight the other
// workers for the cores (sweep/README.md has the measurements).
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PoolError } from './errors.js';
import { takeAffineHand, type HeldModels } from './affinity.js';
import type { Executor } from './executor.js';
import { generatedModelKey, type Payload, type PointOutcome, type PointTask } from './points.js';
import type { ChildMessage, ParentMessage, RunJob } from './process-protocol.js';

/** V8 flags every child starts with (chosen by the bench case sweep.workers2.speedup). */
export const CHILD_V8_FLAGS: readonly string[] = ['--single-threaded'];

export interface ProcessPoolOptions {
  /** V8/Node flags for the children (default CHILD_V8_FLAGS). */
  v8Flags?: readonly string[];
}

export interface ProcessPoolExecutor extends Executor {
  /** Process ids of the live children (for CPU accounting in the bench). */
  pids(): number[];
}

interface Job {
  id: number;
  task: PointTask;
  /** The model's identity (modelAffinity): a child that has run it keeps it and its exact marginals. */
  model: string;
  resolve(o: PointOutcome): void;
  reject(e: Error): void;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  /** Jobs sent to this child and not answered yet, by id. */
  jobs: Map<number, Job>;
  /** Payload ids this child already holds. */
  sent: Set<number>;
  /** The models of its last tasks (affinity.ts). */
  models: HeldModels;
  /** The end of its stderr, for the message when it dies. */
  stderrTail: string;
}

const NO_PAYLOAD: Payload = { kind: 'none' };
const STDERR_TAIL = 2000;
/** Work a child holds, in milliseconds of its own run time: several answer periods
 * (process-child.ts ANSWER_MS), so it never runs dry while its answer and the next tasks cross. */
const HOLD_MS = 100;
/** Most tasks a child holds at once, however short. */
const MAX_DEPTH = 64;
/** Tasks at least this long get no second task in hand: at the end of a sweep a task waiting
 * behind a long one on a busy child would leave another child idle. */
const LONG_MS = 20;
/** A child holds at most 1 / (TAIL_SHARE x children) of the tasks not yet answered (guided
 * self-scheduling): hands shrink as the sweep ends, so no child idles while another still holds many. */
const TAIL_SHARE = 2;

/**
 * How many tasks a child may hold: ~HOLD_MS of its run time (`taskMs` per task; unknown = 0: one),
 * one when tasks are long, and at most 1 / (TAIL_SHARE x children) of the `outstanding` tasks (those
 * waiting and those held), so hands shrink as a sweep ends. A lone child has no one to leave idle.
 */
export function handSize(taskMs: number, outstanding: number, children: number): number {
  if (taskMs <= 0 || taskMs >= LONG_MS) return 1;
  const fair = children <= 1 ? MAX_DEPTH : Math.ceil(outstanding / (TAIL_SHARE * children));
  return Math.max(1, Math.min(MAX_DEPTH, Math.floor(HOLD_MS / taskMs), fair));
}

/** The child entry beside this module: process-child.ts under tsx, process-child.js when built. */
function childEntry(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./process-child${ext}`, import.meta.url));
}

/** The parent's Node flags (its loader), tsx's loader under TypeScript sources when the parent runs without it (vitest), then the V8 flags. */
function childExecArgv(v8Flags: readonly string[]): string[] {
  const own = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  const tsx = import.meta.url.endsWith('.ts') && !own.some((a) => a.includes('tsx')) ? ['--import', 'tsx'] : [];
  return [...own, ...tsx, ...v8Flags];
}

export function processPoolExecutor(workers = availableParallelism(), o: ProcessPoolOptions = {}): ProcessPoolExecutor {
  const execArgv = childExecArgv(o.v8Flags ?? CHILD_V8_FLAGS);
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  const payloadIds = new WeakMap<Payload, number>();
  let nextId = 0;
  const payloadId = (payload: Payload) => {
    let pid = payloadIds.get(payload);
    if (pid === undefined) payloadIds.set(payload, (pid = nextId++));
    return pid;
  };
  /** A task's model, as the worker's cache knows it: a generator's parameters, or the payload sent. */
  const modelAffinity = (task: PointTask) =>
    task.payload.kind === 'none' ? generatedModelKey(task.point) : `payload\0${payloadId(task.payload)}`;
  let closing = false;
  /** Set when a child could not even start: every later task fails with it. */
  let broken: Error | undefined;

  const fail = (e: Error) => {
    for (const job of queue.splice(0)) job.reject(e);
  };

  /** Mean milliseconds a task takes a child to run (recent tasks weigh most, as the children
   * report them): sets how many a child holds. */
  let taskMs = 0;
  /** Tasks sent and not answered, over all children. */
  let held = 0;
  const depth = () => handSize(taskMs, queue.length + held, slots.size);

  const spawn = () => {
    const child = fork(childEntry(), [], { execArgv, serialization: 'json', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const slot: Slot = { child, ready: false, jobs: new Map(), sent: new Set(), models: new Set(), stderrTail: '' };
    slots.add(slot);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => void (slot.stderrTail = (slot.stderrTail + s).slice(-STDERR_TAIL)));
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') slot.ready = true;
      else {
        for (const r of m.results) {
          const job = slot.jobs.get(r.id)!;
          slot.jobs.delete(r.id);
          held--;
          taskMs = taskMs === 0 ? r.ms : 0.9 * taskMs + 0.1 * r.ms;
          if ('outcome' in r) job.resolve(r.outcome);
          else job.reject(Object.assign(new Error(`point ${job.task.key}: ${r.error.message}`), { name: r.error.name, stack: r.error.stack }));
        }
      }
      dispatchSoon();
    });
    let gone = false;
    const died = (how: string) => {
      if (gone) return;
      gone = true;
      slots.delete(slot);
      const tail = slot.stderrTail.trim() ? `: ${slot.stderrTail.trim().split('\n').slice(-3).join(' | ')}` : '';
      held -= slot.jobs.size;
      for (const job of slot.jobs.values()) job.reject(new PoolError(`the worker process running point ${job.task.key} ${how}${tail}`));
      slot.jobs.clear();
      if (closing) return;
      if (!slot.ready) {
        // It died starting up: a replacement would too.
        broken = new PoolError(`a sweep worker process could not start (${how})${tail}`);
        if (slots.size === 0) fail(broken);
        return;
      }
      spawn();
    };
    child.on('error', (e) => died(`failed: ${e.message}`));
    child.on('exit', (code, signal) => died(signal ? `was killed by ${signal}` : `exited with code ${code}`));
  };

  const send = (slot: Slot, m: ParentMessage) => slot.child.send(m);

  /** Hand waiting tasks to the children, several to a child in one message. */
  const dispatch = () => {
    for (const slot of slots) {
      if (queue.length === 0) break;
      const d = depth();
      if (!slot.ready || slot.jobs.size >= d) continue;
      const others = [...slots].filter((s) => s !== slot).map((s) => s.models);
      const batch = takeAffineHand(queue, d - slot.jobs.size, slot.models, others);
      const runs: RunJob[] = [];
      for (const job of batch) {
        slot.jobs.set(job.id, job);
        held++;
        const { payload } = job.task;
        if (payload.kind === 'none') {
          runs.push({ id: job.id, task: job.task });
          continue;
        }
        const pid = payloadId(payload);
        if (!slot.sent.has(pid)) {
          send(slot, { type: 'payload', id: pid, payload });
          slot.sent.add(pid);
        }
        runs.push({ id: job.id, task: { ...job.task, payload: NO_PAYLOAD }, payloadId: pid });
      }
      send(slot, { type: 'run', jobs: runs });
    }
    // Idle children do not keep the parent alive; busy ones, and all while tasks wait (for a child
    // still starting), do.
    for (const slot of slots) {
      if (slot.jobs.size > 0 || queue.length > 0) slot.child.ref(), slot.child.channel?.ref();
      else slot.child.unref(), slot.child.channel?.unref();
    }
  };
  // After the current callbacks: the runner hands over its next tasks one by one as outcomes
  // resolve, and they go out together.
  let dispatching = false;
  const dispatchSoon = () => {
    if (dispatching) return;
    dispatching = true;
    setImmediate(() => {
      dispatching = false;
      dispatch();
    });
  };

  for (let i = 0; i < workers; i++) spawn();
  return {
    concurrency: workers,
    // The runner hands over (nearly) the whole sweep, so hands can shrink as it ends (TAIL_SHARE).
    inFlight: 2 * MAX_DEPTH * workers,
    run(task) {
      if (closing) return Promise.reject(new PoolError('the sweep worker pool is closed'));
      if (broken) return Promise.reject(broken);
      return new Promise<PointOutcome>((resolve, reject) => {
        queue.push({ id: nextId++, task, model: modelAffinity(task), resolve, reject });
        dispatchSoon();
      });
    },
    pids: () => [...slots].map((s) => s.child.pid!).filter((p) => p !== undefined),
    async close() {
      closing = true;
      fail(new PoolError('the sweep worker pool was closed before this point ran'));
      // Wait for every exit with the event loop held open (an unreferenced child handle would let
      // the process end mid-close).
      const hold = setInterval(() => {}, 1000);
      try {
        await Promise.all(
          [...slots].map(
            (slot) =>
              new Promise<void>((resolve) => {
                if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
                slot.child.once('exit', () => resolve());
                // An idle child exits when its channel closes; a busy one, or one still starting, is
                // stopped (a busy one's point is lost, as on a thread pool); one that lingers is killed.
                if (slot.jobs.size > 0 || !slot.ready || !slot.child.connected) slot.child.kill('SIGTERM');
                else slot.child.disconnect();
                setTimeout(() => slot.child.kill('SIGKILL'), 5000).unref();
              }),
          ),
        );
      } finally {
        clearInterval(hold);
      }
    },
  };
}

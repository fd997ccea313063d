// Entry of a local process pool's child (started by process-pool.ts with its own V8 flags): runs
// the tasks it is sent, in order, and answers with their outcomes. A payload arrives once per child
// and is kept by id, so points sharing a model do not resend its text.
import { runPoint, type Payload } from './points.js';
import type { ChildMessage, JobResult, ParentMessage, RunJob } from './process-protocol.js';

/** While more tasks wait, answers are held back for up to this many milliseconds and go in one
 * message: every message wakes the runner on a core a worker is using (sweep/README.md). */
const ANSWER_MS = 25;

const payloads = new Map<number, Payload>();
const waiting: RunJob[] = [];
let outbox: JobResult[] = [];
let scheduled = false;
let lastAnswer = 0;
// After the parent is gone there is no one to answer (the process exits on disconnect).
const send = (m: ChildMessage) => void (process.connected && process.send!(m));

function runOne(job: RunJob): JobResult {
  const payload = job.payloadId === undefined ? job.task.payload : payloads.get(job.payloadId);
  try {
    if (!payload) throw new Error(`payload ${job.payloadId} was never sent to this process`);
    const t0 = performance.now();
    const outcome = runPoint({ ...job.task, payload });
    return { id: job.id, outcome, ms: performance.now() - t0 };
  } catch (e) {
    // runPoint turns user errors into rows; anything else is a bug, passed on with its stack.
    const err = e instanceof Error ? e : new Error(String(e));
    return { id: job.id, ms: 0, error: { name: err.name, message: err.message, stack: err.stack ?? '' } };
  }
}

/** One task per turn of the event loop, so tasks sent meanwhile are read between them. */
function work(): void {
  scheduled = false;
  const job = waiting.shift();
  if (job) outbox.push(runOne(job));
  const now = performance.now();
  // With one task left it answers at once: the runner's next tasks arrive while that one runs.
  if (outbox.length > 0 && (waiting.length <= 1 || now - lastAnswer >= ANSWER_MS)) {
    send({ type: 'done', results: outbox });
    outbox = [];
    lastAnswer = now;
  }
  if (waiting.length) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(work);
}

process.on('message', (m: ParentMessage) => {
  if (m.type === 'payload') payloads.set(m.id, m.payload);
  else {
    waiting.push(...m.jobs);
    schedule();
  }
});
// The parent closed the pool or died: nothing more will come.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

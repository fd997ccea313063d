// Entry of a local process pool's child (started by process-pool.ts with its own V8 flags): runs
// one task per message and answers with its outcome. A payload arrives once per child and is kept
// by id, so points sharing a model do not resend its text.
import { runPoint, type Payload } from './points.js';
import type { ChildMessage, ParentMessage } from './process-protocol.js';

const payloads = new Map<number, Payload>();
// After the parent is gone there is no one to answer (the process exits on disconnect).
const send = (m: ChildMessage) => void (process.connected && process.send!(m));

process.on('message', (m: ParentMessage) => {
  if (m.type === 'payload') {
    payloads.set(m.id, m.payload);
    return;
  }
  const payload = m.payloadId === undefined ? m.task.payload : payloads.get(m.payloadId);
  try {
    if (!payload) throw new Error(`payload ${m.payloadId} was never sent to this process`);
    send({ type: 'done', id: m.id, outcome: runPoint({ ...m.task, payload }) });
  } catch (e) {
    // runPoint turns user errors into rows; anything else is a bug, passed on with its stack.
    const err = e instanceof Error ? e : new Error(String(e));
    send({ type: 'failed', id: m.id, error: { name: err.name, message: err.message, stack: err.stack ?? '' } });
  }
});
// The parent closed the pool or died: nothing more will come.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

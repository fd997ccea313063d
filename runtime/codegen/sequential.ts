// sequential: golden's list in order; each update first fetches the stale copies it reads (a
// non-blocking send right before the use, the receive in program order: deadlock-free).
import type { Codegen } from './context.js';

export function emitSequentialIteration(g: Codegen): void {
  for (const u of g.input.updates) g.update(u, true);
  g.exchange.sync();
}

// flooding: every V update, exchange the cut n copies, every F update, exchange the m copies
// (golden's flooding list is all V then all F). The result does not depend on P.
import type { Update } from '../../golden/index.js';
import type { Codegen } from './context.js';
import { emitParityStop } from './parity.js';

/** Lower the V prefix of a flooding list, sync, and (decoder mode) test the syndrome; returns where F starts. */
export function emitVariablePhase(g: Codegen, updates: readonly Update[]): number {
  let k = 0;
  while (k < updates.length && updates[k].kind === 'V') g.update(updates[k++], false);
  g.exchange.sync();
  if (g.input.options.stopOnParity) emitParityStop(g);
  return k;
}

export function emitFloodingIteration(g: Codegen): void {
  const { updates } = g.input;
  for (let k = emitVariablePhase(g, updates); k < updates.length; k++) g.update(updates[k], false);
  g.exchange.sync();
}

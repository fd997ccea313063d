// flooding: every V update, exchange the cut n copies, every F update, exchange the m copies
// (golden's flooding list is all V then all F). The result does not depend on P, nor on the order
// of the updates within a phase (each reads only the other phase's messages): per phase, the
// updates whose message crosses PEs go first, and each send follows the update after its last
// write (exchange.ts `beginPhase`, `sendReady`).
import { edgeIndex, type Update } from '../../golden/index.js';
import type { Codegen } from './context.js';
import { emitParityStop } from './parity.js';

/** Lower the V prefix of a flooding list, sync, and (decoder mode) test the syndrome; returns where F starts. */
export function emitVariablePhase(g: Codegen, updates: readonly Update[]): number {
  const end = phaseEnd(updates, 0);
  emitPhase(g, updates.slice(0, end), 'n');
  if (g.input.options.stopOnParity) emitParityStop(g);
  return end;
}

export function emitFloodingIteration(g: Codegen): void {
  const { updates } = g.input;
  const f = emitVariablePhase(g, updates);
  emitPhase(g, updates.slice(f), 'm');
}

function phaseEnd(updates: readonly Update[], from: number): number {
  let k = from;
  while (k < updates.length && updates[k].kind === updates[from].kind) k++;
  return k;
}

/** One phase's updates (they write `kind` messages), the sends interleaved, then the sync. */
function emitPhase(g: Codegen, phase: readonly Update[], kind: 'm' | 'n'): void {
  const { q } = g.input;
  const edges = phase.map((u) => edgeIndex(q, u.factor, u.variable));
  g.exchange.beginPhase(kind, edges);
  // Sent ones first (list order otherwise): ordering them by planned send was slower on alarm (101.8 against 98.8).
  for (const sent of [true, false]) {
    phase.forEach((u, k) => {
      if (g.exchange.sendsInPhase(edges[k]) === sent) g.update(u, false);
    });
  }
  g.exchange.sync();
}

// flooding: every V update, exchange the cut n copies, every F update, exchange the m copies
// (golden's flooding list is all V then all F). The result does not depend on P, nor on the order
// of the updates within a phase (each reads only the other phase's messages): per phase, the
// updates whose message crosses PEs go first, and each send follows the update after its last
// write (exchange.ts `beginPhase`, `sendReady`); in the factor phase each recv comes right before
// the first fupd that reads its words (`receiveFor`).
import { edgeIndex, type Update } from '../../golden/index.js';
import type { Codegen } from './context.js';
import { emitParityStop } from './parity.js';

/**
 * Lower the V prefix of a flooding list, sync (its recvs deferred with `deferReceives`), and
 * (decoder mode) test the syndrome; returns where F starts.
 */
export function emitVariablePhase(g: Codegen, updates: readonly Update[], deferReceives = false): number {
  const end = variablePrefixEnd(updates);
  emitPhase(g, updates.slice(0, end), 'n', deferReceives);
  if (g.input.options.stopOnParity) emitParityStop(g);
  return end;
}

export function emitFloodingIteration(g: Codegen): void {
  const { updates, options, parity } = g.input;
  // The n copies' recvs wait on their PE until an fupd reads them (updates.ts), so they issue while
  // earlier fupds stream. Not when something else reads the copies: the parity stop's loads, a
  // structured parity factor's conversion.
  const defer = !options.stopOnParity && !parity.structured.some((s) => s >= 0);
  const f = emitVariablePhase(g, updates, defer);
  g.deferredReceives = defer;
  emitPhase(g, updates.slice(f), 'm');
  g.deferredReceives = false;
}

/** Where the list's V prefix ends (0 when it has none: the whole list is then the factor phase). */
function variablePrefixEnd(updates: readonly Update[]): number {
  let k = 0;
  while (k < updates.length && updates[k].kind === 'V') k++;
  return k;
}

/** One phase's updates (they write `kind` messages), the sends interleaved, then the sync. */
function emitPhase(g: Codegen, phase: readonly Update[], kind: 'm' | 'n', deferReceives = false): void {
  const { q } = g.input;
  const edges = phase.map((u) => edgeIndex(q, u.factor, u.variable));
  g.exchange.beginPhase(kind, edges);
  // A node with an all-outputs descriptor is one vupd or fupd at its first update (updates.ts), so
  // in the first pass when any of its messages is sent.
  g.phase++;
  // Sent ones first (list order otherwise): ordering them by planned send was slower on alarm (101.8 against 98.8).
  for (const sent of [true, false]) {
    phase.forEach((u, k) => {
      if (g.exchange.sendsInPhase(edges[k]) === sent) g.update(u, false);
    });
  }
  g.exchange.sync(deferReceives);
}

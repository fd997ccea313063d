// One message update → one instruction: F(a, i) is an fupd over a's dense table through the
// edge's factor descriptor, V(i, a) a vupd through its variable descriptor. A new factor kind
// adds its own lowering of F here (chosen per factor), leaving the schedules untouched: a
// structured parity factor's F updates are one cnu per run (parity-lowering.ts).
import { edgeIndex, type Update } from '../../golden/index.js';
import { REG } from '../registers.js';
import type { Codegen } from './context.js';
import { lowerParityUpdate, noteVariableUpdate } from '../parity-lowering.js';

export function lowerUpdate(g: Codegen, u: Update, lazy: boolean): void {
  const { q } = g.input;
  const e = edgeIndex(q, u.factor, u.variable);
  if (e < 0) throw new Error(`runtime: variable ${u.variable} is not in factor ${u.factor}`);
  const parityRun = g.parityRun;
  g.parityRun = -1;
  if (u.kind === 'F' && g.input.parity.structured[u.factor] >= 0) {
    // A run of consecutive F updates of one parity factor is one cnu (golden counts it once too).
    if (parityRun !== u.factor) lowerParityUpdate(g, u.factor, lazy);
    g.parityRun = u.factor;
  } else if (u.kind === 'F') lowerFactorUpdate(g, u.factor, e, lazy);
  else lowerVariableUpdate(g, u.variable, e, lazy);
}

/** m_{a→i} on the edge's PE (a's home PE unless a is split over several): fupd.sp / fupd.ms, folding the change into REG.change. */
function lowerFactorUpdate(g: Codegen, a: number, e: number, lazy: boolean): void {
  const { q, placement, descriptors, options } = g.input;
  const p = placement.edgePe[e];
  const fupd = options.semiring === 'sum-product' ? 'fupd.sp' : 'fupd.ms';
  const all = descriptors.fAll[a];
  if (all >= 0) {
    // Every m_{a→·} in one fupd, at a's first F update of the phase (its others add nothing).
    if (g.allOutputsPhase[q.nVars + a] === g.phase) return;
    g.allOutputsPhase[q.nVars + a] = g.phase;
    if (g.deferredReceives) g.exchange.receiveFor(p, q.fOff[a], q.fOff[a + 1], -1);
    g.out.code[p].emit(fupd, REG.change, g.out.at(p, all));
    g.exchange.sendReady(p);
    for (let j = q.fOff[a]; j < q.fOff[a + 1]; j++) g.exchange.wroteM(j);
    return;
  }
  if (lazy) {
    for (let j = q.fOff[a]; j < q.fOff[a + 1]; j++) if (j !== e) g.exchange.needN(j);
  } else if (g.deferredReceives) {
    g.exchange.receiveFor(p, q.fOff[a], q.fOff[a + 1], e);
  }
  g.out.code[p].emit(fupd, REG.change, g.out.at(p, descriptors.fDesc[e]));
  g.exchange.sendReady(p);
  g.exchange.wroteM(e);
}

/**
 * n_{i→a} on i's PE: vupd (its descriptor leaves out m_{a→i}); or, when i has an all-outputs
 * descriptor, one vupd for every n_{i→·} at i's first V update of the phase (its others add nothing).
 */
function lowerVariableUpdate(g: Codegen, i: number, e: number, lazy: boolean): void {
  const { q, placement, descriptors } = g.input;
  const p = placement.varPe[i];
  const all = descriptors.aDesc[i];
  if (all >= 0) {
    if (g.allOutputsPhase[i] === g.phase) return;
    g.allOutputsPhase[i] = g.phase;
    g.out.code[p].emit('vupd', REG.zero, g.out.at(p, all));
    g.exchange.sendReady(p);
    for (let k = q.vOff[i]; k < q.vOff[i + 1]; k++) g.exchange.wroteN(q.vEdges[k]);
    noteVariableUpdate(g);
    return;
  }
  if (lazy) for (let k = q.vOff[i]; k < q.vOff[i + 1]; k++) if (q.vEdges[k] !== e) g.exchange.needM(q.vEdges[k]);
  g.out.code[p].emit('vupd', REG.zero, g.out.at(p, descriptors.vDesc[e]));
  g.exchange.sendReady(p);
  g.exchange.wroteN(e);
  noteVariableUpdate(g); // n changed: the parity factors' LLR mirrors are stale
}

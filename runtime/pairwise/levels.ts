// How far a sequential update list can be packed without changing it. Two updates of the list
// may run in the same packed step only if neither reads or writes a message the other writes
// (no read-after-write, write-after-read or write-after-write hazard between them): then every
// order of the step's updates gives the list's result bit for bit. Each update's level is one more
// than the latest level it has a hazard with, so the levels run in order are the list itself, and
// the level count is the fewest dependent packed steps any schedule-preserving packing needs.
// On the LLR path V(i, a) reads every m into i (the total) and writes n_{i→a}; F(a, i) reads
// n_{j→a} (j the other variable of a) and writes m_{a→i}.
import { otherEdge, pairwiseUpdateOps, type QuantizedGraph, type Update } from '../../golden/index.js';

export interface UpdateLevels {
  /** The list as edge operations (golden's pairwiseUpdateOps), the order `level` follows. */
  ops: Int32Array;
  /** Per update of the list: its level (0-based). */
  level: Int32Array;
  /** Number of levels: dependent packed steps per iteration. */
  count: number;
  /** Updates per level. */
  width: Int32Array;
}

export function pairwiseUpdateLevels(q: QuantizedGraph, updates: readonly Update[]): UpdateLevels {
  const ops = pairwiseUpdateOps(q, updates);
  // Per message slot (m per edge, n per edge): the last level that wrote it and the last that read it.
  const mWrite = new Int32Array(q.nEdges).fill(-1);
  const mRead = new Int32Array(q.nEdges).fill(-1);
  const nWrite = new Int32Array(q.nEdges).fill(-1);
  const nRead = new Int32Array(q.nEdges).fill(-1);
  const level = new Int32Array(ops.length);
  let count = 0;
  for (let k = 0; k < ops.length; k++) {
    const e = ops[k] >> 1;
    let l = 0;
    if (ops[k] & 1) {
      const i = q.edgeVar[e];
      for (let t = q.vOff[i]; t < q.vOff[i + 1]; t++) l = Math.max(l, mWrite[q.vEdges[t]] + 1);
      l = Math.max(l, nWrite[e] + 1, nRead[e] + 1);
      for (let t = q.vOff[i]; t < q.vOff[i + 1]; t++) mRead[q.vEdges[t]] = Math.max(mRead[q.vEdges[t]], l);
      nWrite[e] = l;
    } else {
      const src = otherEdge(q, e);
      l = Math.max(nWrite[src] + 1, mWrite[e] + 1, mRead[e] + 1);
      nRead[src] = Math.max(nRead[src], l);
      mWrite[e] = l;
    }
    level[k] = l;
    if (l + 1 > count) count = l + 1;
  }
  const width = new Int32Array(count);
  for (const l of level) width[l]++;
  return { ops, level, count, width };
}

// Placement for the pairwise path: only variables are placed (each pairwise factor's two
// directions are computed on the PEs of their source variables). Variables are ordered by id or
// by a breadth-first walk of the variable graph, whichever cuts fewer factors, and the order is
// cut into P runs of equal work (1 + 2·degree: the variable's vector work and its pfu lanes); with
// no more variables than PEs, each variable gets a PE of its own.
import type { QuantizedGraph } from '../../golden/index.js';
import { otherEdge } from '../../golden/index.js';

export interface PairwisePlacement {
  pes: number;
  varPe: Int32Array;
  /** Directed messages per iteration whose source and destination variables are on different PEs. */
  cutEdges: number;
  /** max/mean work per PE. */
  imbalance: number;
  load: Float64Array;
}

function bfsOrder(q: QuantizedGraph): Int32Array {
  const order = new Int32Array(q.nVars);
  const seen = new Uint8Array(q.nVars);
  let head = 0;
  let tail = 0;
  for (let s = 0; s < q.nVars; s++) {
    if (seen[s]) continue;
    seen[s] = 1;
    order[tail++] = s;
    while (head < tail) {
      const v = order[head++];
      for (let k = q.vOff[v]; k < q.vOff[v + 1]; k++) {
        const u = q.edgeVar[otherEdge(q, q.vEdges[k])];
        if (!seen[u]) {
          seen[u] = 1;
          order[tail++] = u;
        }
      }
    }
  }
  return order;
}

function cut(q: QuantizedGraph, order: Int32Array, pes: number): { varPe: Int32Array; cutEdges: number; load: Float64Array } {
  const work = (v: number) => 1 + 2 * (q.vOff[v + 1] - q.vOff[v]);
  let total = 0;
  for (let v = 0; v < q.nVars; v++) total += work(v);
  const varPe = new Int32Array(q.nVars);
  const load = new Float64Array(pes);
  let acc = 0;
  // At most one variable per PE: each its own (equal-work runs would leave some PEs two and others none).
  const spread = q.nVars <= pes;
  for (let k = 0; k < order.length; k++) {
    const v = order[k];
    const p = spread ? k : Math.min(pes - 1, Math.floor((acc * pes) / Math.max(1, total)));
    varPe[v] = p;
    load[p] += work(v);
    acc += work(v);
  }
  let cutEdges = 0;
  for (let e = 0; e < q.nEdges; e++) if (varPe[q.edgeVar[e]] !== varPe[q.edgeVar[otherEdge(q, e)]]) cutEdges++;
  return { varPe, cutEdges, load };
}

export function placePairwise(q: QuantizedGraph, pes: number): PairwisePlacement {
  const byId = cut(q, Int32Array.from({ length: q.nVars }, (_, i) => i), pes);
  const byBfs = cut(q, bfsOrder(q), pes);
  const best = byBfs.cutEdges < byId.cutEdges ? byBfs : byId;
  let max = 0;
  let sum = 0;
  for (const w of best.load) {
    if (w > max) max = w;
    sum += w;
  }
  return { pes, varPe: best.varPe, cutEdges: best.cutEdges, load: best.load, imbalance: sum > 0 ? max / (sum / pes) : 1 };
}

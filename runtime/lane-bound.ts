// The compiler's lane-counting lower bound (roofline style): if every lane of every PE did useful
// work in every cycle, how many cycles would one iteration take? Useful lane-operations are the
// vector elements the datapath streams (the simulator's lane-operation counter counts the same):
// a factor update streams its table (N entries) and reads each scope message (Σ card_j); a variable
// update reads each used input and writes its output ((inputs used + 1) · card). The array does
// P·L of them per cycle. The bound is the largest of the terms that bind: lanes, the busiest PE's
// network injection (a send occupies its PE ⌈len/L⌉ cycles), and the shared memory banks (0:
// generated code moves messages over the mesh, never through the banked memory).
import type { QuantizedGraph, Update } from '../golden/index.js';
import { edgeIndex } from '../golden/index.js';

export interface LaneBound {
  /** Useful lane-operations of one iteration (all its fupd/vupd). */
  laneOpsPerIteration: number;
  /** laneOps / (P·L). */
  lanes: number;
  /** Busiest PE's send-injection cycles per iteration. */
  network: number;
  memoryBanks: number;
  /** max of the terms: the bound. */
  cyclesPerIteration: number;
  /** Which term binds. */
  binding: 'lanes' | 'network' | 'memoryBanks';
}

/**
 * Useful lane-operations of one message update (same rule as the simulator's counter). An F update
 * of a structured parity factor (`structured[a]` ≥ 0, parity-lowering.ts) is one check-node update
 * of one edge on the LLR unit: 1.
 */
export function updateLaneOps(q: QuantizedGraph, u: Update, structured?: Int8Array): number {
  const e = edgeIndex(q, u.factor, u.variable);
  if (u.kind === 'F') {
    const a = u.factor;
    if (structured !== undefined && structured[a] >= 0) return e < 0 ? 0 : 1;
    let ops = q.tabOff[a + 1] - q.tabOff[a];
    for (let j = q.fOff[a]; j < q.fOff[a + 1]; j++) ops += q.card[q.edgeVar[j]];
    return e < 0 ? 0 : ops;
  }
  const i = u.variable;
  const inputs = q.vOff[i + 1] - q.vOff[i] + (q.priorOff[i] >= 0 ? 1 : 0);
  return e < 0 ? 0 : inputs * q.card[i]; // (inputs − 1 used + 1 written) · card
}

export function laneBound(q: QuantizedGraph, updates: readonly Update[], pes: number, lanes: number, injectPerPe: ArrayLike<number>, structured?: Int8Array): LaneBound {
  let ops = 0;
  for (const u of updates) ops += updateLaneOps(q, u, structured);
  return laneBoundOf(ops, pes, lanes, injectPerPe);
}

/**
 * The bound from an iteration's useful lane-operations, counted by the code generator itself
 * (the pairwise path, runtime/pairwise/: one per pfu lane — a factor→variable message — and VL per
 * vld/vst/vadd/vsub of the variable phase, the simulator's counter rule).
 */
export function laneBoundOf(ops: number, pes: number, lanes: number, injectPerPe: ArrayLike<number>): LaneBound {
  const laneTerm = ops / (pes * lanes);
  let network = 0;
  for (let p = 0; p < injectPerPe.length; p++) if (injectPerPe[p] > network) network = injectPerPe[p];
  const memoryBanks = 0;
  const cyclesPerIteration = Math.max(laneTerm, network, memoryBanks);
  const binding = cyclesPerIteration === laneTerm ? 'lanes' : cyclesPerIteration === network ? 'network' : 'memoryBanks';
  return { laneOpsPerIteration: ops, lanes: laneTerm, network, memoryBanks, cyclesPerIteration, binding };
}

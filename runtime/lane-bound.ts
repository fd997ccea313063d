// The compiler's lane-counting lower bound (roofline style): if every lane of every PE did useful
// work in every cycle, how many cycles would one iteration take? Useful lane-operations are the
// vector elements the datapath streams (the simulator's lane-operation counter counts the same):
// a factor update streams its table (N entries) and reads each scope message (Σ card_j); a variable
// update reads each used input and writes its output ((inputs used + 1) · card). The array does
// P·L of them per cycle. The bound is the largest of the terms that bind: lanes, the busiest PE's
// network injection (a send occupies its PE ⌈len/L⌉ cycles), and the shared memory banks (0:
// generated code moves messages over the mesh, never through the banked memory).
import { cnuBeatsFor, fupdBeatsFor, instructionByMnemonic, laneBeats as laneBeatsOf, ruleBeats, vupdBeatsFor } from '../isa/index.js';
import type { QuantizedGraph, Update } from '../golden/index.js';
import { edgeIndex, otherEdge } from '../golden/index.js';

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

/** The nodes the compiler computes with one all-outputs update (descriptors.ts: aDesc, fAll ≥ 0). */
export interface AllOutputsNodes {
  aDesc: Int32Array;
  fAll: Int32Array;
}

/**
 * With `all`, a node computed by one all-outputs update reads each input once and each old output
 * once: a variable (inputs + d) · card, a factor k·N + 2 Σ card_j, counted at its first update, as
 * the simulator's counter does. That is the work its messages need; one pass per message would
 * count the repeated reads as useful.
 */
export function laneBound(q: QuantizedGraph, updates: readonly Update[], pes: number, lanes: number, injectPerPe: ArrayLike<number>, structured?: Int8Array, all?: AllOutputsNodes): LaneBound {
  let ops = 0;
  const counted = all !== undefined ? new Uint8Array(q.nVars + q.nFactors) : undefined;
  for (const u of updates) {
    const node = u.kind === 'V' ? u.variable : q.nVars + u.factor;
    if (counted !== undefined && (u.kind === 'V' ? all!.aDesc[u.variable] : all!.fAll[u.factor]) >= 0) {
      if (counted[node]) continue;
      counted[node] = 1;
      ops += allOutputsLaneOps(q, u);
      continue;
    }
    ops += updateLaneOps(q, u, structured);
  }
  return laneBoundOf(ops, pes, lanes, injectPerPe);
}

/** Lane-operations of the all-outputs update of u's node (every message of the variable or factor). */
function allOutputsLaneOps(q: QuantizedGraph, u: Update): number {
  if (u.kind === 'V') {
    const i = u.variable;
    const d = q.vOff[i + 1] - q.vOff[i];
    return (d + (q.priorOff[i] >= 0 ? 1 : 0) + d) * q.card[i];
  }
  const a = u.factor;
  const k = q.fOff[a + 1] - q.fOff[a];
  let cards = 0;
  for (let j = q.fOff[a]; j < q.fOff[a + 1]; j++) cards += q.card[q.edgeVar[j]];
  return k * (q.tabOff[a + 1] - q.tabOff[a]) + 2 * cards;
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

// ---- the dependency (latency) bound
//
// Synchronous flooding with an on-chip convergence test cannot overlap two iterations: every PE
// waits at the `barmax` of iteration k before it issues anything of k + 1. So one iteration takes
// at least its longest chain of dependent instructions: a variable update, the factor update that
// reads it, the exchange when the two ends live on different PEs, and the cheapest convergence test
// (`barmax`, then one not-taken branch; the loop's back edge is a zero-overhead `loop`). Every
// delay comes from the ISA table (isa/table.ts): an instruction issued at t with b beats and
// latency l lets a dependent instruction on another unit issue at t + b + l − 1; one on the same
// unit (the factor unit's vupd → fupd) only waits for the b beats.

/** The dependency bound's terms (cycles per iteration); the bound is their sum along the chain. */
export interface DependencyBound {
  /** The variable update(s) on the longest chain: from its first load to n readable by the factor update. */
  variable: number;
  /** The factor update on that chain: issue to its output message (and change) complete. */
  factor: number;
  /** Exchange latency on that chain (send, one hop, recv): 0 when the chain stays on one PE. */
  exchange: number;
  /** barmax delay + one branch issue. */
  check: number;
  cyclesPerIteration: number;
}

/** Cycles from issuing `mnemonic` (taking `beats`) until a dependent instruction on another unit can issue. */
export function resultDelay(mnemonic: string, beats: number): number {
  const d = instructionByMnemonic(mnemonic);
  if (!d) throw new Error(`runtime: the ISA table has no ${mnemonic}`);
  return beats + Math.max(1, d.timing.latency) - 1;
}

/** The cheapest convergence test: barmax (one beat) and one not-taken branch issue. */
export function checkCycles(): number {
  return resultDelay('barmax', ruleBeats('one', 1)) + ruleBeats('one', 1);
}

/**
 * One message between neighbouring PEs, from the send's issue (which already waited for the update
 * that wrote it) to its words being readable on the receiver: one hop of the flit, then the recv's
 * copy of one flit (beats) and its latency.
 */
export function exchangeCycles(lanes: number, hopLatency: number): number {
  return hopLatency + resultDelay('recv', ruleBeats('msg', lanes, 1));
}

function dependencyOf(variable: number, factor: number, exchange: number): DependencyBound {
  const check = checkCycles();
  return { variable, factor, exchange, check, cyclesPerIteration: variable + factor + exchange + check };
}

/**
 * Pairwise LLR path (runtime/pairwise/): n_{j→a} of a degree-d variable is vld (π and the m slots),
 * d vadds in slot order (saturating, so the order is fixed for bit-exactness), one vsub and the vst;
 * the pfu lane reads it and writes m_{a→i}. The longest such chain over every directed message,
 * plus the exchange when i is on another PE, plus the check.
 */
export function pairwiseDependencyBound(q: QuantizedGraph, varPe: Int32Array, lanes: number, hopLatency: number): DependencyBound {
  const vec = ruleBeats('vl', lanes, 1);
  const vChain = (d: number) => resultDelay('vld', vec) + d * resultDelay('vadd', vec) + resultDelay('vsub', vec) + resultDelay('vst', vec);
  const factor = resultDelay('pfu.sp', ruleBeats('pfu', lanes, 1));
  const x = exchangeCycles(lanes, hopLatency);
  let best = { v: 0, x: 0 };
  for (let e = 0; e < q.nEdges; e++) {
    const src = q.edgeVar[otherEdge(q, e)];
    const v = vChain(q.vOff[src + 1] - q.vOff[src]);
    const cross = varPe[src] !== varPe[q.edgeVar[e]] ? x : 0;
    if (v + cross > best.v + best.x) best = { v, x: cross };
  }
  return q.nEdges === 0 ? dependencyOf(0, 0, 0) : dependencyOf(best.v, factor, best.x);
}

/**
 * Dense path: n_{i→a} is one vupd, m_{a→j} one fupd of a's table (a structured parity factor: one
 * cnu), both on the factor unit. The longest chain over every factor a and pair of its edges
 * i ≠ j: vupd(i) [+ its latency and an exchange when i is not on the PE of m_{a→j}'s fupd] + fupd(a)
 * + its latency [+ an exchange when j is not on that PE] + the check. `edgePe`: per edge, the PE
 * that computes its fupd (Placement.edgePe: a's home PE, or for a split factor the PE of its share).
 */
export function denseDependencyBound(q: QuantizedGraph, edgePe: Int32Array, varPe: Int32Array, lanes: number, hopLatency: number, structured?: Int8Array): DependencyBound {
  const x = exchangeCycles(lanes, hopLatency);
  const vupdLatency = resultDelay('vupd', 1) - 1;
  let best = { v: 0, f: 0, x: 0 };
  for (let a = 0; a < q.nFactors; a++) {
    const k = q.fOff[a + 1] - q.fOff[a];
    if (k === 0) continue;
    let cards = 0;
    for (const v of q.scopes[a]) cards += laneBeatsOf(q.card[v], lanes);
    const f = structured !== undefined && structured[a] >= 0 ? resultDelay('cnu.spa', cnuBeatsFor(k, 2, lanes)) : resultDelay('fupd.sp', fupdBeatsFor(q.tabOff[a + 1] - q.tabOff[a], cards, lanes));
    for (let ej = q.fOff[a]; ej < q.fOff[a + 1]; ej++) {
      const fPe = edgePe[ej];
      const xOut = varPe[q.edgeVar[ej]] !== fPe ? x : 0;
      let vBest = 0;
      let xIn = 0;
      for (let ei = q.fOff[a]; ei < q.fOff[a + 1]; ei++) {
        if (ei === ej) continue;
        const i = q.edgeVar[ei];
        const inputs = q.vOff[i + 1] - q.vOff[i] + (q.priorOff[i] >= 0 ? 1 : 0);
        const cut = varPe[i] !== fPe;
        const v = vupdBeatsFor(q.card[i], inputs - 1, lanes) + (cut ? vupdLatency : 0);
        if (v + (cut ? x : 0) > vBest + xIn) {
          vBest = v;
          xIn = cut ? x : 0;
        }
      }
      if (vBest + f + xIn + xOut > best.v + best.f + best.x) best = { v: vBest, f, x: xIn + xOut };
    }
  }
  return q.nEdges === 0 ? dependencyOf(0, 0, 0) : dependencyOf(best.v, best.f, best.x);
}

/** The honest lower bound per iteration: the largest of the lane, network and dependency terms. */
export interface IterationBound {
  lanes: number;
  network: number;
  dependency: DependencyBound;
  cyclesPerIteration: number;
  binding: 'lanes' | 'network' | 'dependency';
}

export function iterationBound(lane: LaneBound, dependency: DependencyBound): IterationBound {
  const d = dependency.cyclesPerIteration;
  const cyclesPerIteration = Math.max(lane.lanes, lane.network, d);
  const binding = cyclesPerIteration === d ? 'dependency' : cyclesPerIteration === lane.lanes ? 'lanes' : 'network';
  return { lanes: lane.lanes, network: lane.network, dependency, cyclesPerIteration, binding };
}

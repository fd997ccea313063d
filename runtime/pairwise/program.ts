// Code generation for the pairwise path (flooding): per iteration, on every PE,
//   variable phase, per degree group in chunks of ≤ vregLanes variables:
//     vld π; vld m_j; vadd (in slot order); vsub n_j = total − m_j; vst n_j
//   factor phase: the pfus that fill the send buffer, the sends, the local pfus (overlapping the
//     sends' injection), then the receives straight into the slot vectors;
//   barmax of the pfu change, the convergence test; the cap is a hardware `loop` (free back edge);
// then a belief pass (vld/vadd/vst of the totals) and the status words, as the dense path.
import { requireSignedMessages } from '../errors.js';
import { MEM_OFFSET_MAX } from '../codegen/builder.js';
import { freeOperandRegisters, holdMostUsed, NO_SPECIAL_USE, operandPool } from '../codegen/operands.js';
import { ruleBeats, type MachineConfig } from '../../isa/index.js';
import { scheduleUpdates, type QuantizedGraph, type Update } from '../../golden/index.js';
import type { CodeEmitter } from '../emitter.js';
import { REG } from '../registers.js';
import type { LaneBound } from '../lane-bound.js';
import { placePairwise, type PairwisePlacement } from './placement.js';
import { layoutPairwise, type DegreeGroup } from './layout.js';
import { checkScratchpad, PairwiseCode } from './emit.js';

export interface PairwiseOptions {
  semiring: 'sum-product' | 'min-sum';
  /** Damping λ ∈ [0, 256] on factor→variable messages. */
  lambda: number;
  /** Converged when the iteration's max factor→variable change (raw) ≤ tolRaw. */
  tolRaw: number;
  maxIter: number;
  keepAssembly?: boolean;
  /** Message updates lowered to code (one per pfu lane and per variable→factor message): every 4096 and at the end. */
  onProgress?: (done: number, total: number) => void;
}

export interface PairwiseProgram {
  kind: 'pairwise';
  cfg: MachineConfig;
  graph: QuantizedGraph;
  options: PairwiseOptions & { schedule: 'flooding' | 'sequential' };
  placement: PairwisePlacement;
  code: Uint32Array[];
  data: Int32Array[];
  map: {
    varPe: Int32Array;
    /** Per variable: its belief LLR's address (on its PE). */
    beliefAddr: Int32Array;
    /** Per edge (a, i): m_{a→i} and n_{i→a} LLRs, both on i's PE. */
    mAddr: Int32Array;
    nAddr: Int32Array;
    statusIterations: number;
    statusChange: number;
  };
  /** The update list the program runs (the float reference runs it). */
  updates: readonly Update[];
  beatsPerIteration: number;
  lowerBound: { cyclesPerIteration: number; datapath: number; memoryBanks: number };
  laneBound: LaneBound;
  memoryUsed: number[];
  transfersPerIteration: number;
  /** Sequential (sequential.ts): the hazard levels of one iteration, run one after another. */
  levelsPerIteration?: number;
  emitters?: CodeEmitter[];
}

/**
 * PE p's transfer operands (partner PEs and addresses, in program order) → the register holding
 * each, chosen as on the dense path (codegen/operands.ts): all of them when they fit r6/r7 and
 * r9–r15 (and r8 when `baseFree`: every word of the PE is within the memory operand's reach); else
 * the most used ones in r9–r15 (and r8; ties: first use), and r6/r7 are loaded in the loop for the rest.
 */
function holdTransferOperands(transfers: readonly { src: number; dst: number; from: number; to: number }[], p: number, baseFree: boolean): Map<number, number> {
  const uses = new Map<number, number>();
  const count = (v: number) => uses.set(v, (uses.get(v) ?? 0) + 1);
  for (const t of transfers) {
    if (t.src === p) {
      count(t.dst);
      count(t.from);
    }
  }
  for (const t of transfers) {
    if (t.dst === p) {
      count(t.src);
      count(t.to);
    }
  }
  const values = [...uses.keys()];
  return holdMostUsed(values, uses, operandPool(values, freeOperandRegisters(NO_SPECIAL_USE, baseFree), true));
}

/** A chunk that is one variable with 2 … HELD_SLOTS slots (contiguous words) runs at VL = degree. */
function spanSlots(g: DegreeGroup, len: number): boolean {
  return len === 1 && g.vars.length === 1 && g.degree >= 2 && g.degree <= HELD_SLOTS;
}

/** The broadcast total and the n vector of a single-variable chunk (v1 … v6 hold the slots). */
const SPREAD_VREG = 7;

/** Vector registers: v0 the total, v1 … v6 one slot each (wider variables reload v1/v2). */
const HELD_SLOTS = 6;

export function compilePairwise(q: QuantizedGraph, cfg: MachineConfig, options: PairwiseOptions): PairwiseProgram {
  requireSignedMessages(cfg, 'the pairwise LLR path (pfu)');
  const P = cfg.pes;
  const L = cfg.lanes;
  const place = placePairwise(q, P);
  const lay = layoutPairwise(q, cfg, place, options.lambda);
  checkScratchpad(lay.mem.map((m) => m.used), cfg, 'pairwise program');
  // Per-iteration counts for the bounds (the iteration body is emitted once).
  const pc = new PairwiseCode(cfg, options, 2 * q.nEdges);
  const { code } = pc;
  const at = (p: number, addr: number) => pc.at(p, addr);
  const vecOf = (p: number, vl: number, useful: number, mnemonic: string, ...ops: Parameters<CodeEmitter['emit']>[1][]) => pc.vector(p, vl, useful, mnemonic, ...ops);
  const vec = (p: number, vl: number, mnemonic: string, ...ops: Parameters<CodeEmitter['emit']>[1][]) => pc.vector(p, vl, vl, mnemonic, ...ops);
  const vlNow = new Int32Array(P).fill(-1);
  const setVl = (p: number, n: number) => {
    if (vlNow[p] !== n) code[p].emit('setvli', 0, n);
    vlNow[p] = n;
  };
  /** Per PE: the change accumulator still has to be cleared in this iteration (see the loop). */
  const resetPending = new Uint8Array(P);
  const afterVadd = (p: number) => {
    if (!resetPending[p]) return;
    code[p].emit('addi', REG.change, 0, 0);
    resetPending[p] = 0;
  };
  /** Sum the chunk's slots into v0 (and, when `extrinsic`, write n_j = total − m_j). */
  const variableChunk = (p: number, g: DegreeGroup, k0: number, len: number, extrinsic: boolean) => {
    const gl = g.vars.length;
    const d = g.degree;
    // Lanes of slot j that carry a message (a padded group is one chunk: its padding is not counted).
    const use = (j: number) => (g.slotUse[j] === gl ? len : g.slotUse[j]);
    if (extrinsic && spanSlots(g, len)) {
      // One variable alone in its group: its d slots are contiguous words, so with VL = d one
      // vector holds m_0 … m_{d−1}. The sum still runs lane 0 by lane 0 in slot order (the other
      // lanes are ignored); then the total is broadcast (vext, vbcast: exact, it is in range)
      // and one vsub + one vst write every n_j = total − m_j.
      setVl(p, d);
      vecOf(p, d, 1, 'vld', 0, at(p, g.prior + k0));
      for (let j = 0; j < d; j++) vecOf(p, d, use(j), 'vld', 1 + j, at(p, g.m + j * gl + k0));
      for (let j = 0; j < d; j++) {
        vecOf(p, d, use(j), 'vadd', 0, 0, 1 + j);
        afterVadd(p);
      }
      // r2 (the reduced change) is dead here: the barmax after this variable phase rewrites it
      // before the convergence test or the status store reads it.
      code[p].emit('vext', REG.reduced, 0, 0);
      pc.countBeats('vec', ruleBeats('one', L));
      // The broadcast moves no message: not counted as useful lanes (the lane bound stays the
      // count of the other kernels' message work).
      vecOf(p, d, 0, 'vbcast', SPREAD_VREG, REG.reduced);
      vecOf(p, d, d, 'vsub', SPREAD_VREG, SPREAD_VREG, 1);
      vecOf(p, d, d, 'vst', SPREAD_VREG, at(p, g.n + k0));
      return;
    }
    setVl(p, len);
    vec(p, len, 'vld', 0, at(p, g.prior + k0));
    if (d <= HELD_SLOTS) {
      for (let j = 0; j < d; j++) vecOf(p, len, use(j), 'vld', 1 + j, at(p, g.m + j * gl + k0));
      for (let j = 0; j < d; j++) {
        vecOf(p, len, use(j), 'vadd', 0, 0, 1 + j);
        afterVadd(p);
      }
      if (extrinsic) {
        // Each vst goes one vsub behind, in the vsub's latency shadow.
        for (let j = 0; j < d; j++) {
          vecOf(p, len, use(j), 'vsub', 1 + j, 0, 1 + j);
          if (j > 0) vecOf(p, len, use(j - 1), 'vst', j, at(p, g.n + (j - 1) * gl + k0));
        }
        vecOf(p, len, use(d - 1), 'vst', d, at(p, g.n + (d - 1) * gl + k0));
      }
    } else {
      for (let j = 0; j < d; j++) {
        vecOf(p, len, use(j), 'vld', 1 + (j & 1), at(p, g.m + j * gl + k0));
        vecOf(p, len, use(j), 'vadd', 0, 0, 1 + (j & 1));
        afterVadd(p);
      }
      if (extrinsic) {
        for (let j = 0; j < d; j++) {
          vecOf(p, len, use(j), 'vld', 1 + (j & 1), at(p, g.m + j * gl + k0));
          vecOf(p, len, use(j), 'vsub', 1 + (j & 1), 0, 1 + (j & 1));
          vecOf(p, len, use(j), 'vst', 1 + (j & 1), at(p, g.n + j * gl + k0));
        }
      }
    }
    if (!extrinsic) vec(p, len, 'vst', 0, at(p, g.belief + k0));
  };
  const chunks = (p: number, body: (g: DegreeGroup, k0: number, len: number) => void) => {
    for (const g of lay.groups[p]) for (let k0 = 0; k0 < g.vars.length; k0 += cfg.vregLanes) body(g, k0, Math.min(cfg.vregLanes, g.vars.length - k0));
  };

  for (let p = 0; p < P; p++) {
    const c = code[p];
    // Transfer operands are loop invariants: the most used ones live in registers for the whole run.
    const held = holdTransferOperands(lay.transfers, p, lay.mem[p].used <= MEM_OFFSET_MAX + 1);
    // The first chunk's VL is set before the loop, and restored at the end of the variable phase
    // (in the pfu's wait for the last vst) rather than at the top of every iteration.
    const first = lay.groups[p].find((g) => g.degree > 0);
    const len0 = first ? Math.min(cfg.vregLanes, first.vars.length) : -1;
    const vl0 = first ? (spanSlots(first, len0) ? first.degree : len0) : -1;
    const head = pc.openLoop(
      p,
      () => {
        for (const [value, r] of held) c.li(r, value);
      },
      () => {
        if (vl0 > 0) setVl(p, vl0);
      },
    );
    // Variable phase (degree-0 variables have no messages: only the belief pass). The change
    // accumulator is cleared in the first vadd's latency shadow (the next vadd waits for it).
    resetPending[p] = 1;
    chunks(p, (g, k0, len) => {
      if (g.degree > 0) {
        variableChunk(p, g, k0, len, true);
        pc.progress(g.slotUse.reduce((n, u) => n + (u === g.vars.length ? len : u), 0));
      }
    });
    if (resetPending[p]) c.emit('addi', REG.change, 0, 0);
    resetPending[p] = 0;
    if (vl0 > 0) setVl(p, vl0);
    // Factor phase.
    for (const call of lay.remotePfus[p]) pc.pfuCall(p, call);
    // Operands not held in registers take r6 and r7 in turn; the first two are loaded here, while
    // the first send waits for the pfu's writes, the others right before their send/recv.
    const loose: number[] = [];
    for (const t of lay.transfers) if (t.src === p) for (const v of [t.dst, t.from]) if (!held.has(v)) loose.push(v);
    for (const t of lay.transfers) if (t.dst === p) for (const v of [t.src, t.to]) if (!held.has(v)) loose.push(v);
    const scratch = [REG.pe, REG.addr];
    for (let k = 0; k < Math.min(2, loose.length); k++) c.li(scratch[k], loose[k]);
    let next = 0;
    const operand = (value: number) => {
      const r = held.get(value);
      if (r !== undefined) return r;
      const k = next++;
      if (k >= 2) c.li(scratch[k & 1], value);
      return scratch[k & 1];
    };
    for (const t of lay.transfers) {
      if (t.src !== p) continue;
      const rpe = operand(t.dst);
      c.emit('send', rpe, operand(t.from), t.len);
      pc.inject[p] += Math.ceil(t.len / L);
    }
    for (const call of lay.localPfus[p]) pc.pfuCall(p, call);
    for (const t of lay.transfers) {
      if (t.dst !== p) continue;
      const rpe = operand(t.src);
      c.emit('recv', rpe, operand(t.to), t.len);
    }
    pc.closeLoop(p, head);
    vlNow[p] = -1;
  }
  pc.endIterationBody();
  for (let p = 0; p < P; p++) {
    chunks(p, (g, k0, len) => variableChunk(p, g, k0, len, false));
  }
  const shared = pc.finish('program');
  const updates = scheduleUpdates({ variables: { length: q.nVars }, factors: q.scopes.map((scope) => ({ scope })) }, 'flooding');
  return {
    kind: 'pairwise',
    cfg,
    graph: q,
    options: { ...options, schedule: 'flooding' },
    placement: place,
    data: lay.mem.map((m) => m.words.slice(0, m.used)),
    map: { varPe: place.varPe, beliefAddr: lay.beliefAddr, mAddr: lay.mAddr, nAddr: lay.nAddr, statusIterations: 0, statusChange: 1 },
    updates,
    memoryUsed: lay.mem.map((m) => m.used),
    transfersPerIteration: lay.transfers.length,
    ...shared,
  };
}

// The sequential schedule on the pairwise LLR path, packed without changing it. golden's
// sequential list is cut into hazard levels (levels.ts): inside a level no update reads or writes
// a message another one writes, so the level's updates may run in any order and in parallel, and
// the levels in order are the list bit for bit (PairwiseFixedBp with schedule 'sequential' is the
// reference). Per iteration, on every PE, level by level:
//   the level's V(i, a) of local variables, each at VL = 1 (vld π, vld + vadd per edge of i in
//     edge order, vsub m_{a→i}, vst n_{i→a}), two at a time interleaved: each V reads its own,
//     changing subset of m, so they are not one vector over a degree group as in flooding;
//   one pfu for the level's F whose destination is on another PE (into a per-edge send-buffer
//     word), their sends (one word each), one pfu per run of the level's local F (straight into
//     the m slots), then the receives of the level (one word each, straight into the m slot).
// A receive waits for its sender, so the levels' order across PEs needs no barrier; messages
// between a pair of PEs arrive in order, and both ends list them by (level, edge). The loop, its
// convergence test (barmax of the pfu change), the belief pass and the status words are the
// flooding program's.
import { requireSignedMessages } from '../errors.js';
import { PAIRWISE_MAX_LANES, PD, type MachineConfig } from '../../isa/index.js';
import { otherEdge, pairwiseTableWords, scheduleUpdates, variablePriorLlr, type QuantizedGraph, type Update } from '../../golden/index.js';
import type { CodeEmitter } from '../emitter.js';
import { REG } from '../registers.js';
import { freeOperandRegisters, NO_SPECIAL_USE } from '../codegen/operands.js';
import { BumpMemory } from '../layout.js';
import { checkScratchpad, PairwiseCode } from './emit.js';
import type { PairwisePlacement } from './placement.js';
import { pairwiseUpdateLevels, type UpdateLevels } from './levels.js';
import type { PairwiseOptions, PairwiseProgram } from './program.js';

/**
 * Variables in the order the list first updates them (their first V's level, then id), dealt to
 * the PEs in turn: the few updates of a level are then spread over the PEs instead of sitting on
 * the one PE whose block the sweep is in (flooding's blocks leave the other PEs waiting).
 */
export function placeByLevel(q: QuantizedGraph, ops: Int32Array, level: Int32Array, pes: number): PairwisePlacement {
  const first = new Int32Array(q.nVars).fill(0x7fffffff);
  for (let k = 0; k < ops.length; k++) {
    if (!(ops[k] & 1)) continue;
    const i = q.edgeVar[ops[k] >> 1];
    if (level[k] < first[i]) first[i] = level[k];
  }
  const order = Array.from({ length: q.nVars }, (_, i) => i).sort((x, y) => first[x] - first[y] || x - y);
  const varPe = new Int32Array(q.nVars);
  const load = new Float64Array(pes);
  order.forEach((i, k) => {
    varPe[i] = k % pes;
    load[k % pes] += 1 + 2 * (q.vOff[i + 1] - q.vOff[i]);
  });
  let cutEdges = 0;
  for (let e = 0; e < q.nEdges; e++) if (varPe[q.edgeVar[e]] !== varPe[q.edgeVar[otherEdge(q, e)]]) cutEdges++;
  let max = 0;
  let sum = 0;
  for (const w of load) {
    max = Math.max(max, w);
    sum += w;
  }
  return { pes, varPe, cutEdges, load, imbalance: sum > 0 ? max / (sum / pes) : 1 };
}

/**
 * Fewest PEs on which `inferOnChip` takes this path for sequential (path 'auto'). A V update here
 * is 2d + 3 vector instructions against the dense path's one vupd, so on one PE the dense path is
 * faster; the packed levels win once they spread: grids 8x8 … 64x64 and testfast, measured, cross
 * over between 2 and 4 PEs (runtime/README.md, "Sequential on the pairwise path").
 */
export const PAIRWISE_SEQUENTIAL_MIN_PES = 4;

/**
 * Fewest updates per level (on average) for which `inferOnChip` takes this path for sequential. A
 * list that hardly packs runs its levels one after another with a single update each, which the
 * dense path does faster: a chain's two-pass order (1 per level) took 2.4× the dense cycles;
 * testfast (4.0) is level with the dense path on 4 PEs and faster on 16.
 */
export const PAIRWISE_SEQUENTIAL_MIN_WIDTH = 4;

/** The sequential list of a binary pairwise graph and its hazard levels (updates per level = width). */
export function sequentialPacking(q: QuantizedGraph): { updates: Update[]; levels: UpdateLevels; width: number } {
  const updates = scheduleUpdates({ variables: { length: q.nVars }, factors: q.scopes.map((scope) => ({ scope })) }, 'sequential');
  const levels = pairwiseUpdateLevels(q, updates);
  return { updates, levels, width: levels.count > 0 ? updates.length / levels.count : 0 };
}

/** Vector registers of the belief pass: v0 the total, v1 … v6 the slots in turn. */
const SLOT_VREGS = 6;

/** Registers that hold partner PE ids across the run: r9–r15, the dense path's gate and parity scratch. */
const PARTNER_REGS = freeOperandRegisters(NO_SPECIAL_USE, false);

/** Vector registers of one V update; two V updates run interleaved on disjoint sets. */
interface VRegs {
  tot: number;
  slots: readonly number[];
  n: number;
}
const V_REGS: readonly VRegs[] = [
  { tot: 0, slots: [1, 2], n: 3 },
  { tot: 4, slots: [5, 6], n: 7 },
];

export function compilePairwiseSequential(q: QuantizedGraph, cfg: MachineConfig, options: PairwiseOptions): PairwiseProgram {
  requireSignedMessages(cfg, 'the pairwise LLR path (pfu)');
  const P = cfg.pes;
  const { updates, levels } = sequentialPacking(q);
  const { ops } = levels;
  const place = placeByLevel(q, ops, levels.level, P);
  const vp = place.varPe;

  // ---- memory: per variable π, its m slots and n slots in edge order, its belief.
  const mem = Array.from({ length: P }, () => new BumpMemory());
  const mAddr = new Int32Array(q.nEdges);
  const nAddr = new Int32Array(q.nEdges);
  const priorAddr = new Int32Array(q.nVars);
  const beliefAddr = new Int32Array(q.nVars);
  for (let i = 0; i < q.nVars; i++) {
    const m = mem[vp[i]];
    const d = q.vOff[i + 1] - q.vOff[i];
    priorAddr[i] = m.alloc(1);
    m.words[priorAddr[i]] = variablePriorLlr(q, i);
    beliefAddr[i] = m.alloc(1);
    const mb = m.alloc(d);
    const nb = m.alloc(d);
    for (let j = 0; j < d; j++) {
      mAddr[q.vEdges[q.vOff[i] + j]] = mb + j;
      nAddr[q.vEdges[q.vOff[i] + j]] = nb + j;
    }
  }

  // ---- per level: its V updates and F updates, by PE.
  const srcPe = (e: number) => vp[q.edgeVar[otherEdge(q, e)]];
  const vOf: number[][][] = Array.from({ length: levels.count }, () => []);
  const fOf: number[][][] = Array.from({ length: levels.count }, () => []);
  for (let k = 0; k < ops.length; k++) {
    const e = ops[k] >> 1;
    const l = levels.level[k];
    if (ops[k] & 1) (vOf[l][vp[q.edgeVar[e]]] ??= []).push(e);
    else (fOf[l][srcPe(e)] ??= []).push(e);
  }

  /** One pfu over edges (lane order) writing out … out + len − 1 on PE p. */
  const pfuDesc = (p: number, edges: readonly number[], out: number): { desc: number; lanes: number } => {
    const m = mem[p];
    const desc = m.alloc(PD.words);
    const src = m.alloc(edges.length);
    const tab = m.alloc(PD.perLane * edges.length);
    edges.forEach((e, k) => {
      m.words[src + k] = nAddr[otherEdge(q, e)];
      pairwiseTableWords(q, e, m.words, tab + PD.perLane * k);
    });
    m.words[desc + PD.count] = edges.length;
    m.words[desc + PD.src] = src;
    m.words[desc + PD.table] = tab;
    m.words[desc + PD.out] = out;
    m.words[desc + PD.lambda] = options.lambda;
    return { desc, lanes: edges.length };
  };
  interface Step {
    vs: number[];
    remote: { desc: number; lanes: number }[];
    /** (receiver PE, send-buffer word) per remote F, in (receiver, edge) order. */
    sends: { to: number; from: number }[];
    local: { desc: number; lanes: number }[];
    /** (sender PE, m slot) per message this PE receives in the level, in (sender, edge) order. */
    recvs: { from: number; to: number }[];
  }
  const steps: Step[][] = Array.from({ length: P }, () => []);
  for (let l = 0; l < levels.count; l++) {
    const step = Array.from({ length: P }, (_, p): Step => ({ vs: vOf[l][p] ?? [], remote: [], sends: [], local: [], recvs: [] }));
    for (let p = 0; p < P; p++) {
      const fs = fOf[l][p] ?? [];
      const remote = fs.filter((e) => vp[q.edgeVar[e]] !== p).sort((x, y) => vp[q.edgeVar[x]] - vp[q.edgeVar[y]] || x - y);
      for (let k0 = 0; k0 < remote.length; k0 += PAIRWISE_MAX_LANES) {
        const part = remote.slice(k0, k0 + PAIRWISE_MAX_LANES);
        const buf = mem[p].alloc(part.length);
        step[p].remote.push(pfuDesc(p, part, buf));
        part.forEach((e, k) => {
          step[p].sends.push({ to: vp[q.edgeVar[e]], from: buf + k });
          step[vp[q.edgeVar[e]]].recvs.push({ from: p, to: mAddr[e] });
        });
      }
      // Local F: one pfu per run of consecutive m slots.
      const local = fs.filter((e) => vp[q.edgeVar[e]] === p).sort((x, y) => mAddr[x] - mAddr[y]);
      let k = 0;
      while (k < local.length) {
        let j = k + 1;
        while (j < local.length && j - k < PAIRWISE_MAX_LANES && mAddr[local[j]] === mAddr[local[k]] + (j - k)) j++;
        step[p].local.push(pfuDesc(p, local.slice(k, j), mAddr[local[k]]));
        k = j;
      }
    }
    // Receives in (sender, edge) order: the sender lists its sends by (receiver, edge).
    for (let p = 0; p < P; p++) step[p].recvs.sort((x, y) => x.from - y.from);
    for (let p = 0; p < P; p++) if (step[p].vs.length + step[p].remote.length + step[p].local.length + step[p].recvs.length > 0) steps[p].push(step[p]);
  }
  checkScratchpad(mem.map((m) => m.used), cfg, 'pairwise sequential program');

  // ---- code
  const pc = new PairwiseCode(cfg, options, ops.length);
  const { code } = pc;
  const at = (p: number, addr: number) => pc.at(p, addr);
  /** Every vector instruction here runs at VL = 1. */
  const vec = (p: number, mnemonic: string, ...o: Parameters<CodeEmitter['emit']>[1][]) => pc.vector(p, 1, 1, mnemonic, ...o);
  /** v0 ← π_i + m of every edge of i in edge order (saturating). */
  const total = (p: number, i: number) => {
    vec(p, 'vld', 0, at(p, priorAddr[i]));
    for (let t = q.vOff[i], j = 0; t < q.vOff[i + 1]; t++, j++) {
      const r = 1 + (j % SLOT_VREGS);
      vec(p, 'vld', r, at(p, mAddr[q.vEdges[t]]));
      vec(p, 'vadd', 0, 0, r);
    }
  };

  /** V(i, a) for edge e as a list of emitters: v_tot ← π + m in edge order, v_n ← m_{a→i}, vsub, vst. */
  /** Called before a V loads an m word: emits the pending receives up to the one that writes it. */
  let beforeLoad: (addr: number) => void = () => {};
  const vThunks = (p: number, e: number, r: VRegs): (() => void)[] => {
    const i = q.edgeVar[e];
    const out: (() => void)[] = [() => vec(p, 'vld', r.tot, at(p, priorAddr[i]))];
    // m_{a→i} is loaded into the n register in its turn and stays there for the vsub.
    for (let t = q.vOff[i], j = 0; t < q.vOff[i + 1]; t++, j++) {
      const slot = q.vEdges[t] === e ? r.n : r.slots[j % r.slots.length];
      const addr = mAddr[q.vEdges[t]];
      out.push(() => {
        beforeLoad(addr);
        vec(p, 'vld', slot, at(p, addr));
      });
      out.push(() => vec(p, 'vadd', r.tot, r.tot, slot));
    }
    out.push(() => vec(p, 'vsub', r.n, r.tot, r.n));
    out.push(() => vec(p, 'vst', r.n, at(p, nAddr[e])));
    return out;
  };

  for (let p = 0; p < P; p++) {
    const c = code[p];
    // The most used partner PE ids live in r9–r15 for the whole run (this program uses none of them otherwise).
    const uses = new Map<number, number>();
    for (const st of steps[p]) {
      for (const t of st.sends) uses.set(t.to, (uses.get(t.to) ?? 0) + 1);
      for (const t of st.recvs) uses.set(t.from, (uses.get(t.from) ?? 0) + 1);
    }
    const heldPe = new Map(
      [...uses]
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, PARTNER_REGS.length)
        .map(([pe], k) => [pe, PARTNER_REGS[k]] as const),
    );
    const partner = (pe: number) => {
      const r = heldPe.get(pe);
      if (r !== undefined) return r;
      c.li(REG.pe, pe);
      return REG.pe;
    };
    const pending: { from: number; to: number }[] = [];
    const pendingAt = new Map<number, number>();
    let flushed = 0;
    const flushTo = (k: number) => {
      for (; flushed <= k; flushed++) {
        const t = pending[flushed];
        pendingAt.delete(t.to);
        const rpe = partner(t.from);
        c.li(REG.addr, t.to);
        c.emit('recv', rpe, REG.addr, 1);
      }
    };
    beforeLoad = (addr) => {
      const k = pendingAt.get(addr);
      if (k !== undefined) flushTo(k);
    };
    const head = pc.openLoop(
      p,
      () => {
        for (const [pe, r] of heldPe) c.li(r, pe);
      },
      () => c.emit('setvli', 0, 1),
    );
    c.emit('addi', REG.change, 0, 0);
    for (const s of steps[p]) {
      // The level's V updates two at a time, interleaved instruction by instruction (they are
      // independent), so each one's vadd chain runs in the other's latency shadow.
      for (let k = 0; k < s.vs.length; k += 2) {
        const a = vThunks(p, s.vs[k], V_REGS[0]);
        const b = k + 1 < s.vs.length ? vThunks(p, s.vs[k + 1], V_REGS[1]) : [];
        for (let t = 0; t < Math.max(a.length, b.length); t++) {
          a[t]?.();
          b[t]?.();
        }
        pc.progress(k + 1 < s.vs.length ? 2 : 1);
      }
      for (const call of s.remote) pc.pfuCall(p, call);
      for (const t of s.sends) {
        const rpe = partner(t.to);
        c.li(REG.addr, t.from);
        c.emit('send', rpe, REG.addr, 1);
        pc.inject[p] += 1;
      }
      for (const call of s.local) pc.pfuCall(p, call);
      // The level's receives wait until a later V loads the word (or the iteration ends): a
      // receive blocks issue, so the V updates that do not need it, and the first vadds of those
      // that do, run while the message is on its way. Only a later read needs the new value (no
      // update before the receive's level reads it after, by the levels), and they keep their order.
      for (const t of s.recvs) {
        pendingAt.set(t.to, pending.length);
        pending.push(t);
      }
    }
    flushTo(pending.length - 1);
    pc.closeLoop(p, head);
  }
  pc.endIterationBody();
  // Belief pass: each local variable's total.
  for (let i = 0; i < q.nVars; i++) {
    const p = vp[i];
    total(p, i);
    vec(p, 'vst', 0, at(p, beliefAddr[i]));
  }
  const shared = pc.finish('pairwise sequential program');
  let transfers = 0;
  for (const s of steps) for (const st of s) transfers += st.sends.length;
  return {
    kind: 'pairwise',
    cfg,
    graph: q,
    options: { ...options, schedule: 'sequential' },
    placement: place,
    data: mem.map((m) => m.words.slice(0, m.used)),
    map: { varPe: vp, beliefAddr, mAddr, nAddr, statusIterations: 0, statusChange: 1 },
    updates,
    memoryUsed: mem.map((m) => m.used),
    transfersPerIteration: transfers,
    levelsPerIteration: levels.count,
    ...shared,
  };
}

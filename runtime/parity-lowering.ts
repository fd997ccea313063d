// Parity (XOR) factors in general models: their factor→variable messages come from the LLR unit's
// check-node update (cnu.spa for sum-product, cnu.ms for min-sum) on one lane instead of streaming
// their 2^d table through fupd. The arithmetic is golden's fixed-parity.ts step for step (the
// reference the simulator equals bit for bit); runtime/README.md "Parity factors" has the design.
//
// Per structured factor of degree d, on its PE: a c2v block of d two-word vectors (VL = 2) that IS
// the factor's outgoing messages — m_j = [0, out_j] (even parity: lane 1 active) or [out_j, 0]
// (odd: lane 0) — so `allocParity` points the layout's m addresses at it before any descriptor is
// written, and a cnu descriptor (CND: d, the block, flags 0, cap MAX − 1, per edge j the address of
// the factor's copy of n_j = [E0, E1], plus one word for odd parity, as its "app" vector). A run of F
// updates of one factor lowers to:
//   setvli 2d; vld old ← block                      (the previous messages: change and damping)
//   setvli 2; per edge j: ld E0_j; st → c2v_j[k]     (so the cnu's t_j = app_j[k] − c2v_j[k] = E1 − E0)
//   li rm = 1 << k; li rdesc; cnu.<rule>             (c2v_j[k] ← out_j; the other word stays 0)
//   setvli 2d; vld new ← block; [vdamp new, new, old, λ; vst new → block]; vmaxad r1, new, old
// Two scalar instructions per edge and a handful per factor instead of a 2^d-entry fupd per edge.
import { CND, checkDescriptorWords, type MachineConfig, type MemValue } from '../isa/index.js';
import { countStructured, parityCap, parityRule, type QuantizedGraph } from '../golden/index.js';
import { CompileError } from './errors.js';
import type { CodeEmitter } from './emitter.js';
import type { Layout } from './layout.js';
import type { Placement } from './placement.js';
import { REG } from './registers.js';
import type { Codegen } from './codegen/context.js';

const CNU_MNEMONIC = ['cnu.spa', 'cnu.ms', 'cnu.nms', 'cnu.oms'] as const;

/** Scratch registers of a parity run (free between message updates; runtime/README.md). */
const R = { e0: REG.n0, mask: REG.parity, desc: REG.m1, flags: REG.syndrome } as const;
/** Vector registers: the old block in v1 … v3, the new one in v4 … v6 (one per vregLanes chunk). */
const V_OLD = 1;
const V_NEW = 4;
const MAX_CHUNKS = 3;

export interface ParityLowering {
  /** Per factor: its parity (0/1) when it takes the structured path, else −1 (golden's decision). */
  readonly structured: Int8Array;
  /** How many factors take it. */
  readonly count: number;
  /** Per factor: address of its cnu descriptor / c2v block on its PE (−1: dense). */
  readonly desc: Int32Array;
  readonly c2v: Int32Array;
  /** The check-node rule (isa RULE_*). */
  readonly rule: number;
}

/**
 * Given golden's decision (`structuredParityFactors`), allocate the structured factors' blocks and
 * descriptors on their PEs; m_{a→i} of a structured edge moves into its factor's block (the
 * layout's mAddr is updated in place). Call after layoutMemory and before writeDescriptors.
 */
export function allocParity(q: QuantizedGraph, cfg: MachineConfig, place: Placement, layout: Layout, structured: Int8Array, semiring: 'sum-product' | 'min-sum'): ParityLowering {
  const count = countStructured(structured);
  const desc = new Int32Array(q.nFactors).fill(-1);
  const c2v = new Int32Array(q.nFactors).fill(-1);
  const cap = parityCap(q.format.max);
  for (let a = 0; a < q.nFactors; a++) {
    if (structured[a]! < 0) continue;
    const m = layout.mem[place.factorPe[a]!]!;
    const eb = q.fOff[a]!;
    const d = q.fOff[a + 1]! - eb;
    if (Math.ceil((2 * d) / cfg.vregLanes) > MAX_CHUNKS || cfg.vregLanes < 2)
      throw new CompileError(`parity factor ${a} (degree ${d}) needs vregLanes >= ${Math.max(2, Math.ceil((2 * d) / MAX_CHUNKS))} for its structured update (the config has ${cfg.vregLanes}); raise vregLanes or use the dense path (gp5sim infer --parity dense)`);
    c2v[a] = m.alloc(2 * d);
    for (let j = 0; j < d; j++) layout.mAddr[eb + j] = c2v[a]! + 2 * j;
    const at = m.alloc(checkDescriptorWords(d));
    desc[a] = at;
    m.words[at + CND.degree] = d;
    m.words[at + CND.c2v] = c2v[a]!;
    m.words[at + CND.flags] = 0;
    m.words[at + CND.cap] = cap;
    // app_j[k] must be E1_j: lane 1 of the factor's copy of n_j (even), lane 0 of it + 1 (odd).
    const shift = structured[a] === 1 ? 1 : 0;
    for (let j = 0; j < d; j++) m.words[at + CND.header + j] = layout.nSeenByFactor(eb + j) + shift;
  }
  return { structured, count, desc, c2v, rule: parityRule(semiring === 'sum-product') };
}

/** The maximal run of F updates of one structured factor starting at updates[k] (0: not one). */
export function parityRunLength(q: QuantizedGraph, pl: ParityLowering, updates: readonly { kind: 'F' | 'V'; factor: number }[], k: number): number {
  const u = updates[k];
  if (!u || u.kind !== 'F' || pl.structured[u.factor]! < 0) return 0;
  let j = k + 1;
  while (j < updates.length && updates[j]!.kind === 'F' && updates[j]!.factor === u.factor) j++;
  return j - k;
}

/** Vector registers of a run: its old block at v(old + k), its new block at v(nu + k) for chunk k. */
interface ParityRegs {
  old: number;
  nu: number;
}
const PARITY_REGS: ParityRegs = { old: V_OLD, nu: V_NEW };

function blockChunks(q: QuantizedGraph, cfg: MachineConfig, a: number, body: (k: number, off: number, len: number) => void): void {
  const len2 = 2 * (q.fOff[a + 1]! - q.fOff[a]!);
  for (let k = 0, off = 0; off < len2; k++, off += cfg.vregLanes) body(k, off, Math.min(cfg.vregLanes, len2 - off));
}

/**
 * The first half of a run of factor a's F updates (they all recompute the whole block): save the
 * old block, copy E0 into the active lanes, issue the cnu. `addr` maps a scratchpad address to a
 * memory operand (the compiler's 18-bit offset / base register rule).
 */
function emitParityIssue(c: CodeEmitter, addr: (addr: number) => MemValue, q: QuantizedGraph, layout: Layout, pl: ParityLowering, cfg: MachineConfig, a: number, regs: ParityRegs): void {
  const eb = q.fOff[a]!;
  const d = q.fOff[a + 1]! - eb;
  const lane = pl.structured[a] === 1 ? 0 : 1;
  const c2v = pl.c2v[a]!;
  blockChunks(q, cfg, a, (k, off, len) => {
    c.emit('setvli', 0, len);
    c.emit('vld', regs.old + k, addr(c2v + off));
  });
  c.emit('setvli', 0, 2);
  for (let j = 0; j < d; j++) {
    c.emit('ld', R.e0, addr(layout.nSeenByFactor(eb + j)));
    c.emit('st', R.e0, addr(c2v + 2 * j + lane));
  }
  c.li(R.mask, 1 << lane);
  c.li(R.desc, pl.desc[a]!);
  c.emit(CNU_MNEMONIC[pl.rule]!, R.flags, R.desc, R.mask);
}

/** The second half: read the new block back, damp it, and fold its change into r1. */
function emitParityFinish(c: CodeEmitter, addr: (addr: number) => MemValue, q: QuantizedGraph, pl: ParityLowering, cfg: MachineConfig, a: number, regs: ParityRegs, lambda: number): void {
  const c2v = pl.c2v[a]!;
  blockChunks(q, cfg, a, (k, off, len) => {
    c.emit('setvli', 0, len);
    c.emit('vld', regs.nu + k, addr(c2v + off));
    if (lambda !== 0) {
      c.emit('vdamp', regs.nu + k, regs.nu + k, regs.old + k, lambda);
      c.emit('vst', regs.nu + k, addr(c2v + off));
    }
    c.emit('vmaxad', REG.change, regs.nu + k, regs.old + k);
  });
}

/**
 * One whole run (issue, then finish). Overlapping the next run's issue with this finish gains
 * nothing on this machine: every load and store waits for the cnu's write pass (memory ordering
 * across units), so the finish's block read is the first memory access anyway.
 */
export function emitParityRun(c: CodeEmitter, addr: (addr: number) => MemValue, q: QuantizedGraph, layout: Layout, pl: ParityLowering, cfg: MachineConfig, a: number, lambda: number): void {
  emitParityIssue(c, addr, q, layout, pl, cfg, a, PARITY_REGS);
  emitParityFinish(c, addr, q, pl, cfg, a, PARITY_REGS, lambda);
}

/**
 * F updates of structured parity factor a, as the code generator meets the first of a run: all of
 * a's inputs must be current (lazy schedules fetch them), and every m of a changes.
 */
export function lowerParityUpdate(g: Codegen, a: number, lazy: boolean): void {
  const { q, cfg, placement, layout, parity, options } = g.input;
  const p = placement.factorPe[a]!;
  if (lazy) for (let j = q.fOff[a]!; j < q.fOff[a + 1]!; j++) g.exchange.needN(j);
  emitParityRun(g.out.code[p]!, (x) => g.out.at(p, x), q, layout, parity, cfg, a, options.lambda);
  for (let e = q.fOff[a]!; e < q.fOff[a + 1]!; e++) g.exchange.wroteM(e);
}

// Parity (XOR) factors in general models: their factor→variable messages come from the LLR unit's
// check-node update (cnu.spa for sum-product, cnu.ms for min-sum) on one lane instead of streaming
// their 2^d table through fupd. The arithmetic is golden's fixed-parity.ts step for step (the
// reference the simulator equals bit for bit); runtime/README.md "Parity factors" has the design.
//
// A structured factor of degree d costs O(d) words on its PE and nothing else: layoutMemory gives
// it neither its 2^d table nor m words, writeDescriptors no fupd descriptors. allocParity adds
//   - a c2v block of d two-word vectors (VL = 2) that IS the factor's outgoing messages —
//     m_j = [0, out_j] (even parity: lane 1 active) or [out_j, 0] (odd: lane 0) — so the layout's
//     m addresses point into it before any vupd descriptor or transfer reads them;
//   - a check descriptor (CND: d, the block, flags 0, cap MAX − 1, per edge the LLR λ_j's address);
//   - an LLR mirror of the factor's view of n: per maximal run of view words n_j = [E0, E1] that
//     lie back to back on the PE (a receive buffer, a run of local n), a run of the same length in
//     which word w holds view[w] − view[w − 1], so the odd words are λ_j = E1_j − E0_j. A vector
//     subtract computes it for many edges at once: vld A ← view, vld B ← view − 1, vsub, vst.
// Flooding: at the factor phase's first structured F update, each PE converts all its runs and
// then updates all its factors (emitParityPhase): its blocks lie back to back, so per group it
//   setvli; vld v1 … ← blocks; setvli 2; per factor [li rm = first-pass | 1 << k]; li rdesc; cnu.<rule>
//   per chunk: vld v7 ← blocks; [vdamp v7, v7, v(1+k), λ; vst v7]; vmaxad r1, v7, v(1+k)
// Sequential and gated flooding: a run of F updates of one factor lowers to its own conversion,
//   [setvli w; vld v4 ← run; vld v5 ← run − 1; vsub v4, v4, v5; vst v4 → mirror]   (per run, chunked)
//   setvli 2d; vld old ← block; setvli 2; li rm; li rdesc; cnu.<rule>   (t_j = λ_j: c2v reads as 0)
//   setvli 2d; vld new ← block; [vdamp new, new, old, λ; vst new → block]; vmaxad r1, new, old
// The cnu writes out_j into lane k of c2v_j; the other lane is never written and stays 0.
import { CND, checkDescriptorWords, LLR_FIRST_PASS, type MachineConfig, type MemValue } from '../isa/index.js';
import { countStructured, parityCap, parityRule, type QuantizedGraph } from '../golden/index.js';
import { CompileError } from './errors.js';
import type { CodeEmitter } from './emitter.js';
import type { Layout } from './layout.js';
import type { Placement } from './placement.js';
import { REG } from './registers.js';
import type { Codegen } from './codegen/context.js';

const CNU_MNEMONIC = ['cnu.spa', 'cnu.ms', 'cnu.nms', 'cnu.oms'] as const;

/** Scratch registers of a parity run (free between message updates; runtime/README.md). */
const R = { mask: REG.parity, desc: REG.m1, flags: REG.syndrome } as const;
/** Vector registers: the old block in v1 … v3, the new one in v4 … v6 (one per vregLanes chunk). */
const V_OLD = 1;
const V_NEW = 4;
const MAX_CHUNKS = 3;
/** The conversion's two operands (free then: the new block is loaded after the cnu). */
const V_VIEW = 4;
const V_PREV = 5;
/** A whole-PE phase: a group's old blocks in v1 … v6, each new chunk in v7. */
const GROUP_CHUNKS = 6;
const V_GROUP_OLD = 1;
const V_GROUP_NEW = 7;

/** A run of view words on one PE and its LLR mirror: mirror[w] = view[w] − view[w − 1]. */
export interface LlrRun {
  view: number;
  mirror: number;
  words: number;
}

/** Factors whose c2v blocks lie back to back from `start` (`words` in all). */
export interface ParityGroup {
  start: number;
  words: number;
  factors: number[];
}

export interface ParityLowering {
  /** Per factor: its parity (0/1) when it takes the structured path, else −1 (golden's decision). */
  readonly structured: Int8Array;
  /** How many factors take it. */
  readonly count: number;
  /** Per factor: address of its cnu descriptor / c2v block on its PE (−1: dense). */
  readonly desc: Int32Array;
  readonly c2v: Int32Array;
  /** Per edge of a structured factor: the address of its mirror pair (λ in the odd word); −1 else. */
  readonly mirror: Int32Array;
  /** Per PE: every run of structured view words and its mirror (what a whole-PE conversion covers). */
  readonly runs: readonly (readonly LlrRun[])[];
  /** Per factor: the runs covering exactly its own view words (what its own conversion covers). */
  readonly factorRuns: readonly (readonly LlrRun[])[];
  /** Per PE: its structured factors in groups of back-to-back blocks (a whole-PE phase, flooding). */
  readonly groups: readonly (readonly ParityGroup[])[];
  /** Words allocated for the structured path per PE (blocks, descriptors, mirrors). */
  readonly words: Int32Array;
  /** The check-node rule (isa RULE_*). */
  readonly rule: number;
}

/** Scratchpad words one structured factor of degree d costs on its PE besides its n: block, mirror, descriptor. */
export function parityFactorWords(d: number): number {
  return 2 * d + 2 * d + checkDescriptorWords(d);
}

/** Group sorted view addresses (two words each) into maximal back-to-back runs. */
function runsOf(views: number[], mirrorOf: (view: number) => number): LlrRun[] {
  const runs: LlrRun[] = [];
  for (const v of views) {
    const last = runs[runs.length - 1];
    if (last && last.view + last.words === v && last.mirror + last.words === mirrorOf(v)) last.words += 2;
    else runs.push({ view: v, mirror: mirrorOf(v), words: 2 });
  }
  return runs;
}

/** Each structured factor a in factor order, with its first edge eb and its degree d. */
function eachStructured(q: QuantizedGraph, structured: Int8Array, body: (a: number, eb: number, d: number) => void): void {
  for (let a = 0; a < q.nFactors; a++) {
    if (structured[a]! < 0) continue;
    const eb = q.fOff[a]!;
    body(a, eb, q.fOff[a + 1]! - eb);
  }
}

/**
 * Given golden's decision (`structuredParityFactors`), allocate the structured factors' blocks,
 * descriptors and LLR mirrors on their PEs; m_{a→i} of a structured edge lives in its factor's
 * block (the layout's mAddr is set in place). Call after layoutMemory and before writeDescriptors.
 */
export function allocParity(q: QuantizedGraph, cfg: MachineConfig, place: Placement, layout: Layout, structured: Int8Array, semiring: 'sum-product' | 'min-sum'): ParityLowering {
  const count = countStructured(structured);
  const desc = new Int32Array(q.nFactors).fill(-1);
  const c2v = new Int32Array(q.nFactors).fill(-1);
  const mirror = new Int32Array(q.nEdges).fill(-1);
  const P = layout.mem.length;
  const words = new Int32Array(P);
  const used0 = layout.mem.map((m) => m.used);
  const cap = parityCap(q.format.max);
  const viewsOn: number[][] = Array.from({ length: P }, () => []);
  eachStructured(q, structured, (a, eb, d) => {
    const p = place.factorPe[a]!;
    const m = layout.mem[p]!;
    if (Math.ceil((2 * d) / cfg.vregLanes) > MAX_CHUNKS || cfg.vregLanes < 2)
      throw new CompileError(`parity factor ${a} (degree ${d}) needs vregLanes >= ${Math.max(2, Math.ceil((2 * d) / MAX_CHUNKS))} for its structured update (the config has ${cfg.vregLanes}); raise vregLanes or use the dense path (gp5sim infer --parity dense)`);
    // The blocks of a PE lie back to back (factor order), so a whole-PE phase loads them as one region.
    c2v[a] = m.alloc(2 * d);
    for (let j = 0; j < d; j++) layout.mAddr[eb + j] = c2v[a]! + 2 * j;
    for (let j = 0; j < d; j++) viewsOn[p]!.push(layout.nSeenByFactor(eb + j));
  });
  eachStructured(q, structured, (a, _eb, d) => {
    desc[a] = layout.mem[place.factorPe[a]!]!.alloc(checkDescriptorWords(d));
  });
  // Mirrors: one per maximal run of view words, in address order (a run may span several factors).
  const mirrorAt = viewsOn.map(() => new Map<number, number>());
  const runs = viewsOn.map((views, p) => {
    views.sort((x, y) => x - y);
    const pe = runsOf(views, (v) => v);
    for (const r of pe) {
      r.mirror = layout.mem[p]!.alloc(r.words);
      for (let w = 0; w < r.words; w += 2) mirrorAt[p]!.set(r.view + w, r.mirror + w);
    }
    return pe;
  });
  const factorRuns: LlrRun[][] = Array.from({ length: q.nFactors }, () => []);
  eachStructured(q, structured, (a, eb, d) => {
    const p = place.factorPe[a]!;
    const m = layout.mem[p]!;
    const at = desc[a]!;
    m.words[at + CND.degree] = d;
    m.words[at + CND.c2v] = c2v[a]!;
    m.words[at + CND.flags] = 0;
    m.words[at + CND.cap] = cap;
    // app_j[k] must be λ_j, the odd word of the mirror pair: lane 1 of the pair (even parity), lane 0 of pair + 1 (odd).
    const shift = structured[a] === 1 ? 1 : 0;
    const views: number[] = [];
    for (let j = 0; j < d; j++) {
      const v = layout.nSeenByFactor(eb + j);
      views.push(v);
      mirror[eb + j] = mirrorAt[p]!.get(v)!;
      m.words[at + CND.header + j] = mirror[eb + j]! + shift;
    }
    views.sort((x, y) => x - y);
    factorRuns[a] = runsOf(views, (v) => mirrorAt[p]!.get(v)!);
  });
  for (let p = 0; p < P; p++) words[p] = layout.mem[p]!.used - used0[p]!;
  const groups = phaseGroups(q, cfg, place, structured, c2v, P);
  return { structured, count, desc, c2v, mirror, runs, factorRuns, groups, words, rule: parityRule(semiring === 'sum-product') };
}

/**
 * Per PE, its structured factors (factor order) cut into groups whose blocks — back to back — fit
 * GROUP_CHUNKS vector registers: a whole-PE phase holds a group's old blocks while its cnus run.
 */
function phaseGroups(q: QuantizedGraph, cfg: MachineConfig, place: Placement, structured: Int8Array, c2v: Int32Array, P: number): ParityGroup[][] {
  const groups: ParityGroup[][] = Array.from({ length: P }, () => []);
  const limit = GROUP_CHUNKS * cfg.vregLanes;
  eachStructured(q, structured, (a, _eb, d) => {
    const pe = groups[place.factorPe[a]!]!;
    const words = 2 * d;
    const last = pe[pe.length - 1];
    if (last && last.start + last.words === c2v[a]! && last.words + words <= limit) {
      last.words += words;
      last.factors.push(a);
    } else pe.push({ start: c2v[a]!, words, factors: [a] });
  });
  return groups;
}

/** Vector registers of a run: its old block at v(old + k), its new block at v(nu + k) for chunk k. */
interface ParityRegs {
  old: number;
  nu: number;
}
const PARITY_REGS: ParityRegs = { old: V_OLD, nu: V_NEW };

/** `words` consecutive words cut into vregLanes chunks: chunk k starts at off and holds len words. */
function chunks(words: number, cfg: MachineConfig, body: (k: number, off: number, len: number) => void): void {
  for (let k = 0, off = 0; off < words; k++, off += cfg.vregLanes) body(k, off, Math.min(cfg.vregLanes, words - off));
}

function blockChunks(q: QuantizedGraph, cfg: MachineConfig, a: number, body: (k: number, off: number, len: number) => void): void {
  chunks(2 * (q.fOff[a + 1]! - q.fOff[a]!), cfg, body);
}

/**
 * The LLR mirrors of `runs`: mirror[w] = view[w] − view[w − 1] (exact: both words are energies in
 * [0, MAX], so vsub's saturation never fires), vregLanes words per vector.
 */
export function emitLlrConversion(c: CodeEmitter, addr: (addr: number) => MemValue, cfg: MachineConfig, runs: readonly LlrRun[]): void {
  for (const r of runs) {
    for (let off = 0; off < r.words; off += cfg.vregLanes) {
      c.emit('setvli', 0, Math.min(cfg.vregLanes, r.words - off));
      c.emit('vld', V_VIEW, addr(r.view + off));
      c.emit('vld', V_PREV, addr(r.view + off - 1));
      c.emit('vsub', V_VIEW, V_VIEW, V_PREV);
      c.emit('vst', V_VIEW, addr(r.mirror + off));
    }
  }
}

/**
 * The first half of a run of factor a's F updates (they all recompute the whole block): save the
 * old block and issue the cnu (first pass: it reads c2v as 0, so t_j = λ_j from the mirror).
 * `addr` maps a scratchpad address to a memory operand (the 18-bit offset / base register rule).
 */
function emitParityIssue(c: CodeEmitter, addr: (addr: number) => MemValue, q: QuantizedGraph, pl: ParityLowering, cfg: MachineConfig, a: number, regs: ParityRegs): void {
  const lane = pl.structured[a] === 1 ? 0 : 1;
  const c2v = pl.c2v[a]!;
  blockChunks(q, cfg, a, (k, off, len) => {
    c.emit('setvli', 0, len);
    c.emit('vld', regs.old + k, addr(c2v + off));
  });
  c.emit('setvli', 0, 2);
  c.li(R.mask, LLR_FIRST_PASS | (1 << lane));
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
 * One whole run of one factor (sequential, gated flooding): its own conversion, issue, finish.
 * The finish's block read waits for the cnu's write pass (memory ordering across units); flooding
 * avoids that wait by running a PE's cnus back to back (emitParityPhase).
 */
export function emitParityRun(c: CodeEmitter, addr: (addr: number) => MemValue, q: QuantizedGraph, pl: ParityLowering, cfg: MachineConfig, a: number, lambda: number): void {
  emitLlrConversion(c, addr, cfg, pl.factorRuns[a]!);
  emitParityIssue(c, addr, q, pl, cfg, a, PARITY_REGS);
  emitParityFinish(c, addr, q, pl, cfg, a, PARITY_REGS, lambda);
}

/**
 * Every structured factor of PE p at once (flooding's factor phase, after the conversion): per
 * group, load the old blocks, run the group's cnus back to back (each one's write pass drains
 * behind the next cnu, instead of a block read waiting for it after every factor), then per chunk
 * read the new blocks, damp, and fold the change into r1. The words and the change are exactly
 * those of one run per factor: damping and |new − old| are per word, the change a max.
 */
export function emitParityPhase(c: CodeEmitter, addr: (addr: number) => MemValue, pl: ParityLowering, cfg: MachineConfig, p: number, lambda: number): void {
  for (const g of pl.groups[p]!) {
    chunks(g.words, cfg, (k, off, len) => {
      c.emit('setvli', 0, len);
      c.emit('vld', V_GROUP_OLD + k, addr(g.start + off));
    });
    c.emit('setvli', 0, 2);
    let mask = -1;
    for (const a of g.factors) {
      const m = LLR_FIRST_PASS | (1 << (pl.structured[a] === 1 ? 0 : 1));
      if (m !== mask) c.li(R.mask, m);
      mask = m;
      c.li(R.desc, pl.desc[a]!);
      c.emit(CNU_MNEMONIC[pl.rule]!, R.flags, R.desc, R.mask);
    }
    chunks(g.words, cfg, (k, off, len) => {
      c.emit('setvli', 0, len);
      c.emit('vld', V_GROUP_NEW, addr(g.start + off));
      if (lambda !== 0) {
        c.emit('vdamp', V_GROUP_NEW, V_GROUP_NEW, V_GROUP_OLD + k, lambda);
        c.emit('vst', V_GROUP_NEW, addr(g.start + off));
      }
      c.emit('vmaxad', REG.change, V_GROUP_NEW, V_GROUP_OLD + k);
    });
  }
}

/**
 * Per code generator (flooding): whether this factor phase's structured factors are already
 * emitted (every PE's conversion and emitParityPhase); a variable update starts the next phase.
 */
const converted = new WeakMap<Codegen, boolean>();

/** A variable update was lowered: the mirrors are stale, the next factor phase starts afresh. */
export function noteVariableUpdate(g: Codegen): void {
  converted.set(g, false);
}

/**
 * F updates of structured parity factor a, as the code generator meets the first of a run: all of
 * a's inputs must be current (lazy schedules fetch them), and every m of a changes.
 */
export function lowerParityUpdate(g: Codegen, a: number, lazy: boolean): void {
  const { q, cfg, placement, parity, options } = g.input;
  const p = placement.factorPe[a]!;
  if (lazy) for (let j = q.fOff[a]!; j < q.fOff[a + 1]!; j++) g.exchange.needN(j);
  if (options.schedule === 'flooding' && !lazy) {
    // Flooding's factor phase: every copy is current after the phase's sync and no n changes until
    // the next variable phase, so each PE converts and updates all its structured factors at the
    // phase's first one (their order among the phase's fupds does not matter: each writes only
    // its own m); the phase's later structured F updates emit nothing.
    if (converted.get(g)) return;
    converted.set(g, true);
    for (let pe = 0; pe < cfg.pes; pe++) {
      const at = (x: number) => g.out.at(pe, x);
      emitLlrConversion(g.out.code[pe]!, at, cfg, parity.runs[pe]!);
      emitParityPhase(g.out.code[pe]!, at, parity, cfg, pe, options.lambda);
    }
    for (let e = 0; e < q.nEdges; e++) if (parity.structured[q.edgeFactor[e]!]! >= 0) g.exchange.wroteM(e);
    return;
  }
  emitParityRun(g.out.code[p]!, (x) => g.out.at(p, x), q, parity, cfg, a, options.lambda);
  for (let e = q.fOff[a]!; e < q.fOff[a + 1]!; e++) g.exchange.wroteM(e);
}

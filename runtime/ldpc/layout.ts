// Scratchpad layout of the structured LDPC decoder on one PE. Every PE holds the whole code and
// decodes batches of VL frames (lane k = frame k) one after another: each batch has a slot (its
// own app/channel vectors, descriptors pointing at them, mask and iteration log), the c2v block is
// shared. Several slots per PE let PEs run on independently instead of every PE waiting for the
// slowest batch of the array (a frame-parallel accelerator streams frames into each PE's queue).
import { requireSignedMessages } from '../errors.js';
import { UserError } from '../../errors/index.js';
import {
  checkDescriptorWords,
  variableNodeDescriptorWords,
  scratchpadWords,
  codeWords,
  LLR_MAX_DEGREE,
  LLR_MAX_LANES,
  configFormat,
  type MachineConfig,
} from '../../isa/index.js';
// IMM_REACH: the largest word address a memory-operand immediate reaches (from the ISA table).
import { MEM_OFFSET_MAX as IMM_REACH } from '../codegen/builder.js';
import { ldpcEdges, ldpcCaps, type LdpcCaps, type LdpcEdges, type ParityCheckMatrix } from '../../golden/index.js';

/** Most batch slots per PE (more only lengthens a run). */
export const MAX_SLOTS = 8;

export type LdpcChipSchedule = 'flooding' | 'layered';

/** The code (or the decoder's options) does not fit the chip; the message names the limit. */
export class LdpcFitError extends UserError {
  override name = 'LdpcFitError';
}

/** One batch of VL frames on a PE. */
export interface LdpcSlot {
  /** Word holding the initial active-lane mask. */
  maskAddr: number;
  /** Per-pass log of the active mask (maxIter words). */
  logAddr: number;
  /** Check descriptor address per check (−1 for an empty check). */
  checkDesc: Int32Array;
  /** Variable descriptor address per bit (flooding only, else empty). */
  varDesc: Int32Array;
  appAddr: number;
  /** Channel vectors (flooding only; −1 for layered, where the app starts as the channel). */
  chAddr: number;
}

export interface LdpcLayout {
  edges: LdpcEdges;
  /** Frames per batch = lanes of every vector (VL). */
  vl: number;
  c2vAddr: number;
  slots: LdpcSlot[];
  /** Saturation plan: the c2v cap in every check descriptor, the channel clamp and scale α (golden's ldpcCaps). */
  caps: LdpcCaps;
  /** Words of scratchpad used. */
  words: number;
}

/** Instructions of one slot's program (program.ts emits at most this many). */
export function ldpcSlotCodeWords(g: LdpcEdges, schedule: LdpcChipSchedule): number {
  return 16 + 2 * g.m + (schedule === 'flooding' ? 2 * g.n : 0);
}

function slotWords(g: LdpcEdges, vl: number, schedule: LdpcChipSchedule, maxIter: number): number {
  let w = 1 + maxIter + g.n * vl;
  for (let r = 0; r < g.m; r++) if (g.rowStart[r + 1] > g.rowStart[r]) w += checkDescriptorWords(g.rowStart[r + 1] - g.rowStart[r]);
  if (schedule === 'flooding') w += g.n * vl + g.n * variableNodeDescriptorWords(0) + g.edges;
  return w;
}

/** Lay out up to `wantSlots` batch slots (at least one, else LdpcFitError naming the limit). */
export function planLdpc(h: ParityCheckMatrix, cfg: MachineConfig, schedule: LdpcChipSchedule, maxIter: number, wantSlots = MAX_SLOTS): LdpcLayout {
  if (!(Number.isInteger(maxIter) && maxIter >= 1)) throw new LdpcFitError(`the chip decoder needs an iteration cap of at least 1, got ${maxIter}`);
  requireSignedMessages(cfg, 'the LDPC decoder (cnu/vnu)');
  const g = ldpcEdges(h);
  const vl = Math.min(cfg.lanes, cfg.vregLanes, LLR_MAX_LANES);
  for (let r = 0; r < g.m; r++) {
    const d = g.rowStart[r + 1] - g.rowStart[r];
    if (d > LLR_MAX_DEGREE) throw new LdpcFitError(`check ${r + 1} has degree ${d}; the LLR unit streams checks of degree at most ${LLR_MAX_DEGREE}`);
  }
  for (let v = 0; schedule === 'flooding' && v < g.n; v++) {
    const d = g.colStart[v + 1] - g.colStart[v];
    if (d > LLR_MAX_DEGREE) throw new LdpcFitError(`bit ${v + 1} is in ${d} checks; vnu streams at most ${LLR_MAX_DEGREE} edges`);
  }
  const spm = Math.min(scratchpadWords(cfg), IMM_REACH + 1);
  const shared = g.edges * vl;
  const per = slotWords(g, vl, schedule, maxIter);
  const fit = Math.floor((spm - shared) / per);
  if (fit < 1) {
    const what = scratchpadWords(cfg) > IMM_REACH + 1 ? `the ${IMM_REACH + 1} words the decoder program can address (18-bit immediates)` : `the scratchpad's ${spm} words (config scratchpadBytes ${cfg.scratchpadBytes})`;
    throw new LdpcFitError(
      `the code needs ${shared + per} scratchpad words per PE (${g.edges} edges and ${g.n} bits × ${vl} lanes, descriptors, a ${maxIter}-word iteration log), more than ${what}; use fewer lanes, a larger scratchpad or fewer iterations`,
    );
  }
  const count = Math.max(1, Math.min(fit, wantSlots, MAX_SLOTS));
  const perCode = ldpcSlotCodeWords(g, schedule);
  if (perCode + 1 > codeWords(cfg)) throw new LdpcFitError(`the decoder program needs ${perCode + 1} instruction words but the instruction memory holds ${codeWords(cfg)} (config codeBytes ${cfg.codeBytes})`);
  const slotsFitCode = Math.max(1, Math.floor((codeWords(cfg) - 1) / perCode));
  const c2vAddr = 0;
  let at = shared;
  const slots: LdpcSlot[] = [];
  for (let s = 0; s < Math.min(count, slotsFitCode); s++) {
    const maskAddr = at++;
    const logAddr = at;
    at += maxIter;
    const checkDesc = new Int32Array(g.m).fill(-1);
    for (let r = 0; r < g.m; r++) {
      const d = g.rowStart[r + 1] - g.rowStart[r];
      if (d === 0) continue;
      checkDesc[r] = at;
      at += checkDescriptorWords(d);
    }
    const varDesc = new Int32Array(schedule === 'flooding' ? g.n : 0);
    for (let v = 0; v < varDesc.length; v++) {
      varDesc[v] = at;
      at += variableNodeDescriptorWords(g.colStart[v + 1] - g.colStart[v]);
    }
    const appAddr = at;
    at += g.n * vl;
    const chAddr = schedule === 'flooding' ? at : -1;
    if (schedule === 'flooding') at += g.n * vl;
    slots.push({ maskAddr, logAddr, checkDesc, varDesc, appAddr, chAddr });
  }
  let maxVar = 0;
  for (let v = 0; v < g.n; v++) maxVar = Math.max(maxVar, g.colStart[v + 1] - g.colStart[v]);
  const caps = ldpcCaps(configFormat(cfg), maxVar);
  return { edges: g, vl, c2vAddr, slots, caps, words: at };
}

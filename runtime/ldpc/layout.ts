// Scratchpad layout of the structured LDPC decoder on one PE. Every PE holds the whole code and
// decodes its own batch of VL frames (lane k = frame k), so every PE gets the same layout.
import { UserError } from '../../errors/index.js';
import {
  checkDescriptorWords,
  variableNodeDescriptorWords,
  scratchpadWords,
  codeWords,
  LLR_MAX_DEGREE,
  LLR_MAX_LANES,
  type MachineConfig,
} from '../../isa/index.js';
import { ldpcEdges, type LdpcEdges, type ParityCheckMatrix } from '../../golden/index.js';

/** Largest word address an addi/vst immediate reaches. */
const IMM_REACH = 131071;

export type LdpcChipSchedule = 'flooding' | 'layered';

/** The code (or the decoder's options) does not fit the chip; the message names the limit. */
export class LdpcFitError extends UserError {
  override name = 'LdpcFitError';
}

export interface LdpcLayout {
  edges: LdpcEdges;
  /** Frames per PE batch = lanes of every vector (VL). */
  vl: number;
  /** Word holding the initial active-lane mask. */
  maskAddr: number;
  /** Per-pass log of the active mask (maxIter words). */
  logAddr: number;
  /** Check descriptor address per check (−1 for an empty check). */
  checkDesc: Int32Array;
  /** Variable descriptor address per bit (flooding only, else empty). */
  varDesc: Int32Array;
  c2vAddr: number;
  appAddr: number;
  /** Channel vectors (flooding only; −1 for layered, where the app starts as the channel). */
  chAddr: number;
  /** Words of scratchpad used. */
  words: number;
}

/** Instructions of the decoder program (must match program.ts): per check 2, per bit 2 (flooding), setup and zeroing. */
export function ldpcCodeWords(g: LdpcEdges, schedule: LdpcChipSchedule): number {
  return 16 + g.edges + 2 * g.m + (schedule === 'flooding' ? 2 * g.n : 0);
}

export function planLdpc(h: ParityCheckMatrix, cfg: MachineConfig, schedule: LdpcChipSchedule, maxIter: number): LdpcLayout {
  if (!(Number.isInteger(maxIter) && maxIter >= 1)) throw new LdpcFitError(`the chip decoder needs an iteration cap of at least 1, got ${maxIter}`);
  const g = ldpcEdges(h);
  const vl = Math.min(cfg.lanes, cfg.vregLanes, LLR_MAX_LANES);
  let maxCheck = 0;
  for (let r = 0; r < g.m; r++) maxCheck = Math.max(maxCheck, g.rowStart[r + 1] - g.rowStart[r]);
  if (maxCheck > LLR_MAX_DEGREE) throw new LdpcFitError(`a check has degree ${maxCheck}; the LLR unit streams checks of degree at most ${LLR_MAX_DEGREE}`);
  let maxVar = 0;
  for (let v = 0; v < g.n; v++) maxVar = Math.max(maxVar, g.colStart[v + 1] - g.colStart[v]);
  if (schedule === 'flooding' && maxVar > LLR_MAX_DEGREE) throw new LdpcFitError(`a bit is in ${maxVar} checks; vnu streams at most ${LLR_MAX_DEGREE} edges`);
  const maskAddr = 0;
  const logAddr = 1;
  let at = logAddr + maxIter;
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
  const c2vAddr = at;
  at += g.edges * vl;
  const appAddr = at;
  at += g.n * vl;
  const chAddr = schedule === 'flooding' ? at : -1;
  if (schedule === 'flooding') at += g.n * vl;
  const spm = scratchpadWords(cfg);
  if (at > spm) {
    throw new LdpcFitError(
      `the code needs ${at} scratchpad words per PE (${g.edges} edges and ${g.n} bits × ${vl} lanes, descriptors, a ${maxIter}-word iteration log) but the scratchpad has ${spm} (config scratchpadBytes ${cfg.scratchpadBytes}); use fewer lanes, a larger scratchpad or fewer iterations`,
    );
  }
  if (at > IMM_REACH) throw new LdpcFitError(`the code needs ${at} scratchpad words per PE; the decoder program addresses at most ${IMM_REACH} (18-bit immediates)`);
  const code = ldpcCodeWords(g, schedule);
  if (code > codeWords(cfg)) throw new LdpcFitError(`the decoder program needs ${code} instruction words but the instruction memory holds ${codeWords(cfg)} (config codeBytes ${cfg.codeBytes})`);
  return { edges: g, vl, maskAddr, logAddr, checkDesc, varDesc, c2vAddr, appAddr, chAddr, words: at };
}

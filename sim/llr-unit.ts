// The simulator side of cnu.<rule> and vnu: validate the descriptor, run the isa/ kernel, and
// report beats, the written block and useful lane-operations through one reused record (the hot
// path allocates nothing). Also the useful lane-operations of the dense fupd/vupd updates.
import {
  checkCheckDescriptor,
  checkVariableNodeDescriptor,
  cnuExecute,
  vnuExecute,
  cnuBeatsFor,
  vnuBeatsFor,
  activeLanes,
  CND,
  VND,
  FD,
  VD,
  type FixedFormat,
} from '../isa/index.js';

export interface LlrIssue {
  beats: number;
  /** New value of rd (cnu: rd | not-converged lanes). */
  value: number;
  /** The block reported as written (cnu: the c2v block; vnu: the app vector). */
  writeAddr: number;
  writeLen: number;
  /** Useful lane-operations: streamed vectors × active lanes. */
  laneOps: number;
}

/** Execute one cnu (rule ≥ 0) or vnu (rule < 0); throws KernelFault on a bad descriptor. */
export function issueLlr(f: FixedFormat, spm: Int32Array, rule: number, desc: number, active: number, acc: number, vl: number, lanes: number, r: LlrIssue): void {
  const used = activeLanes(active, vl);
  if (rule >= 0) {
    const d = checkCheckDescriptor(spm, desc, vl);
    r.value = acc | cnuExecute(f, rule, spm, desc, d, vl, active);
    r.beats = cnuBeatsFor(d, vl, lanes);
    r.writeAddr = spm[desc + CND.c2v];
    r.writeLen = d * vl;
    r.laneOps = 2 * d * used;
  } else {
    const deg = checkVariableNodeDescriptor(spm, desc, vl);
    vnuExecute(f, spm, desc, deg, vl, active);
    r.value = acc;
    r.beats = vnuBeatsFor(deg, vl, lanes);
    r.writeAddr = spm[desc + VND.app];
    r.writeLen = vl;
    r.laneOps = (deg + 1) * used;
  }
}

/**
 * Useful lane-operations of a validated fupd / vupd descriptor: the streamed lengths themselves
 * (N table entries + Σ card_j message words; (inputs used + 1) · D), not the ⌈·/L⌉·L lanes.
 */
export function denseLaneOps(spm: Int32Array, desc: number, isFupd: boolean): number {
  if (isFupd) {
    let ops = spm[desc + FD.entries];
    const k = spm[desc + FD.arity];
    for (let j = 0; j < k; j++) ops += spm[desc + FD.header + FD.perVar * j + FD.card];
    return ops;
  }
  const d = spm[desc + VD.card];
  const n = spm[desc + VD.inputs];
  const x = spm[desc + VD.exclude];
  return (x >= 0 && x < n ? n : n + 1) * d;
}

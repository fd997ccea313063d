// The simulator side of pfu.sp / pfu.ms: validate the descriptor, run the isa/ kernel, and report
// beats (including the gather's bank conflicts), the written output block, useful lane-operations
// (one per message: each lane computes one factor→variable message) and messages, through one
// reused record (the hot path allocates nothing).
import { checkPairwiseDescriptor, pfuBeats, pfuExecute, PD, type FixedFormat } from '../isa/index.js';

export interface PairwiseIssue {
  beats: number;
  value: number;
  writeAddr: number;
  writeLen: number;
  /** Messages computed (= lanes used = useful lane-operations). */
  messages: number;
}

/** Execute one pfu; throws KernelFault on a bad descriptor. */
export function issuePairwise(f: FixedFormat, spm: Int32Array, desc: number, sumProduct: boolean, acc: number, lanes: number, r: PairwiseIssue): void {
  const n = checkPairwiseDescriptor(spm, desc);
  r.beats = pfuBeats(spm, desc, n, lanes);
  r.value = pfuExecute(f, spm, desc, n, sumProduct, acc);
  r.writeAddr = spm[desc + PD.out];
  r.writeLen = n;
  r.messages = n;
}

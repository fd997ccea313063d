// One frame batch of the runtime's structured LDPC decoder (runtime/ldpc: cnu.<rule> and vnu on the
// LLR unit) as a program image for co-simulation: the decoder compiled for P PEs with one batch slot
// each, every PE's slot loaded with VL seeded BPSK/AWGN frames (the all-zero codeword), as the
// runtime's static dispatch loads them, quantised as the runtime's decoder quantises (quantizeForChip).
import { readFileSync } from 'node:fs';
import type { LlrRule, MachineConfig } from '../isa/index.js';
import { parseAlist, Prng } from '../golden/index.js';
import { compileLdpc, awgnFrames, loadSlot, quantizeForChip, type LdpcChipSchedule } from '../runtime/index.js';
import type { ProgramImage } from '../sim/index.js';

export interface LdpcCaseSpec {
  /** Parity-check matrix (.alist). */
  alist: string;
  rule: LlrRule;
  /** Eb/N0 in dB at the code's design rate 1 − m/n. */
  ebn0: number;
  seed: number;
  maxIter: number;
}

/** The decoder image for cfg.pes PEs, each decoding its own batch of VL frames (P·VL frames in all). */
export function ldpcCaseImage(spec: LdpcCaseSpec, schedule: LdpcChipSchedule, cfg: MachineConfig): ProgramImage {
  const h = parseAlist(readFileSync(spec.alist, 'utf8'), spec.alist);
  const prog = compileLdpc(h, cfg, { rule: spec.rule, schedule, maxIter: spec.maxIter, earlyStop: true, slots: 1 });
  const { vl, slots } = prog.layout;
  const frames = cfg.pes * vl;
  const llr = awgnFrames(h.n, 1 - h.m / h.n, spec.ebn0, frames, new Prng(spec.seed));
  const channel = quantizeForChip(cfg, prog.layout, llr); // the runtime's own quantiser (scale α, clamp)
  for (let pe = 0; pe < cfg.pes; pe++) loadSlot(prog.image.scratchpad[pe], slots[0], vl, h.n, channel, frames, pe * vl);
  return prog.image;
}

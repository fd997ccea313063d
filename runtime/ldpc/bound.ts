// The default datapath's lane bound for a code: if every lane of every PE did useful LLR work in
// every cycle, how fast could the chip decode? Useful lane-operations per frame per iteration are
// E for layered (one check update per edge) and E + (E + n) for flooding (plus the vnu pass over
// the channel and edge vectors); the array does P·L of them per cycle. Also the host-link charge
// for loading frames and reading decisions back (ldpcHostIo, HOST_LINK_BYTES_PER_SECOND).
import { scratchpadWords, type MachineConfig } from '../../isa/index.js';
import type { LdpcChipSchedule } from './layout.js';

export interface LaneBound {
  laneOpsPerFrameIteration: number;
  /** Cycles per frame at the bound, for the given mean iterations. */
  cyclesPerFrame: number;
  /** Information Mbit/s at the bound and the config's clock. */
  mbps: number;
}

export function ldpcLaneBound(code: { n: number; edges: number }, infoBits: number, cfg: MachineConfig, schedule: LdpcChipSchedule, meanIterations: number): LaneBound {
  const perIter = schedule === 'layered' ? code.edges : 2 * code.edges + code.n;
  const cyclesPerFrame = (perIter * meanIterations) / (cfg.pes * cfg.lanes);
  return { laneOpsPerFrameIteration: perIter, cyclesPerFrame, mbps: cyclesPerFrame > 0 ? (infoBits * cfg.clockMHz) / cyclesPerFrame : Infinity };
}

/**
 * Host-link bandwidth, bytes per second, charged for LDPC frame I/O (channel LLRs in, posteriors
 * out). An ASSUMPTION, stated here once: the machine config has no host-link parameter. 4e9 B/s is
 * about a PCIe 3.0 ×4 link's payload rate (4 lanes × 8 GT/s × 128/130 ÷ 8 ≈ 3.94e9 B/s, rounded up).
 */
export const HOST_LINK_BYTES_PER_SECOND = 4e9;

export interface HostIo {
  /** Scratchpad words the host wrote (channel/app vectors, lane masks) and read (app vectors, iteration logs). */
  wordsIn: number;
  wordsOut: number;
  /** Bytes over the link: words × the scratchpad word size (scratchpadBytes / scratchpadWords). */
  bytes: number;
  /** Link time at HOST_LINK_BYTES_PER_SECOND. */
  seconds: number;
  /** Information Mbit/s with the link time added to the decode time (no overlap: load, decode, read back). */
  mbps: number;
  /** Information Mbit/s of the link alone: the ceiling if transfers overlapped decoding completely. */
  linkMbps: number;
}

/** The host I/O figure of a decode of `infoBits` information bits in `cycles` chip cycles that moved these words. */
export function ldpcHostIo(cfg: MachineConfig, infoBits: number, cycles: number, wordsIn: number, wordsOut: number): HostIo {
  const bytes = (wordsIn + wordsOut) * (cfg.scratchpadBytes / scratchpadWords(cfg));
  const seconds = bytes / HOST_LINK_BYTES_PER_SECOND;
  const total = cycles / (cfg.clockMHz * 1e6) + seconds;
  return { wordsIn, wordsOut, bytes, seconds, mbps: total > 0 ? infoBits / total / 1e6 : 0, linkMbps: seconds > 0 ? infoBits / seconds / 1e6 : 0 };
}

// The default datapath's lane bound for a code: if every lane of every PE did useful LLR work in
// every cycle, how fast could the chip decode? Useful lane-operations per frame per iteration are
// E for layered (one check update per edge) and E + (E + n) for flooding (plus the vnu pass over
// the channel and edge vectors); the array does P·L of them per cycle.
import type { MachineConfig } from '../../isa/index.js';
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

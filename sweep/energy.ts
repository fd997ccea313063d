// The energy and area ESTIMATE of a run, from the simulator's counters and energy-config.ts. The
// simulator counts instructions, useful lane-operations, messages and flit-hops; events it does
// not count are derived from those and each metric says so in ENERGY_NOTES.
import type { LlrRule, MachineConfig } from '../isa/index.js';
import { ENERGY_CONSTANTS as K, sramPj64 } from './energy-config.js';

/** The simulator counters the estimate reads (a SimReport has them; the LDPC decoder sums them). */
export interface EnergyCounters {
  instructions: number;
  /** The simulator's useful lane-operation counter. */
  laneOps: number;
  flitHops: number;
}

/** A SimReport's counters. */
export const reportCounters = (r: { instructions: number; laneOps: number; network: { flitHops: number } }): EnergyCounters => ({ instructions: r.instructions, laneOps: r.laneOps, flitHops: r.network.flitHops });

export interface EventEnergies {
  aluOp: number;
  laneOp: number;
  tableRead: number;
  scratchpadWord: number;
  sharedBankWord: number;
  flitHop: number;
  maxStarLookup: number;
}

/** pJ per event for a machine (W, lanes, memory sizes). */
export function eventEnergies(cfg: MachineConfig): EventEnergies {
  const W = cfg.messageBits;
  const word = (bytes: number) => (sramPj64(bytes) * W) / 64;
  return {
    aluOp: K.addPjPerBit * W,
    // A max*-combine lane step: an add and a compare-subtract.
    laneOp: 2 * K.addPjPerBit * W,
    tableRead: word(cfg.scratchpadBytes),
    scratchpadWord: word(cfg.scratchpadBytes),
    sharedBankWord: word(cfg.sharedBytes / cfg.sharedBanks),
    flitHop: K.wirePjPerBitMm * K.hopMm * cfg.lanes * W,
    maxStarLookup: word((cfg.maxStarTableSize * W) / 8),
  };
}

export const ENERGY_NOTES =
  'estimate (45 nm, Horowitz ISSCC 2014 scaling; sweep/energy-config.ts): lane-ops = the simulator\'s useful lane-operation counter; ' +
  'factor graphs: table reads = max* lookups = lane-ops; scratchpad words = 2 x lane-ops + instructions; ' +
  'LDPC (cnu/vnu on the LLR unit): no table reads; scratchpad words = 4 x lane-ops (read app and c2v, write both) + instructions; max* lookups = 6 x lane-ops for spa (3 box-plus per edge, 2 corrections each), 0 for ms/nms/oms; ' +
  'shared-bank words not counted (0); instruction fetch and leakage not modelled';

/** Event counts of a factor-graph run (fupd/vupd), from the simulator's counters. */
export function eventCounts(c: EnergyCounters): Record<keyof EventEnergies, number> {
  return {
    aluOp: c.instructions,
    laneOp: c.laneOps,
    tableRead: c.laneOps,
    scratchpadWord: 2 * c.laneOps + c.instructions,
    sharedBankWord: 0,
    flitHop: c.flitHops,
    maxStarLookup: c.laneOps,
  };
}

/** Event counts of an LDPC decode on the LLR unit (cnu/vnu lane-operations: one edge of one frame). */
export function ldpcEventCounts(c: EnergyCounters, rule: LlrRule): Record<keyof EventEnergies, number> {
  return {
    aluOp: c.instructions,
    laneOp: c.laneOps,
    tableRead: 0,
    scratchpadWord: 4 * c.laneOps + c.instructions,
    sharedBankWord: 0,
    flitHop: c.flitHops,
    maxStarLookup: rule === 'spa' ? 6 * c.laneOps : 0,
  };
}

function totalPj(e: EventEnergies, n: Record<keyof EventEnergies, number>): number {
  let pj = 0;
  for (const k of Object.keys(e) as (keyof EventEnergies)[]) pj += e[k] * n[k];
  return pj;
}

/** pJ of an LDPC decode's events. */
export function ldpcEnergyPj(c: EnergyCounters, cfg: MachineConfig, rule: LlrRule): number {
  return totalPj(eventEnergies(cfg), ldpcEventCounts(c, rule));
}

/** Energy metrics of a factor-graph run: total, per message, per frame, per information bit, mean power (area: areaMetrics). */
export function energyMetrics(r: EnergyCounters & { cycles: number }, cfg: MachineConfig, per: { messages?: number; frames?: number; infoBits?: number } = {}): Record<string, number | null> {
  const pj = totalPj(eventEnergies(cfg), eventCounts(r));
  const seconds = r.cycles / (cfg.clockMHz * 1e6);
  return {
    'est.energyPj': pj,
    'est.pjPerMessage': per.messages ? pj / per.messages : null,
    'est.njPerFrame': per.frames ? pj / 1000 / per.frames : null,
    'est.pjPerInfoBit': per.infoBits ? pj / per.infoBits : null,
    'est.powerMw': seconds > 0 ? (pj * 1e-12) / seconds / 1e-3 : null,
  };
}

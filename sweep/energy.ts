// The energy and area ESTIMATE of a run, from the simulator's counters and energy-config.ts. The
// simulator counts instructions, useful lane-operations, messages and flit-hops; events it does
// not count are derived from those and each metric says so in ENERGY_NOTES.
import type { MachineConfig } from '../isa/index.js';
import type { SimReport } from '../sim/index.js';
import { ENERGY_CONSTANTS as K, sramPj64 } from './energy-config.js';

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
  'table reads = max* lookups = lane-ops; scratchpad words = 2 x lane-ops + instructions; shared-bank words not counted (0); instruction fetch and leakage not modelled';

/** Event counts of a run, from the simulator's counters. */
export function eventCounts(r: SimReport): Record<keyof EventEnergies, number> {
  const laneOps = r.laneOps; // the simulator's useful lane-operation counter
  return {
    aluOp: r.instructions,
    laneOp: laneOps,
    tableRead: laneOps,
    scratchpadWord: 2 * laneOps + r.instructions,
    sharedBankWord: 0,
    flitHop: r.network.flitHops,
    maxStarLookup: laneOps,
  };
}

/** Area estimate in mm² (per-unit figures; the RTL has no synthesis cell counts yet). */
export function areaMm2(cfg: MachineConfig): number {
  const W = cfg.messageBits;
  const um2 =
    cfg.pes *
      (cfg.scratchpadBytes * 8 * K.sramUm2PerBit +
        cfg.codeBytes * 8 * K.sramUm2PerBit +
        cfg.maxStarTableSize * W * K.sramUm2PerBit +
        cfg.lanes * W * K.adderUm2PerBit * K.laneAdderEquivalents +
        W * K.adderUm2PerBit * K.scalarAdderEquivalents +
        K.routerPorts * K.routerBufferFlits * cfg.lanes * W * K.sramUm2PerBit) +
    cfg.sharedBytes * 8 * K.sramUm2PerBit;
  return um2 / 1e6;
}

/** Energy metrics of a run: total, per message, per frame, per information bit, mean power, area. */
export function energyMetrics(r: SimReport, cfg: MachineConfig, per: { messages?: number; frames?: number; infoBits?: number } = {}): Record<string, number | null> {
  const e = eventEnergies(cfg);
  const n = eventCounts(r);
  let pj = 0;
  for (const k of Object.keys(e) as (keyof EventEnergies)[]) pj += e[k] * n[k];
  const seconds = r.cycles / (cfg.clockMHz * 1e6);
  return {
    'est.energyPj': pj,
    'est.pjPerMessage': per.messages ? pj / per.messages : null,
    'est.njPerFrame': per.frames ? pj / 1000 / per.frames : null,
    'est.pjPerInfoBit': per.infoBits ? pj / per.infoBits : null,
    'est.powerMw': seconds > 0 ? (pj * 1e-12) / seconds / 1e-3 : null,
    'est.areaMm2': areaMm2(cfg),
  };
}

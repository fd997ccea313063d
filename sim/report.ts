// Performance counters gathered into one plain report object (the CLI prints it or emits JSON).
import { STALL_CAUSE_NAMES, type MachineConfig, type StallCause } from '../isa/index.js';
import type { Machine, RunResult } from './machine.js';
import type { FaultReport } from './faults.js';

export interface PeReport {
  pe: number;
  /** Cycles until this PE halted (or the run length if it did not). */
  cycles: number;
  instructions: number;
  /** (issue cycles + busy cycles) / cycles. */
  utilization: number;
  stalls: Record<StallCause, number>;
  bankConflicts: number;
  messagesSent: number;
  flitsSent: number;
  flitHops: number;
  /** Messages computed by fupd/vupd. */
  bpMessages: number;
  /** Useful lane-operations (vector elements streamed, not ⌈·/L⌉·L lanes). */
  laneOps: number;
  halted: boolean;
  pc: number;
}

export interface SimReport {
  status: 'halted' | 'fault';
  fault?: FaultReport;
  cycles: number;
  instructions: number;
  /** Mean utilisation over PEs. */
  utilization: number;
  stalls: Record<StallCause, number>;
  bankConflicts: number;
  network: { messages: number; flits: number; flitHops: number; linkWaitCycles: number };
  bpMessages: number;
  laneOps: number;
  /** Useful lane-operations / (P · L · cycles). */
  laneUtilization: number;
  timeMicroseconds: number;
  config: { pes: number; mesh: string; lanes: number; messageBits: number; fracBits: number; clockMHz: number };
  pes: PeReport[];
}

function emptyStalls(): Record<StallCause, number> {
  return Object.fromEntries(STALL_CAUSE_NAMES.map((c) => [c, 0])) as Record<StallCause, number>;
}

export function buildReport(m: Machine, result: RunResult, cfg: MachineConfig): SimReport {
  const total = emptyStalls();
  const pes: PeReport[] = m.pes.map((s) => {
    const cycles = s.halted ? s.haltCycle + 1 : result.cycles;
    const stalls = emptyStalls();
    STALL_CAUSE_NAMES.forEach((c, i) => {
      stalls[c] = s.stalls[i];
      total[c] += s.stalls[i];
    });
    return {
      pe: s.id,
      cycles,
      instructions: s.instret,
      utilization: cycles > 0 ? Math.min(1, (s.instret + stalls.busy) / cycles) : 0,
      stalls,
      bankConflicts: s.bankConflicts,
      messagesSent: s.messagesSent,
      flitsSent: s.flitsSent,
      flitHops: s.flitHops,
      bpMessages: s.msgs,
      laneOps: s.laneOps,
      halted: s.halted,
      pc: s.pc,
    };
  });
  const sum = (f: (p: PeReport) => number) => pes.reduce((a, p) => a + f(p), 0);
  return {
    status: result.status,
    ...(result.fault ? { fault: result.fault } : {}),
    cycles: result.cycles,
    instructions: sum((p) => p.instructions),
    utilization: pes.length ? sum((p) => p.utilization) / pes.length : 0,
    stalls: total,
    bankConflicts: sum((p) => p.bankConflicts),
    network: { messages: sum((p) => p.messagesSent), flits: sum((p) => p.flitsSent), flitHops: sum((p) => p.flitHops), linkWaitCycles: m.mesh.waitCycles },
    bpMessages: sum((p) => p.bpMessages),
    laneOps: sum((p) => p.laneOps),
    laneUtilization: result.cycles > 0 ? sum((p) => p.laneOps) / (cfg.pes * cfg.lanes * result.cycles) : 0,
    timeMicroseconds: result.cycles / cfg.clockMHz,
    config: { pes: cfg.pes, mesh: `${cfg.meshWidth}x${cfg.meshHeight}`, lanes: cfg.lanes, messageBits: cfg.messageBits, fracBits: cfg.fracBits, clockMHz: cfg.clockMHz },
    pes,
  };
}

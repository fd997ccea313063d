// Timing vocabulary of the ISA table: units, beat rules and stall causes.
import type { BeatRule, Unit } from './types.js';

export const UNITS: Record<Unit, string> = {
  alu: 'scalar ALU (single cycle)',
  mul: 'scalar multiplier (pipelined)',
  branch: 'branch unit (resolves in execute)',
  lsu: 'load/store unit: scratchpad and shared message memory',
  vec: 'vector datapath, L lanes per beat',
  fu: 'factor/variable update unit (streams descriptors, tables and messages)',
  net: 'network interface (mesh injection and ejection)',
  sync: 'barrier and reduction network',
  ctrl: 'loop stack and halt',
};

/** Beats per rule: the formula, and what the beats are spent on. */
export const BEAT_RULES: Record<BeatRule, { formula: string; note?: string }> = {
  one: { formula: '1' },
  vl: { formula: '⌈VL / L⌉' },
  vl2: { formula: '2 · ⌈VL / L⌉' },
  fupd: { formula: '1 + ⌈N / L⌉ + Σ_j ⌈card_j / L⌉', note: 'descriptor, table stream, one load per scope message' },
  vupd: { formula: '1 + (n_used + 1) · ⌈D / L⌉', note: 'descriptor, one pass per used input, the normalise/write pass' },
  msg: { formula: '⌈len / L⌉', note: 'one flit of L words per cycle' },
  cnu: { formula: '1 + d · ⌈VL / L⌉ (+ wait)', note: 'descriptor and the read pass of the d edge vectors; the write pass of d · ⌈VL / L⌉ beats drains behind the next cnu and adds to the latency; a cnu or vnu that reads a vector still being written waits for the write pass' },
  vnu: { formula: '1 + (deg + 1) · ⌈VL / L⌉', note: 'descriptor, the channel vector and the deg edge vectors' },
};

/**
 * Why a PE did not issue in a cycle. Every non-issuing cycle of a running PE is attributed to
 * exactly one cause, checked in this order.
 */
export const STALL_CAUSES = [
  { name: 'branch', summary: 'fetch bubble after a taken branch or jump' },
  { name: 'raw', summary: 'a source register is not yet written by an earlier instruction' },
  { name: 'waw', summary: 'the destination register still has a write pending' },
  { name: 'busy', summary: 'the unit is streaming beats of an earlier multi-beat instruction (productive)' },
  { name: 'mem-order', summary: 'an earlier memory write on another unit has not completed' },
  { name: 'bank', summary: 'a shared-memory bank is serving another access (bank conflict)' },
  { name: 'recv', summary: 'waiting for a message from another PE' },
  { name: 'barrier', summary: 'waiting for other PEs at a barrier' },
] as const;

export type StallCause = (typeof STALL_CAUSES)[number]['name'];
export const STALL_CAUSE_NAMES: readonly StallCause[] = STALL_CAUSES.map((s) => s.name);

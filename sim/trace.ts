// Trace events and sinks. The simulator core does no I/O: it reports events to a TraceSink, and
// sinks that write files take a `write(chunk)` callback from the CLI.
import type { StallCause } from '../isa/index.js';
import type { RetireLog } from './retire-log.js';

export type WriteRecord =
  | { kind: 'sreg'; reg: number; value: number }
  | { kind: 'vreg'; reg: number; lanes: Int32Array }
  | { kind: 'mem'; addr: number; values: Int32Array };

/**
 * One issued (architecturally executed) instruction. The event, its `writes` records and their
 * arrays (views of machine state) are reused by the simulator and valid only during the `issue`
 * call: a sink that keeps anything must copy it.
 */
export interface IssueEvent {
  cycle: number;
  pe: number;
  pc: number;
  word: number;
  /** Disassembly text (labels not resolved). */
  text: string;
  /** ISA group of the instruction (for profile slices). */
  group: string;
  writes: WriteRecord[];
  /** Useful lane-operations of the instruction (vector elements it streams). */
  laneOps?: number;
}

export interface TraceSink {
  /** Called once before the first event. */
  begin?(info: { pes: number; clockMHz: number; messageBits: number; lanes?: number }): void;
  issue(ev: IssueEvent): void;
  /**
   * Batch form of `issue`: when a sink has a log, the simulator appends every issued instruction
   * to it (per PE, in cycle order) instead of calling `issue`, and the sink reads the entries in
   * `advance` and `end`. Wrappers (`teeSinks`, `selectTrace`) have no log: their sinks get `issue`.
   */
  readonly retireLog?: RetireLog;
  /**
   * PE `pe` did not issue in cycles [from, to) because of `cause`. `to` is Infinity when the PE
   * blocks on recv or a barrier: the span ends at the PE's next event. Per PE, events arrive in
   * time order, and `from` is never before the last `advance`.
   */
  stall(pe: number, from: number, to: number, cause: StallCause): void;
  /** PE halted at the end of cycle `cycle`. */
  halt(pe: number, cycle: number): void;
  /** Every later event has cycle ≥ `cycle` (lets sinks flush). */
  advance?(cycle: number): void;
  /** Called once when the run ends; `cycles` is the run length. */
  end?(cycles: number): void;
}

/** Fan one event stream out to several sinks. */
export function teeSinks(sinks: TraceSink[]): TraceSink | undefined {
  if (sinks.length === 0) return undefined;
  if (sinks.length === 1) return sinks[0];
  return {
    begin: (info) => sinks.forEach((s) => s.begin?.(info)),
    issue: (ev) => sinks.forEach((s) => s.issue(ev)),
    stall: (pe, from, to, cause) => sinks.forEach((s) => s.stall(pe, from, to, cause)),
    halt: (pe, cycle) => sinks.forEach((s) => s.halt(pe, cycle)),
    advance: (cycle) => sinks.forEach((s) => s.advance?.(cycle)),
    end: (cycles) => sinks.forEach((s) => s.end?.(cycles)),
  };
}

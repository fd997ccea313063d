// Trace events and sinks. The simulator core does no I/O: it reports events to a TraceSink, and
// sinks that write files take a `write(chunk)` callback from the CLI.
import type { StallCause } from '../isa/index.js';

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

/**
 * One PE's part of a retirement log, as the simulator writes it: `add` opens an entry for an issued
 * instruction and returns its index, the written register, lanes and memory words are set on it
 * (the values by `copy`, into the log's own pool). The log itself is trace/'s (`RetireLog` in
 * trace/retire-log.ts); the simulator sees only this shape, so it imports nothing from trace/.
 */
export interface RetireLogPe {
  /** Disassembly by pc (code is never written, so one text per pc). */
  readonly text: (string | undefined)[];
  /** Scalar register written (-1 none) and its value. */
  sReg: Int8Array;
  sValue: Int32Array;
  /** Vector register written (-1 none) and its lane count (the lanes go in by `copy`). */
  vReg: Int8Array;
  vLen: Int32Array;
  /** First memory word written and the number of words (0: none; the words go in by `copy`). */
  memAddr: Float64Array;
  memLen: Int32Array;
  add(cycle: number, pc: number, word: number): number;
  copy(src: Int32Array, from: number, n: number): void;
}

/** A sink's retirement log: one `RetireLogPe` per PE, sized by the sink in `begin`. */
export interface RetireLogTarget {
  readonly pes: readonly RetireLogPe[];
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
  readonly retireLog?: RetireLogTarget;
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

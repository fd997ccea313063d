// `--trace-pes` and `--trace-window` as a sink wrapper: the writers behind it see only the chosen
// PEs and the cycles in [from, to). The VCD writer takes the window itself (VcdSink's `window`
// option), because a VCD that starts late must first dump the values in force at `from`.
import type { StallCause } from '../isa/index.js';
import type { IssueEvent, TraceSink } from '../sim/index.js';

/** Which part of a run to trace. Cycles are [from, to); PE ids are the machine's. */
export interface TraceSelection {
  pes?: readonly number[];
  from?: number;
  to?: number;
}

/** What `begin` tells a writer; `peIds` (the traced PEs, ascending) is set behind a selection. */
export interface TraceBeginInfo {
  pes: number;
  clockMHz: number;
  messageBits: number;
  /** Vector lanes L (for the lane-utilisation counter). */
  lanes?: number;
  peIds?: readonly number[];
}

/** The traced PE ids of a run: `peIds`, or every PE. */
export function tracedPes(info: { pes: number; peIds?: readonly number[] }): readonly number[] {
  return info.peIds ?? Array.from({ length: info.pes }, (_, pe) => pe);
}

/** Wrap `sink` so it receives only the selected PEs (and, with `window`, cycles). */
export function selectTrace(sink: TraceSink, sel: TraceSelection, window = true): TraceSink {
  const from = window ? (sel.from ?? 0) : 0;
  const to = window ? (sel.to ?? Infinity) : Infinity;
  let traced = new Uint8Array(0);
  return {
    begin(info: TraceBeginInfo) {
      const ids = sel.pes ? [...new Set(sel.pes)].filter((pe) => pe >= 0 && pe < info.pes).sort((a, b) => a - b) : undefined;
      traced = new Uint8Array(info.pes).fill(ids ? 0 : 1);
      if (ids) for (const pe of ids) traced[pe] = 1;
      sink.begin?.(ids ? { ...info, peIds: ids } : info);
    },
    issue(ev: IssueEvent) {
      if (traced[ev.pe] && ev.cycle >= from && ev.cycle < to) sink.issue(ev);
    },
    stall(pe: number, start: number, end: number, cause: StallCause) {
      const a = Math.max(start, from);
      const b = Math.min(end, to);
      if (traced[pe] && a < b) sink.stall(pe, a, b, cause);
    },
    halt(pe: number, cycle: number) {
      if (traced[pe] && cycle >= from && cycle < to) sink.halt(pe, cycle);
    },
    advance: (cycle: number) => sink.advance?.(cycle),
    end: (cycles: number) => sink.end?.(Math.min(cycles, to)),
  };
}

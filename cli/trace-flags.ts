// `--trace-pes LIST` and `--trace-window FROM:TO`: parsed and checked here (a bad value is a usage
// error naming the flag); the filtering itself is trace/'s selectTrace.
import type { TraceSelection } from '../trace/index.js';
import { UsageError } from './io.js';

/** `0,3-5` → [0, 3, 4, 5]; every id must be below `pes`. */
export function parseTracePes(text: string, pes: number): number[] {
  const ids = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,9})\s*(?:-\s*(\d{1,9})\s*)?$/.exec(part);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m ? Number(m[2] ?? m[1]) : NaN;
    if (!(lo <= hi && hi < pes)) {
      throw new UsageError(`--trace-pes expects a list of PE ids and ranges 0 … ${pes - 1} such as 0,3-5, got '${text}'`);
    }
    for (let pe = lo; pe <= hi; pe++) ids.add(pe);
  }
  return [...ids].sort((a, b) => a - b);
}

/** `FROM:TO` cycles, either side optional (`100:`, `:5000`); FROM < TO. */
export function parseTraceWindow(text: string): { from: number; to: number } {
  const m = /^\s*(\d{0,16})\s*:\s*(\d{0,16})\s*$/.exec(text);
  const from = m && m[1] !== '' ? Number(m[1]) : 0;
  const to = m && m[2] !== '' ? Number(m[2]) : Infinity;
  if (!m || !(from < to) || from > Number.MAX_SAFE_INTEGER || (to !== Infinity && to > Number.MAX_SAFE_INTEGER)) {
    throw new UsageError(`--trace-window expects FROM:TO cycles with FROM < TO (either may be left out), got '${text}'`);
  }
  return { from, to };
}

/** The selection the two flags describe (empty when neither is given). */
export function traceSelection(flags: { tracePes?: string; traceWindow?: string }, pes: number): TraceSelection {
  return {
    ...(flags.tracePes !== undefined ? { pes: parseTracePes(flags.tracePes, pes) } : {}),
    ...(flags.traceWindow !== undefined ? parseTraceWindow(flags.traceWindow) : {}),
  };
}

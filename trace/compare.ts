// Trace comparison for RTL validation (`gp5sim compare EXPECTED ACTUAL`): aligns two traces (VCD or
// commit log) by cycle and PE and finds the first divergence. Returns data; the CLI prints it.
//
// Two methods:
//  - signals (full cycle timing, both files VCD): every mapped signal of every PE is compared at
//    every cycle. Each file's value changes are bucketed per cycle into compact typed arrays (one
//    pair of arrays per signal, no per-cycle objects); the comparison merges the two change lists of
//    each signal, so its cost is proportional to the number of value changes, not cycles × signals.
//  - retire (architectural, `mode: 'arch'`, or whenever one side is a commit log): per PE, the
//    sequence of retired instructions — pc, instruction word, scalar/vector register and memory
//    writes — is compared in order; in timing mode the retire cycle is compared too.
//
// Time alignment: a VCD's cycle c is read at time `offset + c · period` of that file (its own time
// units), taking every change stamped at or before that time. gp5sim's VCDs use period 1, offset 0.
import { defaultCompareMap } from './compare-map.js';
import { actualFilter, load, summary } from './compare-load.js';
import { compareSignals } from './compare-signals.js';
import { compareRetire } from './compare-retire.js';
import type { CompareOptions, CompareResult, TraceInput } from './compare-types.js';

export { CompareInputError, DEFAULT_CLOCK, defaultCompareMap, parseCompareMap, type ClockMap, type CompareMap } from './compare-map.js';
export { detectTraceKind } from './compare-load.js';
export type { CompareOptions, CompareResult, ContextRow, Divergence, InFlight, TraceInput, TraceKind, TraceSummary } from './compare-types.js';

/**
 * Compare two traces. `expected` is normally gp5sim's trace, `actual` the RTL simulator's; the map
 * translates expected names to actual names. Throws CompareInputError for unusable input.
 */
export function compareTraces(expected: TraceInput, actual: TraceInput, opts: CompareOptions = {}): CompareResult {
  const map = opts.map ?? defaultCompareMap();
  const mode = opts.mode ?? 'timing';
  const contextN = opts.context ?? 5;
  const e = load(expected, map.expectedClock);
  // The actual file keeps only what the expected trace maps to: memory follows what is compared.
  const a = load(actual, map.clock, actualFilter(e, map));
  let r: Omit<CompareResult, 'expected' | 'actual' | 'mode'>;
  if (mode === 'timing' && e.kind === 'vcd' && a.kind === 'vcd') r = compareSignals(e, a, map, contextN);
  else r = compareRetire(e, a, map, mode === 'timing', contextN);
  return { ...r, mode, expected: summary(e), actual: summary(a) };
}

// Benchmark harness: every case has a stable name and unit; `run.ts` prints a table and writes
// bench/results.json as { NAME: { value, unit } }.
import Benchmark from 'benchmark';

/** A case timed with benchmark.js: value = (work units per call) x (calls per second) / scale. */
export interface TimedCase {
  kind: 'timed';
  name: string;
  unit: string;
  description: string;
  /** Builds inputs once, outside the timed region. Returns the function to time and its work per call. */
  setup(): { fn: () => void; workPerCall: number; extra?: Record<string, number> };
  /** Convert calls/s and work/call into the reported value (default: work per second). */
  report?: (hz: number, workPerCall: number) => number;
  maxTimeSeconds?: number;
}

/** A case that computes its figure directly (utilisation, ratios, slowdowns, seconds of a long run). */
export interface FigureCase {
  kind: 'figure';
  name: string;
  unit: string;
  description: string;
  measure(): Promise<FigureResult> | FigureResult;
}

export interface FigureResult {
  value: number;
  /** Further figures reported alongside (e.g. peak memory), each with its own unit. */
  extra?: Record<string, { value: number; unit: string }>;
}

export type BenchCase = TimedCase | FigureCase;

export interface BenchRecord {
  value: number;
  unit: string;
}

export function runTimed(c: TimedCase): FigureResult {
  const { fn, workPerCall, extra } = c.setup();
  const bench = new Benchmark(c.name, fn, {
    maxTime: c.maxTimeSeconds ?? 3,
    minSamples: 3,
    initCount: 1,
  });
  bench.run({ async: false });
  if (bench.error) throw bench.error;
  const hz = bench.hz;
  const value = c.report ? c.report(hz, workPerCall) : hz * workPerCall;
  const result: FigureResult = { value };
  if (extra) {
    result.extra = {};
    for (const [k, v] of Object.entries(extra)) result.extra[k] = { value: v, unit: '' };
  }
  return result;
}

/** Time one call of fn in seconds (for cases that are too long to repeat many times). */
export function timeOnce(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** This process's CPU seconds (user + system, all its threads) for one call of fn. */
export function cpuOnce(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

/** Best of n single-call timings, in seconds. */
export function bestOf(n: number, fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) best = Math.min(best, timeOnce(fn));
  return best;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

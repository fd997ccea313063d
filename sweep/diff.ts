// Two runs side by side: the --json output of `run`, `infer` or `ldpc`, or a sweep row, reduced to
// one shape, and their differences (cycles, utilisation, error, stalls by cause and by PE).
import { UserError } from '../errors/index.js';

export class RunFileError extends UserError {
  override name = 'RunFileError';
}

export interface RunSummary {
  label: string;
  cycles: number;
  utilization: number;
  /** Error against the reference: max TV for inference, BER for LDPC (null when the run has none). */
  error: { name: string; value: number } | null;
  stalls: Record<string, number>;
  perPe: { pe: number; cycles: number; utilization: number; stalls: Record<string, number> }[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function fromReport(label: string, rep: Obj, error: RunSummary['error']): RunSummary {
  const pes = Array.isArray(rep.pes) ? rep.pes.filter(isObj) : [];
  return {
    label,
    cycles: num(rep.cycles),
    utilization: num(rep.utilization),
    error,
    stalls: isObj(rep.stalls) ? Object.fromEntries(Object.entries(rep.stalls).map(([k, v]) => [k, num(v)])) : {},
    perPe: pes.map((p, i) => ({ pe: typeof p.pe === 'number' ? p.pe : i, cycles: num(p.cycles), utilization: num(p.utilization), stalls: isObj(p.stalls) ? (p.stalls as Record<string, number>) : {} })),
  };
}

/**
 * One run out of a file's text. A file of several JSON lines (a sweep's results.jsonl) needs
 * `index` (the row's point index).
 */
export function readRun(text: string, file: string, index?: number): RunSummary {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new RunFileError(`${file}: empty; expected the --json output of gp5sim run, infer or ldpc, or a sweep's results.jsonl`);
  const parsed = lines.map((l, i) => {
    try {
      return JSON.parse(l) as unknown;
    } catch (e) {
      throw new RunFileError(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
    }
  });
  let v: unknown = parsed[0];
  let label = file;
  if (parsed.length > 1 || index !== undefined) {
    const want = index ?? -1;
    v = parsed.find((p) => isObj(p) && p.index === want);
    if (v === undefined) throw new RunFileError(`${file}: ${index === undefined ? `${parsed.length} rows; name one as ${file}:INDEX` : `no row with index ${index}`}`);
    label = `${file}:${want}`;
  }
  if (!isObj(v)) throw new RunFileError(`${file}: expected a JSON object`);
  // A sweep row.
  if (isObj(v.metrics)) {
    const m = v.metrics;
    const stalls = Object.fromEntries(Object.entries(m).filter(([k]) => k.startsWith('stall.')).map(([k, x]) => [k.slice(6), num(x)]));
    const error = typeof m.maxTV === 'number' ? { name: 'maxTV', value: m.maxTV } : typeof m.ber === 'number' ? { name: 'BER', value: m.ber } : null;
    // LDPC rows count lane utilisation (laneUtilization), factor-graph rows PE utilisation.
    return { ...fromReport(label, { ...m, utilization: m.utilization ?? m.laneUtilization, stalls, pes: v.perPe }, error) };
  }
  // gp5sim infer --json
  if (isObj(v.simulator)) return fromReport(label, { ...v.simulator, utilization: v.utilization ?? v.simulator.utilization }, typeof v.maxTV === 'number' ? { name: 'maxTV', value: v.maxTV } : null);
  // gp5sim ldpc --json: one Eb/N0 point (the first), no per-PE counters
  if (Array.isArray(v.points) && isObj(v.points[0])) {
    const p = v.points[0];
    return { label, cycles: num(p.cycles), utilization: num(p.utilization ?? p.laneUtilization), error: { name: 'BER', value: num(p.ber) }, stalls: {}, perPe: [] };
  }
  // gp5sim run --json
  if (typeof v.cycles === 'number' && isObj(v.stalls)) return fromReport(label, v, null);
  throw new RunFileError(`${file}: expected the --json output of gp5sim run, infer or ldpc, or a sweep row`);
}

export interface DiffLine {
  name: string;
  a: number;
  b: number;
  delta: number;
}

export interface RunDiff {
  a: string;
  b: string;
  totals: DiffLine[];
  /** Per PE (PEs present in either run): cycles, utilisation and each stall cause. */
  perPe: { pe: number; lines: DiffLine[] }[];
}

const line = (name: string, a: number, b: number): DiffLine => ({ name, a, b, delta: b - a });

export function diffRuns(a: RunSummary, b: RunSummary): RunDiff {
  const causes = [...new Set([...Object.keys(a.stalls), ...Object.keys(b.stalls)])];
  const totals = [line('cycles', a.cycles, b.cycles), line('utilization', a.utilization, b.utilization)];
  if (a.error || b.error) totals.push(line(a.error?.name ?? b.error!.name, a.error?.value ?? NaN, b.error?.value ?? NaN));
  for (const c of causes) totals.push(line(`stall.${c}`, a.stalls[c] ?? 0, b.stalls[c] ?? 0));
  const n = Math.max(a.perPe.length, b.perPe.length);
  const perPe = Array.from({ length: n }, (_, pe) => {
    const pa = a.perPe[pe];
    const pb = b.perPe[pe];
    const lines = [line('cycles', pa?.cycles ?? 0, pb?.cycles ?? 0), line('utilization', pa?.utilization ?? 0, pb?.utilization ?? 0)];
    for (const c of causes) lines.push(line(`stall.${c}`, pa?.stalls[c] ?? 0, pb?.stalls[c] ?? 0));
    return { pe, lines };
  });
  return { a: a.label, b: b.label, totals, perPe };
}

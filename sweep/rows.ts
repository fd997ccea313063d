// Result rows: one per point, as JSON lines and CSV. Everything but the `wall` fields is a pure
// function of the point, so the same spec gives byte-identical rows apart from those columns.
import type { Metrics, PePoint } from './points.js';

export interface SweepRow {
  index: number;
  key: string;
  kind: string;
  model: string;
  machine: Record<string, number | string>;
  options: Record<string, number | string>;
  metrics: Metrics;
  perPe?: PePoint[];
  /** Wall-clock milliseconds: the whole point (queue and transfer included) and the library call. */
  wall: { ms: number; simMs: number };
}

export function rowToJsonLine(row: SweepRow): string {
  const { wall, ...rest } = row;
  return JSON.stringify({ ...rest, wall }) + '\n';
}

/** Parse the JSON lines of a results file; lines that are not whole rows (a cut-off write) are skipped. */
export function parseRows(text: string): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as SweepRow;
      if (typeof r.key === 'string' && typeof r.index === 'number' && r.metrics) rows.push(r);
    } catch {
      // A partial last line from an interrupted run: that point simply runs again.
    }
  }
  return rows;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of the rows (sorted by index): fixed columns, machine.*, option.*, metrics, then wall-clock columns last. */
export function rowsToCsv(rows: SweepRow[]): string {
  const cols = (f: (r: SweepRow) => Record<string, unknown>) => {
    const seen = new Set<string>();
    for (const r of rows) for (const k of Object.keys(f(r))) seen.add(k);
    return [...seen];
  };
  const machine = cols((r) => r.machine);
  const options = cols((r) => r.options);
  const metrics = cols((r) => r.metrics);
  const header = ['index', 'key', 'kind', 'model', ...machine.map((k) => `machine.${k}`), ...options.map((k) => `option.${k}`), ...metrics, 'wall.ms', 'wall.simMs'];
  const lines = [header.join(',')];
  for (const r of rows) {
    lines.push(
      [r.index, r.key, r.kind, r.model, ...machine.map((k) => r.machine[k]), ...options.map((k) => r.options[k]), ...metrics.map((k) => r.metrics[k]), r.wall.ms.toFixed(1), r.wall.simMs.toFixed(1)]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

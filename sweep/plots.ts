// The report's plots as Vega-Lite specs built from sweep rows (pure data; render.ts draws them).
// A plot appears only when the sweep has the points it needs.
import { MAX_BUCKETS, type StallHeatmap } from './stall-heatmap.js';
import type { SweepRow } from './rows.js';

export interface Plot {
  id: string;
  title: string;
  /** What the plot shows and where its numbers come from. */
  caption: string;
  spec: Record<string, unknown>;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const ok = (r: SweepRow) => r.metrics.status === 'halted';

/** Series label: everything that varies in the sweep except the x axis. */
function seriesOf(rows: SweepRow[], exclude: string): (r: SweepRow) => string {
  const fields = (r: SweepRow) => ({ model: r.model, ...Object.fromEntries(Object.entries(r.machine).map(([k, v]) => [`machine.${k}`, v])), ...Object.fromEntries(Object.entries(r.options).map(([k, v]) => [k, v])) });
  const varying = new Set<string>();
  const first = rows[0] ? fields(rows[0]) : {};
  for (const r of rows) for (const [k, v] of Object.entries(fields(r))) if ((first as Record<string, unknown>)[k] !== v) varying.add(k);
  varying.delete(exclude);
  return (r) => {
    const f = fields(r) as Record<string, unknown>;
    return [...varying].map((k) => `${k.replace(/^machine\./, '')}=${f[k] ?? '-'}`).join(' ') || 'all';
  };
}

/** A Vega-Lite unit spec over inline data. */
const chart = (data: unknown[], mark: Record<string, unknown>, encoding: Record<string, unknown>, height = 260) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  width: 420,
  height,
  data: { values: data },
  mark,
  encoding,
});

const line = (data: unknown[], x: string, y: string, xTitle: string, yTitle: string, extra: Record<string, unknown> = {}) =>
  chart(data, { type: 'line', point: true }, {
    x: { field: x, type: 'quantitative', title: xTitle, scale: { zero: false } },
    y: { field: y, type: 'quantitative', title: yTitle },
    color: { field: 'series', type: 'nominal', title: null },
    ...extra,
  });

/** Points not dominated on (higher throughput, lower error, lower energy). */
export function paretoFront<T>(items: T[], key: (t: T) => [number, number, number]): Set<T> {
  const front = new Set<T>();
  for (const a of items) {
    const [ta, ea, na] = key(a);
    const dominated = items.some((b) => {
      const [tb, eb, nb] = key(b);
      return tb >= ta && eb <= ea && nb <= na && (tb > ta || eb < ea || nb < na);
    });
    if (!dominated) front.add(a);
  }
  return front;
}

export function sweepPlots(rows: SweepRow[], heatmap?: { label: string; map: StallHeatmap }): Plot[] {
  const plots: Plot[] = [];
  const sim = rows.filter((r) => ok(r) && r.kind !== 'ldpc' && num(r.metrics.cycles) !== null);
  const withP = sim.filter((r) => num(r.machine.pes) !== null);
  if (new Set(withP.map((r) => r.machine.pes)).size > 1) {
    const series = seriesOf(withP, 'machine.pes');
    const data = withP.map((r) => ({ P: r.machine.pes, utilization: r.metrics.utilization, cpi: r.metrics.cyclesPerIteration ?? r.metrics.cycles, series: series(r) }));
    plots.push({ id: 'utilization-vs-p', title: 'Utilisation against P', caption: 'mean PE utilisation (issue + busy cycles over cycles), simulator counters', spec: line(data, 'P', 'utilization', 'PEs (P)', 'utilisation') });
    plots.push({ id: 'cycles-per-iteration-vs-p', title: 'Cycles per iteration against P', caption: 'simulated cycles per BP iteration (whole run for `run` points)', spec: line(data, 'P', 'cpi', 'PEs (P)', 'cycles per iteration') });
  }
  const withW = sim.filter((r) => num(r.metrics.maxTV) !== null && num(r.machine.messageBits) !== null);
  if (new Set(withW.map((r) => r.machine.messageBits)).size > 1) {
    const series = seriesOf(withW, 'machine.messageBits');
    const data = withW.map((r) => ({ W: r.machine.messageBits, error: Math.max(Number(r.metrics.maxTV), 1e-12), series: series(r) }));
    plots.push({ id: 'error-vs-w', title: 'Error against W', caption: 'max total-variation distance of the chip marginals from float BP (same schedule), against message width W', spec: line(data, 'W', 'error', 'message bits (W)', 'max TV vs float BP', { y: { field: 'error', type: 'quantitative', scale: { type: 'log' }, title: 'max TV vs float BP' } }) });
  }
  const pareto = sim.filter((r) => num(r.metrics.maxTV) !== null && num(r.metrics['est.energyPj']) !== null && num(r.metrics.timeMicroseconds)! > 0);
  if (pareto.length > 1) {
    const key = (r: SweepRow): [number, number, number] => [1 / Number(r.metrics.timeMicroseconds), Number(r.metrics.maxTV), Number(r.metrics['est.energyPj'])];
    const front = paretoFront(pareto, key);
    const data = pareto.map((r) => ({
      throughput: 1e6 / Number(r.metrics.timeMicroseconds),
      error: Math.max(Number(r.metrics.maxTV), 1e-12),
      energy: Number(r.metrics['est.energyPj']) / 1e6,
      front: front.has(r) ? 'Pareto front' : 'dominated',
      label: `#${r.index} ${r.model} P=${r.machine.pes ?? 16}`,
    }));
    plots.push({
      id: 'pareto',
      title: 'Throughput, error and energy',
      caption: 'inferences per second at the clock against max TV; size = estimated energy per inference (µJ, ESTIMATE from sweep/energy-config.ts); filled = not dominated on all three',
      spec: chart(data, { type: 'point', tooltip: true }, {
        x: { field: 'throughput', type: 'quantitative', scale: { type: 'log' }, title: 'inferences / s' },
        y: { field: 'error', type: 'quantitative', scale: { type: 'log' }, title: 'max TV vs float BP' },
        size: { field: 'energy', type: 'quantitative', title: 'µJ (estimate)' },
        color: { field: 'front', type: 'nominal', title: null },
        fill: { field: 'front', type: 'nominal', legend: null },
        tooltip: [{ field: 'label' }, { field: 'energy' }],
      }),
    });
  }
  const ldpc = rows.filter((r) => ok(r) && r.kind === 'ldpc' && num(r.metrics.ebn0) !== null);
  if (ldpc.length > 0) {
    const series = seriesOf(ldpc, 'ebn0');
    const data = ldpc.flatMap((r) => [
      { ebn0: r.metrics.ebn0, rate: r.metrics.ber, measure: 'BER', decoder: 'chip', series: `chip ${series(r)}` },
      { ebn0: r.metrics.ebn0, rate: r.metrics.fer, measure: 'FER', decoder: 'chip', series: `chip ${series(r)}` },
      { ebn0: r.metrics.ebn0, rate: r.metrics['float.ber'], measure: 'BER', decoder: 'float', series: `float ${series(r)}` },
      { ebn0: r.metrics.ebn0, rate: r.metrics['float.fer'], measure: 'FER', decoder: 'float', series: `float ${series(r)}` },
    ]).filter((d) => num(d.rate) !== null && Number(d.rate) > 0);
    plots.push({
      id: 'ber-fer-vs-ebn0',
      title: 'BER and FER against Eb/N0',
      caption: 'the chip (structured decoder on the simulated LLR unit, fixed point) beside golden\'s float64 decoder of the same rule and schedule on the same frames; BER on the k information bits; zero-error points are not drawn on the log axis',
      spec: line(data, 'ebn0', 'rate', 'Eb/N0 (dB)', 'error rate', {
        y: { field: 'rate', type: 'quantitative', scale: { type: 'log' }, title: 'error rate' },
        strokeDash: { field: 'measure', type: 'nominal', title: null },
      }),
    });
  }
  if (heatmap) plots.push(heatmapPlot(heatmap.label, heatmap.map));
  return plots;
}

function heatmapPlot(label: string, m: StallHeatmap): Plot {
  const nc = m.causes.length;
  const data: { pe: number; t: number; stalled: number; cause: string }[] = [];
  for (let pe = 0; pe < m.pes; pe++) {
    for (let b = 0; b < m.buckets; b++) {
      let total = 0;
      let top = 0;
      for (let c = 0; c < nc; c++) {
        const v = m.cycles[(pe * MAX_BUCKETS + b) * nc + c];
        total += v;
        if (v > m.cycles[(pe * MAX_BUCKETS + b) * nc + top]) top = c;
      }
      data.push({ pe, t: b * m.bucketCycles, stalled: total / m.bucketCycles, cause: total > 0 ? m.causes[top] : 'none' });
    }
  }
  return {
    id: 'stall-heatmap',
    title: `Stalls per PE over time (${label})`,
    caption: `fraction of each ${m.bucketCycles}-cycle bucket a PE stalled (opacity) and the main cause (colour); sampled from the simulator's trace sink`,
    spec: chart(
      data,
      { type: 'rect', tooltip: true },
      {
        x: { field: 't', type: 'ordinal', title: 'cycle', axis: { labelOverlap: true, labelAngle: 0 } },
        y: { field: 'pe', type: 'ordinal', title: 'PE' },
        color: { field: 'cause', type: 'nominal', title: 'main stall cause' },
        opacity: { field: 'stalled', type: 'quantitative', title: 'stalled fraction', scale: { domain: [0, 1] } },
      },
      Math.max(120, 12 * m.pes),
    ),
  };
}

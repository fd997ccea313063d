// The sweep report as data: the plots rendered to SVG and the HTML page (the shell writes them).
import { runPoint } from './points.js';
import { sweepPlots } from './plots.js';
import { plotToSvg } from './render.js';
import { reportHtml } from './report-html.js';
import { StallHeatmapSink } from './stall-heatmap.js';
import type { PlannedPoint } from './plan.js';
import type { SweepRow } from './rows.js';

export interface SweepReport {
  html: string;
  svgs: { id: string; svg: string }[];
}

/**
 * `heatmapIndex`: the point whose run is sampled for the stall heatmap (rerun here with a trace
 * sink); default the first infer or run point that halted.
 */
export async function buildSweepReport(name: string, rows: SweepRow[], plan: PlannedPoint[], heatmapIndex?: number): Promise<SweepReport> {
  const halted = new Set(rows.filter((r) => r.metrics.status === 'halted').map((r) => r.index));
  const pick = heatmapIndex !== undefined ? plan[heatmapIndex] : plan.find((p) => p.point.kind !== 'ldpc' && halted.has(p.index));
  let heatmap;
  if (pick && pick.point.kind !== 'ldpc') {
    const sink = new StallHeatmapSink();
    runPoint({ key: pick.key, point: pick.point, payload: pick.payload }, sink);
    heatmap = { label: `point #${pick.index}, ${pick.modelName}`, map: sink.result() };
  }
  const plots = sweepPlots(rows, heatmap);
  const rendered = [];
  for (const plot of plots) rendered.push({ plot, svg: await plotToSvg(plot) });
  return { html: reportHtml(name, rows, rendered), svgs: rendered.map((r) => ({ id: r.plot.id, svg: r.svg })) };
}

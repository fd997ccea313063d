// The sweep's self-contained HTML report: every plot inline as SVG (no network, no script needed to
// see it), its caption, the energy model's sources, and a table of the rows.
import { ENERGY_NOTES } from './energy.js';
import { ENERGY_SOURCES } from './energy-config.js';
import type { Plot } from './plots.js';
import type { SweepRow } from './rows.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cell = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v === null || v === undefined ? '' : esc(String(v)));

const TABLE_METRICS = ['status', 'cycles', 'cyclesPerIteration', 'utilization', 'maxTV', 'ber', 'fer', 'float.ber', 'float.fer', 'mbps', 'laneUtilization', 'est.pjPerMessage', 'est.pjPerInfoBit', 'est.njPerFrame', 'est.powerMw', 'est.areaMm2'];

export function reportHtml(name: string, rows: SweepRow[], plots: { plot: Plot; svg: string }[]): string {
  const metrics = TABLE_METRICS.filter((m) => rows.some((r) => r.metrics[m] !== undefined && r.metrics[m] !== null));
  const head = ['#', 'model', 'machine', 'options', ...metrics];
  const body = rows
    .map((r) => `<tr><td>${r.index}</td><td>${esc(r.model)}</td><td>${esc(JSON.stringify(r.machine))}</td><td>${esc(JSON.stringify(r.options))}</td>${metrics.map((m) => `<td>${cell(r.metrics[m])}</td>`).join('')}</tr>`)
    .join('\n');
  const areaSources = [...new Set(rows.map((r) => r.metrics['est.areaSource']).filter((v): v is string => typeof v === 'string'))];
  const figures = plots
    .map(({ plot, svg }) => `<figure class="plot" id="${plot.id}"><h2>${esc(plot.title)}</h2>${svg}<figcaption>${esc(plot.caption)}</figcaption></figure>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gp5sim sweep ${esc(name)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:80em}figure{display:inline-block;vertical-align:top;margin:0 2em 2em 0}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:nth-child(2),td:nth-child(3),td:nth-child(4){text-align:left}
.note{color:#555;max-width:60em}</style></head>
<body><h1>Sweep ${esc(name)}: ${rows.length} points</h1>
<p class="note">Energy, power and area are ESTIMATES: ${esc(ENERGY_NOTES)}. Sources: ${ENERGY_SOURCES.map(esc).join('; ')}.
Area from: ${areaSources.length ? areaSources.map(esc).join('; ') : 'no point has an area figure'}.
Anchor for comparison: Lyric Semiconductor's claims for its LEC error-correction chip were 30x smaller area and 12x lower power than a digital decoder at 1 Gbit/s (vendor claims, 2010).</p>
${figures || '<p>No plot applies to these points.</p>'}
<h2>Points</h2><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>
${body}
</tbody></table>
<script>document.body.dataset.plots = String(document.querySelectorAll('figure.plot svg').length);</script>
</body></html>
`;
}

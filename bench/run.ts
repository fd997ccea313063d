// `npm run bench [-- --only NAME[,NAME...]]`: run benchmarks, print a table, write bench/results.json.
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { cases } from './cases.js';
import { runTimed, type BenchRecord, type FigureResult } from './harness.js';

const program = new Command()
  .name('bench')
  .option('--only <names>', 'comma-separated benchmark names (or prefixes ending in *)')
  .option('--list', 'list benchmark names and exit')
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse(process.argv);
const opts = program.opts<{ only?: string; list?: boolean }>();

if (opts.list) {
  for (const c of cases) process.stdout.write(`${c.name.padEnd(36)} ${c.unit.padEnd(12)} ${c.description}\n`);
  process.exit(0);
}

const wanted = opts.only?.split(',').map((s) => s.trim()).filter(Boolean);
const matches = (name: string) =>
  !wanted || wanted.some((w) => (w.endsWith('*') ? name.startsWith(w.slice(0, -1)) : name === w));
const selected = cases.filter((c) => matches(c.name));
if (wanted && selected.length === 0) {
  process.stderr.write(`error: no benchmark matches --only ${opts.only}; known: ${cases.map((c) => c.name).join(', ')}\n`);
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const resultsPath = join(here, 'results.json');
// Keep figures of benchmarks not run this time, so `--only` refreshes one entry.
const results: Record<string, BenchRecord> = existsSync(resultsPath)
  ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, BenchRecord>)
  : {};

const rows: [string, string, string][] = [];
for (const c of selected) {
  process.stderr.write(`running ${c.name} ...\n`);
  const r: FigureResult = c.kind === 'timed' ? runTimed(c) : await c.measure();
  results[c.name] = { value: r.value, unit: c.unit };
  rows.push([c.name, formatValue(r.value), c.unit]);
  for (const [k, v] of Object.entries(r.extra ?? {})) {
    const key = `${c.name}.${k}`;
    results[key] = { value: v.value, unit: v.unit };
    rows.push([key, formatValue(v.value), v.unit]);
  }
  writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');
}

const w0 = Math.max(9, ...rows.map((r) => r[0].length));
const w1 = Math.max(5, ...rows.map((r) => r[1].length));
process.stdout.write(`${'benchmark'.padEnd(w0)}  ${'value'.padStart(w1)}  unit\n`);
for (const [n, v, u] of rows) process.stdout.write(`${n.padEnd(w0)}  ${v.padStart(w1)}  ${u}\n`);
process.stdout.write(`\nwrote ${resultsPath}\n`);

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e6) return v.toExponential(3);
  if (a >= 100) return v.toFixed(1);
  return v.toPrecision(4);
}

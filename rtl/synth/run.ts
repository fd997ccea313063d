// `npm run synth`: Yosys synthesis of the datapath units (rtl/units) to generic cells for each
// configuration of SYNTH_CONFIGS (L ∈ {8, 16} lanes × W ∈ {8, 16} bits); prints a table and writes
// rtl/synth/cells.json (the sweep's area model reads it). The factor unit has no lanes, so it is
// synthesised once per W.
//   npm run synth                       # all configurations, 2 Yosys processes at once
//   npm run synth -- --jobs 1 --out /tmp/cells.json
//   npm run synth -- --fresh            # ignore the result cache (node_modules/.cache/gp5-synth)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellsTable, SYNTH_CONFIGS, SYNTH_WIDTHS, type CellsConfig, type CellsReport } from './cells.js';
import { SYNTH_UNITS, synthSourceHash, synthUnit, yosysVersion, type UnitStats } from './yosys.js';

export const CELLS_JSON = join(dirname(fileURLToPath(import.meta.url)), 'cells.json');

/** Run `tasks` with at most `jobs` in flight, preserving order. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const out = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, tasks.length)) }, worker));
  return out;
}

export async function synthAll(jobs: number, fresh = false): Promise<CellsReport> {
  const memo = new Map<string, Promise<UnitStats>>();
  const keyOf = (unit: string, lanes: number, bits: number) => (unit === 'factor' ? `factor/${bits}` : `${unit}/${lanes}/${bits}`);
  const tasks: (() => Promise<UnitStats>)[] = [];
  const keys: string[] = [];
  for (const c of SYNTH_CONFIGS)
    for (const u of SYNTH_UNITS) {
      const k = keyOf(u, c.lanes, c.bits);
      if (keys.includes(k)) continue;
      keys.push(k);
      tasks.push(() => synthUnit(u, c.lanes, c.bits, fresh));
    }
  // Largest first, so the two slowest do not end up in series.
  const results = await pool(tasks.reverse(), jobs);
  results.reverse();
  keys.forEach((k, i) => memo.set(k, Promise.resolve(results[i])));
  const configs: CellsConfig[] = [];
  for (const c of SYNTH_CONFIGS) {
    const units = {} as CellsConfig['units'];
    for (const u of SYNTH_UNITS) units[u] = await memo.get(keyOf(u, c.lanes, c.bits))!;
    configs.push({ lanes: c.lanes, bits: c.bits, units });
  }
  return { tool: yosysVersion(), sourceHash: synthSourceHash(SYNTH_WIDTHS), configs };
}

function usage(msg: string): never {
  process.stderr.write(`synth: ${msg}\nusage: npm run synth [-- --jobs N] [--out FILE] [--fresh]\n`);
  process.exit(2);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let jobs = 2;
  let out = CELLS_JSON;
  let fresh = false;
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--jobs') {
      jobs = Number(args[++i]);
      if (!Number.isInteger(jobs) || jobs < 1) usage(`--jobs expects a positive integer, got ${args[i]}`);
    } else if (a === '--fresh') {
      fresh = true;
    } else if (a === '--out') {
      out = args[++i] ?? usage('--out expects a file name');
    } else usage(`unknown argument ${a}`);
  }
  const t0 = Date.now();
  synthAll(jobs, fresh).then(
    (report) => {
      writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
      process.stdout.write(cellsTable(report));
      process.stdout.write(`${report.tool}; wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    },
    (e: unknown) => {
      process.stderr.write(`synth: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

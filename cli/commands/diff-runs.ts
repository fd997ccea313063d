// `gp5sim diff-runs A.json B.json`: two runs side by side — cycles, utilisation, error, stalls by
// cause, and per PE. A sweep's results.jsonl is named with its row: results.jsonl:INDEX.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { diffRuns, readRun, type DiffLine } from '../../sweep/index.js';
import { colours, runCommand } from '../io.js';

/** `file` or `file:INDEX` (a row of a sweep's results). */
function readArg(arg: string) {
  const m = /^(.*):(\d+)$/.exec(arg);
  const file = m ? m[1] : arg;
  return readRun(readFileSync(file, 'utf8'), file, m ? Number(m[2]) : undefined);
}

const fmt = (x: number) => (Number.isNaN(x) ? '—' : Number.isInteger(x) ? x.toLocaleString('en-US') : Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(3) : x.toFixed(4));

function table(lines: DiffLine[], onlyChanged: boolean): string[] {
  return lines
    .filter((l) => !onlyChanged || l.delta !== 0)
    .map((l) => `  ${l.name.padEnd(18)} ${fmt(l.a).padStart(14)} ${fmt(l.b).padStart(14)} ${((l.delta > 0 ? '+' : '') + fmt(l.delta)).padStart(14)}`);
}

export function registerDiffRuns(program: Command): void {
  program
    .command('diff-runs')
    .description('compare two runs (--json of run, infer or ldpc, or sweep rows FILE:INDEX): cycles, utilisation, error, stalls by cause and by PE')
    .argument('<a>', 'first run')
    .argument('<b>', 'second run')
    .option('--all', 'list unchanged per-PE lines too')
    .option('--json', 'print the differences as one JSON object')
    .action(async (a: string, b: string, flags: { all?: boolean; json?: boolean }) => {
      await runCommand(() => {
        const d = diffRuns(readArg(a), readArg(b));
        if (flags.json) {
          process.stdout.write(JSON.stringify(d) + '\n');
          return 0;
        }
        const c = colours();
        const out = [c.bold(`A: ${d.a}`), c.bold(`B: ${d.b}`), '', c.dim(`  ${''.padEnd(18)} ${'A'.padStart(14)} ${'B'.padStart(14)} ${'B − A'.padStart(14)}`), ...table(d.totals, false)];
        for (const p of d.perPe) {
          const rows = table(p.lines, !flags.all);
          if (rows.length) out.push('', c.dim(`PE ${p.pe}`), ...rows);
        }
        process.stdout.write(out.join('\n') + '\n');
        return 0;
      });
    });
}

// `gp5sim demo`: the main job on a built-in example — a seeded 12x12 Ising grid compiled onto the
// default 16-PE chip, run on the simulator, and held against float BP and exact inference.
import { relative } from 'node:path';
import type { Command } from 'commander';
import { isingGrid } from '../../golden/index.js';
import { DEFAULT_CONFIG } from '../../isa/index.js';
import { inferOnChip } from '../../runtime/index.js';
import { colours, runCommand } from '../io.js';
import { formatInfer } from './infer.js';

/** How this process was started, so the hints run as shown (`node dist/cli/gp5sim.js`, or a linked `gp5sim`). */
function selfInvocation(): string {
  const script = process.argv[1] ?? '';
  if (!/gp5sim\.(m?js|ts)$/.test(script)) return 'gp5sim';
  return `${script.endsWith('.ts') ? 'npx tsx' : 'node'} ${relative(process.cwd(), script) || script}`;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the main job on a built-in example: a seeded 12x12 Ising grid on the default 16-PE chip')
    .option('--json', 'print one JSON object')
    .action(async (flags: { json?: boolean }) => {
      await runCommand(() => {
        const graph = isingGrid({ rows: 12, cols: 12, seed: 7 });
        const cfg = { ...DEFAULT_CONFIG };
        const r = inferOnChip(graph, { cfg, maxIter: 100, title: 'demo: 12x12 Ising grid (seed 7)' });
        if (flags.json) {
          const { report, asm: _a, ...rest } = r;
          void _a;
          process.stdout.write(JSON.stringify({ model: 'ising12x12-seed7', ...rest, simulator: report }) + '\n');
        } else {
          process.stdout.write(formatInfer(r, graph, 'built-in 12x12 Ising grid (seed 7)', colours(), true));
          const me = selfInvocation();
          const next = [`${me} infer ../shared/data/libdai/testfast.fg`, `${me} ldpc ../shared/data/ldpc/96.3.963.alist`, `${me} --help`];
          process.stdout.write(`\nNext:\n${next.map((n) => `  ${n}\n`).join('')}`);
        }
        return 0;
      });
    });
}

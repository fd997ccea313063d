// Start-up time of the built CLI: whole-process wall time of `gp5sim solve` on libDAI's testfast,
// run from the bundle `npm run build` writes to dist/bin/ (cli/bundle.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../harness.js';
import { bestOf } from '../harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = 30;

function wallMs(args: string[]): number {
  return 1000 * bestOf(RUNS, () => {
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  });
}

export const startupCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'cli.solveTestfast.ms',
    unit: 'ms',
    description: `wall time of \`node dist/bin/gp5sim.js solve testfast.fg\` (best of ${RUNS}; needs \`npm run build\`), with bare \`node -e 0\` alongside`,
    measure() {
      const cli = 'dist/bin/gp5sim.js';
      if (!existsSync(`${root}${cli}`)) throw new Error('dist/ is missing: run `npm run build` first');
      const model = fileURLToPath(new URL('../../../shared/data/libdai/testfast.fg', import.meta.url));
      return {
        value: wallMs([cli, 'solve', model]),
        extra: { nodeBare: { value: wallMs(['-e', '0']), unit: 'ms' }, help: { value: wallMs([cli, '--help']), unit: 'ms' } },
      };
    },
  },
];

// The built gp5sim (cli/bundle.ts, as `npm run build` writes dist/bin/): every command starts from
// its path (the code-cached CommonJS bundle, or the ES modules for help and ESM_ONLY_COMMANDS), V8
// accepts the code cache the build wrote, and the cached path prints what the library computes.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CACHED_BUNDLE, CODE_CACHE, compileBundle, ESM_ONLY_COMMANDS } from '../../cli/code-cache.js';
import { COMMAND_NAMES } from '../../cli/commands/names.js';
import { parseFg, solve } from '../../golden/index.js';
import { cliCommand, data, gp5simAsync } from './hostile-helpers.js';

describe.concurrent('built gp5sim', () => {
  const dir = dirname(cliCommand('gp5sim')[1]!);

  it('V8 accepts the code cache the build wrote', () => {
    const script = compileBundle(join(dir, CACHED_BUNDLE), readFileSync(join(dir, CODE_CACHE)));
    expect(script.cachedDataRejected).toBe(false);
  });

  it('every command starts (its --help), cached or from the ES modules', async () => {
    expect(ESM_ONLY_COMMANDS.every((c) => (COMMAND_NAMES as readonly string[]).includes(c))).toBe(true);
    const runs = await Promise.all([...COMMAND_NAMES.map((c) => gp5simAsync([c, '--help'])), gp5simAsync(['--help'])]);
    runs.forEach((r, i) => {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(i < COMMAND_NAMES.length ? `Usage: gp5sim ${COMMAND_NAMES[i]} ` : 'Commands:');
    });
  });

  it('solve on testfast (the cached path) prints the library result', async () => {
    const model = join(data, 'libdai/testfast.fg');
    const r = await gp5simAsync(['solve', model, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { marginals: number[][]; logZ: number; iterations: number };
    const want = solve(parseFg(readFileSync(model, 'utf8'), model), { method: 'bp' });
    expect(j.marginals).toEqual(want.marginals);
    expect(j.logZ).toBe(want.logZ);
    expect(j.iterations).toBe(want.iterations);
  });

  it('a sweep on 2 worker processes and on 2 threads starts its pool entries from the bundle folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gp5-bundle-sweep-'));
    try {
      const spec = join(out, 'spec.json');
      writeFileSync(spec, JSON.stringify({ name: 'b', kind: 'infer', models: [{ generate: 'ising', rows: 3, cols: 3, seed: 1 }], machine: { pes: [1, 4] } }));
      for (const pool of ['process', 'thread']) {
        const r = await gp5simAsync(['sweep', spec, '-o', join(out, pool), '--workers', '2', '--pool', pool]);
        expect(r.status, r.stderr).toBe(0);
        expect(readFileSync(join(out, pool, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

// `gp5sim compare` reads FST (GTKWave's format) through fst2vcd, and says clearly what is missing
// when fst2vcd is not installed. Through the real CLI.
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliCommand } from '../cli/hostile-helpers.js';
import { looksLikeFst } from '../../trace/index.js';
import { requireTool } from '../tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'gp5fst-'));
const gp5sim = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(cliCommand()[0]!, [cliCommand()[1]!, ...args], { encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, cwd: root });
const have = requireTool(['vcd2fst', 'fst2vcd'], 'gtkwave', 'the FST input of compare');

describe.skipIf(!have)('compare reads FST', () => {
  const vcd = join(tmp, 'sim.vcd');
  const fst = join(tmp, 'sim.fst');
  const run = gp5sim(['run', join(root, 'examples/maxstar-reduce.s'), '--pes', '1', '--vcd', vcd]);

  it('an FST of the same trace agrees with its VCD, either side (exit 0)', () => {
    expect(run.status).toBe(0);
    execFileSync('vcd2fst', [vcd, fst], { stdio: 'pipe' });
    const a = gp5sim(['compare', vcd, fst, '--json']);
    expect(a.status).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ agree: true, pes: 1, signals: 14 });
    expect(gp5sim(['compare', fst, vcd]).status).toBe(0);
  });

  it('without fst2vcd on PATH: exit 1 naming the file, the tool and its package, no stack trace', () => {
    // A PATH with only node on it.
    const bin = join(tmp, 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = gp5sim(['compare', vcd, fst], { ...process.env, PATH: bin });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${fst} is an FST file: reading it needs GTKWave's fst2vcd, which is not installed (Debian package gtkwave)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('looksLikeFst', () => {
  it('recognises the FST header block and nothing else', () => {
    expect(looksLikeFst(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1, 0x49, 0]))).toBe(true);
    expect(looksLikeFst(new TextEncoder().encode('$date today $end'))).toBe(false);
    expect(looksLikeFst(Uint8Array.from([0, 0, 0]))).toBe(false);
  });
});


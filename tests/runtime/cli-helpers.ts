// Spawning the real CLI (the built bundle, as tests/cli/*.test.ts do: no tsx start-up per run) from
// runtime/golden regression tests, with the child's peak RSS measured by GNU time when a test asks for it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliCommand } from '../cli/hostile-helpers.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const tmp = mkdtempSync(join(tmpdir(), 'gp5rt-'));

export const gp5sim = (...args: string[]) =>
  spawnSync(cliCommand()[0]!, [cliCommand()[1]!, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, cwd: root });

export const noStack = (text: string) => !/\n\s+at /.test(text);

/** Run gp5sim under /usr/bin/time -v; returns the result and the child's peak RSS in MB. */
export function gp5simRss(...args: string[]): { status: number | null; stdout: string; stderr: string; peakMB: number } {
  const out = join(tmp, `time-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync('/usr/bin/time', ['-v', '-o', out, ...cliCommand(), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    cwd: root,
    maxBuffer: 1 << 26,
  });
  const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  if (!m) throw new Error(`no peak RSS from /usr/bin/time: ${text}${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, peakMB: Number(m[1]) / 1024 };
}

// Shared by the sweep tests: the real CLI, a temp folder, the data folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const data = join(root, '../shared/data');
export const hasData = existsSync(join(data, 'ldpc/96.3.963.alist'));
const tsx = join(root, 'node_modules/.bin/tsx');

export function gp5sim(...args: string[]) {
  return spawnSync(tsx, [join(root, 'cli/gp5sim.ts'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, cwd: root, timeout: 300_000 });
}

/** The CLI as one node process (no tsx wrapper), so a signal reaches the process doing the work. */
export function gp5simAsync(...args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(root, 'cli/gp5sim.ts'), ...args], { env: { ...process.env, NO_COLOR: '1' }, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeSpec(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A row without its wall-clock fields (everything that must be byte-identical run to run). */
export const withoutWall = (jsonl: string) =>
  jsonl
    .trim()
    .split('\n')
    .map((l) => {
      const { wall: _wall, ...rest } = JSON.parse(l);
      void _wall;
      return JSON.stringify(rest);
    });

export const noStack = (text: string) => !/\n\s+at /.test(text);

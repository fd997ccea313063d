// Shared by the sweep tests: the real CLI (the built bundle, tests/cli/hostile-helpers.ts), a temp folder, the data folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliCommand } from '../cli/hostile-helpers.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const data = join(root, '../shared/data');
export const hasData = existsSync(join(data, 'ldpc/96.3.963.alist'));

export function gp5sim(...args: string[]) {
  const [node, cli] = cliCommand();
  return spawnSync(node!, [cli!, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, cwd: root, timeout: 300_000 });
}

/** The CLI as one node process (the built bundle), so a signal reaches the process doing the work. */
export function gp5simAsync(...args: string[]): ChildProcess {
  const [node, cli] = cliCommand();
  return spawn(node!, [cli!, ...args], { env: { ...process.env, NO_COLOR: '1' }, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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

class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/**
 * `gp5sim ARGS` in this process: the same commands, flag parsing, error printing and exit codes as
 * the binary (commander's exits and process.exitCode), without a process start per case (seconds
 * each under tsx). One spawned `gp5sim` per file still proves the entry point.
 */
export async function gp5simHere(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const { Command } = await import('commander');
  const { registerCommands } = await import('../../cli/commands/index.js');
  let stdout = '';
  let stderr = '';
  const program = new Command()
    .name('gp5sim')
    .exitOverride((err) => {
      throw new CliExit(err.exitCode === 0 ? 0 : 2);
    })
    .configureOutput({ writeOut: (s) => void (stdout += s), writeErr: (s) => void (stderr += s) });
  await registerCommands(program);
  const out = process.stdout.write;
  const err = process.stderr.write;
  const env = process.env.NO_COLOR;
  process.env.NO_COLOR = '1';
  process.stdout.write = ((s: string | Uint8Array) => ((stdout += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'gp5sim', ...args]);
    return { status: Number(process.exitCode ?? 0), stdout, stderr };
  } catch (e) {
    if (e instanceof CliExit) return { status: e.code, stdout, stderr };
    throw e;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    if (env === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = env;
    process.exitCode = undefined;
  }
}

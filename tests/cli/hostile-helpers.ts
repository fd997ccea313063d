// The real gp5sim CLI for hostile-input suites: the built bundle (cli/bundle.ts, as `npm run build`
// makes it, once per run in tests/global-setup.ts; plain node, no tsx start-up per case), run under
// /usr/bin/time for peak RSS.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject } from 'vitest';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const data = join(root, '../shared/data');

/** Stated bounds every hostile case must meet. */
export const MAX_SECONDS = 10;
export const MAX_RSS_MB = 400;

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident set of the child in MiB (undefined without /usr/bin/time). */
  rssMb: number | undefined;
}

/**
 * The CLI `tool` as `npm run build` bundles it: tests/global-setup.ts bundles it once per run, so
 * every suite starts the same build of the current sources.
 */
export function cliCommand(tool: 'gp5sim' | 'gp5asm' = 'gp5sim'): string[] {
  return [process.execPath, inject('cliBundle')[tool]];
}

const TIME = '/usr/bin/time';
const RSS_MARK = 'GP5-MAXRSS-KB:';

/** Run `gp5sim ARGS` from the checkout root (optionally with stdin text). */
export function gp5sim(args: string[], input?: string): CliRun {
  return runTool('gp5sim', args, input);
}

function argvOf(tool: 'gp5sim' | 'gp5asm', args: string[]): [string, string[]] {
  const [cmd, ...pre] = cliCommand(tool);
  return existsSync(TIME) ? [TIME, ['-f', `${RSS_MARK}%M`, cmd!, ...pre, ...args]] : [cmd!, [...pre, ...args]];
}

const SPAWN_ENV = { ...process.env, NO_COLOR: '1' };

export function runTool(tool: 'gp5sim' | 'gp5asm', args: string[], input?: string): CliRun {
  const [cmd, argv] = argvOf(tool, args);
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: root, input, env: SPAWN_ENV, timeout: 60_000, maxBuffer: 64 << 20 });
  return finish(r.status, r.stdout ?? '', r.stderr ?? '', (Date.now() - t0) / 1000);
}

/** `gp5sim ARGS` without blocking, so independent cases of a suite can run side by side. */
export function gp5simAsync(args: string[], input?: string): Promise<CliRun> {
  return runToolAsync('gp5sim', args, input);
}

/** `runTool` without blocking (optionally with stdin text). */
export function runToolAsync(tool: 'gp5sim' | 'gp5asm', args: string[], input?: string): Promise<CliRun> {
  const [cmd, argv] = argvOf(tool, args);
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, env: SPAWN_ENV, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], timeout: 60_000 });
    if (input !== undefined) child.stdin!.end(input);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => resolve(finish(status, Buffer.concat(out).toString('utf8'), Buffer.concat(err).toString('utf8'), (Date.now() - t0) / 1000)));
  });
}

function finish(status: number | null, stdout: string, rawStderr: string, seconds: number): CliRun {
  let stderr = rawStderr;
  let rssMb: number | undefined;
  const at = stderr.lastIndexOf(RSS_MARK);
  if (at >= 0) {
    rssMb = Number(stderr.slice(at + RSS_MARK.length).trim()) / 1024;
    stderr = stderr.slice(0, at);
  }
  // /usr/bin/time reports a child's non-zero exit or signal on a line of its own.
  stderr = stderr.replace(/^Command (exited with non-zero status \d+|terminated by signal \d+)\n/m, '');
  return { status, stdout, stderr, seconds, rssMb };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A hostile input was refused properly: exit 1, one message naming `file` followed by its position
 * (`where`, e.g. a line number or a config field), no stack trace, within the time and memory bounds.
 */
export function expectRefused(r: CliRun, file: string, where = ''): void {
  expect(r.stderr, r.stderr).not.toContain('    at ');
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`${escapeRe(file)}${where}`));
  expect(r.stderr).not.toMatch(/error:.*error:/);
  expectWithinBounds(r);
}

export function expectWithinBounds(r: CliRun): void {
  expect(r.seconds).toBeLessThan(MAX_SECONDS);
  if (r.rssMb !== undefined) expect(r.rssMb).toBeLessThan(MAX_RSS_MB);
}

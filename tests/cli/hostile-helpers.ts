// The real gp5sim CLI for hostile-input suites: the built bundle (cli/bundle.ts, as `npm run build`
// makes it, once per run in tests/global-setup.ts; plain node, no tsx start-up per case), with the
// child's peak RSS measured by a preloaded probe (rss-probe.mjs).
import { spawn, spawnSync } from 'node:child_process';
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
  /** Peak resident set of the child in MiB (tests/cli/rss-probe.mjs; NaN if it was killed before exit). */
  rssMb: number;
}

/**
 * The CLI `tool` as `npm run build` bundles it: tests/global-setup.ts bundles it once per run, so
 * every suite starts the same build of the current sources.
 */
export function cliCommand(tool: 'gp5sim' | 'gp5asm' = 'gp5sim'): string[] {
  return [process.execPath, inject('cliBundle')[tool]];
}

/** Preloaded into every CLI child: prints the child's peak RSS as the last line of its stderr. */
export const RSS_PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));
const RSS_LINE = /\npeak-rss-kib (\d+)\n$/;

/** Run `gp5sim ARGS` from the checkout root (optionally with stdin text). */
export function gp5sim(args: string[], input?: string): CliRun {
  return runTool('gp5sim', args, input);
}

function argvOf(tool: 'gp5sim' | 'gp5asm', args: string[]): [string, string[]] {
  const [cmd, script] = cliCommand(tool);
  return [cmd!, ['--import', RSS_PROBE, script!, ...args]];
}

const SPAWN_ENV = { ...process.env, NO_COLOR: '1' };
const TIMEOUT_MS = 60_000;

export function runTool(tool: 'gp5sim' | 'gp5asm', args: string[], input?: string, timeoutMs = TIMEOUT_MS): CliRun {
  const [cmd, argv] = argvOf(tool, args);
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: root, input, env: SPAWN_ENV, timeout: timeoutMs, maxBuffer: 64 << 20 });
  return finish(r.status, r.stdout ?? '', r.stderr ?? '', (performance.now() - t0) / 1000);
}

/** `gp5sim ARGS` without blocking, so independent cases of a suite can run side by side. */
export function gp5simAsync(args: string[], input?: string, timeoutMs = TIMEOUT_MS): Promise<CliRun> {
  return runToolAsync('gp5sim', args, input, timeoutMs);
}

/** `runTool` without blocking (optionally with stdin text). */
export function runToolAsync(tool: 'gp5sim' | 'gp5asm', args: string[], input?: string, timeoutMs = TIMEOUT_MS): Promise<CliRun> {
  const [cmd, argv] = argvOf(tool, args);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, env: SPAWN_ENV, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    if (input !== undefined) child.stdin!.end(input);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => resolve(finish(status, Buffer.concat(out).toString('utf8'), Buffer.concat(err).toString('utf8'), (performance.now() - t0) / 1000)));
  });
}

/** A child's peak RSS in MiB from the probe's line, and its stderr without that line (NaN if it was killed before exit). */
export function splitRssLine(stderr: string): { stderr: string; rssMb: number } {
  const m = RSS_LINE.exec(stderr);
  return m ? { stderr: stderr.slice(0, m.index), rssMb: Number(m[1]) / 1024 } : { stderr, rssMb: NaN };
}

function finish(status: number | null, stdout: string, rawStderr: string, seconds: number): CliRun {
  return { status, stdout, ...splitRssLine(rawStderr), seconds };
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
  expect(r.rssMb).toBeLessThan(MAX_RSS_MB);
}

// The real gp5sim CLI for hostile-input suites: bundled once per test file with esbuild (tsx's own
// bundler; ~0.2 s instead of ~0.5 s of tsx start-up per case), run under /usr/bin/time for peak RSS.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

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

const bundles = new Map<string, string>();

/** The CLI `tool` as one ES module (falls back to tsx when esbuild is missing). */
export function cliCommand(tool: 'gp5sim' | 'gp5asm' = 'gp5sim'): string[] {
  let bundled = bundles.get(tool);
  if (bundled === undefined) {
    try {
      const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
      const out = join(mkdtempSync(join(tmpdir(), 'gp5cli-')), `${tool}.mjs`);
      esbuild.buildSync({
        entryPoints: [join(root, `cli/${tool}.ts`)],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile: out,
        logLevel: 'silent',
        banner: { js: "import { createRequire as __gp5cr } from 'node:module'; const require = __gp5cr(import.meta.url);" },
      });
      // The assembler reads its grammar file beside its module, as in dist/.
      copyFileSync(join(root, 'asm/gp5.ohm'), join(dirname(out), 'gp5.ohm'));
      bundled = out;
    } catch {
      bundled = '';
    }
    bundles.set(tool, bundled);
  }
  return bundled ? [process.execPath, bundled] : [join(root, 'node_modules/.bin/tsx'), join(root, `cli/${tool}.ts`)];
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

// CLI conventions and process behaviour through the real commands: closed pipes and full disks,
// outputs never onto inputs, `-` for stdio, --version, help, typo suggestions, one error prefix,
// escaped control characters, non-convergence warnings and --strict, signals, and a 400x400 table.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isingGrid, writeFg } from '../../golden/index.js';
import { TERMINAL_UNTOUCHED } from '../../cli/machine-options.js';
import { EXIT_NOT_CONVERGED, EXIT_SIGINT } from '../../cli/io.js';
import { packageVersion } from '../../cli/version.js';
import { cliCommand, gp5simAsync as gp5sim, root, runTool, runToolAsync, data } from './hostile-helpers.js';

// Every spawn is asynchronous and the suites run their tests side by side (2 cores: the CLI runs
// overlap their start-up).

const tmp = mkdtempSync(join(tmpdir(), 'gp5conv-'));
const testfast = join(data, 'libdai/testfast.fg');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** Run `tool ARGS REDIRECT` in bash; resolves to its stdout and stderr (with a status= line). */
const sh = (tool: 'gp5sim' | 'gp5asm', args: string, redirect: string) =>
  new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', ['-c', `${cliCommand(tool).map(quote).join(' ')} ${args} ${redirect}; echo "status=\${PIPESTATUS[0]}" >&2`], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      // stdin not a socket: bash would take a socketpair stdin for a remote shell and read ~/.bashrc.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => resolve({ stdout, stderr }));
  });
const statusOf = (stderr: string) => Number(/status=(\d+)/.exec(stderr)?.[1]);
// What is left of stderr without the status line and the (expected) non-convergence warnings.
const rest = (stderr: string) => stderr.replace(/status=\d+\n/, '').replace(/^warning: [^\n]*\n/gm, '');

const grid = join(tmp, 'grid100.fg');
writeFileSync(grid, writeFg(isingGrid({ rows: 100, cols: 100, seed: 1 })));
const obj = join(tmp, 'm.gp5o');
runTool('gp5asm', ['examples/maxstar-reduce.s', '-o', obj]);

const commands: [string, 'gp5sim' | 'gp5asm', string][] = [
  ['solve', 'gp5sim', `solve ${grid} --max-iter 2`],
  ['infer', 'gp5sim', `infer ${testfast} --max-iter 5`],
  ['run', 'gp5sim', 'run examples/maxstar-reduce.s'],
  ['score', 'gp5sim', `score ${join(data, 'uai2014/Grids_11.uai.MAR')} ${join(data, 'uai2014/Grids_11.uai.MAR')}`],
  ['gp5asm -d', 'gp5asm', `-d ${obj}`],
  ['gp5asm --listing', 'gp5asm', `examples/maxstar-reduce.s -o ${join(tmp, 'l.gp5o')} --listing`],
];

describe.concurrent('closed pipes and full disks, for every command', () => {
  for (const [name, tool, args] of commands) {
    it(`${name} | head -1 ends quietly with exit 0`, async () => {
      const r = await sh(tool, args, '| head -1');
      expect(r.stdout.split('\n').length).toBe(2);
      expect(statusOf(r.stderr)).toBe(0);
      expect(rest(r.stderr)).toBe('');
    });
    it(`${name} > /dev/full is one line, exit 1`, async () => {
      const r = await sh(tool, args, '> /dev/full');
      expect(statusOf(r.stderr)).toBe(1);
      expect(rest(r.stderr)).toBe('error: standard output: cannot write: no space left on device\n');
    });
  }

  it('-o /dev/full names the file', async () => {
    const r = await gp5sim(['solve', testfast, '-o', '/dev/full']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: /dev/full: cannot write: no space left on device\n');
  });
});

describe.concurrent('outputs', () => {
  it('an output onto an input is refused before anything is written (also via another path)', async () => {
    const model = join(tmp, 'same.fg');
    writeFileSync(model, readFileSync(testfast));
    const outs = [model, join(tmp, '.', 'same.fg')];
    const runs = await Promise.all(outs.map((out) => gp5sim(['solve', model, '-o', out])));
    runs.forEach((r, i) => {
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`error: ${outs[i]}: refusing to write over the input file ${model}\n`);
    });
    expect(readFileSync(model, 'utf8')).toBe(readFileSync(testfast, 'utf8'));
    const src = join(tmp, 'same.s');
    writeFileSync(src, 'halt\n');
    const a = await runToolAsync('gp5asm', [src, '-o', src]);
    expect(a.status).toBe(1);
    expect(readFileSync(src, 'utf8')).toBe('halt\n');
  });

  it('an unwritable output fails before the run, naming the file', async () => {
    const r = await gp5sim(['infer', testfast, '--vcd', join(tmp, 'no/such/dir/x.vcd')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: ${join(tmp, 'no/such/dir/x.vcd')}: cannot write: no such file or directory\n`);
  });

  it('- is stdin for models (with --format) and stdout for -o; .PR written beside the .MAR and scored', async () => {
    const mar = join(tmp, 'r.MAR');
    const [a, b, c, e] = await Promise.all([
      gp5sim(['solve', testfast, '--json']),
      gp5sim(['solve', '-', '--format', 'fg', '--json'], readFileSync(testfast, 'utf8')),
      gp5sim(['solve', testfast, '--method', 'exact', '-o', '-', '--json']),
      gp5sim(['solve', testfast, '--method', 'exact', '-o', mar, '--pr', join(tmp, 'r.PR')]),
    ]);
    expect(b.status).toBe(0);
    const strip = (t: string) => { const j = JSON.parse(t); delete j.model; delete j.seconds; return j; };
    expect(strip(b.stdout)).toEqual(strip(a.stdout));
    expect(c.stdout.startsWith('MAR\n16 2 ')).toBe(true);
    expect(e.stdout).toContain(`log10 Z (exact) written to ${join(tmp, 'r.PR')}`);
    const s = await gp5sim(['score', mar, mar, '--pr', join(tmp, 'r.PR'), '--json']);
    expect(JSON.parse(s.stdout)).toMatchObject({ variables: 16, maxTV: 0, maxKL: 0, log10Z: { error: 0 } });
  });
});

describe.concurrent('conventions', () => {
  it('the version is found from the sources (tests/lib/package.test.ts runs --version on both installed bins)', () => {
    // cli/version.ts as tsx runs it from the checkout (import.meta.url in cli/).
    expect(packageVersion()).toBe(version);
  });

  it("the demo runs the main job on the built-in example; its Next: hints show the invocation that started it", async () => {
    const r = await gp5sim(['demo']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/built-in 12x12 Ising grid/);
    expect(r.stdout).toMatch(/utilisation/);
    const script = cliCommand('gp5sim')[1]!;
    const me = `${script.endsWith('.ts') ? 'npx tsx' : 'node'} ${relative(root, script)}`;
    expect(r.stdout).toContain(`\nNext:\n  ${me} infer ../shared/data/libdai/testfast.fg\n  ${me} ldpc ../shared/data/ldpc/96.3.963.alist\n  ${me} --help\n`);
  });

  it('an option typo gets a suggestion and exit 2', async () => {
    const r = await gp5sim(['solve', testfast, '--max-iters', '3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error: unknown option '--max-iters'\n(Did you mean --max-iter?)");
  });

  it('every subcommand help shows examples and exit codes, numeric defaults unquoted', async () => {
    // One spawn per help text, side by side (importing every command in-process would cost more:
    // the test runner transforms the whole code base).
    const cmds = ['run', 'infer', 'solve', 'score', 'ldpc', 'compare', 'generate', 'demo'];
    const helps = (await Promise.all(cmds.map((cmd) => gp5sim([cmd, '--help'])))).map((r) => r.stdout);
    cmds.forEach((cmd, i) => {
      const h = helps[i]!;
      expect(h, cmd).toContain(`Examples:\n  gp5sim ${cmd}`);
      expect(h, cmd).toContain('Exit status: 0 success; 1 error');
      expect(h, cmd).not.toMatch(/default: "\d/);
    });
    const solveHelp = helps[cmds.indexOf('solve')]!;
    expect(solveHelp).toContain('(default: 1000)');
    expect(solveHelp).toContain(`${EXIT_NOT_CONVERGED} not converged with --strict`);
  });

  it('a reader error prints its position once: FILE:LINE: error: …', async () => {
    const bad = join(tmp, 'bad.fg');
    writeFileSync(bad, '1\n\n2\n0 1\n2 x\n');
    const r = await gp5sim(['solve', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.]/g, '\\.')}:5(:\\d+)?: error: [^\\n]*\\n$`));
  });

  it('control characters from input are escaped before printing', async () => {
    const evil = join(tmp, 'evil\u001b[31m\u0007.fg');
    writeFileSync(evil, 'garbage\n');
    const r = await gp5sim(['solve', evil]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('evil\\x1b[31m\\x07.fg');
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('limits are human: --seed says 2^31, not 2147483648', async () => {
    const r = await gp5sim(['infer', join(data, 'ldpc/96.3.963.alist'), '--seed', '-1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--seed expects an integer 0 … 2^31, got '-1'");
  });
});

describe.concurrent('non-convergence', () => {
  it('solve warns on stderr, --json carries it, --strict exits 3', async () => {
    const [r, json, strict, converged] = await Promise.all([
      gp5sim(['solve', testfast, '--max-iter', '1']),
      gp5sim(['solve', testfast, '--max-iter', '1', '--json']),
      gp5sim(['solve', testfast, '--max-iter', '1', '--strict']),
      gp5sim(['solve', testfast, '--strict']),
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^warning: BP did not converge after 1 iteration \(last max change 3\.724e-1\)/);
    expect(r.stdout).toContain('NOT converged after 1 iteration (');
    const j = JSON.parse(json.stdout);
    expect(j.converged).toBe(false);
    expect(j.warnings).toHaveLength(1);
    expect(strict.status).toBe(EXIT_NOT_CONVERGED);
    expect(converged.status).toBe(0);
  });

  it('infer --max-iter 0 says n/a, singular PE, warns and fails with --strict', async () => {
    const r = await gp5sim(['infer', testfast, '--max-iter', '0', '--pes', '1', '--strict']);
    expect(r.status).toBe(EXIT_NOT_CONVERGED);
    expect(r.stdout).toContain('placement: 1 PE, ');
    expect(r.stdout).toContain('did not converge after 0 iterations (last max message change n/a)');
    expect(r.stderr).toMatch(/^warning: the chip's BP did not converge after 0 iterations \(last max change n\/a\)/);
  });
});

describe.concurrent('signals', () => {
  it('the progress bar never hides the cursor or turns line wrap off (nothing to restore on Ctrl-C)', () => {
    expect(TERMINAL_UNTOUCHED).toEqual({ hideCursor: false, linewrap: true });
  });

  it('Ctrl-C ends a long simulation at once with status 130', async () => {
    const prog = join(tmp, 'spin.s');
    writeFileSync(prog, 'spin: beq r0, r0, spin\n');
    const [cmd, ...pre] = cliCommand('gp5sim');
    const child = spawn(cmd!, [...pre, 'run', prog, '--max-cycles', '100000000000'], { cwd: root, stdio: 'ignore' });
    const t0 = Date.now();
    setTimeout(() => child.kill('SIGINT'), 1500);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.on('exit', (c, s) => res([c, s])));
    expect(Date.now() - t0).toBeLessThan(10_000);
    // Killed by the signal: the shell reports 128 + 2.
    expect(code ?? 128 + 2).toBe(EXIT_SIGINT);
    expect(signal === 'SIGINT' || code === EXIT_SIGINT).toBe(true);
  }, 20_000);
});

describe('large models', () => {
  it('solve prints the table of a 160,000-variable model: no argument spread of one value per variable', async () => {
    // 160,000 variables (a spread of 125k+ arguments overflows the stack), one unary factor each: a
    // 3 MB .uai, so the case is the printing, not parsing a 400x400 grid's 480,000 factors.
    const n = 160_000;
    const big = join(tmp, 'wide.uai');
    const tables = Array.from({ length: n }, (_, v) => `2\n${(v % 7) + 1} 8\n`);
    writeFileSync(big, `MARKOV\n${n}\n${'2 '.repeat(n).trim()}\n${n}\n${Array.from({ length: n }, (_, v) => `1 ${v}\n`).join('')}\n${tables.join('')}`);
    const r = await gp5sim(['solve', big, '--max-iter', '1']);
    expect(r.stderr).not.toContain('RangeError');
    expect(r.status).toBe(0);
    // Variable 159999: table [159999 % 7 + 1, 8] = [1, 8].
    expect(r.stdout).toMatch(/\n159999 {2}\S* *2 {2}0\.111111 0\.888889\n/);
  }, 60_000);
});

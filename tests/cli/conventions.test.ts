// CLI conventions and process behaviour through the real commands: closed pipes and full disks,
// outputs never onto inputs, `-` for stdio, --version, help, typo suggestions, one error prefix,
// escaped control characters, non-convergence warnings and --strict, signals, and a 400x400 table.
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isingGrid, writeFg } from '../../golden/index.js';
import { TERMINAL_UNTOUCHED } from '../../cli/machine-options.js';
import { EXIT_NOT_CONVERGED, EXIT_SIGINT } from '../../cli/io.js';
import { cliCommand, gp5sim, root, runTool, data } from './hostile-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'gp5conv-'));
const testfast = join(data, 'libdai/testfast.fg');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const sh = (tool: 'gp5sim' | 'gp5asm', args: string, redirect: string) =>
  spawnSync('bash', ['-c', `${cliCommand(tool).map(quote).join(' ')} ${args} ${redirect}; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
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

describe('closed pipes and full disks, for every command', () => {
  for (const [name, tool, args] of commands) {
    it(`${name} | head -1 ends quietly with exit 0`, () => {
      const r = sh(tool, args, '| head -1');
      expect(r.stdout.split('\n').length).toBe(2);
      expect(statusOf(r.stderr)).toBe(0);
      expect(rest(r.stderr)).toBe('');
    });
    it(`${name} > /dev/full is one line, exit 1`, () => {
      const r = sh(tool, args, '> /dev/full');
      expect(statusOf(r.stderr)).toBe(1);
      expect(rest(r.stderr)).toBe('error: standard output: cannot write: no space left on device\n');
    });
  }

  it('-o /dev/full names the file', () => {
    const r = gp5sim(['solve', testfast, '-o', '/dev/full']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: /dev/full: cannot write: no space left on device\n');
  });
});

describe('outputs', () => {
  it('an output onto an input is refused before anything is written (also via another path)', () => {
    const model = join(tmp, 'same.fg');
    writeFileSync(model, readFileSync(testfast));
    for (const out of [model, join(tmp, '.', 'same.fg')]) {
      const r = gp5sim(['solve', model, '-o', out]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`error: ${out}: refusing to write over the input file ${model}\n`);
    }
    expect(readFileSync(model, 'utf8')).toBe(readFileSync(testfast, 'utf8'));
    const src = join(tmp, 'same.s');
    writeFileSync(src, 'halt\n');
    const a = runTool('gp5asm', [src, '-o', src]);
    expect(a.status).toBe(1);
    expect(readFileSync(src, 'utf8')).toBe('halt\n');
  });

  it('an unwritable output fails before the run, naming the file', () => {
    const r = gp5sim(['infer', testfast, '--vcd', join(tmp, 'no/such/dir/x.vcd')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: ${join(tmp, 'no/such/dir/x.vcd')}: cannot write: no such file or directory\n`);
  });

  it('- is stdin for models (with --format) and stdout for -o; .PR written beside the .MAR and scored', () => {
    const a = gp5sim(['solve', testfast, '--json']);
    const b = gp5sim(['solve', '-', '--format', 'fg', '--json'], readFileSync(testfast, 'utf8'));
    expect(b.status).toBe(0);
    const strip = (t: string) => { const j = JSON.parse(t); delete j.model; delete j.seconds; return j; };
    expect(strip(b.stdout)).toEqual(strip(a.stdout));
    const c = gp5sim(['solve', testfast, '--method', 'exact', '-o', '-', '--json']);
    expect(c.stdout.startsWith('MAR\n16 2 ')).toBe(true);
    const mar = join(tmp, 'r.MAR');
    const e = gp5sim(['solve', testfast, '--method', 'exact', '-o', mar, '--pr', join(tmp, 'r.PR')]);
    expect(e.stdout).toContain(`log10 Z (exact) written to ${join(tmp, 'r.PR')}`);
    const s = gp5sim(['score', mar, mar, '--pr', join(tmp, 'r.PR'), '--json']);
    expect(JSON.parse(s.stdout)).toMatchObject({ variables: 16, maxTV: 0, maxKL: 0, log10Z: { error: 0 } });
  });
});

describe('conventions', () => {
  it('--version on both CLIs prints the package version (from the sources, as installed)', () => {
    for (const tool of ['gp5sim', 'gp5asm']) {
      const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, `cli/${tool}.ts`), '--version'], { cwd: root, encoding: 'utf8' });
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it("the demo's Next: hints show the invocation that started it", () => {
    const r = gp5sim(['demo']);
    expect(r.status).toBe(0);
    const script = cliCommand('gp5sim')[1]!;
    const me = `${script.endsWith('.ts') ? 'npx tsx' : 'node'} ${relative(root, script)}`;
    expect(r.stdout).toContain(`\nNext:\n  ${me} infer ../shared/data/libdai/testfast.fg\n  ${me} ldpc ../shared/data/ldpc/96.3.963.alist\n  ${me} --help\n`);
  });

  it('an option typo gets a suggestion and exit 2', () => {
    const r = gp5sim(['solve', testfast, '--max-iters', '3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error: unknown option '--max-iters'\n(Did you mean --max-iter?)");
  });

  it('every subcommand help shows examples and exit codes, numeric defaults unquoted', () => {
    for (const cmd of ['run', 'infer', 'solve', 'score', 'ldpc', 'compare', 'generate', 'demo']) {
      const h = gp5sim([cmd, '--help']).stdout;
      expect(h, cmd).toContain(`Examples:\n  gp5sim ${cmd}`);
      expect(h, cmd).toContain('Exit status: 0 success; 1 error');
      expect(h, cmd).not.toMatch(/default: "\d/);
    }
    expect(gp5sim(['solve', '--help']).stdout).toContain('(default: 1000)');
    expect(gp5sim(['solve', '--help']).stdout).toContain(`${EXIT_NOT_CONVERGED} not converged with --strict`);
  });

  it('a reader error prints its position once: FILE:LINE: error: …', () => {
    const bad = join(tmp, 'bad.fg');
    writeFileSync(bad, '1\n\n2\n0 1\n2 x\n');
    const r = gp5sim(['solve', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.]/g, '\\.')}:5(:\\d+)?: error: [^\\n]*\\n$`));
  });

  it('control characters from input are escaped before printing', () => {
    const evil = join(tmp, 'evil\u001b[31m\u0007.fg');
    writeFileSync(evil, 'garbage\n');
    const r = gp5sim(['solve', evil]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('evil\\x1b[31m\\x07.fg');
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('limits are human: --seed says 2^31, not 2147483648', () => {
    const r = gp5sim(['infer', join(data, 'ldpc/96.3.963.alist'), '--seed', '-1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--seed expects an integer 0 … 2^31, got '-1'");
  });
});

describe('non-convergence', () => {
  it('solve warns on stderr, --json carries it, --strict exits 3', () => {
    const r = gp5sim(['solve', testfast, '--max-iter', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^warning: BP did not converge after 1 iteration \(last max change 3\.724e-1\)/);
    expect(r.stdout).toContain('NOT converged after 1 iteration (');
    const j = JSON.parse(gp5sim(['solve', testfast, '--max-iter', '1', '--json']).stdout);
    expect(j.converged).toBe(false);
    expect(j.warnings).toHaveLength(1);
    expect(gp5sim(['solve', testfast, '--max-iter', '1', '--strict']).status).toBe(EXIT_NOT_CONVERGED);
    expect(gp5sim(['solve', testfast, '--strict']).status).toBe(0);
  });

  it('infer --max-iter 0 says n/a, singular PE, warns and fails with --strict', () => {
    const r = gp5sim(['infer', testfast, '--max-iter', '0', '--pes', '1', '--strict']);
    expect(r.status).toBe(EXIT_NOT_CONVERGED);
    expect(r.stdout).toContain('placement: 1 PE, ');
    expect(r.stdout).toContain('did not converge after 0 iterations (last max message change n/a)');
    expect(r.stderr).toMatch(/^warning: the chip's BP did not converge after 0 iterations \(last max change n\/a\)/);
  });
});

describe('signals', () => {
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
  it('solve prints the table of a 400x400 Ising grid (.fg): no argument spread of one value per variable', () => {
    const big = join(tmp, 'grid400.fg');
    writeFileSync(big, writeFg(isingGrid({ rows: 400, cols: 400, seed: 3 })));
    const r = gp5sim(['solve', big, '--max-iter', '1']);
    expect(r.stderr).not.toContain('RangeError');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\n159999 {2}\S* *2 {2}0\.\d{6} 0\.\d{6}\n/);
  }, 60_000);
});

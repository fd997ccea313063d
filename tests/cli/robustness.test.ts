// Regressions from review: hostile inputs give clear errors (exit 1 or 2), never a stack trace,
// a hang, a runaway allocation or a silently wrong report.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool } from './hostile-helpers.js';
import { assemble } from '../../asm/index.js';
import { makeConfig, makeFormat, parseConfig } from '../../isa/index.js';
import { loadImage } from '../../sim/index.js';
import { quantizeGraph, type FactorGraph } from '../../golden/index.js';
import { compileGraph, CompileError, dampingLambda } from '../../runtime/index.js';

const cli = (tool: 'gp5sim' | 'gp5asm', ...args: string[]) => runTool(tool, args);
const tmp = mkdtempSync(join(tmpdir(), 'gp5rob-'));
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('loader limits', () => {
  it('code far beyond instruction memory is a load error, not a giant allocation', () => {
    const obj = assemble('.org 0x7fffffff\n.word 1, 2\n', { fileName: 'a.s' }).object;
    expect(() => loadImage(obj, makeConfig({ pes: 1 }), 'a.gp5o')).toThrow(/does not fit the 1048576-word instruction memory/);
  });

  it('a section for a PE the machine does not have is a load error', () => {
    const obj = assemble('.text pe=20\nhalt\n', { fileName: 'b.s' }).object;
    obj.requirements.minPes = 1; // a hand-made object that understates its PEs
    expect(() => loadImage(obj, makeConfig({ pes: 16 }), 'b.gp5o')).toThrow(/is for PE 20 but the machine has 16 PEs/);
  });
});

describe('runtime limits', () => {
  const graph = (nVars: number, card: number, factors: number[][]): FactorGraph => ({
    variables: Array.from({ length: nVars }, () => ({ card })),
    factors: factors.map((scope) => ({ scope, table: new Float64Array(card ** scope.length).fill(1) })),
  });

  it('more factors on a variable than vupd combines is a compile error', () => {
    const g = graph(2, 2, Array.from({ length: 300 }, () => [0, 1]));
    const q = quantizeGraph(g, makeFormat(16, 8, 256));
    expect(() => compileGraph(q, makeConfig({ pes: 1, scratchpadBytes: 4 << 20 }), { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 0, maxIter: 1 })).toThrow(CompileError);
  });

  it('damping near 1 never becomes "keep the old message forever"', () => {
    expect(dampingLambda(0.999)).toBe(255);
    expect(dampingLambda(0.5)).toBe(128);
    expect(dampingLambda(0)).toBe(0);
  });
});

describe('command-line hostility', () => {
  it('directories where files are expected: exit 1, no stack trace', () => {
    for (const r of [cli('gp5sim', 'run', tmp), cli('gp5asm', tmp), cli('gp5sim', 'run', 'examples/maxstar-reduce.s', '--config', tmp)]) {
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/EISDIR|directory/);
      noStack(r.stderr);
    }
  });

  it('absurd tolerances and nesting are rejected cleanly', () => {
    const tol = cli('gp5sim', 'infer', fileURLToPath(new URL('../../../shared/data/libdai/hoi1.fg', import.meta.url)), '--tol', '1e12');
    expect(tol.status).toBe(2);
    expect(tol.stderr).toMatch(/--tol expects a number 0 … \d+ \(nats\)/);
    const deep = join(tmp, 'deep.s');
    writeFileSync(deep, `.word ${'('.repeat(1000)}1${')'.repeat(1000)}\n`);
    const r = cli('gp5asm', deep);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/deep\.s:1:\d+: error: expression nested more than 200 levels deep/);
    noStack(r.stderr);
  });

  it('config sanity: a near-zero clock is rejected; a prime PE count gets a one-row mesh', () => {
    expect(() => parseConfig({ clockMHz: 1e-320 })).toThrow(/"clockMHz": expected a number 0.001 … 1000000/);
    expect(parseConfig({ pes: 4093 })).toMatchObject({ meshWidth: 4093, meshHeight: 1 });
  });
});

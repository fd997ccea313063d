// The gp5asm command line: exit codes, diagnostics on stderr, object/listing/disassembly files.
import { cliCommand } from '../cli/hostile-helpers.js';
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { assemble, parseObject, serializeObject } from '../../asm/index.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cliCommand('gp5asm')[1]!, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

describe('gp5asm CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp5asm-'));

  it('assembles, writes a listing, disassembles to source that reassembles identically', () => {
    const src = join(dir, 'p.s');
    writeFileSync(src, 'start: li r1, 5\n  beq r1, r0, start\n  halt\n.data\n.prob 0.5\n');
    const a = run(src, '-o', join(dir, 'p.gp5o'), '--listing', join(dir, 'p.lst'));
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(readFileSync(join(dir, 'p.lst'), 'utf8')).toMatch(/p\.s:1\s+00000000\s+40400005\s+start: li r1, 5/);
    const d = run('disassemble', join(dir, 'p.gp5o'), '-o', join(dir, 'd.s'));
    expect(d.status).toBe(0);
    const b = run(join(dir, 'd.s'), '-o', join(dir, 'd.gp5o'));
    expect(b.status).toBe(0);
    expect(readFileSync(join(dir, 'd.gp5o')).equals(readFileSync(join(dir, 'p.gp5o')))).toBe(true);
    const d2 = run('--disassemble', join(dir, 'p.gp5o'), '--no-comments');
    expect(d2.stdout).toContain('    beq r1, r0, start\n');
  }, 60_000);

  it('reports all errors with carets and exits 1; usage errors exit 2; no stack traces', () => {
    const bad = join(dir, 'bad.s');
    writeFileSync(bad, 'ad r1\nnop x\n');
    const r = run(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${bad}:1:1: error: unknown mnemonic 'ad' (did you mean 'add'?)\n  ad r1\n  ^\n${bad}:2:5: error: nop takes no operands, got 1\n  nop x\n      ^\n2 errors\n`);
    const u = run('--bogus');
    expect(u.status).toBe(2);
    const m = run(join(dir, 'missing.s'));
    expect(m.status).toBe(1);
    expect(m.stderr).not.toMatch(/\n\s+at /);
    writeFileSync(join(dir, 'junk.gp5o'), 'GP5O junk');
    const j = run('-d', join(dir, 'junk.gp5o'));
    expect(j.status).toBe(1);
    expect(j.stderr).toMatch(/junk\.gp5o: byte \d+: truncated object file/);
  }, 60_000);

  it('-I searches include directories, -D defines constants, several inputs make one program', () => {
    mkdirSync(join(dir, 'inc'), { recursive: true });
    writeFileSync(join(dir, 'inc', 'consts.s'), '.equ BASE, 40\n');
    writeFileSync(join(dir, 'm1.s'), '.include "consts.s"\nj main\n');
    writeFileSync(join(dir, 'm2.s'), 'main: addi r1, r0, BASE + N\nhalt\n');
    const noI = run(join(dir, 'm1.s'), join(dir, 'm2.s'), '-D', 'N=2', '-o', join(dir, 'm.gp5o'));
    expect(noI.status).toBe(1);
    expect(noI.stderr).toContain('m1.s:1:10: error: cannot read include file');
    const ok = run('-I', join(dir, 'inc'), '-D', 'N=2', join(dir, 'm1.s'), join(dir, 'm2.s'), '-o', join(dir, 'm.gp5o'));
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const want = serializeObject(assemble('.equ BASE, 40\n.equ N, 2\nj main\nmain: addi r1, r0, 42\nhalt\n').object);
    const got = parseObject(new Uint8Array(readFileSync(join(dir, 'm.gp5o'))), 'm.gp5o');
    expect(Array.from(got.sections[0].words)).toEqual(Array.from(parseObject(want, 'w').sections[0].words));
    const bad = run('-D', '3x=1', join(dir, 'm2.s'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("-D expects NAME=VALUE with an integer VALUE (for example -D N=4), got '3x=1'");
  }, 60_000);
});

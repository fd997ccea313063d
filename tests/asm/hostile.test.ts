// Hostile inputs for gp5asm (assembler and object reader) through the real CLI: exit 1, a message
// naming the file and position, never a stack trace, within time and a 200 MB heap (the child runs
// with --max-old-space-size=200, so a reader that grows with a hostile file crashes the test).
import { cliCommand } from '../cli/hostile-helpers.js';
import { describe, it, expect, beforeAll } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeObject, assemble } from '../../asm/index.js';
import { crc32 } from '../../isa/index.js';

const ROOT = join(import.meta.dirname, '../..');
const TIME_LIMIT_MS = 30_000;

interface Run {
  status: number | null;
  stderr: string;
  stdout: string;
  ms: number;
}

function gp5asm(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const t = Date.now();
    const child = spawn(process.execPath, ['--max-old-space-size=200', cliCommand('gp5asm')[1]!, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      timeout: TIME_LIMIT_MS,
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (status) => resolve({ status, stderr, stdout, ms: Date.now() - t }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'gp5asm-hostile-'));
const f = (name: string) => join(dir, name);

/** A user error: exit 1, the expected message, no stack trace, in time. */
function expectUserError(r: Run, message: RegExp): void {
  expect(r.stderr).not.toContain('    at ');
  expect(r.stderr).toMatch(message);
  expect(r.status).toBe(1);
  expect(r.ms).toBeLessThan(TIME_LIMIT_MS);
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('gp5asm: hostile assembly sources', () => {
  beforeAll(() => {
    writeFileSync(f('empty.s'), '');
    let x = 12345;
    const junk = new Uint8Array(4096).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
    writeFileSync(f('garbage.s'), junk);
    writeFileSync(f('bom.s'), '\ufeffstart: halt\r\nj start\r\n');
    writeFileSync(f('long.s'), 'nop ' + 'x'.repeat(10 << 20) + '\n');
    mkdirSync(f('adir.s'));
    execFileSync('mkfifo', [f('fifo.s')]);
    writeFileSync(f('zero.s'), 'nop\n.include "/dev/zero"\n');
    writeFileSync(f('incfifo.s'), 'nop\n.include "fifo.s"\n');
    for (let i = 0; i < 30; i++) writeFileSync(f(`d${i}.s`), `.include "d${i + 1}.s"\n.include "d${i + 1}.s"\n`);
    writeFileSync(f('d30.s'), 'nop\n');
    writeFileSync(f('ctrl.s'), 'ad\x1b[31m r1\naddi r1, r0, 9007199254740993\nld r1, 12abc(r2)\n');
  });

  it('empty file, binary garbage, BOM + CRLF, a 10 MB line', async () => {
    const [empty, garbage, bom, long] = await Promise.all([
      gp5asm(f('empty.s'), '-o', f('o1.gp5o')),
      gp5asm(f('garbage.s'), '-o', f('o2.gp5o')),
      gp5asm(f('bom.s'), '-o', f('o3.gp5o')),
      gp5asm(f('long.s'), '-o', f('o4.gp5o')),
    ]);
    expectUserError(empty, new RegExp(`^${esc(f('empty.s'))}:1:1: error: empty program: no instructions and no data`));
    expectUserError(garbage, new RegExp(`^${esc(f('garbage.s'))}:\\d+:\\d+: error: `));
    expect(garbage.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/); // control bytes are escaped
    expect(bom.stderr).toBe('');
    expect(bom.status).toBe(0);
    expect(readFileSync(f('o3.gp5o')).equals(Buffer.from(serializeObject(assemble('start: halt\nj start\n').object)))).toBe(true);
    expectUserError(long, new RegExp(`^${esc(f('long.s'))}:1:65537: error: line is longer than 65536 characters`));
    expect(long.stderr.length).toBeLessThan(1000); // the line is clipped, not printed whole
  });

  it('a directory, a FIFO, a missing path', async () => {
    const [d, fifo, missing] = await Promise.all([gp5asm(f('adir.s')), gp5asm(f('fifo.s')), gp5asm(f('nope.s'))]);
    expectUserError(d, new RegExp(`error: ${esc(f('adir.s'))}: is a directory, expected a regular file`));
    expectUserError(fifo, new RegExp(`error: ${esc(f('fifo.s'))}: is a FIFO, expected a regular file`));
    expectUserError(missing, new RegExp(`error: ${esc(f('nope.s'))}: cannot read: no such file`));
  });

  it('.include of /dev/zero, of a FIFO, and 30 files that each include the next twice', async () => {
    const [zero, fifo, doubling] = await Promise.all([gp5asm(f('zero.s'), '-o', f('o5.gp5o')), gp5asm(f('incfifo.s'), '-o', f('o6.gp5o')), gp5asm(f('d0.s'), '-o', f('o7.gp5o'))]);
    expectUserError(zero, new RegExp(`^${esc(f('zero.s'))}:2:10: error: cannot read include file "/dev/zero": /dev/zero: is a character device, expected a regular file`));
    expectUserError(fifo, new RegExp(`^${esc(f('incfifo.s'))}:2:10: error: cannot read include file ".*fifo.s": .*is a FIFO`));
    expectUserError(doubling, /d\d+\.s:\d+:10: error: more than 10000 \.include directives executed in total \(the assembler's limit\)/);
  });

  it('messages: control characters escaped, numbers as written, no grammar rule names', async () => {
    const r = await gp5asm(f('ctrl.s'), '-o', f('o8.gp5o'));
    expectUserError(r, /ctrl\.s:1:4: error: syntax error: unexpected '\['/);
    expect(r.stderr).toContain('  ad\\x1b[31m r1\n        ^');
    expect(r.stderr).toContain('ctrl.s:2:14: error: value 9007199254740993 is outside the safe integer range');
    expect(r.stderr).toContain("ctrl.s:3:10: error: syntax error: 'abc' right after a number");
    expect(r.stderr).not.toMatch(/wordChar|identPart|end of input/);
  });
});

describe('gp5asm: hostile object files (--disassemble)', () => {
  const good = serializeObject(assemble('halt\n.entry 0 pe=0\n').object);
  const withCrc = (b: Uint8Array) => {
    const c = b.slice();
    new DataView(c.buffer).setUint32(c.length - 4, crc32(c, 0, c.length - 4), true);
    return c;
  };
  beforeAll(() => {
    writeFileSync(f('empty.gp5o'), '');
    writeFileSync(f('garbage.gp5o'), new Uint8Array(4096).fill(0xa5));
    writeFileSync(f('trunc.gp5o'), good.slice(0, good.length - 9));
    const huge = good.slice();
    new DataView(huge.buffer).setUint32(32, 0xffffffff, true); // section count
    writeFileSync(f('huge.gp5o'), withCrc(huge));
    const pe = good.slice();
    new DataView(pe.buffer).setUint32(40, 5000, true); // entry for PE 5000, minPes 1
    writeFileSync(f('pe5000.gp5o'), withCrc(pe));
    mkdirSync(f('dir.gp5o'));
  });

  it('empty, garbage, truncated, huge counts, PE 5000, a directory, /dev/zero, a missing path', async () => {
    const names = ['empty', 'garbage', 'trunc', 'huge', 'pe5000', 'dir'];
    const runs = await Promise.all([...names.map((n) => gp5asm('-d', f(`${n}.gp5o`))), gp5asm('-d', '/dev/zero'), gp5asm('-d', f('none.gp5o'))]);
    const at = (n: string) => new RegExp(`^error: ${esc(f(`${n}.gp5o`))}: byte \\d+: `);
    expectUserError(runs[0], at('empty'));
    expectUserError(runs[1], at('garbage'));
    expectUserError(runs[2], at('trunc'));
    expectUserError(runs[3], at('huge'));
    expectUserError(runs[4], new RegExp(`^error: ${esc(f('pe5000.gp5o'))}: byte 40: entry point for PE 5000, but minPes is 1`));
    expectUserError(runs[5], /is a directory, expected a regular file/);
    expectUserError(runs[6], /error: \/dev\/zero: is a character device, expected a regular file/);
    expectUserError(runs[7], /none\.gp5o: cannot read: no such file/);
  });
});

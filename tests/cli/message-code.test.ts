// The message code through the real CLIs: gp5asm --unsigned writes it into the object, and
// gp5sim run refuses an object (or a source's .format) whose code is not the machine's: exit 1,
// one clear line, no stack trace.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from './hostile-helpers.js';
import { parseObject } from '../../asm/index.js';

const cli = (tool: 'gp5sim' | 'gp5asm', ...args: string[]) => runTool(tool, args);
const tmp = mkdtempSync(join(tmpdir(), 'gp5code-'));
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('message code on the command line', () => {
  const src = join(tmp, 'p.s');
  writeFileSync(src, 'halt\n.data\n.prob 0\n');
  const signedCfg = join(tmp, 'signed8.json');
  const unsignedCfg = join(tmp, 'unsigned8.json');
  writeFileSync(signedCfg, JSON.stringify({ pes: 1, messageBits: 8, fracBits: 5 }));
  writeFileSync(unsignedCfg, JSON.stringify({ pes: 1, messageBits: 8, fracBits: 5, unsignedMessages: 1 }));
  const u = join(tmp, 'u.gp5o');
  const s = join(tmp, 's.gp5o');

  it('gp5asm --unsigned records the code (flags bit 0) and converts with it', () => {
    const a = cli('gp5asm', src, '--bits', '8', '--frac', '5', '--unsigned', '-o', u);
    expect([a.status, a.stderr]).toEqual([0, '']);
    const b = cli('gp5asm', src, '--bits', '8', '--frac', '5', '-o', s);
    expect([b.status, b.stderr]).toEqual([0, '']);
    const ub = readFileSync(u);
    expect(ub[6]).toBe(1);
    expect(readFileSync(s)[6]).toBe(0);
    const obj = parseObject(new Uint8Array(ub), 'u.gp5o');
    expect(obj.requirements).toEqual({ minPes: 1, messageBits: 8, fracBits: 5, unsignedMessages: 1 });
    expect(Array.from(obj.sections.find((x) => x.space === 'scratchpad')!.words)).toEqual([255]);
    const wide = cli('gp5asm', src, '--bits', '30', '--unsigned', '-o', join(tmp, 'w.gp5o'));
    expect(wide.status).toBe(2);
    expect(wide.stderr).toContain('--unsigned needs --bits ≤ 29, got 30');
  }, 60_000);

  it('gp5sim run refuses an object for the other code, both ways, and runs it on its own', () => {
    const r1 = cli('gp5sim', 'run', u, '--config', signedCfg);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toContain(`${u}: data was assembled for unsigned messages but the machine has signed (config unsignedMessages: 0)`);
    noStack(r1.stderr);
    const r2 = cli('gp5sim', 'run', s, '--config', unsignedCfg);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain(`${s}: data was assembled for signed messages but the machine has unsigned (config unsignedMessages: 1)`);
    noStack(r2.stderr);
    expect(cli('gp5sim', 'run', u, '--config', unsignedCfg).status).toBe(0);
    expect(cli('gp5sim', 'run', s, '--config', signedCfg).status).toBe(0);
  }, 60_000);

  it('gp5sim run FILE.s assembles with the machine’s code; a .format for the other code is an error', () => {
    expect(cli('gp5sim', 'run', src, '--config', unsignedCfg).status).toBe(0);
    const f = join(tmp, 'f.s');
    writeFileSync(f, '.format 8, 5\nhalt\n');
    const r = cli('gp5sim', 'run', f, '--config', unsignedCfg);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("f.s:1:1: error: .format 8, 5 conflicts with the requested unsigned message code (--unsigned, or the config's unsignedMessages)");
    noStack(r.stderr);
  }, 60_000);
});

// A program too long for one PE's branch offsets (a 64×64 grid compiled densely onto one PE under
// gated-flooding needs a 131850-word forward beq, the imm18 field holds ±131071) is a CompileError
// naming the limit and what to do, through the real CLI: exit 1, the message, no stack.
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '../../isa/index.js';
import { CompileError } from '../../runtime/index.js';
import { CodeEmitter } from '../../runtime/emitter.js';
import { gp5sim, noStack, tmp } from './cli-helpers.js';

describe('branch reach', () => {
  it('the emitter refuses a branch beyond its offset field with a CompileError', () => {
    const e = new CodeEmitter(3);
    e.emitTo('far', 'beq', 2, 1, 0);
    for (let i = 0; i < 131072; i++) e.emit('addi', 0, 0, 0);
    e.label('far');
    expect(() => e.finish()).toThrow(CompileError);
    expect(() => e.finish()).toThrow("PE 3's code is too long: the beq at word 0 must reach 131073 words ahead, but its imm18 offset holds -131072 … 131071");
  });

  it('one word less still encodes', () => {
    const e = new CodeEmitter(0);
    e.emitTo('far', 'beq', 2, 1, 0);
    for (let i = 0; i < 131070; i++) e.emit('addi', 0, 0, 0);
    e.label('far');
    const beq = decode(e.finish()[0])!;
    expect([beq.def.mnemonic, ...beq.operands]).toEqual(['beq', 1, 0, 131071]);
  });

  it('gp5sim infer of a 64x64 grid densely on 1 PE exits 1 with the limit and --pes', () => {
    const grid = join(tmp, 'grid64.fg');
    const g = gp5sim('generate', 'ising', '--size', '64', '-o', grid);
    expect(g.status, g.stderr).toBe(0);
    const cfg = join(tmp, 'big-scratchpad.json');
    writeFileSync(cfg, JSON.stringify({ scratchpadBytes: 4 << 20 }));
    const r = gp5sim('infer', grid, '--pes', '1', '--path', 'dense', '--schedule', 'gated-flooding', '--config', cfg);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(noStack(r.stderr)).toBe(true);
    expect(r.stderr.trim()).toBe(
      "error: PE 0's code is too long: the beq at word 4 must reach 131850 words ahead, but its imm18 offset holds -131072 … 131071; spread the model over more PEs (--pes) so each PE's code is shorter",
    );
  });
});

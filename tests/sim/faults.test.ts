// Every architectural fault stops the run with a report naming PE, pc, cycle and instruction.
import { describe, it, expect } from 'vitest';
import { formatFault } from '../../sim/index.js';
import { I, M, run } from './helpers.js';

describe('faults', () => {
  it('invalid instruction word', () => {
    const { report } = run({ code: [[I('nop'), 0x00000000]] });
    expect(report.status).toBe('fault');
    expect(report.fault).toMatchObject({ cause: 'invalid-instruction', pe: 0, pc: 1, cycle: 1, instruction: '.word 0x00000000' });
  });

  it('out-of-range memory access', () => {
    const { report } = run({ code: [[I('addi', 1, 0, 1), I('ld', 2, M(1, 100000))]] }, { pes: 1, scratchpadBytes: 65536 });
    expect(report.fault).toMatchObject({ cause: 'memory-range', pe: 0, pc: 1, cycle: 1, instruction: 'ld r2, 100000(r1)' });
    expect(report.fault!.message).toMatch(/\[100001, 100002\) is outside the scratchpad \(0 … 16383\)/);
  });

  it('receive with no sender is a deadlock', () => {
    const { report } = run({ code: [[I('halt')], [I('nop'), I('recv', 0, 0, 4), I('halt')]] }, { pes: 2 });
    expect(report.fault).toMatchObject({ cause: 'deadlock', pe: 1, pc: 1, cycle: 1, instruction: 'recv r0, r0, 4' });
    expect(report.fault!.message).toBe('deadlock: PE 1 waits for a message from PE 0 that can never be sent');
  });

  it('cycle limit', () => {
    const { report } = run({ code: [[I('nop'), I('beq', 0, 0, 0)]] }, { pes: 1 }, undefined, { maxCycles: 1000 });
    expect(report.fault).toMatchObject({ cause: 'cycle-limit', pe: 0, pc: 1, cycle: 1000, instruction: 'beq r0, r0, 1' });
    expect(report.cycles).toBe(1000);
  });

  it('loop stack overflow', () => {
    const nest = [I('loopi', 2, 5), I('loopi', 2, 4), I('loopi', 2, 3), I('loopi', 2, 2), I('loopi', 2, 1 + 1), I('nop'), I('halt')];
    const { report } = run({ code: [nest] });
    expect(report.fault).toMatchObject({ cause: 'loop-overflow', pe: 0, pc: 4 });
  });

  it('send to itself', () => {
    const { report } = run({ code: [[I('send', 0, 0, 4)]] });
    expect(report.fault).toMatchObject({ cause: 'bad-pe', pe: 0, pc: 0, cycle: 0 });
  });

  it('message length mismatch', () => {
    const { report } = run({ code: [[I('addi', 1, 0, 1), I('send', 1, 0, 8), I('halt')], [I('recv', 0, 0, 4), I('halt')]] }, { pes: 2 });
    expect(report.fault).toMatchObject({ cause: 'message-length', pe: 1, pc: 0, cycle: 2 });
  });

  it('malformed factor descriptor', () => {
    const { report } = run({ code: [[I('fupd.sp', 1, M(0, 100))]], data: [[0, 100, [4, 99, 0, 200, 300, 0]]] });
    expect(report.fault).toMatchObject({ cause: 'bad-descriptor', pe: 0, pc: 0 });
    expect(report.fault!.message).toBe('descriptor field arity = 99 at word 101 outside 1 … 32');
  });

  it('a descriptor rewritten after a successful fupd is validated again (no stale cache)', () => {
    const desc = [4, 2, 0, 200, 300, 0, 2, 1, 0, 2, 2, 310];
    const { report } = run({
      code: [[I('fupd.sp', 1, M(0, 100)), I('addi', 2, 0, 99), I('st', 2, M(0, 101)), I('fupd.sp', 1, M(0, 100)), I('halt')]],
      data: [[0, 100, desc]],
    });
    expect(report.fault).toMatchObject({ cause: 'bad-descriptor', pe: 0, pc: 3 });
    expect(report.fault!.message).toBe('descriptor field arity = 99 at word 101 outside 1 … 32');
  });

  it('pc running off the end of the program', () => {
    const { report } = run({ code: [[I('nop')]] });
    expect(report.fault).toMatchObject({ cause: 'pc-out-of-range', pe: 0, pc: 1, cycle: 1 });
  });

  it('formats a report for people', () => {
    const { report } = run({ code: [[I('nop'), 0]] });
    expect(formatFault(report.fault!)).toBe('fault (invalid-instruction) on PE 0 at pc 1, cycle 1: invalid instruction word 0x00000000\n    1: .word 0x00000000');
  });
});

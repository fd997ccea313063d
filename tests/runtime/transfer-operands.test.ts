// Send/recv operands on the dense path (runtime/codegen/operands.ts): held values, r6/r7 reuse,
// labels forgetting r6/r7, constants in r0/r3/r5, and the effect on alarm's busiest PEs.
import { describe, expect, it } from 'vitest';
import { decode } from '../../isa/index.js';
import { readModelFile, quantizeGraph } from '../../golden/index.js';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { compileGraph } from '../../runtime/index.js';
import { CodeEmitter } from '../../runtime/emitter.js';
import { REG } from '../../runtime/registers.js';
import { PeOperands, constantRegisters, freeOperandRegisters } from '../../runtime/codegen/operands.js';
import { dataPath } from './corpus.js';

const uses = (pairs: [number, number][]) => new Map(pairs);
const constants = constantRegisters(8, 100);

describe('transfer operands', () => {
  it('free registers: r9–r15 minus what the schedule uses, r8 when no base register is needed', () => {
    const none = { gated: false, parityStop: false, structuredParity: false };
    expect(freeOperandRegisters(none, true)).toEqual([9, 10, 11, 12, 13, 14, 15, 8]);
    expect(freeOperandRegisters({ ...none, gated: true }, false)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(freeOperandRegisters({ ...none, parityStop: true }, false)).toEqual([9]);
    expect(freeOperandRegisters({ ...none, structuredParity: true }, false)).toEqual([9, 12, 13, 14]);
  });

  it('holds the most used values (ties: first use), loads them once, and reuses r6/r7', () => {
    const ops = new PeOperands(uses([[3, 1], [200, 2], [7, 3], [201, 1], [202, 1]]), [9, 10], false, constants);
    expect([...ops.held]).toEqual([[7, 9], [200, 10]]);
    const c = new CodeEmitter(0);
    ops.loadHeld(c);
    expect(c.pc).toBe(2);
    expect(ops.pair(c, 7, 200)).toEqual([9, 10]); // both held: no load
    expect(c.pc).toBe(2);
    expect(ops.pair(c, 3, 201)).toEqual([REG.pe, REG.addr]); // two loads
    expect(ops.pair(c, 3, 202)).toEqual([REG.pe, REG.addr]); // 3 still in r6: one load, into r7
    expect(c.pc).toBe(5);
    expect(ops.pair(c, 0, 8)).toEqual([REG.zero, REG.tol]); // constants
    expect(ops.pair(c, 100, 3)).toEqual([REG.maxIter, REG.pe]);
    expect(c.pc).toBe(5);
    ops.forget(); // a label: r6/r7 unknown
    expect(ops.pair(c, 3, 7)).toEqual([REG.addr, 9]); // into the least recently used of r6/r7
    expect(c.pc).toBe(6);
  });

  it('with an exact plan that fits, r6/r7 hold values too; an unplanned value is a compiler bug', () => {
    const ops = new PeOperands(uses([[1, 1], [2, 1], [3, 1]]), [9], true, constants);
    expect([...ops.held.values()].sort()).toEqual([6, 7, 9]);
    expect(() => ops.pair(new CodeEmitter(0), 1, 4)).toThrow(/not planned/);
  });

  it('alarm, 16 PEs, flooding: PE 9 issues 29 instructions per iteration (45 with an update per edge, 66 also with two loads per transfer)', () => {
    const q = quantizeGraph(readModelFile(dataPath('libdai/alarm.fg')), makeFormat(16, 8, 256));
    const p = compileGraph(q, makeConfig({ pes: 16 }), { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 8, maxIter: 100 });
    // The loop body: from after `loop` to its end (the loop's end offset).
    const code = p.code[9];
    const head = Array.from(code).findIndex((w) => decode(w)?.def.mnemonic === 'loop');
    const end = decode(code[head])!.operands[1] as number;
    expect(end - 1).toBe(29);
  });
});

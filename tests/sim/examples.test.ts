// The hand-written examples run on the simulator and give the results their comments state.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assemble } from '../../asm/index.js';
import { makeConfig } from '../../isa/index.js';
import { simulate } from '../../sim/index.js';

const example = (name: string) => {
  const path = fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
  return assemble(readFileSync(path, 'utf8'), { fileName: path }).object;
};

describe('examples run and match their comments', () => {
  it('maxstar-reduce.s: r2 = 0, r3 = 235, result words = 0, 235', () => {
    const { report, machine } = simulate(example('maxstar-reduce.s'), makeConfig({ pes: 1 }));
    expect(report.status).toBe('halted');
    const s = machine.pes[0];
    expect(s.sreg[2]).toBe(0);
    expect(s.sreg[3]).toBe(235);
    expect(Array.from(s.spm.slice(4, 6))).toEqual([0, 235]);
  });

  it('factor-update.s: out_b = 197, 291, 0; r5 = 291; change word = 291; r6 = 0 (on every PE)', () => {
    const { report, machine } = simulate(example('factor-update.s'), makeConfig({ pes: 4 }));
    expect(report.status).toBe('halted');
    for (const s of machine.pes) {
      expect(Array.from(s.spm.slice(20, 24))).toEqual([197, 291, 0, 291]);
      expect(s.sreg[5]).toBe(291);
      expect(s.sreg[6]).toBe(0);
    }
    expect(report.bpMessages).toBe(4);
  });

  it('pe-exchange.s: both PEs exchange, subtract and meet at the barrier', () => {
    const { report, machine } = simulate(example('pe-exchange.s'), makeConfig({ pes: 4 }));
    expect(report.status).toBe('halted');
    const [p0, p1] = machine.pes;
    expect(Array.from(p0.spm.slice(0, 8))).toEqual([100, 200, 300, 400, 99, 198, 297, 396]);
    expect(Array.from(p1.spm.slice(0, 8))).toEqual([1, 2, 3, 4, -99, -198, -297, -396]);
    expect([p0.sreg[1], p0.sreg[2], p0.sreg[3], p0.sreg[4]]).toEqual([1, 0, 8, 99]);
    expect([p1.sreg[1], p1.sreg[2], p1.sreg[3], p1.sreg[4]]).toEqual([0, 0, 8, -396]);
    expect(report.network.messages).toBe(2);
    expect(report.pes[2].instructions).toBe(1); // idle PEs just halt
  });
});

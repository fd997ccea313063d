// The synthesizable vector unit (rtl/units/gp5_vec_unit.v) against the simulator's own semantic
// functions on the same seeded stimuli, exactly, under Icarus: every lane op and reduction, VL not
// a multiple of L, both generated widths, L = 8 and 16.
import { describe, it, expect } from 'vitest';
import { instructionByMnemonic } from '../../isa/index.js';
import { runUnitBench } from '../../rtl/units/icarus.js';
import { unitFormat } from '../../rtl/units/gen-units.js';
import { compareUnitOutput, vectorUnitVectors } from '../../rtl/units/vectors.js';
import { requireTool } from '../tools.js';

const haveIcarus = requireTool(['iverilog', 'vvp'], 'iverilog', 'the datapath unit tests');
const OPS = ['vadd', 'vsub', 'vmin', 'vmaxs', 'vdamp', 'vrmin', 'vrmaxs', 'vmaxad'];
const opcodes = Object.fromEntries(OPS.map((m) => [m, instructionByMnemonic(m)!.opcode]));

describe.skipIf(!haveIcarus)('rtl/units gp5_vec_unit', () => {
  for (const [W, L, count] of [[16, 8, 1000], [8, 8, 1000], [16, 16, 500]] as const) {
    it(`W=${W}, L=${L}: ${count} instructions agree with sim's semantics lane for lane`, () => {
      const f = unitFormat(W);
      const v = vectorUnitVectors(f, L, count, 1000 + W * 7 + L, opcodes);
      const lines = runUnitBench('vector', W, { L }, v.stimulus);
      expect(compareUnitOutput(lines, v.expected, W)).toBeNull();
      expect(lines.length).toBe(v.expected.length);
      expect(v.beats).toBeGreaterThan(count);
    });
  }

  it('max* is not associative on ISA.md’s vrmaxs example lanes: why the unit chains in lane order', () => {
    // The left fold of (589, 412, 308, 235) is 0 (ISA.md, maxstar-reduce); a pairwise tree is not.
    const f = unitFormat(16);
    const fold = (xs: number[]) => xs.reduce((m, x) => (m === null ? x : maxs(m, x)), null as number | null)!;
    const maxs = (a: number, b: number) => {
      const d = Math.abs(a - b);
      return Math.min(a, b) - (d >= f.corrLimit ? 0 : f.corr[d >> f.shift]);
    };
    expect(fold([589, 412, 308, 235])).toBe(0);
    expect(fold([589, 412, 308, 235])).not.toBe(maxs(maxs(589, 412), maxs(308, 235)));
  });
});

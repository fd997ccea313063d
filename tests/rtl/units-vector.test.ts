// The synthesizable vector unit (rtl/units/gp5_vec_unit.v) against the simulator's own semantic
// functions on the same seeded stimuli, exactly, under Icarus: every lane op and reduction
// (vnorm's two passes, vbcast's saturation, vext's lane select included), VL not a multiple of L,
// both generated widths, L = 8 and 16; the beats streamed per instruction are the ISA table's beat
// rule; a planted bug in each of vnorm, vbcast and vext is caught.
import { describe, it, expect } from 'vitest';
import { instructionByMnemonic, ruleBeats } from '../../isa/index.js';
import { runUnitBench } from '../../rtl/units/icarus.js';
import { unitFormat } from '../../rtl/units/gen-units.js';
import { compareUnitOutput, VEC_OPS, vectorUnitVectors, type VecOp } from '../../rtl/units/vectors.js';
import { requireTool } from '../tools.js';

const haveIcarus = requireTool(['iverilog', 'vvp'], 'iverilog', 'the datapath unit tests');
const opcodes = Object.fromEntries(VEC_OPS.map((m) => [m, instructionByMnemonic(m)!.opcode]));

describe('rtl/units vector stimuli', () => {
  it('stream as many beats per instruction as the ISA table’s beat rule (vnorm vl2, vext one)', () => {
    for (const L of [8, 16]) {
      const v = vectorUnitVectors(unitFormat(16), L, 300, 77 + L, opcodes);
      for (const ins of v.instructions) expect(ins.beats, `${ins.op} VL ${ins.vl}`).toBe(ruleBeats(instructionByMnemonic(ins.op)!.timing.beats, L, ins.vl));
      expect(new Set(v.instructions.map((i) => i.op)).size).toBe(VEC_OPS.length);
    }
  });
});

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

  const bugs: [string, VecOp][] = [['BUG_VNORM_NOSAT', 'vnorm'], ['BUG_VBCAST_WRAP', 'vbcast'], ['BUG_VEXT_LANE', 'vext']];
  for (const [bug, op] of bugs) {
    it(`-D ${bug}: the planted bug is caught, first at a ${op} instruction`, () => {
      const f = unitFormat(8);
      const v = vectorUnitVectors(f, 8, 150, 4242, opcodes, [op, 'vadd', 'vrmin']);
      expect(compareUnitOutput(runUnitBench('vector', 8, { L: 8 }, v.stimulus), v.expected, 8)).toBeNull();
      const bad = compareUnitOutput(runUnitBench('vector', 8, { L: 8 }, v.stimulus, [bug]), v.expected, 8);
      expect(bad).toMatch(new RegExp(`\\b${op} #`));
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

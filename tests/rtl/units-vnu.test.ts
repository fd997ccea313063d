// The synthesizable variable-node unit (rtl/units/gp5_vnu_unit.v) against isa's vnuExecute — the
// function the simulator runs for vnu — on the same seeded variables, exactly, under Icarus: degree
// 0 … 40, VL up to LLR_MAX_LANES (several lane groups when VL > L), inactive frames, sums that
// saturate and come back. The beats streamed are the ISA's vnu beat rule less the descriptor beat;
// a planted bug (saturating once at the end instead of after every addition) is caught.
import { describe, it, expect } from 'vitest';
import { ruleBeats } from '../../isa/index.js';
import { runUnitBench } from '../../rtl/units/icarus.js';
import { unitFormat } from '../../rtl/units/gen-units.js';
import { compareUnitOutput, vnuUnitVectors } from '../../rtl/units/vectors.js';
import { requireTool } from '../tools.js';

const haveIcarus = requireTool(['iverilog', 'vvp'], 'iverilog', 'the datapath unit tests');

describe('rtl/units vnu stimuli', () => {
  it('stream (deg + 1) · ⌈VL / L⌉ beats per variable: the ISA vnu beat rule less its descriptor beat', () => {
    for (const L of [8, 16]) {
      const v = vnuUnitVectors(unitFormat(16), L, 200, 5 + L);
      for (const x of v.variables) expect(x.beats + 1, `deg ${x.deg} VL ${x.vl}`).toBe(ruleBeats('vnu', L, x.deg, x.vl));
      expect(v.variables.some((x) => x.vl > L) || L === 16).toBe(true);
    }
  });
});

describe.skipIf(!haveIcarus)('rtl/units gp5_vnu_unit', () => {
  for (const [W, L, count] of [[16, 8, 400], [8, 8, 400], [8, 16, 300]] as const) {
    it(`W=${W}, L=${L}: ${count} variables agree with vnuExecute (app and lane enables)`, () => {
      const f = unitFormat(W);
      const v = vnuUnitVectors(f, L, count, 6000 + W * 7 + L);
      const lines = runUnitBench('vnu', W, { L }, v.stimulus);
      expect(compareUnitOutput(lines, v.expected, W)).toBeNull();
      expect(lines.length).toBe(v.expected.length);
      expect(v.beats).toBeGreaterThan(4 * count);
    });
  }

  it('-D BUG_VNU_SAT_ONCE (saturate the exact sum once, at the end) is caught', () => {
    const v = vnuUnitVectors(unitFormat(8), 8, 100, 61);
    expect(compareUnitOutput(runUnitBench('vnu', 8, { L: 8 }, v.stimulus), v.expected, 8)).toBeNull();
    expect(compareUnitOutput(runUnitBench('vnu', 8, { L: 8 }, v.stimulus, ['BUG_VNU_SAT_ONCE']), v.expected, 8)).toMatch(/variable #\d+ .*lane \d+: expected/);
  });
});

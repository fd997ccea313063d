// The synthesizable pairwise factor unit (rtl/units/gp5_pfu_unit.v) against isa's pfuExecute — the
// function the simulator runs for pfu.sp / pfu.ms — on the same seeded updates, exactly, under
// Icarus: every output word, the lane enables and the change (rd), gathered words anywhere in 32
// bits, zero table entries and zero LLRs, damping, n not a multiple of L; a planted bug (the zero
// flag not treated as max*'s identity) is caught.
import { describe, it, expect } from 'vitest';
import { runUnitBench } from '../../rtl/units/icarus.js';
import { unitFormat } from '../../rtl/units/gen-units.js';
import { compareUnitOutput, pfuUnitVectors } from '../../rtl/units/vectors.js';
import { requireTool } from '../tools.js';

const haveIcarus = requireTool(['iverilog', 'vvp'], 'iverilog', 'the datapath unit tests');

describe.skipIf(!haveIcarus)('rtl/units gp5_pfu_unit', () => {
  for (const [W, L, count] of [[16, 8, 120], [8, 8, 150], [8, 16, 80]] as const) {
    it(`W=${W}, L=${L}: ${count} pfu agree with pfuExecute (messages, enables, change)`, () => {
      const f = unitFormat(W);
      const v = pfuUnitVectors(f, L, count, 7000 + W * 7 + L);
      const lines = runUnitBench('pfu', W, { L }, v.stimulus);
      expect(compareUnitOutput(lines, v.expected, W)).toBeNull();
      expect(lines.length).toBe(v.expected.length);
      expect(v.beats).toBeGreaterThan(count);
    }, 180_000);
  }

  it('-D BUG_PFU_MS_ZERO (a zero table word folded as a value) is caught', () => {
    const v = pfuUnitVectors(unitFormat(8), 8, 30, 71);
    expect(compareUnitOutput(runUnitBench('pfu', 8, { L: 8 }, v.stimulus), v.expected, 8)).toBeNull();
    expect(compareUnitOutput(runUnitBench('pfu', 8, { L: 8 }, v.stimulus, ['BUG_PFU_MS_ZERO']), v.expected, 8)).toMatch(/pfu #\d+/);
  }, 180_000);
});

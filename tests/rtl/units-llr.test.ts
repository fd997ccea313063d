// The synthesizable check-node unit (rtl/units/gp5_llr_unit.v: spa, ms, nms, oms) against isa's
// cnuExecute — the function the simulator runs for cnu.<rule> — on the same seeded checks, exactly,
// under Icarus: c2v and layered app outputs per edge and the lane mask, checks streamed back to back
// (the next read pass overlapping the write pass); and VL < L, where the beat's lanes past VL hold
// other words and are masked out of in_active.
import { describe, it, expect } from 'vitest';
import { runUnitBench } from '../../rtl/units/icarus.js';
import { unitFormat } from '../../rtl/units/gen-units.js';
import { compareUnitOutput, llrUnitVectors } from '../../rtl/units/vectors.js';
import { requireTool } from '../tools.js';

const haveIcarus = requireTool(['iverilog', 'vvp'], 'iverilog', 'the datapath unit tests');

describe.skipIf(!haveIcarus)('rtl/units gp5_llr_unit', () => {
  for (const [W, L, count] of [[16, 8, 120], [8, 8, 120], [8, 16, 60]] as const) {
    it(`W=${W}, L=${L}: ${count} checks agree with cnuExecute (c2v, app, mask)`, () => {
      const f = unitFormat(W);
      const v = llrUnitVectors(f, L, count, 2000 + W * 7 + L);
      const lines = runUnitBench('llr', W, { L }, v.stimulus);
      expect(compareUnitOutput(lines, v.expected, W)).toBeNull();
      expect(lines.length).toBe(v.expected.length);
      expect(v.beats).toBeGreaterThan(4 * count);
    });
  }

  for (const [W, L, count] of [[8, 8, 100], [16, 16, 40]] as const) {
    it(`W=${W}, L=${L}, VL < L: ${count} checks agree with cnuExecute at VL (lanes past VL masked)`, () => {
      const f = unitFormat(W);
      const v = llrUnitVectors(f, L, count, 2500 + W * 7 + L, true);
      const lines = runUnitBench('llr', W, { L }, v.stimulus);
      expect(compareUnitOutput(lines, v.expected, W)).toBeNull();
      expect(lines.length).toBe(v.expected.length);
    }, 180_000);
  }

  it('-D BUG_LLR_MASK_ALL_LANES (lanes past VL reach the mask) is caught at VL < L', () => {
    const v = llrUnitVectors(unitFormat(8), 8, 30, 2601, true);
    expect(compareUnitOutput(runUnitBench('llr', 8, { L: 8 }, v.stimulus, ['BUG_LLR_MASK_ALL_LANES']), v.expected, 8)).toMatch(/VL \d+, rule \d+\) mask: expected/);
  }, 180_000);
});

// The synthesizable check-node unit (rtl/units/gp5_llr_unit.v: spa, ms, nms, oms) against isa's
// cnuExecute — the function the simulator runs for cnu.<rule> — on the same seeded checks, exactly,
// under Icarus: c2v and layered app outputs per edge and the lane mask, checks streamed back to back
// (the next read pass overlapping the write pass).
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
});

// The synthesizable factor-update unit (rtl/units/gp5_factor_unit.v) against isa's factorUpdate —
// the kernel the simulator runs for fupd.sp / fupd.ms — on the same seeded factors, exactly, under
// Icarus: arity 2 … 4, zero entries and zero messages, damping, back-to-back beats on one output
// entry (the RAM bypass), W = 16 (G = 0) and W = 8 (G = 4 guard bits).
import { describe, it, expect } from 'vitest';
import { runUnitBench } from '../../rtl/units/icarus.js';
import { unitFormat } from '../../rtl/units/gen-units.js';
import { compareUnitOutput, factorUnitVectors } from '../../rtl/units/vectors.js';
import { requireTool } from '../tools.js';

const haveIcarus = requireTool(['iverilog', 'vvp'], 'iverilog', 'the datapath unit tests');

describe.skipIf(!haveIcarus)('rtl/units gp5_factor_unit', () => {
  for (const [W, count] of [[16, 600], [8, 600]] as const) {
    it(`W=${W}: ${count} factors agree with factorUpdate (every output word and the change)`, () => {
      const f = unitFormat(W);
      const v = factorUnitVectors(f, 3, 8, count, 3000 + W);
      const lines = runUnitBench('factor', W, { NIN: 3, DEPTH: 8, AW: 3 }, v.stimulus);
      expect(compareUnitOutput(lines, v.expected, W)).toBeNull();
      expect(lines.length).toBe(v.expected.length);
      expect(v.beats).toBeGreaterThan(10 * count);
    });
  }
});

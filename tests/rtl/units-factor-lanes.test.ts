// The factor-update unit at the ISA's beat rate (rtl/units/gp5_factor_lanes_unit.v: L table entries
// per beat) against isa's factorUpdate on the same seeded factors, exactly, under Icarus: entries of
// one beat hitting one output entry fold in index order (wideMaxStar is not associative), zero
// entries and zero messages, damping, W = 16 and W = 8, L = 8 and 16. Its table stream is the
// table term of the ISA's fupd beat rule; a planted bug (no in-beat fold chain) is caught.
import { describe, it, expect } from 'vitest';
import { laneBeats, ruleBeats } from '../../isa/index.js';
import { runUnitBench } from '../../rtl/units/icarus.js';
import { unitFormat } from '../../rtl/units/gen-units.js';
import { compareUnitOutput, factorLanesUnitVectors } from '../../rtl/units/vectors.js';
import { requireTool } from '../tools.js';

const haveIcarus = requireTool(['iverilog', 'vvp'], 'iverilog', 'the datapath unit tests');
const P = { NIN: 3, DEPTH: 8, AW: 3 };

describe('rtl/units factor-lanes stimuli', () => {
  it('a factor’s beats (start, table beats of L entries, one load beat per ⌈card_j / L⌉) are the ISA fupd beat rule', () => {
    for (const L of [8, 16]) {
      const v = factorLanesUnitVectors(unitFormat(16), L, 3, 8, 300, 9 + L);
      for (const x of v.factors) {
        const loads = x.cards.reduce((s, c) => s + laneBeats(c, L), 0);
        expect(1 + x.tableBeats + loads, `N ${x.N} cards ${x.cards.join('×')}`).toBe(ruleBeats('fupd', L, x.N, loads));
      }
      // Some beats hold several entries of one output entry: the in-beat chain is exercised.
      expect(v.factors.some((x) => x.N > L)).toBe(true);
    }
  });
});

describe.skipIf(!haveIcarus)('rtl/units gp5_factor_lanes_unit', () => {
  for (const [W, L, count] of [[16, 8, 80], [8, 8, 80], [8, 16, 40]] as const) {
    it(`W=${W}, L=${L}: ${count} factors agree with factorUpdate (every output word and the change)`, () => {
      const f = unitFormat(W);
      const v = factorLanesUnitVectors(f, L, 3, 8, count, 8000 + W * 7 + L);
      const lines = runUnitBench('factorLanes', W, { L, ...P }, v.stimulus);
      expect(compareUnitOutput(lines, v.expected, W)).toBeNull();
      expect(lines.length).toBe(v.expected.length);
    }, 180_000);
  }

  it('-D BUG_FACTOR_LANES_NO_CHAIN (lanes of one beat fold into the old entry, not in index order) is caught', () => {
    const v = factorLanesUnitVectors(unitFormat(8), 8, 3, 8, 30, 81);
    expect(compareUnitOutput(runUnitBench('factorLanes', 8, { L: 8, ...P }, v.stimulus), v.expected, 8)).toBeNull();
    expect(compareUnitOutput(runUnitBench('factorLanes', 8, { L: 8, ...P }, v.stimulus, ['BUG_FACTOR_LANES_NO_CHAIN']), v.expected, 8)).toMatch(/factor #\d+/);
  }, 180_000);
});

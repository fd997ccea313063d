// The timing vocabularies: as-const lists with derived indexes, and beat formulas defined once
// (ISA.md's text and the simulator's numbers come from the same definition).
import { describe, it, expect } from 'vitest';
import {
  BEAT_INDEX, BEAT_RULE_NAMES, BEAT_RULES, STALL_CAUSE_NAMES, STALL_INDEX, UNIT_INDEX, UNIT_NAMES, INSTRUCTIONS,
  beatFormula, ruleBeats, fupdBeatsFor, vupdBeatsFor, checkFactorDescriptor, checkVariableDescriptor, FD,
} from '../../isa/index.js';

describe('timing vocabularies', () => {
  it('indexes derive from the lists', () => {
    UNIT_NAMES.forEach((u, i) => expect(UNIT_INDEX[u]).toBe(i));
    BEAT_RULE_NAMES.forEach((b, i) => expect(BEAT_INDEX[b]).toBe(i));
    STALL_CAUSE_NAMES.forEach((c, i) => expect(STALL_INDEX[c]).toBe(i));
    expect(STALL_INDEX['mem-order']).toBe(4);
    for (const d of INSTRUCTIONS) {
      expect(UNIT_NAMES).toContain(d.timing.unit);
      expect(BEAT_RULE_NAMES).toContain(d.timing.beats);
    }
  });

  it('renders each beat formula as ISA.md prints it', () => {
    expect(Object.fromEntries(BEAT_RULES.map((b) => [b.name, beatFormula(b.name)]))).toEqual({
      one: '1',
      vl: '⌈VL / L⌉',
      vl2: '2 · ⌈VL / L⌉',
      fupd: '1 + ⌈N / L⌉ + Σ_j ⌈card_j / L⌉',
      vupd: '1 + (n_used + 1) · ⌈D / L⌉',
      msg: '⌈len / L⌉',
      cnu: '1 + d · ⌈VL / L⌉',
      vnu: '1 + (deg + 1) · ⌈VL / L⌉',
      pfu: '1 + 3 · ⌈n / L⌉',
      fupd_all: '1 + ⌈SN / L⌉ + Σ_j ⌈card_j / L⌉',
      vupd_all: '1 + passes · ⌈D / L⌉',
    });
  });

  it('evaluates the same definitions', () => {
    expect(ruleBeats('one', 8)).toBe(1);
    expect(ruleBeats('vl', 8, 17)).toBe(3);
    expect(ruleBeats('vl2', 8, 17)).toBe(6);
    expect(ruleBeats('msg', 8, 64)).toBe(8);
    expect(ruleBeats('cnu', 8, 6, 8)).toBe(7);
    expect(ruleBeats('vnu', 8, 3, 16)).toBe(9);
    expect(ruleBeats('fupd', 8, 9, 2)).toBe(1 + 2 + 2);
    expect(fupdBeatsFor(9, 2, 8)).toBe(5);
    expect(ruleBeats('vupd', 8, 10, 3)).toBe(1 + 4 * 2);
    expect(vupdBeatsFor(10, 3, 8)).toBe(9);
  });

  it('descriptor checks return { outLen, beats } (no module state)', () => {
    // Factor over (3, 2) card variables, output variable 1: N = 6 entries.
    const mem = new Int32Array(64);
    mem.set([6, 2, 1, 20, 30, 0], 0);
    mem.set([3, 1, 40, 2, 3, 0], FD.header);
    expect(checkFactorDescriptor(mem, 0, 2)).toEqual({ outLen: 2, beats: 1 + 3 + (2 + 1) });
    expect(checkFactorDescriptor(mem, 0)).toEqual({ outLen: 2, beats: 0 });
    const v = new Int32Array(64);
    v.set([5, 2, 0, 30, 0, 20, 40], 0); // card 5, two inputs, exclude input 0 → one used
    expect(checkVariableDescriptor(v, 0, 4)).toEqual({ outLen: 5, beats: 1 + 2 * 2 });
  });
});

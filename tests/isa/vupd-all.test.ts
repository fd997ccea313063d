// The all-outputs vupd (VD.allFlag): one instruction computes every leave-one-out output of a
// variable. Its outputs must equal the separate vupds (exclude = j) bit for bit, whatever the
// inputs (zero flags included), the code, the prior word and damping; its beats and lane-ops follow
// `vupd_all`; overlapping outputs are bad descriptors.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  VD,
  KernelFault,
  checkVariableDescriptor,
  denseLaneOps,
  makeFormat,
  ruleBeats,
  variableUpdate,
  writeAllOutputsDescriptor,
  writeVariableDescriptor,
  type FixedFormat,
} from '../../isa/index.js';

const formats: FixedFormat[] = [makeFormat(16, 8, 4096), makeFormat(8, 5, 256, 'unsigned'), makeFormat(8, 3, 256)];

/** Inputs at 1000 + k·64, separate outputs at 3000 + j·64, all-outputs outputs at 5000 + j·64. */
function setUp(f: FixedFormat, card: number, messages: number[][], priorWord: boolean, lambda: number, old: number[][], skip: boolean[]) {
  const mem = new Int32Array(8192);
  const inputs = messages.map((_, k) => 1000 + 64 * k);
  messages.forEach((m, k) => mem.set(m, inputs[k]));
  const outputs = messages.map((_, j) => (skip[j] ? -1 : 5000 + 64 * j));
  old.forEach((o, j) => {
    mem.set(o, 3000 + 64 * j);
    mem.set(o, 5000 + 64 * j);
  });
  writeAllOutputsDescriptor(mem, 100, { card, lambda, priorWord }, inputs, outputs);
  return { mem, inputs, outputs, f };
}

describe('vupd with VD.allFlag', () => {
  it('equals one vupd per excluded input, bit for bit, and returns the largest change', () => {
    const arb = fc
      .record({ fi: fc.integer({ min: 0, max: formats.length - 1 }), card: fc.integer({ min: 1, max: 12 }), n: fc.integer({ min: 1, max: 7 }), lambda: fc.constantFrom(0, 0, 100), prior: fc.boolean() })
      .chain((r) => {
        const f = formats[r.fi]!;
        const word = fc.oneof(fc.integer({ min: f.min, max: f.max }), fc.constant(f.max), fc.constant(f.min));
        const priorWordArb = fc.oneof(fc.integer({ min: 0, max: f.priorMax }), fc.constant(f.priorMax));
        const prior = r.prior && f.code === 'unsigned';
        return fc.record({
          r: fc.constant({ ...r, prior }),
          messages: fc.tuple(...Array.from({ length: r.n }, (_, k) => fc.array(k === 0 && prior ? priorWordArb : word, { minLength: r.card, maxLength: r.card }))),
          old: fc.array(fc.array(fc.integer({ min: f.code === 'unsigned' ? 0 : f.min, max: f.max }), { minLength: r.card, maxLength: r.card }), { minLength: r.n, maxLength: r.n }),
          skip: fc.array(fc.boolean(), { minLength: r.n, maxLength: r.n }),
        });
      });
    fc.assert(
      fc.property(arb, ({ r, messages, old, skip }) => {
        const f = formats[r.fi]!;
        const { mem, inputs, outputs } = setUp(f, r.card, messages, r.prior, r.lambda, old, skip);
        let expected = 0;
        for (let j = 0; j < r.n; j++) {
          if (skip[j]) continue;
          writeVariableDescriptor(mem, 200, { card: r.card, exclude: j, out: 3000 + 64 * j, lambda: r.lambda, priorWord: r.prior }, inputs);
          expected = Math.max(expected, variableUpdate(f, mem, 200));
        }
        expect(variableUpdate(f, mem, 100)).toBe(expected);
        for (let j = 0; j < r.n; j++) {
          if (outputs[j] === -1) continue;
          expect(Array.from(mem.subarray(outputs[j]!, outputs[j]! + r.card))).toEqual(Array.from(mem.subarray(3000 + 64 * j, 3000 + 64 * j + r.card)));
        }
      }),
      { numRuns: 400, seed: 13 },
    );
  });

  it('one zero input: its own output is the finite sum of the others, every other output is zero', () => {
    const f = formats[0]!;
    const { mem } = setUp(f, 2, [[10, f.max], [3, 4], [5, 6]], false, 0, [[0, 0], [0, 0], [0, 0]], [false, false, false]);
    variableUpdate(f, mem, 100);
    // Entry 1: input 0 is zero there; output 0 = 4 + 6, outputs 1 and 2 = zero. Normalised per output.
    expect(Array.from(mem.subarray(5000, 5002))).toEqual([0, 2]); // [3 + 5, 4 + 6] − 8
    expect(Array.from(mem.subarray(5064, 5066))).toEqual([0, f.max]); // [10 + 5, zero]
    expect(Array.from(mem.subarray(5128, 5130))).toEqual([0, f.max]); // [10 + 3, zero]
  });

  it('beats and lane-ops: 1 + (inputs + outputs) · ⌈D / L⌉ and (inputs + outputs) · D', () => {
    const f = formats[0]!;
    // A degree-4 variable with a prior: 5 inputs, 4 outputs (the prior's output is −1), card 3, L = 8.
    const { mem } = setUp(f, 3, Array.from({ length: 5 }, () => [0, 1, 2]), false, 0, Array.from({ length: 5 }, () => [0, 0, 0]), [true, false, false, false, false]);
    expect(checkVariableDescriptor(mem, 100, 8)).toEqual({ outLen: 3, beats: 10 });
    expect(ruleBeats('vupd_all', 8, 3, 9)).toBe(10);
    expect(denseLaneOps(mem, 100, false)).toBe(27);
    // The four separate vupds it replaces (4 inputs used each, and the write pass): 4 · (1 + 5) = 24 beats.
    expect(4 * ruleBeats('vupd', 8, 3, 4)).toBe(24);
    // card 9 at L = 8: two beats per pass.
    const wide = setUp(f, 9, Array.from({ length: 3 }, () => Array(9).fill(0)), false, 0, Array.from({ length: 3 }, () => Array(9).fill(0)), [false, false, false]).mem;
    expect(checkVariableDescriptor(wide, 100, 8).beats).toBe(1 + 6 * 2);
  });

  it('refuses outputs that overlap an input or each other, and flags it does not know', () => {
    const f = formats[0]!;
    const mem = new Int32Array(8192);
    writeAllOutputsDescriptor(mem, 100, { card: 4, lambda: 0 }, [1000, 1010], [2000, 1002]);
    expect(() => checkVariableDescriptor(mem, 100)).toThrow(new KernelFault('descriptor field output[1] = 1002 at word 108 overlaps input message 0 at 1000 (4 words each)', 108));
    writeAllOutputsDescriptor(mem, 100, { card: 4, lambda: 0 }, [1000, 1010], [2000, 2003]);
    expect(() => checkVariableDescriptor(mem, 100)).toThrow(/output\[1\] = 2003 at word 108 overlaps output message 0 at 2000/);
    writeAllOutputsDescriptor(mem, 100, { card: 4, lambda: 0 }, [1000, 1010], [2000, 2004]);
    expect(checkVariableDescriptor(mem, 100).outLen).toBe(4);
    // The prior-word flag needs an unsigned machine; an unknown flag bit is an out-of-range count.
    mem[100 + VD.inputs] |= VD.priorFlag;
    expect(() => checkVariableDescriptor(mem, 100)).toThrow(/descriptor field inputs = 196610 at word 101 outside 0 … 256/);
    mem[100 + VD.inputs] = 2 | (1 << 18);
    expect(() => variableUpdate(f, mem, 100)).toThrow(/descriptor field inputs = 262146/);
    // An all-outputs descriptor with no inputs is refused.
    mem[100 + VD.inputs] = VD.allFlag;
    expect(() => checkVariableDescriptor(mem, 100)).toThrow('descriptor field inputs = 0 (all-outputs flag set) at word 101 outside 1 … 256');
  });
});

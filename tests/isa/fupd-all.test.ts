// The all-outputs fupd (outPos = arity): one pass over a factor's table computes every output.
// Each output must equal the fupd with outPos = o bit for bit, whatever the shape (strides in any
// order), the zero flags, the semiring, the format and damping; beats and lane-ops follow
// `fupd_all`; outputs that overlap the descriptor, the table, an input or each other are refused.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  FD,
  checkFactorDescriptor,
  denseLaneOps,
  factorUpdate,
  makeFormat,
  ruleBeats,
  writeFactorHeader,
  writeFactorOutputs,
  writeFactorVar,
  type FixedFormat,
} from '../../isa/index.js';

const formats: FixedFormat[] = [makeFormat(16, 8, 4096), makeFormat(8, 5, 256, 'unsigned'), makeFormat(8, 3, 256)];

/** Table at 1000, inputs at 3000 + 64·j, separate outputs at 5000 + 64·j, all-outputs outputs at 7000 + 64·j. */
function image(f: FixedFormat, cards: number[], order: number[], table: number[], messages: number[][], old: number[][], skip: boolean[], lambda: number) {
  const mem = new Int32Array(9000);
  const k = cards.length;
  const n = table.length;
  mem.set(table, 1000);
  messages.forEach((m, j) => mem.set(m, 3000 + 64 * j));
  old.forEach((o, j) => {
    mem.set(o, 5000 + 64 * j);
    mem.set(o, 7000 + 64 * j);
  });
  // Strides: the variables in `order` are the odometer's digits, first fastest.
  const stride = new Array<number>(k);
  let s = 1;
  for (const j of order) {
    stride[j] = s;
    s *= cards[j]!;
  }
  const writeVars = (at: number) => cards.forEach((c, j) => writeFactorVar(mem, at, j, c, stride[j]!, 3000 + 64 * j));
  writeFactorHeader(mem, 100, { entries: n, arity: k, outPos: k, table: 1000, out: -1, lambda });
  writeVars(100);
  writeFactorOutputs(mem, 100, cards.map((_, j) => (skip[j] ? -1 : 7000 + 64 * j)));
  return { mem, writeVars, f };
}

describe('fupd with outPos = arity (every output)', () => {
  it('equals one fupd per output position, bit for bit, and returns the largest change', () => {
    const arb = fc
      .record({ fi: fc.integer({ min: 0, max: formats.length - 1 }), cards: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), sp: fc.boolean(), lambda: fc.constantFrom(0, 0, 90), seed: fc.integer() })
      .chain((r) => {
        const f = formats[r.fi]!;
        const n = r.cards.reduce((a, b) => a * b, 1);
        const msg = fc.oneof(fc.integer({ min: f.code === 'unsigned' ? 0 : f.min, max: f.max - 1 }), fc.constant(f.max));
        const entry = fc.oneof(fc.integer({ min: 0, max: 6 * f.scale * 2 ** f.guard }), fc.constant(f.tableMax));
        return fc.record({
          r: fc.constant(r),
          order: fc.shuffledSubarray(r.cards.map((_, j) => j), { minLength: r.cards.length, maxLength: r.cards.length }),
          table: fc.array(entry, { minLength: n, maxLength: n }),
          messages: fc.tuple(...r.cards.map((c) => fc.array(msg, { minLength: c, maxLength: c }))),
          old: fc.tuple(...r.cards.map((c) => fc.array(fc.integer({ min: f.code === 'unsigned' ? 0 : f.min, max: f.max }), { minLength: c, maxLength: c }))),
          skip: fc.array(fc.boolean(), { minLength: r.cards.length, maxLength: r.cards.length }),
        });
      });
    fc.assert(
      fc.property(arb, ({ r, order, table, messages, old, skip }) => {
        const f = formats[r.fi]!;
        const { mem, writeVars } = image(f, r.cards, order, table, messages, old, skip, r.lambda);
        let expected = 0;
        for (let o = 0; o < r.cards.length; o++) {
          if (skip[o]) continue;
          writeFactorHeader(mem, 200, { entries: table.length, arity: r.cards.length, outPos: o, table: 1000, out: 5000 + 64 * o, lambda: r.lambda });
          writeVars(200);
          expected = Math.max(expected, factorUpdate(f, mem, 200, r.sp));
        }
        expect(factorUpdate(f, mem, 100, r.sp)).toBe(expected);
        for (let o = 0; o < r.cards.length; o++) {
          if (skip[o]) continue;
          const c = r.cards[o]!;
          expect(Array.from(mem.subarray(7000 + 64 * o, 7000 + 64 * o + c))).toEqual(Array.from(mem.subarray(5000 + 64 * o, 5000 + 64 * o + c)));
        }
      }),
      { numRuns: 400, seed: 13 },
    );
  });

  it('beats and lane-ops: 1 + ⌈S·N / L⌉ + Σ_j ⌈card_j / L⌉ + Σ_S ⌈card_o / L⌉, and S·N + Σ card_j + Σ_S card_o', () => {
    const f = formats[0]!;
    // A ternary binary factor (N = 8), all three outputs, L = 8: 1 + 3 + 3 + 3 = 10 beats (three fupds: 3 · 5 = 15).
    const { mem } = image(f, [2, 2, 2], [0, 1, 2], Array(8).fill(0), [[0, 0], [0, 0], [0, 0]], [[0, 0], [0, 0], [0, 0]], [false, false, false], 0);
    expect(checkFactorDescriptor(mem, 100, 8)).toEqual({ outLen: 0, beats: 10 });
    expect(3 * ruleBeats('fupd', 8, 8, 3)).toBe(15);
    expect(denseLaneOps(mem, 100, true)).toBe(3 * 8 + 6 + 6);
    // Two outputs of the three: 1 + ⌈16 / 8⌉ + 3 + 2 = 8 beats.
    mem[100 + FD.header + FD.perVar * 3 + 1] = -1;
    expect(checkFactorDescriptor(mem, 100, 8).beats).toBe(8);
    expect(denseLaneOps(mem, 100, true)).toBe(2 * 8 + 6 + 4);
  });

  it('refuses outputs that overlap the descriptor, the table, an input or another output', () => {
    const f = formats[0]!;
    const { mem } = image(f, [2, 2], [0, 1], [0, 0, 0, 0], [[0, 0], [0, 0]], [[0, 0], [0, 0]], [false, false], 0);
    const out1 = 100 + FD.header + FD.perVar * 2 + 1;
    expect(checkFactorDescriptor(mem, 100).outLen).toBe(0);
    const refused: [number, RegExp][] = [
      [3001, /descriptor field output\[1\] = 3001 at word 113 overlaps input message 0 at 3000 \(2 words\)/],
      [1003, /overlaps the factor table at 1000 \(4 words\)/],
      [7001, /overlaps output message 0 at 7000/],
      [110, /overlaps the descriptor at 100 \(14 words\)/],
    ];
    for (const [at, message] of refused) {
      mem[out1] = at;
      expect(() => factorUpdate(f, mem, 100, true)).toThrow(message);
    }
    // outPos beyond the arity is still a bad field.
    mem[out1] = 7064;
    mem[100 + FD.outPos] = 3;
    expect(() => checkFactorDescriptor(mem, 100)).toThrow('descriptor field outPos = 3 at word 102 outside 0 … 2');
  });
});

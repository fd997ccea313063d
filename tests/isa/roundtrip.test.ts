// Property tests over the whole ISA: encode → decode is the identity, every valid word has one
// encoding, and disassembly text is a pure function of (word, pc).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { INSTRUCTIONS, encode, decode, disassembleWord, NUM_SREGS, NUM_VREGS, CSRS, type InstructionDef, type OperandValue } from '../../isa/index.js';

function operandArb(def: InstructionDef): fc.Arbitrary<OperandValue[]> {
  return fc.tuple(
    ...def.operands.map((o): fc.Arbitrary<OperandValue> => {
      switch (o.kind) {
        case 'sreg':
          return fc.integer({ min: 0, max: NUM_SREGS - 1 });
        case 'vreg':
          return fc.integer({ min: 0, max: NUM_VREGS - 1 });
        case 'imm':
        case 'target':
          return fc.integer({ min: o.min, max: o.max });
        case 'mem':
          return fc.record({ base: fc.integer({ min: 0, max: NUM_SREGS - 1 }), offset: fc.integer({ min: o.min, max: o.max }) });
        case 'csr':
          return fc.constantFrom(...CSRS.map((c) => c.number));
      }
    }),
  );
}

const instructionArb = fc
  .constantFrom(...INSTRUCTIONS)
  .chain((def) => operandArb(def).map((ops) => ({ def, ops })));

describe('ISA round trip', () => {
  it('random valid instructions: encode → decode → identical operands and word', () => {
    fc.assert(
      fc.property(instructionArb, fc.integer({ min: 0, max: 100000 }), ({ def, ops }, pc) => {
        const word = encode(def, ops);
        const back = decode(word);
        expect(back?.def).toBe(def);
        expect(back?.operands).toEqual(ops);
        expect(encode(back!.def, back!.operands)).toBe(word);
        expect(disassembleWord(word, pc)).toBe(disassembleWord(word, pc));
      }),
      { numRuns: 5000 },
    );
  });

  it('random 32-bit words either fail to decode or re-encode to the same word', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (w) => {
        const ins = decode(w);
        if (ins) expect(encode(ins.def, ins.operands)).toBe(w >>> 0);
      }),
      { numRuns: 20000 },
    );
  });
});

// Every opcode's encoding, pinned to hand-checked words (a table change that moves bits fails here).
import { describe, it, expect } from 'vitest';
import { INSTRUCTIONS, encode, decode, instructionByMnemonic, disassembleWord, IsaError, type OperandValue } from '../../isa/index.js';

const m = (base: number, offset: number) => ({ base, offset });
// [mnemonic, operands, expected word]. Worked example: add r3, r5, r7 = opcode 000001 | 0011 | 0101 | 0111 | 0…0.
const CASES: [string, OperandValue[], number][] = [
  ['add', [3, 5, 7], 0x04d5c000],
  ['sub', [3, 5, 7], 0x08d5c000],
  ['and', [3, 5, 7], 0x0cd5c000],
  ['or', [3, 5, 7], 0x10d5c000],
  ['xor', [3, 5, 7], 0x14d5c000],
  ['sll', [3, 5, 7], 0x18d5c000],
  ['srl', [3, 5, 7], 0x1cd5c000],
  ['sra', [3, 5, 7], 0x20d5c000],
  ['slt', [3, 5, 7], 0x24d5c000],
  ['min', [3, 5, 7], 0x28d5c000],
  ['max', [3, 5, 7], 0x2cd5c000],
  ['mul', [3, 5, 7], 0x30d5c000],
  ['addi', [3, 5, -5], 0x40d7fffb],
  ['andi', [3, 5, -5], 0x44d7fffb],
  ['ori', [3, 5, -5], 0x48d7fffb],
  ['xori', [3, 5, -5], 0x4cd7fffb],
  ['slli', [3, 5, 9], 0x50d40009],
  ['srli', [3, 5, 9], 0x54d40009],
  ['srai', [3, 5, 9], 0x58d40009],
  ['slti', [3, 5, -5], 0x5cd7fffb],
  ['lui', [3, 9], 0x60c00009],
  ['beq', [3, 5, -3], 0x80d7fffd],
  ['bne', [3, 5, -3], 0x84d7fffd],
  ['blt', [3, 5, -3], 0x88d7fffd],
  ['bge', [3, 5, -3], 0x8cd7fffd],
  ['jal', [3, -3], 0x90fffffd],
  ['jalr', [3, 5, -5], 0x94d7fffb],
  ['loop', [3, 4], 0x98c00004],
  ['loopi', [9, 4], 0x9c024004],
  ['ld', [3, m(2, -12)], 0xa0cbfff4],
  ['st', [3, m(2, -12)], 0xa4cbfff4],
  ['vld', [1, m(2, -12)], 0xa84bfff4],
  ['vst', [1, m(2, -12)], 0xac4bfff4],
  ['vadd', [1, 2, 6], 0xc0498000],
  ['vsub', [1, 2, 6], 0xc4498000],
  ['vmin', [1, 2, 6], 0xc8498000],
  ['vmaxs', [1, 2, 6], 0xcc498000],
  ['vnorm', [1, 2], 0xd0480000],
  ['vbcast', [1, 5], 0xd4540000],
  ['vdamp', [1, 2, 6, 9], 0xd8498009],
  ['vrmin', [3, 2], 0xe0c80000],
  ['vrmaxs', [3, 2], 0xe4c80000],
  ['vmaxad', [3, 2, 6], 0xe8c98000],
  ['vext', [3, 2, 9], 0xecc80009],
  ['fupd.sp', [3, m(2, -12)], 0xf0cbfff4],
  ['fupd.ms', [3, m(2, -12)], 0xf4cbfff4],
  ['vupd', [3, m(2, -12)], 0xf8cbfff4],
  ['cnu.spa', [3, 5, 7], 0x34d5c000],
  ['cnu.ms', [3, 5, 7], 0x38d5c000],
  ['cnu.nms', [3, 5, 7], 0x3cd5c000],
  ['cnu.oms', [3, 5, 7], 0x64d5c000],
  ['vnu', [5, 7], 0xdc15c000],
  ['pfu.sp', [3, m(2, -12)], 0x78cbfff4],
  ['pfu.ms', [3, m(2, -12)], 0xfccbfff4],
  ['send', [3, 5, 9], 0xb0d40009],
  ['recv', [3, 5, 9], 0xb4d40009],
  ['bar', [], 0xb8000000],
  ['barmax', [3, 5], 0xbcd40000],
  ['csrr', [3, 1], 0x68c00001],
  ['setvl', [3, 5], 0x6cd40000],
  ['setvli', [3, 9], 0x70c00009],
  ['nop', [], 0x74000000],
  ['halt', [], 0x7c000000],
];

describe('instruction encoding', () => {
  it('covers every instruction in the table exactly once', () => {
    expect(CASES.map((c) => c[0]).sort()).toEqual(INSTRUCTIONS.map((d) => d.mnemonic).sort());
  });

  for (const [mnemonic, operands, word] of CASES) {
    it(`${mnemonic} encodes to 0x${word.toString(16).padStart(8, '0')} and decodes back`, () => {
      const def = instructionByMnemonic(mnemonic)!;
      expect(encode(def, operands)).toBe(word);
      const back = decode(word)!;
      expect(back.def.mnemonic).toBe(mnemonic);
      expect(back.operands).toEqual(operands);
    });
  }

  it('prints stable disassembly text', () => {
    expect(disassembleWord(0x04d5c000, 0)).toBe('add r3, r5, r7');
    expect(disassembleWord(0x40d7fffb, 0)).toBe('addi r3, r5, -5');
    expect(disassembleWord(0xa0cbfff4, 0)).toBe('ld r3, -12(r2)');
    expect(disassembleWord(0x80d7fffd, 10)).toBe('beq r3, r5, 7');
    expect(disassembleWord(0x80d7fffd, 10, (a) => (a === 7 ? 'top' : undefined))).toBe('beq r3, r5, top');
    expect(disassembleWord(0x9c024004, 100)).toBe('loopi 9, 104');
    expect(disassembleWord(0x68c00001, 0)).toBe('csrr r3, npe');
    expect(disassembleWord(0xf0cbfff4, 0)).toBe('fupd.sp r3, -12(r2)');
    expect(disassembleWord(0x7c000000, 0)).toBe('halt');
  });

  it('rejects invalid words: opcode 0, unknown opcodes, reserved bits, bad vector registers', () => {
    expect(decode(0)).toBeUndefined();
    expect(decode(0x3f << 26)?.def.mnemonic).toBe('pfu.ms'); // opcodes 1 … 63 are all assigned now
    expect(decode(0x04d5c001)).toBeUndefined(); // add with a reserved imm14 bit set
    expect(decode(0x7c000001)).toBeUndefined(); // halt with a reserved bit set
    expect(decode(0xc0000000 | (9 << 22))).toBeUndefined(); // vadd v9
    expect(disassembleWord(0, 0)).toBe('.word 0x00000000');
  });

  it('range-checks operands with a typed error', () => {
    const addi = instructionByMnemonic('addi')!;
    expect(() => encode(addi, [1, 2, 131072])).toThrow(IsaError);
    expect(() => encode(addi, [16, 2, 0])).toThrow(/outside 0 … 15/);
    expect(() => encode(instructionByMnemonic('vadd')!, [8, 0, 0])).toThrow(/outside 0 … 7/);
    expect(() => encode(instructionByMnemonic('slli')!, [1, 1, 32])).toThrow(/shamt = 32/);
  });
});

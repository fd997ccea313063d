// Every instruction form assembles to hand-pinned words (the same words as tests/isa/encoding.test.ts).
import { describe, it, expect } from 'vitest';
import { assemble } from '../../asm/index.js';
import { CodeEmitter } from '../../runtime/emitter.js';
import { INSTRUCTIONS } from '../../isa/index.js';

// [source at address 0 (targets are absolute: pc + offset), expected word]
const CASES: [string, number][] = [
  ['add r3, r5, r7', 0x04d5c000],
  ['sub r3, r5, r7', 0x08d5c000],
  ['and r3, r5, r7', 0x0cd5c000],
  ['or r3, r5, r7', 0x10d5c000],
  ['xor r3, r5, r7', 0x14d5c000],
  ['sll r3, r5, r7', 0x18d5c000],
  ['srl r3, r5, r7', 0x1cd5c000],
  ['sra r3, r5, r7', 0x20d5c000],
  ['slt r3, r5, r7', 0x24d5c000],
  ['min r3, r5, r7', 0x28d5c000],
  ['max r3, r5, r7', 0x2cd5c000],
  ['mul r3, r5, r7', 0x30d5c000],
  ['addi r3, r5, -5', 0x40d7fffb],
  ['andi r3, r5, -5', 0x44d7fffb],
  ['ori r3, r5, -5', 0x48d7fffb],
  ['xori r3, r5, -5', 0x4cd7fffb],
  ['slli r3, r5, 9', 0x50d40009],
  ['srli r3, r5, 9', 0x54d40009],
  ['srai r3, r5, 9', 0x58d40009],
  ['slti r3, r5, -5', 0x5cd7fffb],
  ['lui r3, 9', 0x60c00009],
  ['beq r3, r5, . - 3', 0x80d7fffd],
  ['bne r3, r5, . - 3', 0x84d7fffd],
  ['blt r3, r5, . - 3', 0x88d7fffd],
  ['bge r3, r5, . - 3', 0x8cd7fffd],
  ['jal r3, . - 3', 0x90fffffd],
  ['jalr r3, r5, -5', 0x94d7fffb],
  ['loop r3, . + 4', 0x98c00004],
  ['loopi 9, . + 4', 0x9c024004],
  ['ld r3, -12(r2)', 0xa0cbfff4],
  ['st r3, -12(r2)', 0xa4cbfff4],
  ['vld v1, -12(r2)', 0xa84bfff4],
  ['vst v1, -12(r2)', 0xac4bfff4],
  ['vadd v1, v2, v6', 0xc0498000],
  ['vsub v1, v2, v6', 0xc4498000],
  ['vmin v1, v2, v6', 0xc8498000],
  ['vmaxs v1, v2, v6', 0xcc498000],
  ['vnorm v1, v2', 0xd0480000],
  ['vbcast v1, r5', 0xd4540000],
  ['vdamp v1, v2, v6, 9', 0xd8498009],
  ['vrmin r3, v2', 0xe0c80000],
  ['vrmaxs r3, v2', 0xe4c80000],
  ['vmaxad r3, v2, v6', 0xe8c98000],
  ['vext r3, v2, 9', 0xecc80009],
  ['fupd.sp r3, -12(r2)', 0xf0cbfff4],
  ['fupd.ms r3, -12(r2)', 0xf4cbfff4],
  ['vupd r3, -12(r2)', 0xf8cbfff4],
  ['cnu.spa r3, r5, r7', 0x34d5c000],
  ['cnu.ms r3, r5, r7', 0x38d5c000],
  ['cnu.nms r3, r5, r7', 0x3cd5c000],
  ['cnu.oms r3, r5, r7', 0x64d5c000],
  ['vnu r5, r7', 0xdc15c000],
  ['pfu.sp r3, -12(r2)', 0x78cbfff4],
  ['pfu.ms r3, -12(r2)', 0xfccbfff4],
  ['send r3, r5, 9', 0xb0d40009],
  ['recv r3, r5, 9', 0xb4d40009],
  ['bar', 0xb8000000],
  ['barmax r3, r5', 0xbcd40000],
  ['csrr r3, npe', 0x68c00001],
  ['setvl r3, r5', 0x6cd40000],
  ['setvli r3, 9', 0x70c00009],
  ['nop', 0x74000000],
  ['halt', 0x7c000000],
];

function words(src: string, section = 0): number[] {
  return Array.from(assemble(src, { fileName: 't.s' }).object.sections[section].words);
}

describe('instruction encoding through the assembler', () => {
  it('covers every mnemonic in the ISA table', () => {
    expect(CASES.map((c) => c[0].split(' ')[0]).sort()).toEqual(INSTRUCTIONS.map((d) => d.mnemonic).sort());
  });
  for (const [src, word] of CASES) {
    it(`${src} = 0x${word.toString(16).padStart(8, '0')}`, () => {
      // Place the instruction at address 10 so backward targets stay in the code space.
      const w = words(`.org 10\n${src}\n`);
      expect(w[0] >>> 0).toBe(word);
    });
  }

  it('targets are absolute addresses or labels, encoded relative to the instruction', () => {
    const src = ['top: nop', '  loopi 9, end', '  nop', '  nop', '  nop', 'end: beq r3, r5, top', '  jal r0, 0'].join('\n');
    const w = words(src);
    expect(w[1]).toBe(0x9c024004);
    expect(w[5]).toBe(0x80d7fffb); // offset -5
    expect(w[6]).toBe(0x903ffffa); // jal r0 to 0 from 6: offset -6
  });

  it('memory operands: omitted offset, expression offsets, bare absolute address', () => {
    const w = words('.equ OFF, 3\nld r1, (r2)\nld r1, OFF*4(r2)\nld r1, (OFF)(r2)\nld r1, 100\n');
    expect(w).toEqual([0xa0480000, 0xa048000c, 0xa0480003, 0xa0400064]);
  });

  it('csrr takes every CSR by name', () => {
    const w = words('csrr r1, peid\ncsrr r1, meshy\n');
    expect(w).toEqual([0x68400000, 0x68400009]);
  });

  it('li: addi when the value fits 18 bits signed and is known, else lui (+ ori when the low bits are set)', () => {
    const w = words('li r4, -5\nli r4, 0x12345678\nli r4, later\nli r4, -1 << 20\nlater: halt\n');
    expect(w[0]).toBe(0x4103fffb);
    expect(w.slice(1, 3)).toEqual([0x61048d15, 0x49100278]);
    // forward reference: always two words even though 6 would fit (sizes never depend on later lines)
    expect(w.slice(3, 5)).toEqual([0x61000000, 0x49100006]);
    // -1 << 20 = 0xfff00000: low 10 bits zero, so lui alone (the runtime emitter's rule)
    expect(w.slice(5, 7)).toEqual([0x613ffc00, 0x7c000000]);
    expect(w.length).toBe(7);
  });

  it('li expands exactly as the runtime emitter does (one shared rule)', () => {
    for (const v of [0, -5, 131071, -131072, 131072, 0x12345678, -1 << 20, 0x400, 0xffffffff | 0]) {
      const e = new CodeEmitter(0);
      e.li(3, v);
      expect(words(`li r3, ${v}\n`)).toEqual(Array.from(e.finish()));
    }
  });

  it('pseudo-instructions j, b, mv, not, neg, call, ret expand to the table instructions', () => {
    const w = words('top: j top\nb top\nmv r1, r2\nnot r1, r2\nneg r1, r2\ncall top\nret\n');
    expect(w).toEqual(words('top: jal r0, top\nbeq r0, r0, top\naddi r1, r2, 0\nxori r1, r2, -1\nsub r1, r0, r2\njal r15, top\njalr r0, r15, 0\n'));
  });
});

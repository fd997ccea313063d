// .macro/.endm, .rept/.endr, .if/.else/.endif (GNU as conventions) and -D style defines.
import { describe, it, expect } from 'vitest';
import { assemble, assembleSources, ASSEMBLER_LIMITS } from '../../asm/index.js';

const words = (src: string, defines?: Map<string, number>) =>
  assemble(src, { fileName: 'p.s', defines }).object.sections.flatMap((s) => Array.from(s.words));
const errors = (src: string): string[] => {
  try {
    assemble(src, { fileName: 'p.s' });
  } catch (e) {
    return (e as { diagnostics: { line: number; col: number; message: string }[] }).diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
  }
  return [];
};

describe('macros', () => {
  it('substitute \\arg, take defaults and expand to the same words as the written-out code', () => {
    const src = '.macro addk rd, k=1\n  addi \\rd, \\rd, \\k\n.endm\nstart: addk r1\naddk r2, 5\nhalt\n';
    expect(words(src)).toEqual(words('start: addi r1, r1, 1\naddi r2, r2, 5\nhalt\n'));
    expect(assemble(src, { fileName: 'p.s' }).object.symbols.map((s) => [s.name, s.value])).toEqual([['start', 0]]);
  });

  it('\\@ numbers each expansion, so a macro can make unique labels', () => {
    const src = '.macro spin\nl\\@: beq r1, r0, l\\@\n.endm\nspin\nspin\nhalt\n';
    expect(words(src)).toEqual(words('l0: beq r1, r0, l0\nl1: beq r1, r0, l1\nhalt\n'));
  });

  it('reports wrong argument counts and redefinitions at the call', () => {
    expect(errors('.macro m a\n nop\n.endm\nm 1, 2\nm\nhalt\n')).toEqual(["4:1: macro m takes 1 argument, got 2", "5:1: macro m: missing argument 'a'"]);
  });

  it('a recursive macro stops at the expansion cap with a clear error, quickly', () => {
    const t = Date.now();
    expect(errors('.macro rec\n rec\n rec\n.endm\nrec\nhalt\n')).toEqual([
      `2:2: macro and .rept expansions nested more than ${ASSEMBLER_LIMITS.expansionDepth} deep (a recursive macro?; the assembler's limit)`,
    ]);
    expect(Date.now() - t).toBeLessThan(5000);
  });
});

describe('.rept and .if', () => {
  it('.rept N repeats its body; nested blocks work', () => {
    expect(words('.rept 2\n.rept 3\nnop\n.endr\nhalt\n.endr\n')).toEqual([...Array(3).fill(0x74000000), 0x7c000000, ...Array(3).fill(0x74000000), 0x7c000000]);
    expect(errors(`.rept ${ASSEMBLER_LIMITS.repeat + 1}\n.endr\nhalt\n`)).toEqual([`1:7: .rept count ${ASSEMBLER_LIMITS.repeat + 1} is outside 0 … ${ASSEMBLER_LIMITS.repeat}`]);
  });

  it('.if/.else/.endif choose by value (non-zero is true), nest, and see -D defines', () => {
    const src = '.if FAST\n  .if 0\n  bad line\n  .else\n  nop\n  .endif\n.else\n  halt\n.endif\n';
    expect(words(src, new Map([['FAST', 1]]))).toEqual([0x74000000]);
    expect(words(src, new Map([['FAST', 0]]))).toEqual([0x7c000000]);
  });

  it('unbalanced blocks are errors at the opening or stray line', () => {
    expect(errors('.if 1\nnop\n.rept 2\nnop\n')).toEqual(['1:1: .if without .endif', '3:1: .rept without .endr']);
    expect(errors('nop\n.endif\n.endm\n.else\n.endr\n')).toEqual(['2:1: .endif without .if', '3:1: .endm without .macro', '4:1: .else without .if', '5:1: .endr without .rept']);
    expect(errors('.if 1\n.else\n.else\n.endif\nnop\n')).toEqual(['3:1: a second .else for the .if at line 1']);
  });
});

describe('several inputs', () => {
  it('assemble as if concatenated: labels and constants cross files, diagnostics name each file', () => {
    const r = assembleSources([{ fileName: 'a.s', text: '.equ K, 4\nj main\n' }, { fileName: 'b.s', text: 'main: addi r1, r0, K\nhalt\n' }]);
    expect(Array.from(r.object.sections[0].words)).toEqual(words('.equ K, 4\nj main\nmain: addi r1, r0, K\nhalt\n'));
    expect(() => assembleSources([{ fileName: 'a.s', text: 'halt\n' }, { fileName: 'b.s', text: 'ad r1\n' }])).toThrow("b.s:1:1: unknown mnemonic 'ad'");
  });
});

// Diagnostics: file, line, column, text, caret; every error of a file in one run.
import { describe, it, expect } from 'vitest';
import { assemble, AssemblyError, formatDiagnostics, type Diagnostic } from '../../asm/index.js';

function diags(src: string, fileName = 'prog.s'): Diagnostic[] {
  try {
    assemble(src, { fileName });
  } catch (e) {
    expect(e).toBeInstanceOf(AssemblyError);
    expect((e as AssemblyError).isUserError).toBe(true);
    return (e as AssemblyError).diagnostics;
  }
  throw new Error('expected errors');
}
const one = (src: string) => {
  const d = diags(src);
  return `${d[0].file}:${d[0].line}:${d[0].col}: ${d[0].message}`;
};

describe('error messages', () => {
  it('reports every error of the file at once, in line order', () => {
    const src = [
      'start: ad r1, r2, r3', // 1 unknown mnemonic
      '  addi r1, r2, 200000', // 2 range
      '  vadd v1, r2, v3', // 3 kind
      '  beq r1, r2, nowhere', // 4 undefined
      'start: nop', // 5 duplicate
      '  .wrd 3', // 6 unknown directive
      '  add r1, , r2', // 7 syntax
      '  loopi 9, start', // 8 target range (backwards)
      '  halt',
    ].join('\n');
    const d = diags(src);
    expect(d.map((x) => `${x.file}:${x.line}:${x.col}: ${x.severity}: ${x.message}`)).toEqual([
      "prog.s:1:8: error: unknown mnemonic 'ad' (did you mean 'add'?)",
      'prog.s:2:16: error: addi: imm = 200000 is out of range -131072 … 131071',
      'prog.s:3:12: error: vadd: expected a vector register (v0 … v7) for va, got register r2',
      "prog.s:4:15: error: undefined symbol 'nowhere'",
      "prog.s:5:1: error: duplicate symbol 'start' (first defined at prog.s:1:1)",
      "prog.s:6:3: error: unknown directive '.wrd' (did you mean '.word'?)",
      "prog.s:7:11: error: syntax error: unexpected ',' (expected an operand)",
      'prog.s:8:12: error: loopi: end 0 is -4 words from this instruction (at 4); the offset must be in 2 … 16383',
    ]);
  });

  it('formats file:line:col, the source line and a caret under the column', () => {
    try {
      assemble('nop\n  vadd v1, r2, v3\n', { fileName: 'x.s' });
    } catch (e) {
      const err = e as AssemblyError;
      expect(formatDiagnostics(err.diagnostics, err.sources)).toBe(
        'x.s:2:12: error: vadd: expected a vector register (v0 … v7) for va, got register r2\n' +
          '    vadd v1, r2, v3\n' +
          '             ^\n' +
          '1 error\n',
      );
      expect(err.message).toBe('x.s:2:12: vadd: expected a vector register (v0 … v7) for va, got register r2');
    }
  });

  it('names operand kinds and register ranges', () => {
    expect(one('add r1, r2, 5')).toBe('prog.s:1:13: add: expected a scalar register (r0 … r15) for rb, got an expression');
    expect(one('add r1, r2, r16')).toBe('prog.s:1:13: add: there is no register r16 (scalar registers are r0 … r15)');
    expect(one('vnorm v8, v1')).toBe('prog.s:1:7: vnorm: there is no register v8 (vector registers are v0 … v7)');
    expect(one('addi r1, r2, r3')).toBe('prog.s:1:14: addi: expected an immediate value for imm, got register r3');
    expect(one('ld r1, r2')).toBe('prog.s:1:8: ld: expected a memory operand off(rN) for addr, got register r2');
    expect(one('ld r1, 4(v2)')).toBe('prog.s:1:8: ld: the base of a memory operand must be a scalar register, got v2');
    expect(one('slli r1, r2, 32')).toBe('prog.s:1:14: slli: shamt = 32 is out of range 0 … 31');
    expect(one('send r1, r2, 0')).toBe('prog.s:1:14: send: len = 0 is out of range 1 … 4096');
    expect(one('csrr r1, cycles')).toBe("prog.s:1:10: csrr: unknown CSR 'cycles' (did you mean 'cycle'?)");
    expect(one('add r1, r2')).toBe('prog.s:1:1: add takes 3 operands (rd, ra, rb), got 2');
    expect(one('halt r1')).toBe('prog.s:1:6: halt takes no operands, got 1');
    expect(one('FUPD.SP r1, 0(r2)')).toBe("prog.s:1:1: unknown mnemonic 'FUPD.SP' (did you mean 'fupd.sp'?)");
    expect(one('frobnicate')).toBe("prog.s:1:1: unknown mnemonic 'frobnicate'");
  });

  it('reports bad directives and syntax precisely', () => {
    expect(one('.data\n.word 1.5')).toBe('prog.s:2:7: .word: expected an integer expression, got a real number');
    expect(one('.org later\nlater: nop')).toBe(".org: symbol 'later' must be defined before this line (the value is needed in the first pass)".replace(/^/, 'prog.s:1:6: '));
    expect(one('.equ 5, 3')).toBe('prog.s:1:6: .equ: expected a symbol name');
    expect(one('.text pe=5000')).toBe('prog.s:1:10: PE id 5000 is outside 0 … 4095');
    expect(one('.data\n.prob -0.5')).toBe('prog.s:2:7: .prob: probability -0.5 must be finite and ≥ 0');
    expect(one('add r1, r2, r3 extra')).toMatch(/^prog\.s:1:16: syntax error: unexpected 'extra'/);
    expect(one('.data\n.word (1 + 2')).toMatch(/^prog\.s:2:13: syntax error: unexpected end of line/);
    expect(one('x: .include nope.s')).toBe('prog.s:1:13: .include: expected a file name in double quotes');
  });

  it('never throws anything but AssemblyError for errors, even in data sections of every kind', () => {
    const d = diags('.data\nx: .word y\n.shared\n.org 5\n.data\n.zero -1\n');
    expect(d.length).toBe(3);
  });
});

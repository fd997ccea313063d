// assemble → disassemble → assemble gives identical bytes (sections, entries, requirements and
// symbol table), for random valid programs and for the examples.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { assemble, disassembleObject, serializeObject, parseObject } from '../../asm/index.js';
import { programArb } from './gen.js';

function roundTrip(src: string): void {
  let a;
  try {
    a = assemble(src, { fileName: 'p.s' });
  } catch (e) {
    // a generated program may place no words at all: that is the one error it may give
    expect((e as Error).message).toBe('p.s:1:1: empty program: no instructions and no data (nothing to load or run)');
    return;
  }
  const bytes = serializeObject(a.object);
  const text = disassembleObject(a.object);
  let b;
  try {
    b = assemble(text, { fileName: 'dis.s' });
  } catch (e) {
    throw new Error(`disassembly does not reassemble: ${(e as Error).message}\n--- source\n${src}\n--- disassembly\n${text}`);
  }
  const bytes2 = serializeObject(b.object);
  if (Buffer.compare(Buffer.from(bytes), Buffer.from(bytes2)) !== 0) {
    expect({ text, obj: b.object }).toEqual({ text, obj: a.object });
  }
  expect(Buffer.from(bytes2).equals(Buffer.from(bytes))).toBe(true);
  // and the binary form parses back to an object that serialises to the same bytes
  expect(Buffer.from(serializeObject(parseObject(bytes, 'p.gp5o'))).equals(Buffer.from(bytes))).toBe(true);
}

describe('disassembly round trip', () => {
  it('keeps a non-ASCII label (ラベル: halt) in the symbol table and the bytes', () => {
    const a = assemble('ラベル: halt\nj ラベル\n', { fileName: 'p.s' });
    expect(a.object.symbols).toEqual([{ name: 'ラベル', value: 0, kind: 'label', section: '.text' }]);
    const text = disassembleObject(a.object);
    expect(text).toMatch(/^ラベル:$/m);
    roundTrip('ラベル: halt\nj ラベル\n');
  });

  it('random valid programs reassemble to identical bytes', () => {
    fc.assert(fc.property(programArb, (src) => roundTrip(src)), { numRuns: 500 });
  });

  it('keeps labels outside section contents, generated labels local, per-PE entries', () => {
    roundTrip(
      [
        '.text',
        'top: nop',
        '  loopi 3, . + 3',
        '  nop',
        '  nop',
        '  bne r1, r2, top',
        '  beq r1, r2, 1000',
        '.text pe=2..4',
        'p: jal r0, top',
        '.data pe=7',
        'nothing_here:',
        '.shared',
        'msgs: .prob 0.5, 0.5',
        'end_of_shared:',
        '.entry p pe=2,3',
        '.entry top',
        '.equ ANSWER, 42',
      ].join('\n'),
    );
  });
});

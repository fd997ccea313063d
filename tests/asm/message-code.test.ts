// The message code (signed | unsigned) in object files and assembly: header flags bit 0, the
// writer's and reader's validation, the loader's check against the machine, and `.format`'s third
// argument selecting the code the data directives convert with.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { assemble, disassembleObject, parseObject, serializeObject, validateObject, type AssembleOptions, type ObjectFile } from '../../asm/index.js';
import { crc32, makeConfig, MAX_UNSIGNED_MESSAGE_BITS } from '../../isa/index.js';
import { loadImage, LoadError } from '../../sim/index.js';

/** `bytes` with the u16 at `offset` replaced and the checksum recomputed. */
function withU16(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const out = bytes.slice();
  const dv = new DataView(out.buffer);
  dv.setUint16(offset, value, true);
  dv.setUint32(out.length - 4, crc32(out, 0, out.length - 4), true);
  return out;
}

const errors = (src: string, opts: AssembleOptions = {}): string[] => {
  try {
    assemble(src, { fileName: 'p.s', ...opts });
  } catch (e) {
    return (e as { diagnostics: { line: number; col: number; message: string }[] }).diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
  }
  return [];
};
const dataWords = (src: string, opts: AssembleOptions = {}) => Array.from(assemble(src, { fileName: 'p.s', ...opts }).object.sections.find((s) => s.space === 'scratchpad')!.words);

/** A valid object: random requirements (either code, W within the code's limit), one code section. */
const objectArb: fc.Arbitrary<ObjectFile> = fc
  .tuple(fc.constantFrom(0, 1), fc.integer({ min: 1, max: 64 }), fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 6 }))
  .chain(([unsignedMessages, minPes, words]) =>
    fc.integer({ min: 8, max: unsignedMessages ? MAX_UNSIGNED_MESSAGE_BITS : 32 }).chain((messageBits) =>
      fc.integer({ min: 0, max: messageBits - 2 }).map(
        (fracBits): ObjectFile => ({
          version: 1,
          requirements: { minPes, messageBits, fracBits, unsignedMessages },
          entry: 0,
          entryPerPe: new Map(),
          sections: [{ name: '.text', space: 'code', pes: 'all', origin: 0, words: Uint32Array.from(words) }],
          symbols: [],
        }),
      ),
    ),
  );

describe('object files record the message code', () => {
  it('round trip: flags bit 0 is unsignedMessages, the parsed requirements are the written ones, the bytes re-serialise identically', () => {
    fc.assert(
      fc.property(objectArb, (obj) => {
        const bytes = serializeObject(obj);
        expect(new DataView(bytes.buffer).getUint16(6, true)).toBe(obj.requirements.unsignedMessages);
        const back = parseObject(bytes, 'p.gp5o');
        expect(back.requirements).toEqual(obj.requirements);
        expect(Buffer.from(serializeObject(back)).equals(Buffer.from(bytes))).toBe(true);
        // The two codes' files differ in the flags (and so the checksum) alone.
        if (obj.requirements.messageBits <= MAX_UNSIGNED_MESSAGE_BITS) {
          const u = obj.requirements.unsignedMessages!;
          const other = serializeObject({ ...obj, requirements: { ...obj.requirements, unsignedMessages: 1 - u } });
          expect(Buffer.from(other).equals(Buffer.from(withU16(bytes, 6, 1 - u)))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a signed object is byte for byte what the format wrote before the flag (pinned), and one without the field is the same', () => {
    const obj = assemble('.format 8, 5\nhalt\n.data\n.prob 0, 0.5\n', { fileName: 'p.s' }).object;
    expect(obj.requirements).toEqual({ minPes: 1, messageBits: 8, fracBits: 5, unsignedMessages: 0 });
    const bytes = serializeObject(obj);
    // length and CRC-32 of this program's object as written by fe792d7 (before the code was recorded)
    expect([bytes.length, new DataView(bytes.buffer).getUint32(bytes.length - 4, true).toString(16)]).toEqual([98, '980e1d8e']);
    expect(parseObject(bytes, 'p.gp5o').requirements.unsignedMessages).toBe(0);
  });

  it('the reader rejects flags other than bit 0, naming byte 6', () => {
    const bytes = serializeObject(assemble('halt\n', { fileName: 'p.s' }).object);
    expect(() => parseObject(withU16(bytes, 6, 2), 'x.gp5o')).toThrow('x.gp5o: byte 6: unknown flags 0x2 (only bit 0, the unsigned message code, may be set)');
    expect(() => parseObject(withU16(bytes, 6, 0x8001), 'x.gp5o')).toThrow('x.gp5o: byte 6: unknown flags 0x8001 (only bit 0, the unsigned message code, may be set)');
    expect(parseObject(withU16(bytes, 6, 1), 'x.gp5o').requirements.unsignedMessages).toBe(1);
  });

  it('the unsigned code needs W ≤ MAX_UNSIGNED_MESSAGE_BITS: the writer refuses and the reader rejects a wider one', () => {
    const obj = assemble('.format 30, 8\nhalt\n', { fileName: 'p.s' }).object;
    const wide = { ...obj, requirements: { ...obj.requirements, unsignedMessages: 1 } };
    expect(validateObject(wide)?.message).toBe(`an unsigned message code needs messageBits ≤ ${MAX_UNSIGNED_MESSAGE_BITS}, got 30`);
    expect(() => serializeObject(wide)).toThrow(RangeError);
    expect(() => parseObject(withU16(serializeObject(obj), 6, 1), 'x.gp5o')).toThrow(`x.gp5o: byte 12: an unsigned message code needs messageBits ≤ ${MAX_UNSIGNED_MESSAGE_BITS}, got 30 (the assembler never writes this)`);
    expect(validateObject({ ...obj, requirements: { ...obj.requirements, unsignedMessages: 2 } })?.message).toBe('unsignedMessages 2 is not 0 (signed) or 1 (unsigned)');
  });

  it('the loader refuses an object whose code is not the machine’s, both ways', () => {
    const unsigned = assemble('.format 8, 5, unsigned\nhalt\n', { fileName: 'u.s' }).object;
    const signed = assemble('.format 8, 5\nhalt\n', { fileName: 's.s' }).object;
    const signedCfg = makeConfig({ pes: 1, messageBits: 8, fracBits: 5 });
    const unsignedCfg = makeConfig({ pes: 1, messageBits: 8, fracBits: 5, unsignedMessages: 1 });
    expect(() => loadImage(unsigned, signedCfg, 'u.gp5o')).toThrow(LoadError);
    expect(() => loadImage(unsigned, signedCfg, 'u.gp5o')).toThrow('u.gp5o: data was assembled for unsigned messages but the machine has signed (config unsignedMessages: 0)');
    expect(() => loadImage(signed, unsignedCfg, 's.gp5o')).toThrow('s.gp5o: data was assembled for signed messages but the machine has unsigned (config unsignedMessages: 1)');
    expect(loadImage(unsigned, unsignedCfg).code[0][0]).toBe(unsigned.sections[0].words[0]);
    expect(loadImage(signed, signedCfg).code[0][0]).toBe(signed.sections[0].words[0]);
  });
});

describe('.format W, F, unsigned', () => {
  it('converts with the unsigned code: .prob 0 is 255 (unsigned MAX at W = 8) against 127 signed', () => {
    expect(dataWords('.format 8, 5, unsigned\nhalt\n.data\n.prob 0, 0.5\n')).toEqual([255, 22]);
    expect(dataWords('.format 8, 5\nhalt\n.data\n.prob 0, 0.5\n')).toEqual([127, 22]);
    expect(dataWords('.format 8, 5, signed\nhalt\n.data\n.prob 0, 0.5\n')).toEqual([127, 22]);
    expect(dataWords('.format 8, 5, unsigned\nhalt\n.data\n.energy inf, 7.9\n.msg 255, 0\n')).toEqual([255, 253, 255, 0]);
    expect(errors('.format 8, 5, unsigned\nhalt\n.data\n.msg -1\n')).toEqual(['4:6: .msg energy -1 is outside 0 … 255 (W = 8)']);
    expect(assemble('.format 8, 5, unsigned\nhalt\n', { fileName: 'p.s' }).object.requirements).toEqual({ minPes: 1, messageBits: 8, fracBits: 5, unsignedMessages: 1 });
  });

  it('the options select it too, and must agree with .format', () => {
    const opts = { messageBits: 8, fracBits: 5, unsignedMessages: 1 };
    expect(dataWords('halt\n.data\n.prob 0\n', opts)).toEqual([255]);
    expect(dataWords('.format 8, 5, unsigned\nhalt\n.data\n.prob 0\n', opts)).toEqual([255]);
    expect(errors('.format 8, 5\nhalt\n', opts)).toEqual(["1:1: .format 8, 5 conflicts with the requested unsigned message code (--unsigned, or the config's unsignedMessages)"]);
    expect(errors('.format 8, 5, unsigned\nhalt\n', { unsignedMessages: 0 })).toEqual(["1:1: .format 8, 5, unsigned conflicts with the requested signed message code (--unsigned, or the config's unsignedMessages)"]);
    expect(errors('.format 8, 5\n.format 8, 5, unsigned\nhalt\n')).toEqual(['2:1: .format 8, 5, unsigned conflicts with .format 8, 5 at p.s:1 (one format per program)']);
    expect(() => assemble('halt\n', { unsignedMessages: 2 })).toThrow(RangeError);
  });

  it('a bad third argument is a diagnostic at its line and column', () => {
    expect(errors('halt\n.format 8, 5, unsinged\n')).toEqual(["2:15: .format: the message code must be signed or unsigned, got 'unsinged' (did you mean unsigned?)"]);
    expect(errors('.format 8, 5, banana\nhalt\n')).toEqual(["1:15: .format: the message code must be signed or unsigned, got 'banana'"]);
    expect(errors('.format 8, 5, 1\nhalt\n')).toEqual(['1:15: .format: the message code must be signed or unsigned, got an expression']);
    expect(errors('.format 8, 5, "unsigned"\nhalt\n')).toEqual(['1:15: .format: the message code must be signed or unsigned, got a string']);
    expect(errors(`.format 30, 8, unsigned\nhalt\n`)).toEqual([`1:16: .format: an unsigned message code needs W ≤ ${MAX_UNSIGNED_MESSAGE_BITS}, got W = 30`]);
    expect(errors('.format 8, 5, unsigned, 1\nhalt\n')).toEqual(['1:1: .format expects W, F [, signed | unsigned] (message bits, fraction bits, message code), got 4 arguments']);
  });

  it('the disassembly writes the code and reassembles to identical bytes', () => {
    const a = assemble('.format 12, 6, unsigned\nhalt\n.data\n.prob 0, 0.25\n', { fileName: 'p.s' }).object;
    const text = disassembleObject(a);
    expect(text.split('\n')[1]).toBe('.format 12, 6, unsigned');
    const b = assemble(text, { fileName: 'dis.s' }).object;
    expect(Buffer.from(serializeObject(b)).equals(Buffer.from(serializeObject(a)))).toBe(true);
    expect(disassembleObject(assemble('.format 12, 6\nhalt\n', { fileName: 'p.s' }).object).split('\n')[1]).toBe('.format 12, 6');
  });
});

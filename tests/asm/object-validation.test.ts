// One validation (isa/object.ts validateObject) serves the writer and the reader: the reader
// rejects exactly the objects the assembler can never write.
import { describe, it, expect } from 'vitest';
import { assemble, serializeObject, parseObject, validateObject } from '../../asm/index.js';
import { crc32 } from '../../isa/index.js';

/** Bytes of `src`'s object with a u32 patched at `offset` and the checksum recomputed. */
function patched(src: string, offset: number, value: number): Uint8Array {
  const bytes = serializeObject(assemble(src, { fileName: 'p.s' }).object).slice();
  const dv = new DataView(bytes.buffer);
  dv.setUint32(offset, value, true);
  dv.setUint32(bytes.length - 4, crc32(bytes, 0, bytes.length - 4), true);
  return bytes;
}

describe('object validation', () => {
  it('rejects an entry for PE 5000 when minPes is 1, naming the entry byte offset', () => {
    // header is 40 bytes; the first entry's PE id follows it
    const bytes = patched('halt\n.entry 0 pe=0\n', 40, 5000);
    expect(() => parseObject(bytes, 'x.gp5o')).toThrow('x.gp5o: byte 40: entry point for PE 5000, but minPes is 1 (PE ids must be below minPes) (the assembler never writes this)');
  });

  it('rejects minPes above the 4096-PE limit', () => {
    const bytes = patched('halt\n', 12, 5000);
    expect(() => parseObject(bytes, 'x.gp5o')).toThrow('x.gp5o: byte 12: minPes 5000 is outside 1 … 4096');
  });

  it('the writer refuses what the reader rejects', () => {
    const obj = assemble('halt\n', { fileName: 'p.s' }).object;
    obj.entryPerPe.set(5000, 0);
    expect(validateObject(obj)?.message).toBe('entry point for PE 5000, but minPes is 1 (PE ids must be below minPes)');
    expect(() => serializeObject(obj)).toThrow(RangeError);
  });

  it('rejects overlapping sections and non-canonical section names', () => {
    const obj = assemble('.text pe=0\nhalt\n.text pe=1\n.org 0\nnop\n', { fileName: 'p.s' }).object;
    expect(validateObject(obj)).toBeNull();
    obj.sections[1].pes = [0, 1];
    expect(validateObject(obj)?.message).toBe('section .text pe=1: the name does not match its space and PEs (expected .text pe=0,1)');
    obj.sections[1].name = '.text pe=0,1';
    expect(validateObject(obj)?.message).toBe('section .text pe=0,1: words overlap section .text pe=0 on a common PE');
  });

  it('an empty program is a clear assembler error; a data-only one warns', () => {
    expect(() => assemble('; nothing\n', { fileName: 'e.s' })).toThrow('e.s:1:1: empty program: no instructions and no data (nothing to load or run)');
    const r = assemble('.data\n.word 1\n', { fileName: 'd.s' });
    expect(r.diagnostics.map((d) => `${d.severity} ${d.line}:${d.col} ${d.message}`)).toEqual([
      'warning 1:1 the program has no instructions (no .text words): a PE that runs it faults at its first fetch',
    ]);
  });
});

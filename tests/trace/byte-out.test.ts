// ByteOut's number writers produce exactly what String() and the hex/binary formats would.
import { describe, it, expect } from 'vitest';
import { ByteOut } from '../../trace/byte-out.js';

describe('ByteOut number writers', () => {
  it('int writes every safe integer as String(v) does', () => {
    const values = [0, 7, 9, 10, 99, 100, 12345, -1, -10, -2147483648, 2147483647, 2147483648, 4294967295, 123456789012, -987654321098, Number.MAX_SAFE_INTEGER];
    const o = new ByteOut(4);
    for (const v of values) {
      o.int(v);
      o.byte(32);
    }
    expect(o.take()).toBe(values.map(String).join(' ') + ' ');
  });
  it('hex8 and binary', () => {
    const o = new ByteOut(4);
    o.hex8(0xdeadbeef);
    o.byte(32);
    o.binary(0);
    o.byte(32);
    o.binary(0x80000001);
    o.byte(32);
    o.binary(5);
    expect(o.take()).toBe(`0xdeadbeef 0 1${'0'.repeat(30)}1 101`);
  });
  it('binary writes every bit length as toString(2) does (the table stores past the end are overwritten)', () => {
    const values = [0, 1, 2, 3, 127, 128, 255, 256, 257, 0xffff, 0x10000, 0x12345, 0xffffff, 0x1000000, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff];
    for (let bit = 0; bit < 32; bit++) values.push(2 ** bit, 2 ** bit - 1, ((2 ** bit) | 1) >>> 0);
    const o = new ByteOut(4);
    for (const v of values) {
      o.binary(v);
      o.byte(32);
    }
    expect(o.take()).toBe(values.map((v) => v.toString(2) + ' ').join(''));
  });
});

// An output buffer for the trace writers: text is built as bytes (no intermediate strings) and
// handed out per chunk, as bytes (a `ByteWriter`) or as one string (a string callback).

/**
 * Where a writer's bytes go. A chunk is a view of the writer's own buffer, valid only during the
 * call: the writer overwrites it afterwards, so a callee that keeps a chunk (or writes it
 * asynchronously) copies it first. `fs.writeSync` consumes it before returning.
 */
export interface ByteWriter {
  writeBytes(chunk: Uint8Array): void;
}

/** A writer's output: a byte writer, or a callback taking each chunk as a string (which it may keep). */
export type ChunkWriter = ByteWriter | ((chunk: string) => void);

const utf8 = new TextEncoder();

/** Hand text (a header, a footer) to out as one chunk: as UTF-8 bytes to a byte writer. */
export function writeText(out: ChunkWriter, text: string): void {
  if (typeof out === 'function') out(text);
  else out.writeBytes(utf8.encode(text));
}

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

// Eight binary digits ('0'/'1' bytes) of every byte value.
const BIN8 = new Uint8Array(256 * 8);
for (let i = 0; i < 256; i++) for (let j = 0; j < 8; j++) BIN8[i * 8 + j] = (i >> (7 - j)) & 1 ? 49 : 48;

/** Binary digits of an unsigned 32-bit value without leading zeros at buf[pos…]; returns the end. */
export function writeBinary(buf: Uint8Array, pos: number, v: number): number {
  if (v === 0) {
    buf[pos] = 48;
    return pos + 1;
  }
  let bit = 31 - Math.clz32(v);
  // The partial top byte digit by digit, then whole bytes from the table.
  while ((bit & 7) !== 7) buf[pos++] = ((v >>> bit--) & 1) + 48;
  for (; bit >= 7; bit -= 8) {
    const from = ((v >>> (bit - 7)) & 255) << 3;
    buf[pos] = BIN8[from];
    buf[pos + 1] = BIN8[from + 1];
    buf[pos + 2] = BIN8[from + 2];
    buf[pos + 3] = BIN8[from + 3];
    buf[pos + 4] = BIN8[from + 4];
    buf[pos + 5] = BIN8[from + 5];
    buf[pos + 6] = BIN8[from + 6];
    buf[pos + 7] = BIN8[from + 7];
    pos += 8;
  }
  return pos;
}

export class ByteOut {
  buf: Uint8Array;
  pos = 0;
  constructor(initialBytes = 1 << 21) {
    this.buf = new Uint8Array(initialBytes);
  }
  /** Room for n more bytes (callers that write through `buf` directly reserve first). */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
      grown.set(this.buf.subarray(0, this.pos));
      this.buf = grown;
    }
  }
  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }
  ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
  }
  bytesOf(b: Uint8Array): void {
    this.ensure(b.length);
    // Short runs (identifiers, line middles): a plain loop over locals beats TypedArray.set here.
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < b.length; i++) buf[pos++] = b[i];
    this.pos = pos;
  }
  /** Binary digits of an unsigned 32-bit value without leading zeros. */
  binary(v: number): void {
    this.ensure(32);
    this.pos = writeBinary(this.buf, this.pos, v);
  }
  /** Decimal digits of an integer. */
  decimal(v: number): void {
    this.ascii(String(v));
  }
  /** Decimal digits of a safe integer (as String(v) writes it), without building a string. */
  int(v: number): void {
    this.ensure(17);
    const buf = this.buf;
    let pos = this.pos;
    if (v < 0) {
      buf[pos++] = 45; // '-'
      v = -v;
    }
    if (v < 10) {
      buf[pos] = 48 + v;
      this.pos = pos + 1;
      return;
    }
    if (v < 2147483648) {
      // Small integers (cycles, registers, addresses, lanes): int32 arithmetic.
      let n = v | 0;
      const digits = n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
      let at = pos + digits;
      this.pos = at;
      do {
        const q = (n / 10) | 0;
        buf[--at] = 48 + n - q * 10;
        n = q;
      } while (n !== 0);
      return;
    }
    let digits = 0;
    for (let x = v; x >= 1; x = Math.floor(x / 10)) digits++;
    let at = pos + digits;
    this.pos = at;
    while (v >= 1) {
      const q = Math.floor(v / 10);
      buf[--at] = 48 + (v - q * 10);
      v = q;
    }
  }
  /** `0x` and eight lowercase hex digits of an unsigned 32-bit value. */
  hex8(v: number): void {
    this.ensure(10);
    const buf = this.buf;
    buf[this.pos++] = 48;
    buf[this.pos++] = 120;
    for (let shift = 28; shift >= 0; shift -= 4) buf[this.pos++] = HEX_DIGITS[(v >>> shift) & 15];
  }
  /** Append bytes [start, end) of another buffer. */
  copyFrom(src: ByteOut, start: number, end: number): void {
    this.ensure(end - start);
    const from = src.buf;
    const to = this.buf;
    let pos = this.pos;
    if (end - start > 96) {
      to.set(from.subarray(start, end), pos);
      this.pos = pos + end - start;
      return;
    }
    for (let i = start; i < end; i++) to[pos++] = from[i];
    this.pos = pos;
  }
  /** Drop bytes [0, n), keeping the rest at the front. */
  discard(n: number): void {
    this.buf.copyWithin(0, n, this.pos);
    this.pos -= n;
  }
  /**
   * Hand bytes [0, pos) to out and empty the buffer: a view to a byte writer (the buffer is then
   * reused), else one string decoded as `encoding` (latin1 is exact for ASCII and fastest).
   */
  drainTo(out: ChunkWriter, encoding: 'latin1' | 'utf8' = 'latin1'): void {
    if (this.pos === 0) return;
    if (typeof out === 'function') out(this.take(encoding));
    else {
      const chunk = this.buf.subarray(0, this.pos);
      this.pos = 0;
      out.writeBytes(chunk);
    }
  }
  take(encoding: 'latin1' | 'utf8' = 'latin1'): string {
    const text = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.pos).toString(encoding);
    this.pos = 0;
    return text;
  }
}

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

// Binary digits ('0'/'1' bytes) of every byte value, as two little-endian 32-bit words (first digit
// lowest), so eight digits are two unaligned DataView stores. TOP_*: the same without leading zeros
// (0 is "0"), padded with zeros the next stores overwrite; TOP_LEN: how many digits that is.
const BIN_LO = new Uint32Array(256);
const BIN_HI = new Uint32Array(256);
const TOP_LO = new Uint32Array(256);
const TOP_HI = new Uint32Array(256);
const TOP_LEN = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  const pack = (digits: string, at: number) => {
    let w = 0;
    for (let j = 3; j >= 0; j--) w = w * 256 + (digits.charCodeAt(at + j) || 48);
    return w;
  };
  const all = i.toString(2).padStart(8, '0');
  const top = i.toString(2);
  BIN_LO[i] = pack(all, 0);
  BIN_HI[i] = pack(all, 4);
  TOP_LO[i] = pack(top, 0);
  TOP_HI[i] = pack(top, 4);
  TOP_LEN[i] = top.length;
}

/**
 * Binary digits of an unsigned 32-bit value without leading zeros at pos (through `view`, a
 * DataView of the output buffer); returns the end. Stores reach pos + 8 and up to 32 bytes past pos:
 * reserve 32. Bytes past the returned end are scratch (the caller's next writes overwrite them).
 */
export function writeBinary(view: DataView, pos: number, v: number): number {
  // The top byte (partial, 1…8 digits; 0 for v = 0), then 0…3 whole bytes.
  const rest = (31 - Math.clz32(v | 1)) & 24;
  const top = v >>> rest;
  view.setUint32(pos, TOP_LO[top], true);
  view.setUint32(pos + 4, TOP_HI[top], true);
  pos += TOP_LEN[top];
  for (let shift = rest - 8; shift >= 0; shift -= 8) {
    const b = (v >>> shift) & 255;
    view.setUint32(pos, BIN_LO[b], true);
    view.setUint32(pos + 4, BIN_HI[b], true);
    pos += 8;
  }
  return pos;
}

export class ByteOut {
  buf: Uint8Array;
  /** A DataView of `buf` (replaced with it), for multi-byte stores. */
  view: DataView;
  pos = 0;
  constructor(initialBytes = 1 << 21) {
    this.buf = new Uint8Array(initialBytes);
    this.view = new DataView(this.buf.buffer);
  }
  /** Room for n more bytes (callers that write through `buf` directly reserve first). */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
      grown.set(this.buf.subarray(0, this.pos));
      this.buf = grown;
      this.view = new DataView(grown.buffer);
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
    this.pos = writeBinary(this.view, this.pos, v);
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

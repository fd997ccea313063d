// A minimal WebAssembly binary emitter: just what the SIMD LDPC kernels need (a few functions with
// i32/v128 locals, structured loops, calls, i32 and v128 memory ops, one exported memory). The bytes
// are assembled here from source at run time; no prebuilt binary is shipped.

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

function uleb(x: number, out: number[]): void {
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
}

function sleb(x: number, out: number[]): void {
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** Opcodes of the SIMD proposal (after the 0xfd prefix). */
export const SIMD = {
  load: 0x00,
  store: 0x0b,
  const: 0x0c,
  i16x8Splat: 0x10,
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  i8x16Eq: 0x23,
  i8x16LtS: 0x25,
  i16x8Eq: 0x2d,
  i16x8LtS: 0x2f,
  i32x4Eq: 0x37,
  f32x4Eq: 0x41,
  f32x4Lt: 0x43,
  and: 0x4e,
  or: 0x50,
  xor: 0x51,
  bitselect: 0x52,
  i8x16Abs: 0x60,
  i8x16Bitmask: 0x64,
  i8x16ShrU: 0x6d,
  i8x16AddSatS: 0x6f,
  i8x16Sub: 0x71,
  i8x16SubSatS: 0x72,
  i8x16SubSatU: 0x73,
  i8x16MinS: 0x76,
  i8x16MinU: 0x77,
  i8x16MaxU: 0x79,
  i16x8Abs: 0x80,
  i16x8Bitmask: 0x84,
  i16x8ShrU: 0x8d,
  i16x8AddSatS: 0x8f,
  i16x8Sub: 0x91,
  i16x8SubSatS: 0x92,
  i16x8SubSatU: 0x93,
  i16x8MinS: 0x96,
  i16x8MinU: 0x97,
  i16x8MaxS: 0x98,
  i16x8MaxU: 0x99,
  i32x4Bitmask: 0xa4,
  f32x4Abs: 0xe0,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
  i64x2Bitmask: 0xc4,
  f64x2Eq: 0x47,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Pmin: 0xf6,
  f64x2Pmax: 0xf7,
} as const;

/** Scalar opcodes used by the pack/unpack functions. */
export const OP = {
  f32Load: 0x2a, f64Load: 0x2b, i32Load8S: 0x2c, i32Load16S: 0x2e,
  f32Store: 0x38, f64Store: 0x39, i32Store8: 0x3a, i32Store16: 0x3b,
  i32Ne: 0x47, i32LtS: 0x48, i32LtU: 0x49,
  f32Lt: 0x5d, f64Ne: 0x62, f64Lt: 0x63,
  f32Add: 0x92, f64Abs: 0x99, f64Floor: 0x9c, f64Add: 0xa0, f64Sub: 0xa1, f64Mul: 0xa2, f64Min: 0xa4, f64Max: 0xa5, f64Copysign: 0xa6,
  f32DemoteF64: 0xb6,
} as const;
export const F64 = 0x7c;

/** An instruction stream for one function body. */
export class Code {
  readonly bytes: number[] = [];
  op(...b: number[]): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }
  get(l: number): this {
    this.bytes.push(0x20);
    uleb(l, this.bytes);
    return this;
  }
  set(l: number): this {
    this.bytes.push(0x21);
    uleb(l, this.bytes);
    return this;
  }
  tee(l: number): this {
    this.bytes.push(0x22);
    uleb(l, this.bytes);
    return this;
  }
  i32(x: number): this {
    this.bytes.push(0x41);
    sleb(x | 0, this.bytes);
    return this;
  }
  add(): this {
    return this.op(0x6a);
  }
  sub(): this {
    return this.op(0x6b);
  }
  and(): this {
    return this.op(0x71);
  }
  or(): this {
    return this.op(0x72);
  }
  shl(): this {
    return this.op(0x74);
  }
  geU(): this {
    return this.op(0x4f);
  }
  call(fn: number): this {
    this.bytes.push(0x10);
    uleb(fn, this.bytes);
    return this;
  }
  /** i32.load with alignment 2^2 and a byte offset. */
  load32(offset = 0): this {
    this.bytes.push(0x28, 2);
    uleb(offset, this.bytes);
    return this;
  }
  simd(op: number): this {
    this.bytes.push(0xfd);
    uleb(op, this.bytes);
    return this;
  }
  /** v128.load / v128.store with alignment 2^4 and a byte offset. */
  vload(offset = 0): this {
    this.simd(SIMD.load).op(4);
    uleb(offset, this.bytes);
    return this;
  }
  vstore(offset = 0): this {
    this.simd(SIMD.store).op(4);
    uleb(offset, this.bytes);
    return this;
  }
  /** v128.const of four equal i32 lanes. */
  vconstI32(x: number): this {
    this.simd(SIMD.const);
    for (let k = 0; k < 4; k++) this.bytes.push(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff);
    return this;
  }
  /** A scalar memory access: `opcode` with alignment 2^`align` and a byte offset. */
  mem(opcode: number, align: number, offset = 0): this {
    this.bytes.push(opcode, align);
    uleb(offset, this.bytes);
    return this;
  }
  f64(x: number): this {
    this.bytes.push(0x44);
    for (const b of new Uint8Array(new Float64Array([x]).buffer)) this.bytes.push(b);
    return this;
  }
  f32(x: number): this {
    this.bytes.push(0x43);
    for (const b of new Uint8Array(new Float32Array([x]).buffer)) this.bytes.push(b);
    return this;
  }
  /** v128.const of 16 explicit bytes (little-endian lanes). */
  vconstBytes(bytes: ArrayLike<number>): this {
    this.simd(SIMD.const);
    for (let k = 0; k < 16; k++) this.bytes.push(bytes[k]! & 0xff);
    return this;
  }
  /** block … end around a loop … end: `body(breakDepthToExit = 1, continueDepth = 0)`. */
  loop(body: () => void): this {
    this.op(0x02, 0x40, 0x03, 0x40);
    body();
    return this.op(0x0c, 0, 0x0b, 0x0b); // br 0 (continue), end loop, end block
  }
  /** br_if to the exit of the innermost `loop` (depth 1 from inside it). */
  breakIf(): this {
    return this.op(0x0d, 1);
  }
  /** A do-while loop: `body` runs, then the loop repeats while the i32 it leaves is non-zero. */
  doWhile(body: () => void): this {
    this.op(0x03, 0x40);
    body();
    return this.op(0x0d, 0, 0x0b); // br_if 0 (repeat), end loop
  }
  /** if … end (no result). */
  ifThen(body: () => void): this {
    this.op(0x04, 0x40);
    body();
    return this.op(0x0b);
  }
}

function section(id: number, payload: number[], out: number[]): void {
  out.push(id);
  uleb(payload.length, out);
  for (const b of payload) out.push(b);
}

function vec(items: number[][]): number[] {
  const out: number[] = [];
  uleb(items.length, out);
  for (const it of items) for (const b of it) out.push(b);
  return out;
}

function name(s: string): number[] {
  const out: number[] = [];
  uleb(s.length, out);
  for (const ch of s) out.push(ch.charCodeAt(0));
  return out;
}

/** One function of a module: its signature, extra locals grouped by type, body, and export name if any. */
export interface WasmFunction {
  params: number[];
  results: number[];
  locals: [count: number, type: number][];
  code: Code;
  exportAs?: string;
}

/**
 * A module with one exported memory (`mem`, `pages` × 64 KiB) and the given functions (function i
 * has index i for `call`), each with its own type.
 */
export function buildModule(functions: WasmFunction[], pages: number): Uint8Array<ArrayBuffer> {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(1, vec(functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))])), out);
  section(3, vec(functions.map((_, i) => { const b: number[] = []; uleb(i, b); return b; })), out);
  const mem: number[] = [0x00];
  uleb(pages, mem);
  section(5, vec([mem]), out); // memory, min = pages, no max
  const exports: number[][] = [[...name('mem'), 0x02, 0]];
  functions.forEach((f, i) => {
    if (f.exportAs === undefined) return;
    const b = [...name(f.exportAs), 0x00];
    uleb(i, b);
    exports.push(b);
  });
  section(7, vec(exports), out);
  const bodies = functions.map((f) => {
    const body = vec(f.locals.map(([n, t]) => { const b: number[] = []; uleb(n, b); b.push(t); return b; }));
    for (const b of f.code.bytes) body.push(b);
    body.push(0x0b);
    const withSize: number[] = [];
    uleb(body.length, withSize);
    for (const b of body) withSize.push(b);
    return withSize;
  });
  section(10, vec(bodies), out);
  return new Uint8Array(out);
}

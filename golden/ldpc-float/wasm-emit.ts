// A minimal WebAssembly binary emitter: just what the SIMD min-sum kernel needs (one function with
// i32/f32/v128 locals, structured loops, i32 and v128 memory ops). The bytes are assembled here from
// source at run time; no prebuilt binary is shipped.

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
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  i32x4Eq: 0x37,
  f32x4Lt: 0x43,
  and: 0x4e,
  or: 0x50,
  xor: 0x51,
  bitselect: 0x52,
  f32x4Abs: 0xe0,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
} as const;

/** An instruction stream for one function body. */
export class Code {
  readonly bytes: number[] = [];
  op(...b: number[]): this {
    this.bytes.push(...b);
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
  i32(x: number): this {
    this.bytes.push(0x41);
    sleb(x | 0, this.bytes);
    return this;
  }
  add(): this {
    return this.op(0x6a);
  }
  shl(): this {
    return this.op(0x74);
  }
  geU(): this {
    return this.op(0x4f);
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
  /** v128.const of four i32 lanes (all equal). */
  vconstI32(x: number): this {
    this.simd(SIMD.const);
    for (let k = 0; k < 4; k++) this.bytes.push(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff);
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
  out.push(...payload);
}

function vec(items: number[][]): number[] {
  const out: number[] = [];
  uleb(items.length, out);
  for (const it of items) out.push(...it);
  return out;
}

function name(s: string): number[] {
  const out: number[] = [];
  uleb(s.length, out);
  for (const ch of s) out.push(ch.charCodeAt(0));
  return out;
}

/**
 * A module with one exported memory (`mem`, `pages` × 64 KiB) and one exported function `name`
 * of the given parameter types, no result, extra locals grouped by type, and body `code`.
 */
export function singleFunctionModule(fnName: string, params: number[], locals: [count: number, type: number][], code: Code, pages: number): Uint8Array<ArrayBuffer> {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(1, vec([[0x60, ...vec(params.map((p) => [p])), 0]]), out); // type: (params) -> ()
  section(3, vec([[0]]), out); // function 0 has type 0
  const mem: number[] = [0x00];
  uleb(pages, mem);
  section(5, vec([mem]), out); // memory, min = pages, no max
  section(7, vec([[...name('mem'), 0x02, 0], [...name(fnName), 0x00, 0]]), out);
  const body: number[] = [];
  const ls = vec(locals.map(([n, t]) => {
    const b: number[] = [];
    uleb(n, b);
    b.push(t);
    return b;
  }));
  body.push(...ls, ...code.bytes, 0x0b);
  const withSize: number[] = [];
  uleb(body.length, withSize);
  section(10, vec([[...withSize, ...body]]), out);
  return new Uint8Array(out);
}

// What the float and the integer SIMD min-sum kernels share: the memory layout, the segments
// (runs of consecutive checks of one degree, each handled by one call into a row loop generated for
// that degree), the syndrome functions and the module assembly.
//
// Memory (byte addresses): IDX = per edge (row order) the byte offset of its bit's lanes in APP;
// APP = posteriors, `stride` bytes per bit; C2V = `stride` bytes per edge.
import { Code, I32, SIMD, V128, buildModule, type WasmFunction } from './wasm-emit.js';

export interface KernelModule {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Byte addresses of the index table, the posteriors and the messages. */
  readonly idx: number;
  readonly app: number;
  readonly c2v: number;
}

interface Segment {
  d: number;
  e0: number;
  count: number;
}

function segmentsOf(rows: readonly (readonly number[])[]): Segment[] {
  const segments: Segment[] = [];
  let e = 0;
  for (const row of rows) {
    const d = row.length;
    const last = segments[segments.length - 1];
    // Empty checks carry no messages and are always satisfied.
    if (d > 0 && last && last.d === d && last.e0 + last.d * last.count === e) last.count++;
    else if (d > 0) segments.push({ d, e0: e, count: 1 });
    e += d;
  }
  return segments;
}

/**
 * syn_d(p, cnt) → bit (lanes · g + l) set when lane l of vector g fails one of `cnt` consecutive
 * checks of degree d: the XOR of the posteriors' sign bits per check, ORed over the checks.
 */
function syndromeFunction(d: number, groups: number, lanes: number, bitmaskOp: number, appBase: number): WasmFunction {
  const c = new Code();
  const [p, cnt, q, end] = [0, 1, 2, 3];
  const acc = (g: number) => 4 + 2 * g;
  const x = (g: number) => 5 + 2 * g;
  for (let g = 0; g < groups; g++) c.vconstI32(0).set(acc(g));
  c.doWhile(() => {
    for (let g = 0; g < groups; g++) c.vconstI32(0).set(x(g));
    c.get(p).set(q).get(p).i32(4 * d).add().set(end);
    c.doWhile(() => {
      for (let g = 0; g < groups; g++) c.get(x(g)).get(q).load32(0).vload(appBase + 16 * g).simd(SIMD.xor).set(x(g));
      c.get(q).i32(4).add().tee(q).get(end).op(0x47); // i32.ne
    });
    for (let g = 0; g < groups; g++) c.get(acc(g)).get(x(g)).simd(SIMD.or).set(acc(g));
    c.get(end).set(p);
    c.get(cnt).i32(1).sub().tee(cnt);
  });
  c.i32(0);
  for (let g = 0; g < groups; g++) c.get(acc(g)).simd(bitmaskOp).i32(lanes * g).shl().or();
  return { params: [I32, I32], results: [I32], locals: [[2, I32], [2 * groups, V128]], code: c };
}

/**
 * The module for one code: exports `mem`, `iter()` (one layered iteration: a call per segment to
 * `rowsFunction(d, appBase)`, whose signature is (p, c, cnt)) and `syndrome() → i32`.
 */
export function assembleKernel(
  rows: readonly (readonly number[])[],
  n: number,
  groups: number,
  lanes: number,
  bitmaskOp: number,
  rowsFunction: (d: number, appBase: number) => WasmFunction,
): KernelModule {
  const stride = 16 * groups;
  const edges = rows.reduce((s, r) => s + r.length, 0);
  const idx = 0;
  const app = (4 * edges + 15) & ~15;
  const c2v = app + stride * n;
  const bytes = c2v + stride * edges;
  const segments = segmentsOf(rows);
  const degrees = [...new Set(segments.map((s) => s.d))];
  const fnRows = (d: number) => 2 + 2 * degrees.indexOf(d);
  const iter = new Code();
  const synd = new Code();
  synd.i32(0);
  for (const s of segments) {
    iter.i32(idx + 4 * s.e0).i32(c2v + stride * s.e0).i32(s.count).call(fnRows(s.d));
    synd.i32(idx + 4 * s.e0).i32(s.count).call(fnRows(s.d) + 1).or();
  }
  const functions: WasmFunction[] = [
    { params: [], results: [], locals: [], code: iter, exportAs: 'iter' },
    { params: [], results: [I32], locals: [], code: synd, exportAs: 'syndrome' },
  ];
  for (const d of degrees) functions.push(rowsFunction(d, app), syndromeFunction(d, groups, lanes, bitmaskOp, app));
  return { bytes: buildModule(functions, Math.max(1, Math.ceil(bytes / 65536))), idx, app, c2v };
}

/** The instantiated kernel: its exports and typed views of its memory. */
export interface KernelInstance {
  readonly iter: () => void;
  readonly syndrome: () => number;
  readonly buffer: ArrayBuffer;
}

export function instantiate(k: KernelModule): KernelInstance {
  const e = new WebAssembly.Instance(new WebAssembly.Module(k.bytes)).exports as {
    mem: WebAssembly.Memory;
    iter: () => void;
    syndrome: () => number;
  };
  return { iter: e.iter, syndrome: e.syndrome, buffer: e.mem.buffer };
}

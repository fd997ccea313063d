// What the float and the integer SIMD min-sum kernels share: the memory layout, the segments
// (runs of consecutive checks of one degree, each handled by one call into a row loop generated for
// that degree), the syndrome functions and the module assembly.
//
// Memory (byte addresses): IDX = per edge (row order) the byte offset of its bit's lanes in APP;
// APP = posteriors, `stride` bytes per bit; C2V = `stride` bytes per edge.
import { Code, F64, I32, OP, SIMD, V128, buildModule, type WasmFunction } from './wasm-emit.js';

/**
 * How channel LLRs become lanes: float lanes clamp to ±limit and turn −0 into +0; integer lanes
 * quantize as int-minsum.ts does, min(floor(|x · scale| + 0.5), channelMax) with x's sign.
 */
export type LaneKind =
  | { kind: 'f32' | 'f64'; limit: number }
  | { kind: 'i8' | 'i16'; scale: number; channelMax: number };

export interface KernelModule {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Byte addresses of the index table, the posteriors and the messages. */
  readonly idx: number;
  readonly app: number;
  readonly c2v: number;
  /** Byte addresses of the pass's channel LLRs (float64, frame-major) and hard decisions (bytes, frame-major). */
  readonly src: number;
  readonly hard: number;
}

const LANE_BYTES = { f32: 4, f64: 8, i8: 1, i16: 2 } as const;

/** pack() → 1 if any channel LLR (n ≥ 1) is NaN or ±Infinity: SRC (frame-major) into the interleaved lanes of APP. */
function packFunction(io: LaneKind, n: number, F: number, appBase: number, srcBase: number): WasmFunction {
  const lb = LANE_BYTES[io.kind];
  const [l, i, sp, dp, bad, x] = [0, 1, 2, 3, 4, 5];
  const c = new Code();
  c.i32(srcBase).set(sp).i32(0).set(bad).i32(0).set(l);
  c.doWhile(() => {
    c.get(l).i32(lb).op(0x6c).i32(appBase).add().set(dp).i32(n).set(i); // i32.mul
    c.doWhile(() => {
      c.get(sp).mem(OP.f64Load, 3).set(x);
      c.get(bad).get(x).get(x).op(OP.f64Sub).f64(0).op(OP.f64Ne).or().set(bad);
      c.get(dp);
      if ('limit' in io) {
        c.get(x).f64(-io.limit).op(OP.f64Max).f64(io.limit).op(OP.f64Min);
        if (io.kind === 'f32') c.op(OP.f32DemoteF64).f32(0).op(OP.f32Add).mem(OP.f32Store, 2);
        else c.f64(0).op(OP.f64Add).mem(OP.f64Store, 3);
      } else {
        c.get(x).f64(io.scale).op(OP.f64Mul).set(x); // x is now y = x · scale
        c.get(x).op(OP.f64Abs).f64(0.5).op(OP.f64Add).op(OP.f64Floor).f64(io.channelMax).op(OP.f64Min).get(x).op(OP.f64Copysign);
        c.op(0xfc, 0x02); // i32.trunc_sat_f64_s
        c.mem(io.kind === 'i8' ? OP.i32Store8 : OP.i32Store16, io.kind === 'i8' ? 0 : 1);
      }
      c.get(sp).i32(8).add().set(sp).get(dp).i32(lb * F).add().set(dp);
      c.get(i).i32(1).sub().tee(i);
    });
    c.get(l).i32(1).add().tee(l).i32(F).op(OP.i32Ne);
  });
  c.get(bad);
  return { params: [], results: [I32], locals: [[5, I32], [1, F64]], code: c };
}

/** unpack(): HARD[l · n + i] = 1 where lane l of bit i is negative, for every lane. */
function unpackFunction(io: LaneKind, n: number, F: number, appBase: number, hardBase: number): WasmFunction {
  const lb = LANE_BYTES[io.kind];
  const [l, i, sp, hp] = [0, 1, 2, 3];
  const c = new Code();
  c.i32(hardBase).set(hp).i32(0).set(l);
  c.doWhile(() => {
    c.get(l).i32(lb).op(0x6c).i32(appBase).add().set(sp).i32(n).set(i);
    c.doWhile(() => {
      c.get(hp).get(sp);
      if (io.kind === 'f32') c.mem(OP.f32Load, 2).f32(0).op(OP.f32Lt);
      else if (io.kind === 'f64') c.mem(OP.f64Load, 3).f64(0).op(OP.f64Lt);
      else c.mem(io.kind === 'i8' ? OP.i32Load8S : OP.i32Load16S, io.kind === 'i8' ? 0 : 1).i32(0).op(OP.i32LtS);
      c.mem(OP.i32Store8, 0);
      c.get(hp).i32(1).add().set(hp).get(sp).i32(lb * F).add().set(sp);
      c.get(i).i32(1).sub().tee(i);
    });
    c.get(l).i32(1).add().tee(l).i32(F).op(OP.i32Ne);
  });
  return { params: [], results: [], locals: [[4, I32]], code: c };
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
  io: LaneKind,
): KernelModule {
  const stride = 16 * groups;
  const edges = rows.reduce((s, r) => s + r.length, 0);
  const idx = 0;
  const app = (4 * edges + 15) & ~15;
  const c2v = app + stride * n;
  const src = (c2v + stride * edges + 7) & ~7;
  const frames = groups * lanes;
  const hard = src + 8 * frames * n;
  const bytes = hard + frames * n;
  const segments = segmentsOf(rows);
  const degrees = [...new Set(segments.map((s) => s.d))];
  const fnRows = (d: number) => 4 + 2 * degrees.indexOf(d);
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
    { ...packFunction(io, n, frames, app, src), exportAs: 'pack' },
    { ...unpackFunction(io, n, frames, app, hard), exportAs: 'unpack' },
  ];
  for (const d of degrees) functions.push(rowsFunction(d, app), syndromeFunction(d, groups, lanes, bitmaskOp, app));
  return { bytes: buildModule(functions, Math.max(1, Math.ceil(bytes / 65536))), idx, app, c2v, src, hard };
}

/** The instantiated kernel: its exports and typed views of its memory. */
export interface KernelInstance {
  readonly iter: () => void;
  readonly syndrome: () => number;
  /** Channel LLRs of the pass (in `src`) into the lanes; 1 if one is not finite (nothing is decoded then). */
  readonly pack: () => number;
  /** Every lane's hard decisions into `hard`. */
  readonly unpack: () => void;
  readonly buffer: ArrayBuffer;
}

export function instantiate(k: KernelModule): KernelInstance {
  const e = new WebAssembly.Instance(new WebAssembly.Module(k.bytes)).exports as {
    mem: WebAssembly.Memory;
    iter: () => void;
    syndrome: () => number;
    pack: () => number;
    unpack: () => void;
  };
  return { iter: e.iter, syndrome: e.syndrome, pack: e.pack, unpack: e.unpack, buffer: e.mem.buffer };
}

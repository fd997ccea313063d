// The WebAssembly SIMD kernel: one layered min-sum iteration over every check, four frames at once
// (one f32 lane per frame, inter-frame SIMD as in aff3ct). Same algorithm as minSumIteration in
// kernels.ts, in float32: two-minimum tracking with the argmin edge per lane, signs as the XOR of
// sign bits, NMS/OMS applied to the two minima, magnitudes capped at LLR_LIMIT.
//
// Memory layout (byte addresses, all passed as parameters): R = rowOff (i32 × m+1), EV = 16 × edge
// variable (i32 × E: the byte offset of the bit's lanes in A), C = c2v (4 × f32 per edge), A = app
// (4 × f32 per bit), T = scratch (4 × f32 per edge of the largest check).
import { LLR_LIMIT } from './kernels.js';
import { Code, F32, I32, SIMD, V128, singleFunctionModule } from './wasm-emit.js';

// Parameters, then locals, by index; the v128 locals come in one set per vector group.
const [M, R, EV, C, A, T, VARIANT, FACTOR, OFFSET] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const [ROW, E, E0, E1, VA, TP, CA] = [9, 10, 11, 12, 13, 14, 15];
const I32_LOCALS = 7;
const V128_PER_GROUP = 9;
const vec = (g: number) => {
  const b = 16 + V128_PER_GROUP * g;
  return { TV: b, AV: b + 1, MIN1: b + 2, MIN2: b + 3, AT: b + 4, NEG: b + 5, MASK: b + 6, CV: b + 7, MAG: b + 8 };
};

const SIGN = 0x80000000 | 0;
const INF_BITS = 0x7f800000;
const limitBits = (): number => {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, LLR_LIMIT, true);
  return b.getInt32(0, true);
};

/** Address of element `idx` (a local) of an array at base `base` (a local) with 2^shift bytes each. */
function addr(c: Code, base: number, idx: number, shift: number): Code {
  return c.get(base).get(idx).i32(shift).shl().add();
}

/** `groups` vectors of four f32 lanes per bit and per edge (16 · groups bytes each). */
function body(groups: number, variantNms: number, variantOms: number): Code {
  const c = new Code();
  const stride = 16 * groups;
  const shift = Math.log2(stride);
  const each = (f: (v: ReturnType<typeof vec>, off: number) => void) => {
    for (let g = 0; g < groups; g++) f(vec(g), 16 * g);
  };
  // for e in E0 … E1−1, with VA = the bit's lanes, CA = the edge's c2v lanes, TP = its scratch lanes.
  const edges = (perEdge: () => void) => {
    c.get(E0).set(E).get(T).set(TP);
    c.loop(() => {
      c.get(E).get(E1).geU().breakIf();
      c.get(A);
      addr(c, EV, E, 2).load32(0);
      c.add().set(VA);
      addr(c, C, E, shift).set(CA);
      perEdge();
      c.get(E).i32(1).add().set(E);
      c.get(TP).i32(stride).add().set(TP);
    });
  };
  c.loop(() => {
    c.get(ROW).get(M).geU().breakIf();
    addr(c, R, ROW, 2).load32(0).set(E0);
    addr(c, R, ROW, 2).load32(4).set(E1);
    each((v) => c.vconstI32(INF_BITS).set(v.MIN1).vconstI32(INF_BITS).set(v.MIN2).vconstI32(0).set(v.NEG).vconstI32(-1).set(v.AT));
    // Pass 1: v2c = app − c2v_old into the scratch; signs; two minima and the argmin edge.
    edges(() => {
      each((v, off) => {
        c.get(VA).vload(off).get(CA).vload(off).simd(SIMD.f32x4Sub).set(v.TV);
        c.get(TP).get(v.TV).vstore(off);
        c.get(v.TV).simd(SIMD.f32x4Abs).set(v.AV);
        c.get(v.NEG).get(v.TV).simd(SIMD.xor).set(v.NEG);
        c.get(v.AV).get(v.MIN1).simd(SIMD.f32x4Lt).set(v.MASK);
        // min2 = a < min1 ? min1 : min(min2, a); min1 = min(min1, a); at = a < min1 ? e : at
        c.get(v.MIN1).get(v.MIN2).get(v.AV).simd(SIMD.f32x4Min).get(v.MASK).simd(SIMD.bitselect).set(v.MIN2);
        c.get(v.MIN1).get(v.AV).simd(SIMD.f32x4Min).set(v.MIN1);
        c.get(E).simd(SIMD.i32x4Splat).get(v.AT).get(v.MASK).simd(SIMD.bitselect).set(v.AT);
      });
    });
    each((v) => {
      c.get(v.NEG).vconstI32(SIGN).simd(SIMD.and).set(v.NEG);
      c.get(VARIANT).i32(variantNms).op(0x46); // i32.eq
      c.ifThen(() => {
        for (const l of [v.MIN1, v.MIN2]) c.get(l).get(FACTOR).simd(SIMD.f32x4Splat).simd(SIMD.f32x4Mul).set(l);
      });
      c.get(VARIANT).i32(variantOms).op(0x46);
      c.ifThen(() => {
        for (const l of [v.MIN1, v.MIN2])
          c.get(l).get(OFFSET).simd(SIMD.f32x4Splat).simd(SIMD.f32x4Sub).vconstI32(0).simd(SIMD.f32x4Max).set(l);
      });
      for (const l of [v.MIN1, v.MIN2]) c.get(l).vconstI32(limitBits()).simd(SIMD.f32x4Min).set(l);
    });
    // Pass 2: magnitude min1 (min2 on the argmin edge), sign = XOR of the others' signs.
    edges(() => {
      each((v, off) => {
        c.get(TP).vload(off).set(v.TV);
        c.get(v.MIN2).get(v.MIN1).get(v.AT).get(E).simd(SIMD.i32x4Splat).simd(SIMD.i32x4Eq).simd(SIMD.bitselect).set(v.MAG);
        c.get(v.MAG).get(v.NEG).get(v.TV).simd(SIMD.xor).vconstI32(SIGN).simd(SIMD.and).simd(SIMD.or).set(v.CV);
        c.get(CA).get(v.CV).vstore(off);
        c.get(VA).get(v.TV).get(v.CV).simd(SIMD.f32x4Add).vstore(off);
      });
    });
    c.get(ROW).i32(1).add().set(ROW);
  });
  return c;
}

/**
 * The module bytes for 4 · `groups` frames per pass: export `mem` (`pages` × 64 KiB) and
 * `iter(m, R, EV, C, A, T, variant, factor, offset)`; variant `variantNms` scales the minima by factor, `variantOms` subtracts offset.
 */
export function minSumSimdModule(groups: number, pages: number, variantNms: number, variantOms: number): Uint8Array<ArrayBuffer> {
  return singleFunctionModule(
    'iter',
    [I32, I32, I32, I32, I32, I32, I32, F32, F32],
    [
      [I32_LOCALS, I32],
      [V128_PER_GROUP * groups, V128],
    ],
    body(groups, variantNms, variantOms),
    pages,
  );
}

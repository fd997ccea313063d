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

// Parameters, then locals, by index.
const [M, R, EV, C, A, T, VARIANT, FACTOR, OFFSET] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const [ROW, E, E0, E1, VA, TP] = [9, 10, 11, 12, 13, 14];
const [TV, AV, MIN1, MIN2, AT, NEG, MASK, CV, MAG] = [15, 16, 17, 18, 19, 20, 21, 22, 23];

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

function body(variantNms: number, variantOms: number): Code {
  const c = new Code();
  c.loop(() => {
    c.get(ROW).get(M).geU().breakIf();
    addr(c, R, ROW, 2).load32(0).set(E0);
    addr(c, R, ROW, 2).load32(4).set(E1);
    c.vconstI32(INF_BITS).set(MIN1).vconstI32(INF_BITS).set(MIN2).vconstI32(0).set(NEG).vconstI32(-1).set(AT);
    c.get(E0).set(E).get(T).set(TP);
    // Pass 1: v2c = app − c2v_old into the scratch; signs; two minima and the argmin edge.
    c.loop(() => {
      c.get(E).get(E1).geU().breakIf();
      c.get(A);
      addr(c, EV, E, 2).load32(0);
      c.add().set(VA);
      c.get(VA).vload();
      addr(c, C, E, 4).vload();
      c.simd(SIMD.f32x4Sub).set(TV);
      c.get(TP).get(TV).vstore();
      c.get(TV).simd(SIMD.f32x4Abs).set(AV);
      c.get(NEG).get(TV).simd(SIMD.xor).set(NEG);
      c.get(AV).get(MIN1).simd(SIMD.f32x4Lt).set(MASK);
      // min2 = a < min1 ? min1 : min(min2, a); min1 = min(min1, a); at = a < min1 ? e : at
      c.get(MIN1).get(MIN2).get(AV).simd(SIMD.f32x4Min).get(MASK).simd(SIMD.bitselect).set(MIN2);
      c.get(MIN1).get(AV).simd(SIMD.f32x4Min).set(MIN1);
      c.get(E).simd(SIMD.i32x4Splat).get(AT).get(MASK).simd(SIMD.bitselect).set(AT);
      c.get(E).i32(1).add().set(E);
      c.get(TP).i32(16).add().set(TP);
    });
    c.get(NEG).vconstI32(SIGN).simd(SIMD.and).set(NEG);
    c.get(VARIANT).i32(variantNms).op(0x46); // i32.eq
    c.ifThen(() => {
      for (const l of [MIN1, MIN2]) c.get(l).get(FACTOR).simd(SIMD.f32x4Splat).simd(SIMD.f32x4Mul).set(l);
    });
    c.get(VARIANT).i32(variantOms).op(0x46);
    c.ifThen(() => {
      for (const l of [MIN1, MIN2])
        c.get(l).get(OFFSET).simd(SIMD.f32x4Splat).simd(SIMD.f32x4Sub).vconstI32(0).simd(SIMD.f32x4Max).set(l);
    });
    for (const l of [MIN1, MIN2]) c.get(l).vconstI32(limitBits()).simd(SIMD.f32x4Min).set(l);
    // Pass 2: magnitude min1 (min2 on the argmin edge), sign = XOR of the others' signs.
    c.get(E0).set(E).get(T).set(TP);
    c.loop(() => {
      c.get(E).get(E1).geU().breakIf();
      c.get(TP).vload().set(TV);
      c.get(MIN2).get(MIN1).get(AT).get(E).simd(SIMD.i32x4Splat).simd(SIMD.i32x4Eq).simd(SIMD.bitselect).set(MAG);
      c.get(MAG).get(NEG).get(TV).simd(SIMD.xor).vconstI32(SIGN).simd(SIMD.and).simd(SIMD.or).set(CV);
      addr(c, C, E, 4).get(CV).vstore();
      c.get(A);
      addr(c, EV, E, 2).load32(0);
      c.add().get(TV).get(CV).simd(SIMD.f32x4Add).vstore();
      c.get(E).i32(1).add().set(E);
      c.get(TP).i32(16).add().set(TP);
    });
    c.get(ROW).i32(1).add().set(ROW);
  });
  return c;
}

/**
 * The module bytes: export `mem` (`pages` × 64 KiB) and `iter(m, R, EV, C, A, T, variant, factor,
 * offset)`; variant `variantNms` scales the minima by factor, `variantOms` subtracts offset.
 */
export function minSumSimdModule(pages: number, variantNms: number, variantOms: number): Uint8Array<ArrayBuffer> {
  return singleFunctionModule(
    'iter',
    [I32, I32, I32, I32, I32, I32, I32, F32, F32],
    [
      [6, I32],
      [9, V128],
    ],
    body(variantNms, variantOms),
    pages,
  );
}

// Min-sum in float32 arithmetic for the float decoder's precision 'float32': the scalar reference the
// WebAssembly SIMD decoder equals bit for bit. The same loop as minSumIteration (kernels.ts) with
// every result rounded to float32 (Math.fround after each sum, difference and product; values live
// in the Float64Arrays exactly as float32 values).
import { LLR_LIMIT, MS_NORMALISED, MS_OFFSET, type Workspace } from './kernels.js';

const f = Math.fround;
/** The float32 message cap: LLR_LIMIT rounded to float32, as the SIMD kernel holds it. */
export const LLR_LIMIT_F32 = f(LLR_LIMIT);

/** One min-sum iteration over every check in float32; `factor` and `offset` already rounded. */
export function minSumIterationF32(
  w: Workspace,
  src: Float64Array,
  dst: Float64Array,
  layered: boolean,
  variant: number,
  factor: number,
  offset: number,
): void {
  const { m, rowOff, edgeVar, c2v, v2c } = w;
  for (let r = 0; r < m; r++) {
    const e0 = rowOff[r]!;
    const e1 = rowOff[r + 1]!;
    let min1 = Infinity;
    let min2 = Infinity;
    let at = -1;
    let neg = 0;
    for (let e = e0; e < e1; e++) {
      const t = f(src[edgeVar[e]!]! - c2v[e]!);
      v2c[e - e0] = t;
      const a = t < 0 ? -t : t;
      if (t < 0) neg ^= 1;
      if (a < min1) {
        min2 = min1;
        min1 = a;
        at = e;
      } else if (a < min2) min2 = a;
    }
    if (variant === MS_NORMALISED) {
      min1 = f(min1 * factor);
      min2 = f(min2 * factor);
    } else if (variant === MS_OFFSET) {
      min1 = min1 > offset ? f(min1 - offset) : 0;
      min2 = min2 > offset ? f(min2 - offset) : 0;
    }
    if (min1 > LLR_LIMIT_F32) min1 = LLR_LIMIT_F32;
    if (min2 > LLR_LIMIT_F32) min2 = LLR_LIMIT_F32;
    for (let e = e0; e < e1; e++) {
      const t = v2c[e - e0]!;
      const mag = e === at ? min2 : min1;
      const c = (t < 0 ? neg ^ 1 : neg) ? -mag : mag;
      c2v[e] = c;
      const v = edgeVar[e]!;
      if (layered) dst[v] = f(t + c);
      else dst[v] = f(dst[v]! + c);
    }
  }
}

// Bit-exact arithmetic of the binary pairwise factor unit (pfu.sp, pfu.ms): a binary variable's
// message is ONE log-likelihood ratio λ = E(1) − E(0) in the machine's energy units (W bits,
// F fraction bits), so a pairwise factor→variable update is
//   out = max*(a, b + λ) − max*(c, d + λ)
// with (a, b, c, d) the factor's four table energies in the direction of the update. The unit
// works on the factor unit's wide values (tables at F + G fraction bits, λ scaled by 2^G, exact
// sums, the zero flag for probability 0) and rounds the difference once. The simulator's pfu and
// golden's fixed-point pairwise reference both call these functions; ISA.md ("Binary pairwise
// factor update") documents every rule.
import { guardScale, sat, wideMaxStar, widenMessage, widenTable, WIDE_ZERO, type FixedFormat } from './fixed.js';

/**
 * The wide difference x1 − x0 (energies of state 1 and state 0 at F + G) as a W-bit LLR: both
 * zero → 0 (contradiction: uniform); x1 zero → MAX; x0 zero → −MAX; otherwise rounded half up
 * to F and clamped to ±(MAX − 1), so a finite ratio never becomes a certainty.
 */
export function narrowLlr(f: FixedFormat, x1: number, x0: number): number {
  if (x1 === WIDE_ZERO) return x0 === WIDE_ZERO ? 0 : f.max;
  if (x0 === WIDE_ZERO) return -f.max;
  const g = f.guard;
  // 2^G from fixed.ts's table of powers (a pow per call was the cost here); 2^G / 2 = 2^(G-1) exactly.
  const scale = guardScale(f);
  const r = g === 0 ? x1 - x0 : Math.floor((x1 - x0 + scale / 2) / scale);
  const lim = f.max - 1;
  return r > lim ? lim : r < -lim ? -lim : r;
}

/**
 * One factor→variable LLR message. lambda: the incoming variable→factor LLR of the other
 * variable (W-bit); a, b, c, d: table words at F + G (f.tableMax = probability 0) with
 * a = T(x_src = 0, x_dst = 1), b = T(1, 1), c = T(0, 0), d = T(1, 0).
 * sumProduct: max* (wide correction table); otherwise min (min-sum).
 */
export function pairwiseMessage(f: FixedFormat, lambda: number, a: number, b: number, c: number, d: number, sumProduct: boolean): number {
  // λ (W-bit) is read as the factor unit reads a message: λ ≥ MAX means state 1 of the source has
  // probability 0 (its table branch is a zero); anything else is exact, scaled to F + G.
  const l = widenMessage(f, lambda);
  const wa = widenTable(f, a);
  const wb = widenTable(f, b);
  const wc = widenTable(f, c);
  const wd = widenTable(f, d);
  const b1 = wb === WIDE_ZERO || l === WIDE_ZERO ? WIDE_ZERO : wb + l;
  const d1 = wd === WIDE_ZERO || l === WIDE_ZERO ? WIDE_ZERO : wd + l;
  const x1 = sumProduct ? wideMaxStar(f, wa, b1) : wa < b1 ? wa : b1;
  const x0 = sumProduct ? wideMaxStar(f, wc, d1) : wc < d1 ? wc : d1;
  return narrowLlr(f, x1, x0);
}

/**
 * A binary variable's folded prior (energies e0, e1 at F; MAX = probability 0) as an LLR:
 * both MAX → 0; e1 = MAX → MAX; e0 = MAX → −MAX; otherwise clamp(e1 − e0, ±(MAX − 1)).
 */
export function priorLlr(f: FixedFormat, e0: number, e1: number): number {
  if (e1 >= f.max) return e0 >= f.max ? 0 : f.max;
  if (e0 >= f.max) return -f.max;
  const lim = f.max - 1;
  const r = e1 - e0;
  return r > lim ? lim : r < -lim ? -lim : r;
}

/** The variable phase's saturating sum (vadd) and extrinsic difference (vsub): sat to [MIN, MAX]. */
export function llrAdd(f: FixedFormat, a: number, b: number): number {
  return sat(f, a + b);
}
export function llrSub(f: FixedFormat, a: number, b: number): number {
  return sat(f, a - b);
}

/** A belief LLR → [p(0), p(1)]: λ ≥ MAX is p(1) = 0, λ ≤ −MAX is p(1) = 1. */
export function llrMarginal(f: FixedFormat, lambda: number): [number, number] {
  if (lambda >= f.max) return [1, 0];
  if (lambda <= -f.max) return [0, 1];
  const p1 = 1 / (1 + Math.exp(lambda / f.scale));
  return [1 - p1, p1];
}

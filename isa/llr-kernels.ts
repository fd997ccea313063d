// Bit-exact LLR arithmetic of the check-node / variable-node unit (cnu.*, vnu): one LLR per lane,
// ln p(0)/p(1) · 2^F in W-bit two's complement, saturated symmetrically to ±(2^(W−1) − 1) so
// negation never overflows. Check-node outputs are clamped to a cap the program chooses (in the
// check descriptor) so that posteriors app = ch + Σ c2v never saturate: a saturating app breaks
// that identity and drifts layered decoding off a codeword. The simulator's instructions and golden's fixed-point LDPC reference
// both call these functions; ISA.md ("LLR check and variable updates") documents every rule.
import type { FixedFormat } from './fixed.js';

/** Check-node rules, in the order of their opcodes' documentation. */
export const LLR_RULES = ['spa', 'ms', 'nms', 'oms'] as const;
export type LlrRule = (typeof LLR_RULES)[number];
export const RULE_SPA = 0;
export const RULE_MS = 1;
export const RULE_NMS = 2;
export const RULE_OMS = 3;

/** Largest check (and variable) degree the unit streams: its forward/backward buffers. */
export const LLR_MAX_DEGREE = 256;
/** Largest VL for cnu/vnu: lane masks are bits 0 … 15 of a scalar register. */
export const LLR_MAX_LANES = 16;
/** Bit of cnu's rm meaning "first pass": every c2v_old reads as 0, so the c2v block needs no clearing. */
export const LLR_FIRST_PASS = 1 << 16;

/** Saturate to the symmetric LLR range [−(2^(W−1) − 1), 2^(W−1) − 1]. */
export function llrSat(f: FixedFormat, x: number): number {
  const m = f.max;
  return x > m ? m : x < -m ? -m : x;
}

/** An LLR in nats → raw: round half up (⌊x·2^F + 1/2⌋), then saturate. NaN is refused. */
export function llrFromNats(f: FixedFormat, x: number): number {
  if (Number.isNaN(x)) throw new RangeError('LLR is NaN');
  if (x === Infinity) return f.max;
  if (x === -Infinity) return -f.max;
  return llrSat(f, Math.floor(x * f.scale + 0.5));
}

/** Widest message width W that quantises channel LLRs with the narrow scale α = LLR_CHANNEL_SCALE_NARROW. */
export const LLR_CHANNEL_NARROW_MAX_W = 8;
/**
 * Channel LLR scale α at W ≤ LLR_CHANNEL_NARROW_MAX_W: raw = ⌊α·LLR·2^F + 1/2⌋. At W = 8 (Q5.2, caps
 * of 4.5 nats per c2v and 4.75 nats of channel on WiMAX) α = 7/8 keeps more of the LLR
 * distribution inside the caps and damps sum-product's overconfidence on short cycles: layered SPA
 * on WiMAX (576,288) at 2.0 dB went from a BER 1.15× the float decoder's to 1.02×, at 2.5 dB from
 * 2.1× to about 1 (runtime/README.md, "LDPC decoding"; α = 0.75 and 0.625 were worse at 2.0 dB).
 * Wider formats have range to spare and keep α = 1 (W = 16: 0.99× at 2.0 dB).
 */
export const LLR_CHANNEL_SCALE_NARROW = 7 / 8;

/** The channel LLR scale α the LDPC decoders (chip, RTL case and fixed reference) quantise with, by W. */
export function llrChannelScale(W: number): number {
  return W <= LLR_CHANNEL_NARROW_MAX_W ? LLR_CHANNEL_SCALE_NARROW : 1;
}

/** Normalised min-sum shift s: the factor is 1 − 2^−s = 0.75. */
export const LLR_NMS_SHIFT = 2;

/** Normalised min-sum factor 0.75 as x − (x >> 2) on a magnitude x ≥ 0 (= ⌈0.75·x⌉). */
export function nmsScale(x: number): number {
  return x - (x >> LLR_NMS_SHIFT);
}

/** Offset min-sum offset: 0.5 LLR units = 2^(F−1) raw (1 when F = 0). */
export function omsOffset(f: FixedFormat): number {
  return f.F === 0 ? 1 : 1 << (f.F - 1);
}

/** ln(1 + e^(−d/2^F)) · 2^F from the max* correction table (0 at or past its end). */
function corrOf(f: FixedFormat, d: number): number {
  return d >= f.corrLimit ? 0 : f.corr[d >>> f.shift];
}

/**
 * Box-plus a ⊞ b = 2·atanh(tanh(a/2)·tanh(b/2)) in raw LLRs:
 * sign(a)·sign(b) · clamp(min(|a|, |b|) + corr(|a| + |b|) − corr(||a| − |b||), 0, MAX),
 * with corr the max* correction table. Sign of 0 is +.
 */
export function boxPlus(f: FixedFormat, a: number, b: number): number {
  const na = a < 0;
  const nb = b < 0;
  const ma = na ? -a : a;
  const mb = nb ? -b : b;
  const lo = ma < mb ? ma : mb;
  const diff = ma < mb ? mb - ma : ma - mb;
  let m = lo + corrOf(f, ma + mb) - corrOf(f, diff);
  if (m < 0) m = 0;
  else if (m > f.max) m = f.max;
  return na !== nb ? -m : m;
}

// Forward/backward partial box-plus results (module level: the hot path allocates nothing).
const fw = new Int32Array(LLR_MAX_DEGREE);
const bw = new Int32Array(LLR_MAX_DEGREE);

/**
 * Extrinsic check-node outputs out[j] = ⊞_{i≠j} t[i] for j < d, in O(d):
 * - spa: forward/backward box-plus: out[0] = b[1], out[d−1] = f[d−2], out[j] = f[j−1] ⊞ b[j+1];
 * - ms/nms/oms: two-minimum tracking (min1, its first index, min2) and the sign product;
 *   |out[j]| = min over i≠j of |t[i]|, then nms: nmsScale, oms: max(|·| − omsOffset, 0).
 * then every output is clamped to ±cap. A degree-1 check forces its bit to 0: out[0] = +cap.
 * Inputs must already be in the LLR range.
 */
export function checkNodeUpdate(f: FixedFormat, rule: number, t: Int32Array, out: Int32Array, d: number, cap: number): void {
  extrinsic(f, rule, t, out, d);
  for (let j = 0; j < d; j++) {
    const x = out[j];
    out[j] = x > cap ? cap : x < -cap ? -cap : x;
  }
}

function extrinsic(f: FixedFormat, rule: number, t: Int32Array, out: Int32Array, d: number): void {
  if (d === 1) {
    out[0] = f.max;
    return;
  }
  if (rule === RULE_SPA) {
    fw[0] = t[0];
    for (let j = 1; j < d; j++) fw[j] = boxPlus(f, fw[j - 1], t[j]);
    bw[d - 1] = t[d - 1];
    for (let j = d - 2; j >= 0; j--) bw[j] = boxPlus(f, bw[j + 1], t[j]);
    out[0] = bw[1];
    out[d - 1] = fw[d - 2];
    for (let j = 1; j < d - 1; j++) out[j] = boxPlus(f, fw[j - 1], bw[j + 1]);
    return;
  }
  let min1 = f.max;
  let min2 = f.max;
  let idx = 0;
  let neg = 0;
  for (let j = 0; j < d; j++) {
    const x = t[j];
    const m = x < 0 ? -x : x;
    if (x < 0) neg ^= 1;
    if (m < min1) {
      min2 = min1;
      min1 = m;
      idx = j;
    } else if (m < min2) min2 = m;
  }
  const beta = rule === RULE_OMS ? omsOffset(f) : 0;
  for (let j = 0; j < d; j++) {
    let m = j === idx ? min2 : min1;
    if (rule === RULE_NMS) m = nmsScale(m);
    else if (rule === RULE_OMS) m = m > beta ? m - beta : 0;
    out[j] = (neg ^ (t[j] < 0 ? 1 : 0)) === 1 ? -m : m;
  }
}

// The structured update of a parity (XOR) factor in fixed-point BP, exactly as the compiler lowers
// it (runtime/parity-lowering.ts): instead of streaming the 2^d table through fupd, the factor's
// variable→factor energy vectors become LLRs, the LLR unit's check-node update (isa/llr-kernels.ts
// checkNodeUpdate: the instruction cnu.spa / cnu.ms) computes every extrinsic output at once, and
// each output LLR is stored as an energy pair. runtime/README.md "Parity factors" documents it;
// the simulator must equal this bit for bit.
//
//   v2c:   λ_j = llrSat(n_j[1] − n_j[0])  (E1 − E0 = ln p0/p1 · 2^F; n is normalised, so |λ_j| ≤ MAX
//          and the saturation never fires: it keeps the rule total; the chip's vsub into the
//          factor's LLR mirror computes exactly this, and its cnu reads c2v as 0: first pass);
//   CNU:   out = checkNodeUpdate(rule, λ, d, cap = MAX − 1) — spa for sum-product, ms for min-sum;
//   store: m_j = [0, out_j] for even parity, [out_j, 0] for odd (E1 − E0 = ±out_j: an odd check is
//          an even one with its output negated). The pair is not normalised (one word may be
//          negative): vupd subtracts the minimum of its sum anyway, and the cap keeps every word
//          finite (never MAX, the zero flag), so the variable side sees exactly the normalised
//          message. The smallest probability ratio a parity message expresses is e^−(MAX−1)/2^F;
//   damp:  every word dampBlend(new, old, λ), as fupd;
//   change: max over the factor's 2d words of |new − old| (|Δout_j|), the cnu's whole block.
//
// One F(a, i) update of a structured factor recomputes every outgoing message of a from the current
// inputs (one cnu does); in flooding and sequential order a factor's F updates are consecutive with
// unchanged inputs, so the later ones of a run change nothing and the chip runs one cnu per run.
import { absDiff, checkNodeUpdate, dampBlend, llrSat, RULE_MS, RULE_SPA } from '../isa/index.js';
import type { QuantizedGraph } from './fixed-bp.js';

/** 'structured': parity factors take the LLR check-node update; 'dense': their table through fupd. */
export type ParityPath = 'structured' | 'dense';

/** The path FixedPointBp and the compiler take when none is given. */
export const DEFAULT_PARITY_PATH: ParityPath = 'structured';

/**
 * Per factor: its parity (0/1) when it takes the structured path, else −1. The one decision the
 * compiler and the reference share: every 2+-ary parity factor of the quantised graph, unless the
 * path is 'dense'. Damping and both semirings work on either path.
 */
export function structuredParityFactors(q: QuantizedGraph, path: ParityPath = DEFAULT_PARITY_PATH): Int8Array {
  const out = new Int8Array(q.nFactors).fill(-1);
  if (path === 'dense') return out;
  for (let a = 0; a < q.nFactors; a++) if (q.parity[a]! >= 0 && q.fOff[a + 1]! - q.fOff[a]! >= 2) out[a] = q.parity[a]!;
  return out;
}

/** How many factors take the structured path. */
export function countStructured(structured: Int8Array): number {
  let n = 0;
  for (let a = 0; a < structured.length; a++) if (structured[a]! >= 0) n++;
  return n;
}

/** The check-node rule (isa RULE_*) for a semiring: box-plus for sum-product, min-sum for min-sum. */
export function parityRule(sumProduct: boolean): number {
  return sumProduct ? RULE_SPA : RULE_MS;
}

/**
 * F(a, ·) for the structured parity factor of edge e: every λ_j from the current n, the check-node
 * update, every output of the factor stored into m (damped). Returns the change. `t` and `out` are
 * scratch of at least the factor's arity.
 */
export function parityFactorMessage(
  q: QuantizedGraph,
  n: Int32Array,
  m: Int32Array,
  e: number,
  parity: number,
  rule: number,
  lambda: number,
  t: Int32Array,
  out: Int32Array,
): number {
  const f = q.format;
  const a = q.edgeFactor[e]!;
  const eb = q.fOff[a]!;
  const d = q.fOff[a + 1]! - eb;
  for (let j = 0; j < d; j++) {
    const o = q.nOff[eb + j]!;
    t[j] = llrSat(f, n[o + 1]! - n[o]!);
  }
  checkNodeUpdate(f, rule, t, out, d, parityCap(f.max));
  // The output word of the pair: E1 for even parity, E0 for odd; the other word is 0.
  const w = parity === 0 ? 1 : 0;
  let change = 0;
  for (let j = 0; j < d; j++) {
    const mo = q.mOff[eb + j]!;
    for (let c = 0; c < 2; c++) {
      const old = m[mo + c]!;
      let v = c === w ? out[j]! : 0;
      if (lambda !== 0) v = dampBlend(f, v, old, lambda);
      m[mo + c] = v;
      const dc = absDiff(v, old);
      if (dc > change) change = dc;
    }
  }
  return change;
}

/** The c2v cap of a structured parity factor: MAX − 1, so no stored word is the zero flag. */
export function parityCap(max: number): number {
  return max - 1;
}

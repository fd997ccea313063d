// The structured update of a parity (XOR) factor in fixed-point BP, exactly as the compiler lowers
// it (runtime/parity-lowering.ts): instead of streaming the 2^d table through fupd, the factor's
// variable→factor energy vectors [E0, E1] become LLRs, the LLR unit's check-node update
// (isa/llr-kernels.ts checkNodeUpdate, the instruction cnu.spa / cnu.ms) computes every extrinsic
// output, and each output LLR goes back to a normalised energy vector. ISA.md "Parity factors in
// general models" documents every step; the simulator must equal this bit for bit.
//
//   v2c: λ_j = llrSat(n_j[1] − n_j[0])  (E1 − E0 = ln p0/p1 · 2^F; n is normalised, so |λ| ≤ MAX
//        and the saturation never fires: it is there so that the rule is total);
//   CNU: out = checkNodeUpdate(rule, λ, d, cap = MAX) — rule spa for sum-product, ms for min-sum;
//   odd parity: out_j ← −out_j (an odd check is an even one with one input negated);
//   c2v: [E0, E1] = [max(−out_j, 0), max(out_j, 0)], then damping (dampBlend, as fupd) and the
//        change max_c |new − old| (as fupd).
import { absDiff, checkNodeUpdate, dampBlend, llrSat, RULE_MS, RULE_SPA } from '../isa/index.js';
import type { QuantizedGraph } from './fixed-bp.js';

/** 'structured': parity factors take the LLR check-node update; 'dense': their table through fupd. */
export type ParityPath = 'structured' | 'dense';

/** The path FixedPointBp and the compiler take when none is given. */
export const DEFAULT_PARITY_PATH: ParityPath = 'dense';

/**
 * Largest W at which the structured path can damp: the chip blends with a 32-bit `mul` of
 * (old − new)·λ, which must not overflow (|old − new| ≤ 2^(W−1), λ ≤ 256). Above it, a damped
 * parity factor stays dense.
 */
export const PARITY_DAMPING_MAX_W = 24;

/**
 * Per factor: its parity (0/1) when it takes the structured path, else −1. The one decision the
 * compiler and the reference share: a parity factor of the quantised graph, unless the path is
 * 'dense', or damping is on at W > PARITY_DAMPING_MAX_W.
 */
export function structuredParityFactors(q: QuantizedGraph, o: { lambda: number; path?: ParityPath }): Int8Array {
  const out = new Int8Array(q.nFactors).fill(-1);
  if ((o.path ?? DEFAULT_PARITY_PATH) === 'dense') return out;
  if (o.lambda !== 0 && q.format.W > PARITY_DAMPING_MAX_W) return out;
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
 * F(a, i) on edge e of a structured parity factor: every λ_j from the current n, the check-node
 * update, output position edgePos[e] back to energies into m (damped), and the change. Returns the
 * change, as FixedPointBp.factorUpdateEdge does. `t` and `out` are scratch of ≥ arity entries.
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
  checkNodeUpdate(f, rule, t, out, d, f.max);
  const llr = parity === 0 ? out[q.edgePos[e]!]! : -out[q.edgePos[e]!]!;
  const mo = q.mOff[e]!;
  let v0 = llr < 0 ? -llr : 0;
  let v1 = llr > 0 ? llr : 0;
  const old0 = m[mo]!;
  const old1 = m[mo + 1]!;
  if (lambda !== 0) {
    v0 = dampBlend(f, v0, old0, lambda);
    v1 = dampBlend(f, v1, old1, lambda);
  }
  m[mo] = v0;
  m[mo + 1] = v1;
  const d0 = absDiff(v0, old0);
  const d1 = absDiff(v1, old1);
  return d0 > d1 ? d0 : d1;
}

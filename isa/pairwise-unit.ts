// Descriptor layout, validation, timing and executable semantics of pfu.sp / pfu.ms: n binary
// pairwise factor→variable LLR messages at once, lanes across edges. Lane k gathers its input
// LLR from any scratchpad word (src_k), reads its four table energies from a contiguous block
// and writes its output to a contiguous block, so the compiler lays outputs out as the vectors
// the variable phase adds, and the one permutation a graph needs is the gather.
import { KernelFault, checkRange } from './kernel-fault.js';
import { absDiff, DAMP_LAMBDA_MAX, dampBlend, sat, type FixedFormat } from './fixed.js';
import { ruleBeats } from './timing.js';
import { pairwiseMessage } from './pairwise-kernels.js';

/** Pairwise descriptor: n, the source-address list, the table block (4 words per lane: a, b, c, d), the output block, damping λ. */
export const PD = { count: 0, src: 1, table: 2, out: 3, lambda: 4, words: 5, perLane: 4 } as const;
/** Largest n of one pfu (the unit's lane counter). */
export const PAIRWISE_MAX_LANES = 4096;

/** Validate the pfu descriptor at desc and everything it points at; returns n. */
export function checkPairwiseDescriptor(mem: Int32Array, desc: number): number {
  checkRange(mem, desc, PD.words, 'pairwise descriptor');
  const n = mem[desc + PD.count];
  if (n < 1 || n > PAIRWISE_MAX_LANES) throw new KernelFault(`descriptor field n = ${n} at word ${desc} outside 1 … ${PAIRWISE_MAX_LANES}`, desc);
  const lambda = mem[desc + PD.lambda];
  if (lambda < 0 || lambda > DAMP_LAMBDA_MAX) throw new KernelFault(`descriptor field λ = ${lambda} at word ${desc + PD.lambda} outside 0 … ${DAMP_LAMBDA_MAX}`, desc + PD.lambda);
  const src = mem[desc + PD.src];
  checkRange(mem, src, n, 'source-address list');
  checkRange(mem, mem[desc + PD.table], PD.perLane * n, 'pairwise table block');
  checkRange(mem, mem[desc + PD.out], n, 'output block');
  for (let k = 0; k < n; k++) checkRange(mem, mem[src + k], 1, `source of lane ${k}`);
  return n;
}

const bankCount = new Int32Array(64);
// The gathered λ of the pfu in flight (module level: the hot path allocates nothing).
const gathered = new Int32Array(PAIRWISE_MAX_LANES);

/**
 * pfu beats: ruleBeats('pfu') = 1 + 3·⌈n/L⌉, plus, per group of L lanes, (the most gather reads
 * one bank serves) − 1, with bank = address mod L: the scratchpad serves one word per bank per beat.
 */
export function pfuBeats(mem: Int32Array, desc: number, n: number, lanes: number): number {
  let beats = ruleBeats('pfu', lanes, n);
  const src = mem[desc + PD.src];
  for (let g = 0; g < n; g += lanes) {
    const end = Math.min(n, g + lanes);
    bankCount.fill(0, 0, lanes);
    let worst = 0;
    for (let k = g; k < end; k++) {
      const b = mem[src + k] & (lanes - 1);
      const c = ++bankCount[b];
      if (c > worst) worst = c;
    }
    beats += worst - 1;
  }
  return beats;
}

/**
 * pfu on a validated descriptor: for k < n, in lane order,
 *   λ_k = sat(M[src_k]); new = pairwiseMessage(λ_k, a_k, b_k, c_k, d_k); old = OUT[k];
 *   if λ ≠ 0: new = damp(new, old, λ); change = max(change, |new − old|); OUT[k] = new.
 * All λ_k are read before any output is written (a source inside the output block reads its old value).
 * Returns max(acc, change).
 */
export function pfuExecute(f: FixedFormat, mem: Int32Array, desc: number, n: number, sumProduct: boolean, acc: number): number {
  const src = mem[desc + PD.src];
  const tab = mem[desc + PD.table];
  const out = mem[desc + PD.out];
  const damp = mem[desc + PD.lambda];
  for (let k = 0; k < n; k++) gathered[k] = sat(f, mem[mem[src + k]]);
  let change = acc;
  for (let k = 0; k < n; k++) {
    const t = tab + PD.perLane * k;
    let next = pairwiseMessage(f, gathered[k], mem[t], mem[t + 1], mem[t + 2], mem[t + 3], sumProduct);
    const old = mem[out + k];
    if (damp !== 0) next = dampBlend(f, next, old, damp);
    const d = absDiff(next, old);
    if (d > change) change = d;
    mem[out + k] = next;
  }
  return change;
}

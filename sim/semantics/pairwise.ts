// The binary pairwise factor unit (pfu.sp, pfu.ms): the kernel of isa/pairwise-unit.ts through the
// pairwiseUpdate service, which also sets its descriptor-dependent beats (sim/pairwise-unit.ts).
import type { ArchState, Semantic } from './state.js';

/** pfu rd, off(ra): rd ← max(rd, max |new − old|). */
const pfu = (sumProduct: boolean): Semantic => (x: ArchState) => {
  x.sValue = x.pairwiseUpdate((x.R[x.b] + x.imm) | 0, sumProduct, x.R[x.a]);
};

export const pfu_sp = pfu(true);
export const pfu_ms = pfu(false);

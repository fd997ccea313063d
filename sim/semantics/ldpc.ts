// The LLR unit (cnu.<rule>, vnu): the kernels of isa/llr-unit.ts through the llrUpdate service,
// which also sets their descriptor-dependent beats and write-pass latency (sim/llr-unit.ts).
import { RULE_SPA, RULE_MS, RULE_NMS, RULE_OMS } from '../../isa/index.js';
import type { ArchState, Semantic } from './state.js';

/** cnu rd, ra, rm: rd ← rd | lanes not yet a stable codeword. */
const cnu = (rule: number): Semantic => (x: ArchState) => {
  x.sValue = x.llrUpdate(rule, x.R[x.b], x.R[x.c], x.R[x.a]);
};

export const cnu_spa = cnu(RULE_SPA);
export const cnu_ms = cnu(RULE_MS);
export const cnu_nms = cnu(RULE_NMS);
export const cnu_oms = cnu(RULE_OMS);
export const vnu: Semantic = (x) => {
  x.llrUpdate(-1, x.R[x.b], x.R[x.c], 0);
};

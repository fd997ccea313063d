// CSRs, the vector length, nop and halt.
import type { ArchState, Semantic } from './state.js';

const setVectorLength = (x: ArchState, want: number): void => {
  x.vl = want < 1 ? 1 : want > x.vlmax ? x.vlmax : want;
  x.sValue = x.vl;
};

export const csrr: Semantic = (x) => { x.sValue = x.csr(x.imm); };
export const setvl: Semantic = (x) => setVectorLength(x, x.R[x.b]);
export const setvli: Semantic = (x) => setVectorLength(x, x.imm);
export const nop: Semantic = () => {};
export const halt: Semantic = (x) => x.halt();

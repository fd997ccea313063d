// Control flow: branches and jumps (offsets in words from the instruction), zero-overhead loops.
import type { ArchState, Semantic } from './state.js';

const branchIf = (x: ArchState, cond: boolean): void => {
  if (cond) {
    x.taken = true;
    x.nextPc = x.pc + x.imm;
  }
};

export const beq: Semantic = (x) => branchIf(x, x.R[x.a] === x.R[x.b]);
export const bne: Semantic = (x) => branchIf(x, x.R[x.a] !== x.R[x.b]);
export const blt: Semantic = (x) => branchIf(x, x.R[x.a] < x.R[x.b]);
export const bge: Semantic = (x) => branchIf(x, x.R[x.a] >= x.R[x.b]);
export const jal: Semantic = (x) => { x.sValue = x.pc + 1; x.taken = true; x.nextPc = x.pc + x.imm; };
export const jalr: Semantic = (x) => { x.sValue = x.pc + 1; x.taken = true; x.nextPc = (x.R[x.b] + x.imm) | 0; };

/** Count 0 skips to end (arriving like a fall-through); otherwise push the body. */
const startLoop = (x: ArchState, count: number, end: number): void => {
  if (count === 0) x.nextPc = end;
  else x.pushLoop(x.pc + 1, end, count);
};
export const loop: Semantic = (x) => startLoop(x, x.R[x.a] >>> 0, x.pc + x.imm);
export const loopi: Semantic = (x) => startLoop(x, x.imm, x.pc + x.imm2);

// The frame every schedule's iteration body sits in, on every PE:
//   prologue: load tolerance and cap, clear the counters, leave at once if maxIter = 0
//   loop:     clear the change accumulator; <one iteration of the schedule>
//   epilogue: barmax the change over all PEs, count the iteration, leave when converged or capped
//   done:     belief vupds, PE 0 stores the status words (iterations, last change), halt.
import { REG } from '../registers.js';
import type { Codegen } from './context.js';

export const LOOP_LABEL = 'loop';
export const DONE_LABEL = 'done';

export function emitLoopHead(g: Codegen): void {
  const { options } = g.input;
  g.out.code.forEach((c, p) => {
    c.li(REG.tol, options.tolRaw);
    c.li(REG.maxIter, options.maxIter);
    c.emit('addi', REG.iter, REG.zero, 0);
    c.emit('addi', REG.reduced, REG.zero, 0);
    c.emitTo(DONE_LABEL, 'beq', 2, REG.maxIter, REG.zero);
    c.label(LOOP_LABEL);
    g.out.forgetBase(p);
    c.emit('addi', REG.change, REG.zero, 0);
  });
}

export function emitLoopTail(g: Codegen): void {
  g.out.code.forEach((c, p) => {
    c.emit('barmax', REG.reduced, REG.change);
    c.emit('addi', REG.iter, REG.iter, 1);
    c.emitTo(DONE_LABEL, 'bge', 2, REG.tol, REG.reduced);
    c.emitTo(DONE_LABEL, 'bge', 2, REG.iter, REG.maxIter);
    c.emitTo(LOOP_LABEL, 'jal', 1, REG.zero);
    c.label(DONE_LABEL);
    g.out.forgetBase(p);
  });
}

/** After the loop: every variable's belief (in variable order), the status words, halt. */
export function emitEpilogue(g: Codegen): void {
  const { q, placement, descriptors } = g.input;
  const { out } = g;
  for (let i = 0; i < q.nVars; i++) {
    const p = placement.varPe[i];
    out.code[p].emit('vupd', REG.zero, out.at(p, descriptors.bDesc[i]));
  }
  out.code[0].emit('st', REG.iter, { base: REG.zero, offset: STATUS.iterations });
  out.code[0].emit('st', REG.reduced, { base: REG.zero, offset: STATUS.change });
  for (const c of out.code) c.emit('halt');
}

/** PE 0's status words: iterations run, the last iteration's (reduced) change. */
export const STATUS = { iterations: 0, change: 1 } as const;

// The frame every schedule's iteration body sits in, on every PE:
//   prologue: load tolerance and cap, clear the counters, leave at once if maxIter = 0,
//             `loop r5, done` (the hardware loop counts the cap: its back edge is free)
//   loop:     clear the change accumulator; <one iteration of the schedule>
//   epilogue: count the iteration, barmax the change over all PEs, leave when converged; the
//             loop's end (= done) returns to the body start until the cap is reached
//   done:     belief vupds, PE 0 stores the status words (iterations, last change), halt.
// A body longer than the `loop` instruction's end offset reaches keeps the branch form (bge on
// the cap, jal back: 4 cycles more per iteration); the head's slot then holds a nop.
import { encode, instructionByMnemonic } from '../../isa/index.js';
import type { CodeEmitter } from '../emitter.js';
import { REG } from '../registers.js';
import type { Codegen } from './context.js';

export const LOOP_LABEL = 'loop';
export const DONE_LABEL = 'done';

const LOOP_DEF = instructionByMnemonic('loop')!;
const NOP_DEF = instructionByMnemonic('nop')!;
/** The farthest loop end `loop` encodes (from the ISA table). */
const LOOP_END_MAX = (() => {
  const op = LOOP_DEF.operands.find((o) => o.name === 'end');
  if (!op || op.kind !== 'target') throw new Error('runtime: the ISA table has no loop with an end operand');
  return op.max;
})();

/** Reserve the hardware loop's slot (a nop until `closeHardwareLoop`); returns its address. */
export function openHardwareLoop(c: CodeEmitter): number {
  const at = c.pc;
  c.words.push(encode(NOP_DEF, []));
  return at;
}

/**
 * End the iteration at the current address: with `loop r5` at `head` when the body is short
 * enough (returns true: the current address must become the done label, nothing in between), else
 * the branch form: bge on the cap and jal back to `loopLabel` (returns false).
 */
export function closeHardwareLoop(c: CodeEmitter, head: number, loopLabel: string, doneLabel: string): boolean {
  const end = c.pc - head;
  if (end >= 2 && end <= LOOP_END_MAX) {
    c.words[head] = encode(LOOP_DEF, [REG.maxIter, end]);
    return true;
  }
  c.emitTo(doneLabel, 'bge', 2, REG.iter, REG.maxIter);
  c.emitTo(loopLabel, 'jal', 1, REG.zero);
  return false;
}

/** Per PE: the address of the loop head's slot. */
const heads = new WeakMap<Codegen, number[]>();

export function emitLoopHead(g: Codegen): void {
  const { options } = g.input;
  const at: number[] = [];
  g.out.code.forEach((c, p) => {
    c.li(REG.tol, options.tolRaw);
    c.li(REG.maxIter, options.maxIter);
    g.exchange.loadHeld(p);
    c.emit('addi', REG.iter, REG.zero, 0);
    c.emit('addi', REG.reduced, REG.zero, 0);
    c.emitTo(DONE_LABEL, 'beq', 2, REG.maxIter, REG.zero);
    at.push(openHardwareLoop(c));
    c.label(LOOP_LABEL);
    g.forgetRegisters(p);
    c.emit('addi', REG.change, REG.zero, 0);
  });
  heads.set(g, at);
}

export function emitLoopTail(g: Codegen): void {
  const at = heads.get(g)!;
  g.out.code.forEach((c, p) => {
    // The count issues while barmax waits for the iteration's last writes (a barrier is a fence).
    c.emit('addi', REG.iter, REG.iter, 1);
    c.emit('barmax', REG.reduced, REG.change);
    c.emitTo(DONE_LABEL, 'bge', 2, REG.tol, REG.reduced);
    closeHardwareLoop(c, at[p], LOOP_LABEL, DONE_LABEL);
    c.label(DONE_LABEL);
    g.forgetRegisters(p);
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

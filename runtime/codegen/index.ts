// Compiler phase 4: code per schedule. `generateCode` is the one entry point: the loop frame
// (loop.ts) around one iteration of the schedule's body, lowered update by update (updates.ts)
// with the cross-PE exchange it needs (exchange.ts). A new schedule is one body in ITERATION_BODIES.
import { codeWords } from '../../isa/index.js';
import type { ChipSchedule } from '../../golden/index.js';
import type { CodeEmitter } from '../emitter.js';
import { CompileError } from '../errors.js';
import { Codegen, type CodegenInput } from './context.js';
import { emitFloodingIteration } from './flooding.js';
import { emitSequentialIteration } from './sequential.js';
import { emitGatedIteration } from './gated.js';
import { emitEpilogue, emitLoopHead, emitLoopTail } from './loop.js';

export type { CodegenInput } from './context.js';
export { STATUS } from './loop.js';

export interface GeneratedCode {
  /** Per PE: the finished instruction words. */
  code: Uint32Array[];
  /** Per PE: the emitters (labels, for printing the code as assembly). */
  emitters: CodeEmitter[];
  /** Send/recv pairs per iteration. */
  transfersPerIteration: number;
  /** Per PE: cycles its sends of one iteration spend injecting flits. */
  injectCycles: Float64Array;
}

const ITERATION_BODIES: Record<ChipSchedule, (g: Codegen) => void> = {
  flooding: emitFloodingIteration,
  sequential: emitSequentialIteration,
  'gated-flooding': emitGatedIteration,
};

export function generateCode(input: CodegenInput): GeneratedCode {
  if (input.options.stopOnParity && (input.q.maxCard !== 2 || input.options.schedule !== 'flooding')) {
    throw new CompileError('stopOnParity needs binary variables and the flooding schedule');
  }
  const g = new Codegen(input);
  emitLoopHead(g);
  ITERATION_BODIES[input.options.schedule](g);
  emitLoopTail(g);
  const total = input.updates.length;
  input.options.onProgress?.(total, total);
  emitEpilogue(g);
  const imem = codeWords(input.cfg);
  for (const c of g.out.code) {
    if (c.pc > imem) throw new CompileError(`the program for PE ${c.pe} has ${c.pc} instructions but instruction memory holds ${imem} (config codeBytes ${input.cfg.codeBytes}): use more PEs or a larger codeBytes`);
  }
  return {
    code: g.out.code.map((c) => c.finish()),
    emitters: g.out.code,
    transfersPerIteration: g.exchange.transfers,
    injectCycles: g.exchange.inject,
  };
}

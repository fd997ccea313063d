// Streaming BP updates through the factor unit: the kernels of isa/bp-kernels.ts on the scratchpad.
import { FD, VD, allFactorOutputs, allFactorOutputsSpan, allOutputs, allOutputsSpan, factorUpdateUnchecked, variableUpdateUnchecked } from '../../isa/index.js';
import type { ArchState, Semantic } from './state.js';

/** rd ← max(rd, change); the output message is a memory write. */
const finish = (x: ArchState, change: number, out: number, len: number): void => {
  x.sValue = change > x.R[x.a] ? change : x.R[x.a];
  x.countMessage();
  x.wrote(out, len);
};

/** Reused by every all-outputs update (the step loop allocates nothing). */
const SPAN = { lo: 0, hi: 0, outputs: 0 };

/** An all-outputs update: one message per output, and the write is the span of the outputs. */
const finishAll = (x: ArchState, change: number): void => {
  x.sValue = change > x.R[x.a] ? change : x.R[x.a];
  for (let k = 0; k < SPAN.outputs; k++) x.countMessage();
  if (SPAN.outputs > 0) x.wrote(SPAN.lo, SPAN.hi - SPAN.lo);
};

const factorUpdate = (x: ArchState, sumProduct: boolean): void => {
  const desc = (x.R[x.b] + x.imm) | 0;
  const len = x.descriptor(desc, false);
  const spm = x.scratchpad;
  if (!allFactorOutputs(spm, desc)) {
    finish(x, factorUpdateUnchecked(x.fmt, spm, desc, sumProduct, len), spm[desc + FD.out], len);
    return;
  }
  const change = factorUpdateUnchecked(x.fmt, spm, desc, sumProduct, len);
  allFactorOutputsSpan(spm, desc, SPAN);
  finishAll(x, change);
};

export const fupd_sp: Semantic = (x) => factorUpdate(x, true);
export const fupd_ms: Semantic = (x) => factorUpdate(x, false);

export const vupd: Semantic = (x) => {
  const desc = (x.R[x.b] + x.imm) | 0;
  const len = x.descriptor(desc, true);
  const spm = x.scratchpad;
  if (!allOutputs(spm, desc)) {
    finish(x, variableUpdateUnchecked(x.fmt, spm, desc, len), spm[desc + VD.out], len);
    return;
  }
  const change = variableUpdateUnchecked(x.fmt, spm, desc, len);
  allOutputsSpan(spm, desc, len, SPAN);
  finishAll(x, change);
};

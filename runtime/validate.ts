// Compiler phase 1: refuse what the chip cannot run, before anything per PE is built. A new
// factor kind adds its own limits here.
import { FD, MAX_CARD, VD, type MachineConfig } from '../isa/index.js';
import { MAX_READ_TABLE_SIZE, type ParityPath, type QuantizedGraph } from '../golden/index.js';
import { CompileError } from './errors.js';
import { checkFit, estimateQuantizedFit } from './fit.js';

export function validateForChip(q: QuantizedGraph, cfg: MachineConfig, parityPath?: ParityPath, allOutputs = true): void {
  if (q.maxArity > FD.maxArity) throw new CompileError(`a factor has arity ${q.maxArity}; fupd supports at most ${FD.maxArity}`);
  if (q.maxCard > MAX_CARD) throw new CompileError(`a variable has cardinality ${q.maxCard}; fupd/vupd support at most ${MAX_CARD}`);
  for (let a = 0; a < q.nFactors; a++) {
    const entries = q.tabOff[a + 1] - q.tabOff[a];
    // The one dense-table limit (golden's readers and parity factors use it too).
    if (entries > MAX_READ_TABLE_SIZE) throw new CompileError(`factor ${a} has a dense table of ${entries} entries; the limit is ${MAX_READ_TABLE_SIZE}`);
  }
  for (let i = 0; i < q.nVars; i++) {
    const inputs = q.vOff[i + 1] - q.vOff[i] + (q.priorOff[i] >= 0 ? 1 : 0);
    if (inputs > VD.maxInputs) {
      throw new CompileError(`variable ${i} is in ${inputs - (q.priorOff[i] >= 0 ? 1 : 0)} factors; vupd combines at most ${VD.maxInputs} messages (prior included)`);
    }
  }
  checkFit(estimateQuantizedFit(q, cfg, parityPath, allOutputs), cfg);
}

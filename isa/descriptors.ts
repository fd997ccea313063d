// Writers and readers of the in-memory descriptors, beside the layouts they follow: fupd/vupd
// (FD, VD, here) and cnu/vnu (CND, VND in llr-unit.ts), ISA.md "Factor update", "Variable
// update", "LLR check and variable updates". The runtime writes descriptors only through these
// functions and the kernels (bp-kernels.ts) and the simulator read them through the same offsets,
// so a layout change is made in one place.
import { CND, VND } from './llr-unit.js';

/**
 * Factor descriptor: header words, then one (card, stride, address) triple per scope variable.
 * outPos = arity selects every output (fupd's all-outputs form): every triple's address is then an
 * input, and `arity` output addresses follow the triples (−1: none); the out field is not used.
 */
export const FD = {
  entries: 0,
  arity: 1,
  outPos: 2,
  table: 3,
  out: 4,
  lambda: 5,
  header: 6,
  perVar: 3,
  card: 0,
  stride: 1,
  addr: 2,
  maxArity: 32,
} as const;

/** Variable descriptor: header words, then one input message address per input. */
export const VD = {
  card: 0,
  inputs: 1,
  exclude: 2,
  out: 3,
  lambda: 4,
  header: 5,
  maxInputs: 256,
  /**
   * Bit of the inputs word: input 0 is the variable's prior, a prior word (wider than a message,
   * zero flag priorMax; isa/fixed.ts). Valid only with an unsigned message code; the count is the
   * low 16 bits.
   */
  priorFlag: 1 << 16,
  /**
   * Bit of the inputs word: every leave-one-out output in one instruction. After the n input
   * addresses come n output addresses; output j (−1: none) gets Σ_{k ≠ j} input k, all inputs
   * read before any output is written. The exclude and out fields are not used.
   */
  allFlag: 1 << 17,
} as const;

/** The input count of a vupd descriptor (its inputs word without the prior and all-outputs flags). */
export function variableInputs(mem: Int32Array, desc: number): number {
  return mem[desc + VD.inputs] & (VD.priorFlag - 1);
}

/** Whether the vupd descriptor at `desc` computes every leave-one-out output (VD.allFlag). */
export function allOutputs(mem: Int32Array, desc: number): boolean {
  return (mem[desc + VD.inputs] & VD.allFlag) !== 0;
}

export function factorDescriptorWords(arity: number, all = false): number {
  return FD.header + FD.perVar * arity + (all ? arity : 0);
}

/** Whether the fupd descriptor at `desc` computes every output (outPos = arity). */
export function allFactorOutputs(mem: Int32Array, desc: number): boolean {
  return mem[desc + FD.outPos] === mem[desc + FD.arity];
}

/** Write the output addresses of an all-outputs factor descriptor (outPos = arity) at `at`, after its triples. */
export function writeFactorOutputs(w: Int32Array, at: number, outputs: readonly number[]): void {
  const base = at + FD.header + FD.perVar * outputs.length;
  for (let j = 0; j < outputs.length; j++) w[base + j] = outputs[j];
}
export function variableDescriptorWords(inputs: number, all = false): number {
  return VD.header + (all ? 2 * inputs : inputs);
}

/** The header fields of a factor descriptor (FD). */
export interface FactorHeader {
  entries: number;
  arity: number;
  outPos: number;
  table: number;
  out: number;
  lambda: number;
}

/** Write a factor descriptor's header (FD) at `at`; `arity` per-variable triples follow. */
export function writeFactorHeader(w: Int32Array, at: number, h: FactorHeader): void {
  w[at + FD.entries] = h.entries;
  w[at + FD.arity] = h.arity;
  w[at + FD.outPos] = h.outPos;
  w[at + FD.table] = h.table;
  w[at + FD.out] = h.out;
  w[at + FD.lambda] = h.lambda;
}

/** Write scope position j's (card, stride, input address) of the factor descriptor at `at`. */
export function writeFactorVar(w: Int32Array, at: number, j: number, card: number, stride: number, addr: number): void {
  const o = at + FD.header + FD.perVar * j;
  w[o + FD.card] = card;
  w[o + FD.stride] = stride;
  w[o + FD.addr] = addr;
}

/** The header fields of a variable descriptor (VD) other than the input count. */
export interface VariableHeader {
  card: number;
  exclude: number;
  out: number;
  lambda: number;
  /** Input 0 is a prior word (VD.priorFlag; unsigned message codes only). */
  priorWord?: boolean;
}

/** Write a variable descriptor (VD) at `at`: header, then the input addresses (exclude −1: none). */
export function writeVariableDescriptor(w: Int32Array, at: number, h: VariableHeader, inputs: readonly number[]): void {
  w[at + VD.card] = h.card;
  w[at + VD.inputs] = inputs.length | (h.priorWord ? VD.priorFlag : 0);
  w[at + VD.exclude] = h.exclude;
  w[at + VD.out] = h.out;
  w[at + VD.lambda] = h.lambda;
  for (let k = 0; k < inputs.length; k++) w[at + VD.header + k] = inputs[k];
}

/**
 * Write an all-outputs variable descriptor (VD.allFlag) at `at`: header, the input addresses, then
 * one output address per input (−1: none, e.g. for the prior).
 */
export function writeAllOutputsDescriptor(w: Int32Array, at: number, h: { card: number; lambda: number; priorWord?: boolean }, inputs: readonly number[], outputs: readonly number[]): void {
  if (outputs.length !== inputs.length) throw new Error(`isa: ${outputs.length} output addresses for ${inputs.length} inputs`);
  writeVariableDescriptor(w, at, { card: h.card, exclude: -1, out: -1, lambda: h.lambda, priorWord: h.priorWord }, inputs);
  w[at + VD.inputs] |= VD.allFlag;
  for (let k = 0; k < outputs.length; k++) w[at + VD.header + inputs.length + k] = outputs[k];
}

/** Words of the fupd (isVupd false) or vupd descriptor stored at `desc`, from its own count field. */
export function storedDenseDescriptorWords(mem: Int32Array, desc: number, isVupd: boolean): number {
  return isVupd ? variableDescriptorWords(variableInputs(mem, desc), allOutputs(mem, desc)) : factorDescriptorWords(mem[desc + FD.arity], allFactorOutputs(mem, desc));
}

/**
 * Useful lane-operations of a validated fupd / vupd descriptor: the streamed lengths themselves
 * (N table entries + Σ card_j message words, with all outputs S·N + Σ card_j + Σ_S card_o;
 * (inputs used + 1) · D, with VD.allFlag (inputs + outputs) · D), not the ⌈·/L⌉·L lanes.
 */
export function denseLaneOps(mem: Int32Array, desc: number, isFupd: boolean): number {
  if (isFupd) {
    const n = mem[desc + FD.entries];
    const k = mem[desc + FD.arity];
    let ops = 0;
    let outputs = 1;
    for (let j = 0; j < k; j++) ops += mem[desc + FD.header + FD.perVar * j + FD.card];
    if (allFactorOutputs(mem, desc)) {
      // S outputs: S·N folds, every scope message read and each old output read once.
      outputs = 0;
      for (let j = 0; j < k; j++) {
        if (mem[desc + FD.header + FD.perVar * k + j] === -1) continue;
        outputs++;
        ops += mem[desc + FD.header + FD.perVar * j + FD.card];
      }
    }
    return ops + outputs * n;
  }
  const d = mem[desc + VD.card];
  const n = variableInputs(mem, desc);
  if (allOutputs(mem, desc)) {
    let outs = 0;
    for (let j = 0; j < n; j++) if (mem[desc + VD.header + n + j] >= 0) outs++;
    return (n + outs) * d; // each input read once, each output written once
  }
  const x = mem[desc + VD.exclude];
  return (x >= 0 && x < n ? n : n + 1) * d;
}

/** A cnu check descriptor (CND): its c2v block, row-layered flag, c2v cap and app vector addresses. */
export interface CheckDescriptor {
  c2v: number;
  layered: boolean;
  cap: number;
  apps: ArrayLike<number>;
}

/** Write a check descriptor (CND) at `at`; its degree is the number of app addresses. */
export function writeCheckDescriptor(w: Int32Array, at: number, d: CheckDescriptor): void {
  w[at + CND.degree] = d.apps.length;
  w[at + CND.c2v] = d.c2v;
  w[at + CND.flags] = d.layered ? CND.layered : 0;
  w[at + CND.cap] = d.cap;
  for (let j = 0; j < d.apps.length; j++) w[at + CND.header + j] = d.apps[j];
}

/** A vnu variable-node descriptor (VND): channel and app vectors, one c2v vector per edge. */
export interface VariableNodeDescriptor {
  ch: number;
  app: number;
  c2v: ArrayLike<number>;
}

/** Write a variable-node descriptor (VND) at `at`; its degree is the number of c2v addresses. */
export function writeVariableNodeDescriptor(w: Int32Array, at: number, d: VariableNodeDescriptor): void {
  w[at + VND.degree] = d.c2v.length;
  w[at + VND.ch] = d.ch;
  w[at + VND.app] = d.app;
  for (let j = 0; j < d.c2v.length; j++) w[at + VND.header + j] = d.c2v[j];
}

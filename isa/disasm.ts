// Disassembly text, derived from the ISA table. The text is valid gp5asm source: targets print as
// labels when a label map is given, otherwise as absolute word addresses.
import { CSRS } from './table.js';
import { decode, type Instruction, type MemValue } from './codec.js';
import type { Operand } from './types.js';

export type LabelLookup = (address: number) => string | undefined;

export function formatOperand(spec: Operand, value: number | MemValue, pc: number, labelAt?: LabelLookup): string {
  switch (spec.kind) {
    case 'sreg':
      return `r${value as number}`;
    case 'vreg':
      return `v${value as number}`;
    case 'imm':
      return String(value);
    case 'csr':
      return CSRS.find((c) => c.number === value)?.name ?? String(value);
    case 'target': {
      const addr = pc + (value as number);
      return labelAt?.(addr) ?? String(addr);
    }
    case 'mem': {
      const m = value as MemValue;
      return `${m.offset}(r${m.base})`;
    }
  }
}

/** `mnemonic op, op, ...` for a decoded instruction at address pc. */
export function formatInstruction(ins: Instruction, pc: number, labelAt?: LabelLookup): string {
  if (ins.def.operands.length === 0) return ins.def.mnemonic;
  const ops = ins.def.operands.map((spec, i) => formatOperand(spec, ins.operands[i], pc, labelAt));
  return `${ins.def.mnemonic} ${ops.join(', ')}`;
}

/** Disassemble one word; invalid words print as a `.word` directive so the text still reassembles. */
export function disassembleWord(word: number, pc: number, labelAt?: LabelLookup): string {
  const ins = decode(word);
  if (!ins) return `.word 0x${(word >>> 0).toString(16).padStart(8, '0')}`;
  return formatInstruction(ins, pc, labelAt);
}

/** Absolute addresses that instructions in `words` (starting at `origin`) branch or loop to. */
export function branchTargets(words: ArrayLike<number>, origin: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    const ins = decode(words[i]);
    if (!ins) continue;
    ins.def.operands.forEach((spec, k) => {
      if (spec.kind === 'target') out.add(origin + i + (ins.operands[k] as number));
    });
  }
  return [...out].sort((a, b) => a - b);
}

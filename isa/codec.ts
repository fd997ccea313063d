// Encoder and decoder, derived from the ISA table.
import { FIELDS, extractField, fieldMaskInPlace, insertField, signExtend, fieldWidth, type FieldName } from './fields.js';
import { INSTRUCTIONS, CSRS } from './table.js';
import type { InstructionDef, Operand } from './types.js';
import { UserError } from '../errors/index.js';

/** A memory operand's value: base register and signed word offset. */
export interface MemValue {
  base: number;
  offset: number;
}
/** Operand values in table order: register numbers, immediates, target offsets (words), CSR numbers. */
export type OperandValue = number | MemValue;

export interface Instruction {
  def: InstructionDef;
  operands: OperandValue[];
}

/** Raised for encode/decode problems; `isUserError` so the CLI reports it without a stack. */
export class IsaError extends UserError {
  override name = 'IsaError';
}

export const NUM_SREGS = 16;
export const NUM_VREGS = 8;

const byOpcode: (InstructionDef | undefined)[] = new Array(64).fill(undefined);
const byMnemonic = new Map<string, InstructionDef>();
/** For each opcode, the bits that the instruction may set (everything else is reserved-zero). */
const usedBits: number[] = new Array(64).fill(0);

for (const def of INSTRUCTIONS) {
  if (def.opcode <= 0 || def.opcode > 63) throw new Error(`ISA table: ${def.mnemonic} has opcode ${def.opcode} outside 1..63`);
  if (byOpcode[def.opcode]) throw new Error(`ISA table: opcode ${def.opcode} used twice`);
  if (byMnemonic.has(def.mnemonic)) throw new Error(`ISA table: mnemonic ${def.mnemonic} used twice`);
  byOpcode[def.opcode] = def;
  byMnemonic.set(def.mnemonic, def);
  let used = fieldMaskInPlace(FIELDS.op);
  for (const f of operandFields(def.operands)) {
    const m = fieldMaskInPlace(FIELDS[f]);
    if ((used & m) !== 0) throw new Error(`ISA table: ${def.mnemonic} uses overlapping fields`);
    used = (used | m) >>> 0;
  }
  usedBits[def.opcode] = used;
}

function operandFields(ops: readonly Operand[]): FieldName[] {
  const out: FieldName[] = [];
  for (const o of ops) {
    if (o.kind === 'mem') out.push(o.base, o.offset);
    else out.push(o.field);
  }
  return out;
}

export function instructionByMnemonic(m: string): InstructionDef | undefined {
  return byMnemonic.get(m);
}
export function instructionByOpcode(op: number): InstructionDef | undefined {
  return byOpcode[op];
}
export const MNEMONICS: readonly string[] = INSTRUCTIONS.map((d) => d.mnemonic);

function checkRange(def: InstructionDef, name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new IsaError(`${def.mnemonic}: operand ${name} = ${value} is outside ${min} … ${max}`);
  }
}

function regMax(kind: 'sreg' | 'vreg'): number {
  return kind === 'sreg' ? NUM_SREGS - 1 : NUM_VREGS - 1;
}

/** Encode one instruction; operand values are range-checked against the table. */
export function encode(def: InstructionDef, operands: readonly OperandValue[]): number {
  if (operands.length !== def.operands.length) {
    throw new IsaError(`${def.mnemonic}: expected ${def.operands.length} operands, got ${operands.length}`);
  }
  let word = insertField(0, FIELDS.op, def.opcode);
  def.operands.forEach((spec, i) => {
    const val = operands[i];
    if (spec.kind === 'mem') {
      if (typeof val !== 'object') throw new IsaError(`${def.mnemonic}: operand ${spec.name} must be offset(reg)`);
      checkRange(def, `${spec.name} base`, val.base, 0, NUM_SREGS - 1);
      checkRange(def, `${spec.name} offset`, val.offset, spec.min, spec.max);
      word = insertField(word, FIELDS[spec.base], val.base);
      word = insertField(word, FIELDS[spec.offset], val.offset);
      return;
    }
    if (typeof val !== 'number') throw new IsaError(`${def.mnemonic}: operand ${spec.name} must be a number`);
    switch (spec.kind) {
      case 'sreg':
      case 'vreg':
        checkRange(def, spec.name, val, 0, regMax(spec.kind));
        break;
      case 'imm':
      case 'target':
        checkRange(def, spec.name, val, spec.min, spec.max);
        break;
      case 'csr':
        if (!CSRS.some((c) => c.number === val)) throw new IsaError(`${def.mnemonic}: unknown CSR number ${val}`);
        break;
    }
    word = insertField(word, FIELDS[spec.field], val);
  });
  return word >>> 0;
}

/** Decode a word; returns undefined for an invalid opcode, reserved bits set, or out-of-range fields. */
export function decode(word: number): Instruction | undefined {
  word >>>= 0;
  const def = byOpcode[extractField(word, FIELDS.op)];
  if (!def) return undefined;
  if ((word & ~usedBits[def.opcode]) >>> 0 !== 0) return undefined;
  const operands: OperandValue[] = [];
  for (const spec of def.operands) {
    if (spec.kind === 'mem') {
      const f = FIELDS[spec.offset];
      operands.push({ base: extractField(word, FIELDS[spec.base]), offset: signExtend(extractField(word, f), fieldWidth(f)) });
      continue;
    }
    const f = FIELDS[spec.field];
    let val = extractField(word, f);
    if ((spec.kind === 'imm' || spec.kind === 'target') && spec.signed) val = signExtend(val, fieldWidth(f));
    if (spec.kind === 'vreg' && val > NUM_VREGS - 1) return undefined;
    if ((spec.kind === 'imm' || spec.kind === 'target') && (val < spec.min || val > spec.max)) return undefined;
    if (spec.kind === 'csr' && !CSRS.some((c) => c.number === val)) return undefined;
    operands.push(val);
  }
  return { def, operands };
}


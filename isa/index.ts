// Public surface of isa/: the instruction table and everything derived from it, the machine
// configuration, and the bit-exact message arithmetic.
export * from './types.js';
export { FIELDS, extractField, insertField, signExtend, fieldWidth, type FieldName, type BitField } from './fields.js';
export { INSTRUCTIONS, CSRS, type CsrName } from './table.js';
export {
  encode,
  decode,
  instructionByMnemonic,
  instructionByOpcode,
  MNEMONICS,
  NUM_SREGS,
  NUM_VREGS,
  IsaError,
  type Instruction,
  type OperandValue,
  type MemValue,
} from './codec.js';
export { formatInstruction, formatOperand, disassembleWord, branchTargets, type LabelLookup } from './disasm.js';
export * from './config.js';
export * from './fixed.js';
export * from './timing.js';
export * from './bp-kernels.js';
export { KernelFault } from './kernel-fault.js';
export * from './llr-kernels.js';
export * from './llr-unit.js';
export { generateIsaMd, syntaxOf, encodingDiagram } from './isa-md.js';
export * from './object.js';
export * from './pseudo.js';
export * from './descriptors.js';
export * from './pairwise-kernels.js';
export * from './pairwise-unit.js';

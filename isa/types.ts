// Types of the ISA table: operands, timing and instruction definitions.
import type { FieldName } from './fields.js';

export type RegField = 'A' | 'B' | 'C';
/** How an instruction uses a register operand (drives hazard checks in the simulator). */
export type Role = 'read' | 'write' | 'readwrite';

export interface SregOperand {
  kind: 'sreg';
  name: string;
  field: RegField;
  role: Role;
}
export interface VregOperand {
  kind: 'vreg';
  name: string;
  field: RegField;
  role: Role;
}
export interface ImmOperand {
  kind: 'imm';
  name: string;
  field: FieldName;
  signed: boolean;
  min: number;
  max: number;
}
/** A code address, encoded as a word offset from the instruction's own address. */
export interface TargetOperand {
  kind: 'target';
  name: string;
  field: FieldName;
  signed: boolean;
  min: number;
  max: number;
}
/** `offset(rB)`: a base register plus a signed offset, in words. */
export interface MemOperand {
  kind: 'mem';
  name: string;
  base: RegField;
  offset: FieldName;
  min: number;
  max: number;
}
/** A control/status register, written by name (see CSRS). */
export interface CsrOperand {
  kind: 'csr';
  name: string;
  field: FieldName;
}

export type Operand = SregOperand | VregOperand | ImmOperand | TargetOperand | MemOperand | CsrOperand;
export type OperandKind = Operand['kind'];

/** Execution resources. Each PE issues at most one instruction per cycle, in order. */
export type Unit = 'alu' | 'mul' | 'branch' | 'lsu' | 'vec' | 'fu' | 'net' | 'sync' | 'ctrl';

/**
 * How many cycles an instruction occupies its unit ("beats"); the rules are defined in BEAT_RULES.
 * The result is written `latency` cycles after the last beat.
 */
export type BeatRule = 'one' | 'vl' | 'vl2' | 'fupd' | 'vupd' | 'msg' | 'cnu' | 'vnu';

export interface Timing {
  unit: Unit;
  beats: BeatRule;
  /** Cycles from the last beat until the destination may be read by a dependent instruction. */
  latency: number;
  /** Bubble cycles after the instruction redirects the pc (taken branch, jump); none if absent. */
  redirectPenalty?: number;
}

export type MemoryUse = 'none' | 'read' | 'write' | 'readwrite';

export interface InstructionDef {
  mnemonic: string;
  opcode: number;
  group: string;
  operands: readonly Operand[];
  timing: Timing;
  /** Memory the instruction touches (for ordering rules and traces). */
  memory: MemoryUse;
  /** Name of the executable semantic function in sim/ (the simulator asserts each exists). */
  sem: string;
  /** One-line semantics for ISA.md, in the notation of its "Notation" section. */
  summary: string;
  /** Further notes for ISA.md (rounding, faults, special cases). */
  notes?: string;
}

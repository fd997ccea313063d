// Types of the ISA table: operands, timing and instruction definitions.
import type { FieldName } from './fields.js';
import type { BeatRule, MemoryUse, SemName, Unit } from './timing.js';

export type { BeatRule, MemoryUse, SemName, Unit };

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

export interface Timing {
  unit: Unit;
  /** How many cycles the instruction occupies its unit (a rule of BEAT_RULES). */
  beats: BeatRule;
  /** Cycles from the last beat until the destination may be read by a dependent instruction. */
  latency: number;
  /** Bubble cycles after the instruction redirects the pc (taken branch, jump); none if absent. */
  redirectPenalty?: number;
}

export interface InstructionDef {
  mnemonic: string;
  opcode: number;
  group: string;
  operands: readonly Operand[];
  timing: Timing;
  /** Memory the instruction touches (for ordering rules and traces). */
  memory: MemoryUse;
  /** Name of the executable semantic function in sim/semantics/ (checked at load time). */
  sem: SemName;
  /** One-line semantics for ISA.md, in the notation of its "Notation" section. */
  summary: string;
  /** Further notes for ISA.md (rounding, faults, special cases). */
  notes?: string;
}

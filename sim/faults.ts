// Architectural faults: a bad program stops the run with a report, never a JS exception.

export type FaultCause =
  | 'invalid-instruction'
  | 'pc-out-of-range'
  | 'memory-range'
  | 'bad-descriptor'
  | 'loop-overflow'
  | 'bad-pe'
  | 'message-length'
  | 'deadlock'
  | 'cycle-limit'
  | 'instruction-limit';

export interface FaultReport {
  cause: FaultCause;
  pe: number;
  pc: number;
  cycle: number;
  /** Disassembly of the instruction at pc (or `.word 0x…` when invalid). */
  instruction: string;
  message: string;
}

export function formatFault(f: FaultReport): string {
  return `fault (${f.cause}) on PE ${f.pe} at pc ${f.pc}, cycle ${f.cycle}: ${f.message}\n    ${f.pc}: ${f.instruction}`;
}

// The one definition of each trace format's vocabulary, shared by writers, readers and `compare`:
// the VCD signal list, the stall encoding and the commit-log header.
import { STALL_CAUSE_NAMES, type StallCause } from '../isa/index.js';

/** Per-PE VCD signals, in declaration order (trace/README.md documents each). */
export const VCD_SIGNALS = [
  { name: 'pc', width: 32 },
  { name: 'instr', width: 32 },
  { name: 'issue', width: 1 },
  { name: 'stall', width: 4 },
  { name: 'rf_we', width: 1 },
  { name: 'rf_waddr', width: 4 },
  { name: 'rf_wdata', width: 32 },
  { name: 'vrf_we', width: 1 },
  { name: 'vrf_waddr', width: 3 },
  { name: 'vrf_wdata', width: 32 },
  { name: 'mem_we', width: 1 },
  { name: 'mem_waddr', width: 32 },
  { name: 'mem_wlen', width: 16 },
  { name: 'mem_wdata', width: 32 },
] as const;
export type VcdSignalName = (typeof VCD_SIGNALS)[number]['name'];

/** `stall` while issuing. */
export const STALL_ISSUING = 0;
/** `stall` once the PE has halted. */
export const STALL_HALTED = 15;

const STALL_CODES = new Map<string, number>(STALL_CAUSE_NAMES.map((name, i) => [name, i + 1]));

/** `stall` value of a stall cause: 1 + its index in ISA.md's table (0 for no cause). */
export function stallCode(cause: StallCause): number {
  return STALL_CODES.get(cause) ?? 0;
}

/** Name of a `stall` value: `issue`, `halted`, a cause, or undefined when no cause has that code. */
export function stallCodeName(code: number): string | undefined {
  if (code === STALL_ISSUING) return 'issue';
  if (code === STALL_HALTED) return 'halted';
  return STALL_CAUSE_NAMES[code - 1];
}

/** Header line of the commit log, format v1 (fields: cycle, pe, pc, word, disassembly, writes). */
export const COMMIT_LOG_HEADER = '# gp5 commit log v1\tcycle\tpe\tpc\tword\tdisassembly\twrites';
/** What every commit-log header starts with (any version). */
export const COMMIT_LOG_MAGIC = '# gp5 commit log';

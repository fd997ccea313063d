// Values and instructions as the comparison reports them.
import { disassembleWord } from '../isa/index.js';
import { STALL_ISSUING, stallCodeName } from './formats.js';
import { XZ, WIDE, NONE } from './tracks.js';
import type { InFlight } from './compare-types.js';

export function hex(v: number, width: number): string {
  return '0x' + v.toString(16).padStart(Math.ceil(Math.min(width, 53) / 4), '0');
}

export function formatValue(name: string, v: number, width: number): string {
  if (v === NONE) return '(no value)';
  if (v === XZ) return 'x';
  if (v === WIDE) return '(wider than 53 bits)';
  if (name === 'stall') {
    const cause = stallCodeName(v) ?? '?';
    return `${v} (${cause})`;
  }
  if (width <= 1) return String(v);
  if (/data|instr|wdata/.test(name)) return `${hex(v, width)} (${v > 0x7fffffff && v <= 0xffffffff ? v - 0x100000000 : v})`;
  return String(v);
}

export function stallName(v: number): string {
  if (v === NONE || v === XZ) return '?';
  return v === STALL_ISSUING ? '-' : (stallCodeName(v) ?? String(v));
}

export function inFlight(pc: number, word: number, issued?: boolean): InFlight | null {
  if (pc < 0 || word < 0) return null;
  return { pc, word, text: disassembleWord(word >>> 0, pc), issuedThisCycle: issued };
}

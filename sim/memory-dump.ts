// Memory dumps after a run (`gp5sim run --dump-memory PE:ADDR:LEN`, like Spike's and
// riscv-arch-test's signature dumps): words of one PE's scratchpad or of shared memory.
import { UserError } from '../errors/index.js';
import { SHARED_BASE, scratchpadWords, sharedWords, type MachineConfig } from '../isa/index.js';
import type { Machine } from './machine.js';

/** Which words to dump. Addresses ≥ SHARED_BASE are shared memory (the PE then only names the request). */
export interface MemoryRange {
  pe: number;
  addr: number;
  len: number;
}

export interface MemoryDump extends MemoryRange {
  words: Int32Array;
}

/** A dump request outside the machine: names the request and the valid range. */
export class MemoryDumpError extends UserError {
  override name = 'MemoryDumpError';
}

const RANGE_SYNTAX = /^(\d+):(0x[0-9a-f]+|\d+):(0x[0-9a-f]+|\d+)$/i;

/** Parse `PE:ADDR:LEN` (decimal or 0x hex); throws MemoryDumpError naming the text. */
export function parseMemoryRange(text: string): MemoryRange {
  const m = RANGE_SYNTAX.exec(text.trim());
  if (!m) throw new MemoryDumpError(`memory range '${text}': expected PE:ADDR:LEN (decimal or 0x hex, e.g. 0:100:8)`);
  const [pe, addr, len] = [m[1], m[2], m[3]].map(Number);
  if (!Number.isSafeInteger(addr) || !(len >= 1 && len <= 1 << 20)) {
    throw new MemoryDumpError(`memory range '${text}': LEN must be 1 … ${1 << 20} and ADDR a word address`);
  }
  return { pe, addr, len };
}

/** Check `range` against the configuration (before a run, so a typo does not waste one). */
export function checkMemoryRange(cfg: MachineConfig, range: MemoryRange): void {
  const { pe, addr, len } = range;
  const where = `memory range ${pe}:${addr}:${len}`;
  if (!(pe >= 0 && pe < cfg.pes)) throw new MemoryDumpError(`${where}: PE ${pe} is not on this machine (0 … ${cfg.pes - 1})`);
  const shared = sharedWords(cfg);
  if (addr >= SHARED_BASE) {
    if (addr - SHARED_BASE + len > shared) throw new MemoryDumpError(`${where}: outside shared memory (${SHARED_BASE} … ${SHARED_BASE + shared - 1})`);
  } else if (addr + len > scratchpadWords(cfg)) {
    throw new MemoryDumpError(`${where}: outside the scratchpad (0 … ${scratchpadWords(cfg) - 1}) and shared memory (from ${SHARED_BASE})`);
  }
}

/** The words of `range` in the machine's current state (scratchpad words never written read 0). */
export function dumpMemory(machine: Machine, range: MemoryRange): MemoryDump {
  checkMemoryRange(machine.cfg, range);
  const { pe, addr, len } = range;
  if (addr >= SHARED_BASE) return { ...range, words: machine.shared.slice(addr - SHARED_BASE, addr - SHARED_BASE + len) };
  const out = new Int32Array(len);
  const spm = machine.pes[pe].spm;
  out.set(spm.subarray(Math.min(addr, spm.length), Math.min(addr + len, spm.length)));
  return { ...range, words: out };
}

/** Text form: one line per dump, `PE n M[addr…]: w0 w1 …` as signed decimals. */
export function formatMemoryDump(d: MemoryDump): string {
  const at = d.addr >= SHARED_BASE ? `shared M[${d.addr}…${d.addr + d.len - 1}]` : `PE ${d.pe} M[${d.addr}…${d.addr + d.len - 1}]`;
  return `${at}: ${Array.from(d.words).join(' ')}`;
}

// Per-PE code under construction, and the one way generated code addresses scratchpad words:
// addresses beyond the memory operand's offset reach go through the base register (REG.base),
// loaded only when the 64 Ki-word page changes.
import { instructionByMnemonic, type MachineConfig, type MemValue } from '../../isa/index.js';
import { CodeEmitter } from '../emitter.js';
import { REG } from '../registers.js';

/** The largest offset a memory operand encodes (from the ISA table's `ld`). */
function memOffsetMax(): number {
  const op = instructionByMnemonic('ld')?.operands.find((o) => o.kind === 'mem');
  if (!op || op.kind !== 'mem') throw new Error('runtime: the ISA table has no ld with a memory operand');
  return op.max;
}

/** The largest scratchpad address a memory operand reaches from r0 (the ISA table's `ld` offset). */
export const MEM_OFFSET_MAX = memOffsetMax();
/** Page size of the base register: addresses are split into (addr & ~PAGE_MASK) + low bits. */
const PAGE_MASK = 0xffff;

export class ProgramBuilder {
  /** One emitter per PE (index = PE). */
  readonly code: CodeEmitter[];
  /** Per PE: the value the base register is known to hold at this point of the code (−1: unknown). */
  private readonly baseKnown: Int32Array;

  constructor(readonly cfg: MachineConfig) {
    this.code = Array.from({ length: cfg.pes }, (_, p) => new CodeEmitter(p));
    this.baseKnown = new Int32Array(cfg.pes).fill(-1);
  }

  /** Scratchpad word `addr` of PE p as a memory operand (emits `li base` on a page change). */
  at(p: number, addr: number): MemValue {
    if (addr <= MEM_OFFSET_MAX) return { base: REG.zero, offset: addr };
    const base = addr & ~PAGE_MASK;
    if (this.baseKnown[p] !== base) {
      this.code[p].li(REG.base, base);
      this.baseKnown[p] = base;
    }
    return { base: REG.base, offset: addr - base };
  }

  /** At a label that several paths reach, the base register's value is no longer known. */
  forgetBase(p: number): void {
    this.baseKnown[p] = -1;
  }
}

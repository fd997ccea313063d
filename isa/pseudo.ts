// Pseudo-instructions, declared beside the instruction table (as riscv-opcodes declares its
// pseudo-ops in its table). Each expands to real instructions of the table; `li` is the one whose
// expansion depends on the value, and expandLi is the single rule the assembler and the runtime's
// emitter both use. Limits come from the table's operand specs, never literals.
import { instructionByMnemonic } from './codec.js';
import type { ImmOperand, InstructionDef } from './types.js';

/** One operand of an expansion: the pseudo's operand `arg`, or a fixed register / immediate. */
export type PseudoOperandTemplate = { arg: number } | { reg: number } | { imm: number };

export interface PseudoDef {
  mnemonic: string;
  /** Operand names as written (for messages and ISA.md). */
  operands: readonly string[];
  summary: string;
  /** Fixed expansions; `li` (value-dependent) has none and goes through expandLi. */
  expansion: readonly { mnemonic: string; operands: readonly PseudoOperandTemplate[] }[] | null;
}

/** Link register of `call`/`ret` (a convention, as RISC-V's ra; the hardware has none). */
export const LINK_REGISTER = 15;

const a = (i: number): PseudoOperandTemplate => ({ arg: i });
const r = (n: number): PseudoOperandTemplate => ({ reg: n });
const k = (n: number): PseudoOperandTemplate => ({ imm: n });

export const PSEUDO_INSTRUCTIONS: readonly PseudoDef[] = [
  { mnemonic: 'li', operands: ['rd', 'value'], summary: 'rd ← any 32-bit value', expansion: null },
  { mnemonic: 'mv', operands: ['rd', 'ra'], summary: 'rd ← ra', expansion: [{ mnemonic: 'addi', operands: [a(0), a(1), k(0)] }] },
  { mnemonic: 'not', operands: ['rd', 'ra'], summary: 'rd ← ~ra', expansion: [{ mnemonic: 'xori', operands: [a(0), a(1), k(-1)] }] },
  { mnemonic: 'neg', operands: ['rd', 'ra'], summary: 'rd ← −ra', expansion: [{ mnemonic: 'sub', operands: [a(0), r(0), a(1)] }] },
  { mnemonic: 'j', operands: ['target'], summary: 'pc ← target', expansion: [{ mnemonic: 'jal', operands: [r(0), a(0)] }] },
  { mnemonic: 'b', operands: ['target'], summary: 'pc ← target (branch form)', expansion: [{ mnemonic: 'beq', operands: [r(0), r(0), a(0)] }] },
  {
    mnemonic: 'call',
    operands: ['target'],
    summary: `r${LINK_REGISTER} ← pc + 1; pc ← target`,
    expansion: [{ mnemonic: 'jal', operands: [r(LINK_REGISTER), a(0)] }],
  },
  { mnemonic: 'ret', operands: [], summary: `pc ← r${LINK_REGISTER}`, expansion: [{ mnemonic: 'jalr', operands: [r(0), r(LINK_REGISTER), k(0)] }] },
];

const BY_NAME = new Map(PSEUDO_INSTRUCTIONS.map((p) => [p.mnemonic, p]));
export function pseudoByMnemonic(m: string): PseudoDef | undefined {
  return BY_NAME.get(m);
}

function real(m: string): InstructionDef {
  const d = instructionByMnemonic(m);
  if (!d) throw new Error(`isa/pseudo: no instruction ${m}`);
  return d;
}
const ADDI = real('addi');
const LUI = real('lui');
const ORI = real('ori');
const ADDI_IMM = ADDI.operands[2] as ImmOperand;
const LUI_IMM = LUI.operands[1] as ImmOperand;
/** Bits `ori` supplies below `lui`'s immediate: lui shifts by 32 − (its immediate's width). */
const LUI_SHIFT = 32 - Math.log2(LUI_IMM.max + 1);
const LOW_MASK = (1 << LUI_SHIFT) - 1;

/** Smallest and largest value `li` can load in one `addi` (from the table's imm spec). */
export const LI_SHORT_MIN = ADDI_IMM.min;
export const LI_SHORT_MAX = ADDI_IMM.max;

export interface Expanded {
  def: InstructionDef;
  operands: number[];
}

/**
 * The expansion of `li rd, value` (value any 32-bit integer, signed or unsigned):
 * `addi rd, r0, value` when it fits addi's immediate; else `lui rd, value >>> 10`, followed by
 * `ori rd, rd, value & 0x3ff` only when those low bits are non-zero. `fixedLong` forces the
 * two-word lui+ori form (the assembler's form for values unknown in its first pass, so a
 * statement's size never depends on later lines).
 */
export function expandLi(rd: number, value: number, fixedLong = false): Expanded[] {
  const s = value | 0;
  if (!fixedLong && s >= LI_SHORT_MIN && s <= LI_SHORT_MAX) return [{ def: ADDI, operands: [rd, 0, s] }];
  const u = s >>> 0;
  const out: Expanded[] = [{ def: LUI, operands: [rd, u >>> LUI_SHIFT] }];
  if (fixedLong || (u & LOW_MASK) !== 0) out.push({ def: ORI, operands: [rd, rd, u & LOW_MASK] });
  return out;
}

const templateText = (p: PseudoDef, t: PseudoOperandTemplate) => ('arg' in t ? p.operands[t.arg] : 'reg' in t ? `r${t.reg}` : String(t.imm));

/** The "Pseudo-instructions" section of ISA.md, generated from PSEUDO_INSTRUCTIONS. */
export function pseudoInstructionSection(): string {
  const rows = PSEUDO_INSTRUCTIONS.map((p) => {
    const syntax = p.operands.length ? `${p.mnemonic} ${p.operands.join(', ')}` : p.mnemonic;
    const exp = p.expansion
      ? p.expansion.map((x) => `\`${x.mnemonic} ${x.operands.map((t) => templateText(p, t)).join(', ')}\``).join('; ')
      : `\`addi rd, r0, value\` when ${LI_SHORT_MIN} ≤ value ≤ ${LI_SHORT_MAX}; else \`lui rd, value >>> ${LUI_SHIFT}\`, then \`ori rd, rd, value & ${LOW_MASK}\` when those low bits are not 0 (a value the assembler cannot know in its first pass always takes both words)`;
    return `| \`${syntax}\` | ${p.summary} | ${exp} |`;
  });
  return [
    'The assembler and the runtime emitter expand these with one definition (`isa/pseudo.ts`); the',
    'disassembler prints the real instructions, which reassemble to the same words.',
    '',
    '| syntax | meaning | expansion |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

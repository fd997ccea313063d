// Per-PE code emission straight to machine words (through the ISA encoder), with labels and
// fix-ups; the same instruction list prints as assembly that reassembles to identical words.
import { encode, expandLi, instructionByMnemonic, decode, formatInstruction, type InstructionDef, type OperandValue } from '../isa/index.js';
import { CompileError } from './errors.js';

const defCache = new Map<string, InstructionDef>();
function def(m: string): InstructionDef {
  let d = defCache.get(m);
  if (!d) {
    d = instructionByMnemonic(m);
    if (!d) throw new Error(`runtime: no instruction ${m}`);
    defCache.set(m, d);
  }
  return d;
}

interface Fixup {
  at: number;
  mnemonic: string;
  operands: OperandValue[];
  /** Index of the target operand, and the label it refers to. */
  targetIndex: number;
  label: string;
}

export class CodeEmitter {
  readonly words: number[] = [];
  private readonly labels = new Map<string, number>();
  private readonly fixups: Fixup[] = [];

  constructor(readonly pe: number) {}

  get pc(): number {
    return this.words.length;
  }

  emit(mnemonic: string, ...operands: OperandValue[]): void {
    this.words.push(encode(def(mnemonic), operands));
  }

  /** An instruction whose operand `targetIndex` is the label's address (encoded as an offset). */
  emitTo(label: string, mnemonic: string, targetIndex: number, ...operands: OperandValue[]): void {
    this.fixups.push({ at: this.words.length, mnemonic, operands, targetIndex, label });
    this.words.push(0);
  }

  label(name: string): void {
    this.labels.set(name, this.words.length);
  }

  /** Load any 32-bit constant (the shared `li` expansion of isa/pseudo.ts). */
  li(rd: number, value: number): void {
    for (const x of expandLi(rd, value)) this.words.push(encode(x.def, x.operands));
  }

  /** Resolve label fix-ups; returns the final words. */
  finish(): Uint32Array {
    for (const f of this.fixups) {
      const target = this.labels.get(f.label);
      if (target === undefined) throw new Error(`runtime: undefined label ${f.label}`);
      const d = def(f.mnemonic);
      const offset = target - f.at;
      checkReach(d, f.targetIndex, offset, this.pe, f.at);
      const ops = f.operands.slice();
      ops.splice(f.targetIndex, 0, offset);
      this.words[f.at] = encode(d, ops);
    }
    return Uint32Array.from(this.words, (w) => w >>> 0);
  }

  /** Assembly text of the finished code, with this emitter's labels (prefixed per PE). */
  assembly(words: Uint32Array): string {
    const byAddr = new Map<number, string>();
    for (const [name, addr] of this.labels) byAddr.set(addr, `pe${this.pe}_${name}`);
    const lines: string[] = [];
    for (let pc = 0; pc < words.length; pc++) {
      const lab = byAddr.get(pc);
      if (lab) lines.push(`${lab}:`);
      lines.push(`    ${formatInstruction(decode(words[pc])!, pc, (a) => byAddr.get(a))}`);
    }
    const end = byAddr.get(words.length);
    if (end) lines.push(`${end}:`);
    return lines.join('\n');
  }
}

/**
 * A branch or jump whose target is beyond its offset field (the limits of the table's operand) is
 * a program too long for one PE, not an encoding bug: say which limit and what to do.
 */
function checkReach(d: InstructionDef, index: number, offset: number, pe: number, at: number): void {
  const spec = d.operands[index];
  if (spec?.kind !== 'target' || (offset >= spec.min && offset <= spec.max)) return;
  throw new CompileError(
    `PE ${pe}'s code is too long: the ${d.mnemonic} at word ${at} must reach ${Math.abs(offset)} words ${offset < 0 ? 'back' : 'ahead'}, ` +
      `but its ${spec.field} offset holds ${spec.min} … ${spec.max}; spread the model over more PEs (--pes) so each PE's code is shorter`,
  );
}

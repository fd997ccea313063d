// Object → assembly source that reassembles to the identical object (sections, entries,
// requirements and symbol table). Branch and loop targets print as labels: an existing label when
// the object's symbol table has one at that address, else a generated `L_<addr>` that is declared
// `.local` so it does not enter the reassembled symbol table.
import { branchTargets, formatDirective, sectionName, decode, disassembleWord, formatInstruction, type ObjectFile, type ObjectSection } from '../isa/index.js';

const hex8 = (w: number) => `0x${(w >>> 0).toString(16).padStart(8, '0')}`;
// The grammar's ident: identStart = letter | "_", identPart = alnum | "_" | "." | "$" (ohm's
// letter is any Unicode letter, its digit is 0-9).
const IDENT_RE = /^[\p{L}_][\p{L}0-9_.$]*$/u;
const RESERVED_RE = /^(?:[rv][0-9]+|inf|pe)$/;

export interface DisassembleOptions {
  /** Append `; address: word` comments to code lines (default true). */
  comments?: boolean;
}

export function disassembleObject(obj: ObjectFile, options: DisassembleOptions = {}): string {
  const comments = options.comments !== false;
  const out: string[] = [];
  out.push('; GP5 object disassembly (gp5asm --disassemble); reassembles to the identical object');
  out.push(formatDirective(obj.requirements));
  out.push(`.minpes ${obj.requirements.minPes}`);

  const usable = (n: string) => IDENT_RE.test(n) && !RESERVED_RE.test(n);
  const taken = new Set(obj.symbols.map((s) => s.name));
  const secName = (s: ObjectSection) => sectionName(s.space, s.pes);

  // Constants.
  for (const s of obj.symbols) if (s.kind === 'const' && usable(s.name)) out.push(`.equ ${s.name}, ${s.value}`);

  // Place original labels: inside (or at the end of) a chunk of their section, else standalone.
  const labelsAt = obj.sections.map(() => new Map<number, string[]>());
  const standalone: { name: string; section: string; value: number }[] = [];
  const codeLabelByAddr = new Map<number, string>();
  for (const s of obj.symbols) {
    if (s.kind !== 'label' || !usable(s.name)) continue;
    const section = s.section ?? '.text';
    let idx = obj.sections.findIndex((c) => secName(c) === section && s.value >= c.origin && s.value < c.origin + c.words.length);
    if (idx < 0) idx = obj.sections.findIndex((c) => secName(c) === section && s.value === c.origin + c.words.length);
    if (idx < 0) standalone.push({ name: s.name, section, value: s.value });
    else {
      const m = labelsAt[idx];
      m.set(s.value, [...(m.get(s.value) ?? []), s.name]);
    }
    if (section.startsWith('.text') && !codeLabelByAddr.has(s.value)) codeLabelByAddr.set(s.value, s.name);
  }

  // Generated labels for branch/loop targets inside the same chunk with no label yet.
  const generated: string[] = [];
  obj.sections.forEach((sec, idx) => {
    if (sec.space !== 'code') return;
    const end = sec.origin + sec.words.length;
    for (const addr of branchTargets(sec.words, sec.origin)) {
      if (codeLabelByAddr.has(addr) || addr < sec.origin || addr > end) continue;
      let name = `L_${addr}`;
      while (taken.has(name)) name += '_';
      taken.add(name);
      generated.push(name);
      codeLabelByAddr.set(addr, name);
      const m = labelsAt[idx];
      m.set(addr, [...(m.get(addr) ?? []), name]);
    }
  });
  for (let i = 0; i < generated.length; i += 8) out.push(`.local ${generated.slice(i, i + 8).join(', ')}`);
  const labelAt = (a: number) => codeLabelByAddr.get(a);

  obj.sections.forEach((sec, idx) => {
    out.push('');
    out.push(secName(sec));
    out.push(`.org ${sec.origin}`);
    const labels = labelsAt[idx];
    const n = sec.words.length;
    if (sec.space === 'code') {
      for (let i = 0; i < n; i++) {
        const addr = sec.origin + i;
        for (const l of labels.get(addr) ?? []) out.push(`${l}:`);
        const text = disassembleWord(sec.words[i], addr, labelAt);
        out.push(comments ? `    ${text.padEnd(32)} ; ${addr}: ${hex8(sec.words[i]).slice(2)}` : `    ${text}`);
      }
    } else {
      let i = 0;
      while (i < n) {
        const addr = sec.origin + i;
        for (const l of labels.get(addr) ?? []) out.push(`${l}:`);
        let j = i + 1;
        while (j < n && j - i < 8 && !labels.has(sec.origin + j)) j++;
        const ws: string[] = [];
        for (let k = i; k < j; k++) ws.push(hex8(sec.words[k]));
        out.push(`    .word ${ws.join(', ')}`);
        i = j;
      }
    }
    for (const l of labels.get(sec.origin + n) ?? []) out.push(`${l}:`);
  });

  if (standalone.length > 0) {
    out.push('');
    out.push('; labels outside any section contents');
    for (const s of standalone) {
      out.push(s.section);
      out.push(`.org ${s.value}`);
      out.push(`${s.name}:`);
    }
  }

  out.push('');
  const entryName = (pc: number) => (comments && codeLabelByAddr.has(pc) ? `  ; ${codeLabelByAddr.get(pc)}` : '');
  out.push(`.entry ${obj.entry}${entryName(obj.entry)}`);
  const byPc = new Map<number, number[]>();
  for (const [pe, pc] of [...obj.entryPerPe.entries()].sort((a, b) => a[0] - b[0])) byPc.set(pc, [...(byPc.get(pc) ?? []), pe]);
  for (const [pc, pes] of byPc) {
    const list = sectionName('code', pes).replace(/^\.text /, '');
    out.push(`.entry ${pc} ${list}${entryName(pc)}`);
  }
  return out.join('\n') + '\n';
}

/** Disassemble words at `origin` as plain text lines (no labels), e.g. for traces. */
export function disassembleWords(words: ArrayLike<number>, origin = 0): string[] {
  const lines: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const ins = decode(words[i]);
    lines.push(ins ? formatInstruction(ins, origin + i) : `.word ${hex8(words[i])}`);
  }
  return lines;
}

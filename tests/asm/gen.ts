// Random valid GP5 programs for property tests (fast-check arbitraries).
import fc from 'fast-check';
import { INSTRUCTIONS, CSRS, type InstructionDef } from '../../isa/index.js';

const reg = (max: number) => fc.integer({ min: 0, max });

function operandArb(def: InstructionDef, i: number, labels: string[]): fc.Arbitrary<string> {
  const spec = def.operands[i];
  switch (spec.kind) {
    case 'sreg':
      return reg(15).map((n) => `r${n}`);
    case 'vreg':
      return reg(7).map((n) => `v${n}`);
    case 'imm':
      return fc.oneof(
        fc.integer({ min: spec.min, max: spec.max }).map(String),
        fc.integer({ min: Math.max(spec.min, -1000), max: Math.min(spec.max, 1000) }).map((v) => (v >= 0 ? `(${v} >> 1) * 2 + ${v & 1}` : `-${-v}`)),
      );
    case 'csr':
      return fc.constantFrom(...CSRS.map((c) => c.name));
    case 'mem':
      return fc.tuple(reg(15), fc.integer({ min: -2000, max: 2000 })).map(([b, o]) => (o === 0 ? `(r${b})` : `${o}(r${b})`));
    case 'target':
      if (!spec.signed) return fc.integer({ min: spec.min, max: Math.min(spec.max, 40) }).map((k) => `. + ${k}`);
      return labels.length > 0 ? fc.constantFrom(...labels) : fc.constant('.');
  }
}

function insArb(labels: string[]): fc.Arbitrary<string> {
  return fc.constantFrom(...INSTRUCTIONS).chain((def) => {
    if (def.operands.length === 0) return fc.constant(def.mnemonic);
    return fc.tuple(...def.operands.map((_s, i) => operandArb(def, i, labels))).map((ops) => `${def.mnemonic} ${ops.join(', ')}`);
  });
}

const dataArb: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 5 }).map((a) => `.word ${a.join(', ')}`),
  fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(0)), { minLength: 1, maxLength: 5 }).map((a) => `.prob ${a.map((x) => (x === 0 ? '0' : x.toExponential(6))).join(', ')}`),
  fc.array(fc.oneof(fc.double({ min: -50, max: 200, noNaN: true }).map((x) => x.toFixed(3)), fc.constant('inf')), { minLength: 1, maxLength: 4 }).map((a) => `.energy ${a.join(', ')}`),
  fc.array(fc.integer({ min: -2048, max: 2047 }), { minLength: 1, maxLength: 4 }).map((a) => `.msg ${a.join(', ')}`),
  fc.integer({ min: 0, max: 5 }).map((n) => `.zero ${n}`),
  fc.constantFrom(1, 2, 4, 8).map((n) => `.align ${n}`),
);

const peList = fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 3 }).map((a) => `pe=${a.join(',')}`);

const sectionArb = fc.oneof(
  fc.constant('.text'),
  peList.map((p) => `.text ${p}`),
  fc.constant('.data'),
  peList.map((p) => `.data ${p}`),
  fc.constant('.shared'),
);

/** A program: blocks of a section directive and statements; labels are unique per program. */
/** Label stems, non-ASCII included (the disassembler must keep every label the grammar accepts). */
const labelStem = fc.constantFrom('l', 'ラベル', 'é_', 'Ωmega.', '_x$', 'λ');

export const programArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(sectionArb, fc.array(fc.tuple(fc.boolean(), fc.nat()), { minLength: 1, maxLength: 12 })), { minLength: 1, maxLength: 5 }), labelStem)
  .chain(([blocks, stem]) => {
    let n = 0;
    const parts: fc.Arbitrary<string>[] = [];
    for (const [section, stmts] of blocks) {
      const isCode = section.startsWith('.text');
      const labels = stmts.map(() => (n === 0 ? `l${n++}` : `${stem}${n++}`));
      parts.push(fc.constant(section));
      stmts.forEach(([labelled], i) => {
        const body = isCode ? insArb(labels.filter((_l, k) => k !== i || true)) : dataArb;
        // Every label is defined (so branch targets resolve); some on their own line.
        parts.push(body.map((b) => (labelled ? `${labels[i]}: ${b}` : `${labels[i]}:\n    ${b}`)));
      });
    }
    parts.push(fc.constantFrom('', '.equ K1, 7 * 6', '.entry l0', '.entry l0 pe=3'));
    parts.push(fc.constantFrom('', '.format 12, 6', '.format 16, 8'));
    return fc.tuple(...parts).map((lines) => lines.join('\n') + '\n');
  });

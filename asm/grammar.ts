// The ohm-js grammar of one line of GP5 assembly (asm/gp5.ohm), and the semantics that turn a match into a
// LineAst. The assembler matches line by line (a whole-file match would be slow on large inputs);
// asm/fastparse.ts handles common lines without ohm and falls back to this grammar for anything
// else, so this grammar is the definition of the syntax and the source of syntax-error positions.
import { readFileSync } from 'node:fs';
import * as ohm from 'ohm-js';
import { numberExpr } from './expr.js';
import type { BinaryOp, DirArgAst, Expr, LabelAst, LineAst, OperandAst, PeItemAst, StatementAst, UnaryOp } from './ast.js';

/** The grammar text (asm/gp5.ohm, read beside this module: in dist/ the build copies it there). */
export const GRAMMAR_SOURCE = readFileSync(new URL('./gp5.ohm', import.meta.url), 'utf8');

export const grammar: ohm.Grammar = ohm.grammar(GRAMMAR_SOURCE);

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === '0' ? '\0' : c));
}

export function parseNumberText(t: string): number {
  if (t.startsWith('0x') || t.startsWith('0X')) return parseInt(t.slice(2), 16);
  if (t.startsWith('0b') || t.startsWith('0B')) return parseInt(t.slice(2), 2);
  return parseInt(t, 10);
}

const semantics = grammar.createSemantics();
semantics.addOperation('ast', {
  Line(labels, stmt, _end): LineAst {
    return {
      labels: labels.children.map((c) => c.ast() as LabelAst),
      stmt: stmt.numChildren ? (stmt.children[0].ast() as StatementAst) : null,
    };
  },
  Label(id, _colon): LabelAst {
    return { name: id.sourceString, col: id.source.startIdx };
  },
  Directive(name, args, pe): StatementAst {
    const peNode = pe.numChildren ? pe.children[0] : null;
    return {
      k: 'dir',
      name: name.sourceString,
      col: name.source.startIdx,
      args: args.asIteration().children.map((c) => c.ast() as DirArgAst),
      pe: peNode ? (peNode.ast() as PeItemAst[]) : null,
      peCol: peNode ? peNode.source.startIdx : 0,
    };
  },
  DirArg(arg) {
    const col = arg.source.startIdx;
    if (arg.ctorName === 'string') return { k: 'str', v: arg.ast() as string, col };
    if (arg.ctorName === 'Real') return { k: 'real', v: arg.ast() as number, col };
    return { k: 'expr', e: arg.ast() as Expr, col };
  },
  PeSpec(_key, items) {
    return items.asIteration().children.map((c) => c.ast() as PeItemAst);
  },
  PeItem_range(lo, _dots, hi): PeItemAst {
    return { lo: lo.ast() as Expr, hi: hi.ast() as Expr, col: lo.source.startIdx };
  },
  PeItem_single(e): PeItemAst {
    return { lo: e.ast() as Expr, hi: null, col: e.source.startIdx };
  },
  Real(minus, lit) {
    const v = lit.ast() as number;
    return minus.numChildren ? -v : v;
  },
  realLit_frac(_a, _dot, _b, _exp) {
    return Number(this.sourceString);
  },
  realLit_exp(_a, _exp) {
    return Number(this.sourceString);
  },
  realLit_inf(_inf) {
    return Infinity;
  },
  Instruction(mn, ops): StatementAst {
    return {
      k: 'ins',
      mnemonic: mn.sourceString,
      col: mn.source.startIdx,
      ops: ops.asIteration().children.map((c) => c.ast() as OperandAst),
    };
  },
  Operand(x): OperandAst {
    if (x.ctorName === 'reg') {
      const t = x.sourceString;
      return { k: 'reg', cls: t[0] as 'r' | 'v', n: parseInt(t.slice(1), 10), col: x.source.startIdx };
    }
    if (x.ctorName === 'MemOp') return x.ast() as OperandAst;
    return { k: 'expr', e: x.ast() as Expr, col: x.source.startIdx };
  },
  MemOp(off, _open, reg, _close): OperandAst {
    const t = reg.sourceString;
    return {
      k: 'mem',
      off: off.numChildren ? (off.children[0].ast() as Expr) : null,
      base: parseInt(t.slice(1), 10),
      baseCls: t[0] as 'r' | 'v',
      col: this.source.startIdx,
    };
  },
  OrExp_bin: bin,
  XorExp_bin: bin,
  AndExp_bin: bin,
  ShiftExp_bin: bin,
  AddExp_bin: bin,
  MulExp_bin: bin,
  UnExp_un(op, a): Expr {
    return { k: 'un', op: op.sourceString as UnaryOp, a: a.ast() as Expr, col: this.source.startIdx };
  },
  PriExp_paren(_o, e, _c) {
    return e.ast();
  },
  number(_n): Expr {
    return numberExpr(parseNumberText(this.sourceString), this.sourceString, this.source.startIdx);
  },
  ident(_s, _p): Expr {
    return { k: 'sym', name: this.sourceString, col: this.source.startIdx };
  },
  dot(_d): Expr {
    return { k: 'dot', col: this.source.startIdx };
  },
  string(_o, chars, _c) {
    return unescape(chars.sourceString);
  },
});

function bin(this: ohm.Node, a: ohm.Node, op: ohm.Node, b: ohm.Node): Expr {
  return { k: 'bin', op: op.sourceString as BinaryOp, a: a.ast() as Expr, b: b.ast() as Expr, col: op.source.startIdx };
}

/** Result of matching one line with the grammar. */
export type OhmLineResult = { ok: true; ast: LineAst } | { ok: false; col: number; expected: string };

/** Parse one line (without its newline) with the ohm grammar. */
export function parseLineOhm(line: string): OhmLineResult {
  const m = grammar.match(line);
  if (!m.failed()) return { ok: true, ast: semantics(m).ast() as LineAst };
  const col = m.getRightmostFailurePosition();
  return { ok: false, col, expected: m.getExpectedText() };
}

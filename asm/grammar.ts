// The ohm-js grammar of one line of GP5 assembly, and the semantics that turn a match into a
// LineAst. The assembler matches line by line (a whole-file match would be slow on large inputs);
// asm/fastparse.ts handles common lines without ohm and falls back to this grammar for anything
// else, so this grammar is the definition of the syntax and the source of syntax-error positions.
import * as ohm from 'ohm-js';
import { numberExpr } from './expr.js';
import type { BinaryOp, DirArgAst, Expr, LabelAst, LineAst, OperandAst, PeItemAst, StatementAst, UnaryOp } from './ast.js';

export const GRAMMAR_SOURCE = String.raw`
GP5Asm {
  Line = Label* Statement? end

  Label = ident ":"

  Statement = Directive | Instruction

  Directive = dirName ListOf<DirArg, ","> PeSpec?
  DirArg = ~PeKey (string | Real | Expr)
  PeSpec = PeKey NonemptyListOf<PeItem, ",">
  PeKey = "pe" "="
  PeItem = Expr ".." Expr  -- range
         | Expr            -- single
  Real = "-"? realLit

  Instruction = ident ListOf<Operand, ",">
  Operand = MemOp | reg | Expr
  MemOp = Expr? "(" reg ")"

  Expr = OrExp
  OrExp = OrExp "|" XorExp  -- bin
        | XorExp
  XorExp = XorExp "^" AndExp  -- bin
         | AndExp
  AndExp = AndExp "&" ShiftExp  -- bin
         | ShiftExp
  ShiftExp = ShiftExp ("<<" | ">>>" | ">>") AddExp  -- bin
           | AddExp
  AddExp = AddExp ("+" | "-") MulExp  -- bin
         | MulExp
  MulExp = MulExp ("*" | "/" | "%") UnExp  -- bin
         | UnExp
  UnExp = ("-" | "~" | "!") UnExp  -- un
        | PriExp
  PriExp = "(" Expr ")"  -- paren
         | number
         | ident
         | dot

  reg = ("r" | "v") digit+ ~identPart
  ident = ~reg identStart identPart*
  identStart = letter | "_"
  identPart = alnum | "_" | "." | "$"
  dirName = "." letter alnum*
  dot = "." ~identPart ~"."
  number = "0x" hexDigit+ ~wordChar  -- hex
         | "0b" ("0" | "1")+ ~wordChar  -- bin
         | digit+ ~wordChar  -- dec
  wordChar = alnum | "_"
  realLit = digit+ "." ~"." digit* exponent?  -- frac
          | digit+ exponent  -- exp
          | "inf" ~identPart  -- inf
  exponent = ("e" | "E") ("+" | "-")? digit+
  string = "\"" strChar* "\""
  strChar = "\\" any  -- esc
          | ~"\"" ~"\n" any  -- plain

  space += comment
  comment = ";" (~"\n" any)*
          | "#" (~"\n" any)*
          | "//" (~"\n" any)*
}
`;

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

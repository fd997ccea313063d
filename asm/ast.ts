// Syntax tree of one line of GP5 assembly. Both the ohm grammar (asm/grammar.ts) and the fast-path
// line parser (asm/fastparse.ts) produce exactly these shapes; `col` fields are 0-based offsets into
// the line (diagnostics print them 1-based).

export type BinaryOp = '|' | '^' | '&' | '<<' | '>>' | '>>>' | '+' | '-' | '*' | '/' | '%';
export type UnaryOp = '-' | '~' | '!';

export type Expr =
  /** `text`: the literal as written, kept only when v is not exact (beyond 2^53) so messages echo it. */
  | { k: 'num'; v: number; col: number; text?: string }
  | { k: 'sym'; name: string; col: number }
  | { k: 'dot'; col: number }
  | { k: 'un'; op: UnaryOp; a: Expr; col: number }
  | { k: 'bin'; op: BinaryOp; a: Expr; b: Expr; col: number };

export type OperandAst =
  | { k: 'reg'; cls: 'r' | 'v'; n: number; col: number }
  | { k: 'mem'; off: Expr | null; base: number; baseCls: 'r' | 'v'; col: number }
  | { k: 'expr'; e: Expr; col: number };

export type DirArgAst =
  | { k: 'str'; v: string; col: number }
  | { k: 'real'; v: number; col: number }
  | { k: 'expr'; e: Expr; col: number };

export interface PeItemAst {
  lo: Expr;
  hi: Expr | null;
  col: number;
}

export interface LabelAst {
  name: string;
  col: number;
}

export type StatementAst =
  | { k: 'ins'; mnemonic: string; col: number; ops: OperandAst[] }
  | { k: 'dir'; name: string; col: number; args: DirArgAst[]; pe: PeItemAst[] | null; peCol: number };

export interface LineAst {
  labels: LabelAst[];
  stmt: StatementAst | null;
}

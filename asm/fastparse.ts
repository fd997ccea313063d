// Fast path for the line grammar: a hand-written scanner and recursive-descent parser producing
// exactly the LineAst that asm/grammar.ts's ohm semantics would produce, for the common (ASCII)
// lines. It returns null for anything it is unsure about (syntax errors, non-ASCII, unterminated
// strings) and the caller falls back to the ohm grammar, which stays the definition of the syntax
// and reports the error position. A property test checks that the two agree.
import { numberExpr } from './expr.js';
import type { BinaryOp, DirArgAst, Expr, LabelAst, LineAst, OperandAst, PeItemAst, StatementAst } from './ast.js';

const C_0 = 48, C_9 = 57, C_A = 65, C_Z = 90, C_a = 97, C_z = 122, C_US = 95, C_DOT = 46, C_DOLLAR = 36;

const isDigit = (c: number) => c >= C_0 && c <= C_9;
const isLetter = (c: number) => (c >= C_a && c <= C_z) || (c >= C_A && c <= C_Z);
const isWordChar = (c: number) => isLetter(c) || isDigit(c) || c === C_US;
const isIdentPart = (c: number) => isWordChar(c) || c === C_DOT || c === C_DOLLAR;

class Fail extends Error {}
const FAIL = new Fail();

let s = '';
let n = 0;
let p = 0;

function skip(): void {
  while (p < n && s.charCodeAt(p) <= 32) p++;
}
function peek(): number {
  return p < n ? s.charCodeAt(p) : -1;
}
/** Scan an identifier-like run [A-Za-z_][A-Za-z0-9_.$]* at p (without consuming). */
function identEnd(at: number): number {
  let q = at;
  const c = s.charCodeAt(q);
  if (!(isLetter(c) || c === C_US)) return at;
  q++;
  while (q < n && isIdentPart(s.charCodeAt(q))) q++;
  return q;
}
const REG_RE = /^[rv][0-9]+$/;

function parseNumber(): Expr {
  const start = p;
  let q = p;
  while (q < n && isWordChar(s.charCodeAt(q))) q++;
  const t = s.slice(start, q);
  let v: number;
  if (/^[0-9]+$/.test(t)) v = parseInt(t, 10);
  else if (/^0x[0-9a-fA-F]+$/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0b[01]+$/.test(t)) v = parseInt(t.slice(2), 2);
  else throw FAIL;
  p = q;
  return numberExpr(v, t, start);
}

function parsePrimary(): Expr {
  skip();
  const c = peek();
  if (c === 40 /* ( */) {
    p++;
    const e = parseExpr();
    skip();
    if (peek() !== 41) throw FAIL;
    p++;
    return e;
  }
  if (isDigit(c)) return parseNumber();
  if (isLetter(c) || c === C_US) {
    const start = p;
    const q = identEnd(p);
    const name = s.slice(start, q);
    if (REG_RE.test(name)) throw FAIL;
    p = q;
    return { k: 'sym', name, col: start };
  }
  if (c === C_DOT) {
    const c2 = p + 1 < n ? s.charCodeAt(p + 1) : -1;
    if (isIdentPart(c2)) throw FAIL;
    const start = p++;
    return { k: 'dot', col: start };
  }
  throw FAIL;
}

function parseUnary(): Expr {
  skip();
  const c = peek();
  if (c === 45 /* - */ || c === 126 /* ~ */ || c === 33 /* ! */) {
    const start = p++;
    const a = parseUnary();
    return { k: 'un', op: s[start] as '-' | '~' | '!', a, col: start };
  }
  return parsePrimary();
}

// Binary precedence levels, lowest first: | ^ & (<< >>> >>) (+ -) (* / %)
function binOpAt(level: number): BinaryOp | null {
  skip();
  const c = peek();
  switch (level) {
    case 0:
      return c === 124 ? '|' : null;
    case 1:
      return c === 94 ? '^' : null;
    case 2:
      return c === 38 ? '&' : null;
    case 3:
      if (c === 60 && s.charCodeAt(p + 1) === 60) return '<<';
      if (c === 62 && s.charCodeAt(p + 1) === 62) return s.charCodeAt(p + 2) === 62 ? '>>>' : '>>';
      return null;
    case 4:
      return c === 43 ? '+' : c === 45 ? '-' : null;
    default:
      return c === 42 ? '*' : c === 47 ? '/' : c === 37 ? '%' : null;
  }
}

function parseLevel(level: number): Expr {
  let a = level === 5 ? parseUnary() : parseLevel(level + 1);
  for (;;) {
    const op = binOpAt(level);
    if (!op) return a;
    const col = p;
    p += op.length;
    const b = level === 5 ? parseUnary() : parseLevel(level + 1);
    a = { k: 'bin', op, a, b, col };
  }
}

function parseExpr(): Expr {
  return parseLevel(0);
}

/** Register token at p (after skip), or null. */
function regAt(): { cls: 'r' | 'v'; n: number; end: number } | null {
  const c = peek();
  if (c !== 114 && c !== 118) return null;
  const q = identEnd(p);
  const t = s.slice(p, q);
  if (!REG_RE.test(t)) return null;
  return { cls: t[0] as 'r' | 'v', n: parseInt(t.slice(1), 10), end: q };
}

function parseOperand(): OperandAst {
  skip();
  const col = p;
  const c = peek();
  if (c === 40) {
    // `(rN)` is a memory operand with no offset; otherwise a parenthesised expression.
    const save = p;
    p++;
    skip();
    const r = regAt();
    if (r) {
      p = r.end;
      skip();
      if (peek() !== 41) throw FAIL;
      p++;
      return { k: 'mem', off: null, base: r.n, baseCls: r.cls, col };
    }
    p = save;
  } else {
    const r = regAt();
    if (r) {
      p = r.end;
      return { k: 'reg', cls: r.cls, n: r.n, col };
    }
  }
  const e = parseExpr();
  skip();
  if (peek() === 40) {
    p++;
    skip();
    const r = regAt();
    if (!r) throw FAIL;
    p = r.end;
    skip();
    if (peek() !== 41) throw FAIL;
    p++;
    return { k: 'mem', off: e, base: r.n, baseCls: r.cls, col };
  }
  return { k: 'expr', e, col };
}

/** Whether `pe` `=` starts at p (after skip). */
function peKeyAt(): boolean {
  if (s.charCodeAt(p) !== 112 || s.charCodeAt(p + 1) !== 101) return false;
  let q = p + 2;
  while (q < n && s.charCodeAt(q) <= 32) q++;
  return s.charCodeAt(q) === 61;
}

const REAL_RE = /^(?:[0-9]+\.(?!\.)[0-9]*(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)/;

/** A real literal at p (after an optional '-'), or null without consuming. */
function tryReal(): number | null {
  const save = p;
  let neg = false;
  if (peek() === 45) {
    neg = true;
    p++;
    skip();
  }
  const c = peek();
  if (isDigit(c)) {
    const m = REAL_RE.exec(s.slice(p, Math.min(n, p + 64)));
    if (m && m[0].length < 64) {
      p += m[0].length;
      const v = Number(m[0]);
      return neg ? -v : v;
    }
  } else if (c === 105 /* i */ && s.startsWith('inf', p) && !isIdentPart(s.charCodeAt(p + 3))) {
    p += 3;
    return neg ? -Infinity : Infinity;
  }
  p = save;
  return null;
}

function parseDirArg(): DirArgAst {
  skip();
  const col = p;
  if (peek() === 34 /* " */) {
    let q = p + 1;
    let out = '';
    for (;;) {
      if (q >= n) throw FAIL;
      const ch = s.charCodeAt(q);
      if (ch === 34) break;
      if (ch === 10) throw FAIL;
      if (ch === 92) {
        if (q + 1 >= n) throw FAIL;
        const e = s[q + 1];
        out += e === 'n' ? '\n' : e === 't' ? '\t' : e === '0' ? '\0' : e;
        q += 2;
        continue;
      }
      out += s[q];
      q++;
    }
    p = q + 1;
    return { k: 'str', v: out, col };
  }
  const r = tryReal();
  if (r !== null) return { k: 'real', v: r, col };
  return { k: 'expr', e: parseExpr(), col };
}

function parseStatement(): StatementAst {
  const col = p;
  if (peek() === C_DOT) {
    let q = p + 1;
    if (!isLetter(s.charCodeAt(q))) throw FAIL;
    while (q < n && (isLetter(s.charCodeAt(q)) || isDigit(s.charCodeAt(q)))) q++;
    const name = s.slice(p, q);
    p = q;
    const args: DirArgAst[] = [];
    skip();
    if (p < n && !peKeyAt()) {
      args.push(parseDirArg());
      for (;;) {
        skip();
        if (peek() !== 44) break;
        p++;
        skip();
        if (peKeyAt()) throw FAIL;
        args.push(parseDirArg());
      }
    }
    skip();
    let pe: PeItemAst[] | null = null;
    let peCol = 0;
    if (p < n && peKeyAt()) {
      peCol = p;
      p += 2;
      skip();
      p++; // '='
      pe = [];
      for (;;) {
        skip();
        const icol = p;
        const lo = parseExpr();
        skip();
        let hi: Expr | null = null;
        if (peek() === C_DOT && s.charCodeAt(p + 1) === C_DOT) {
          p += 2;
          hi = parseExpr();
          skip();
        }
        pe.push({ lo, hi, col: icol });
        if (peek() !== 44) break;
        p++;
      }
    }
    return { k: 'dir', name, col, args, pe, peCol };
  }
  const q = identEnd(p);
  if (q === p) throw FAIL;
  const mnemonic = s.slice(p, q);
  if (REG_RE.test(mnemonic)) throw FAIL;
  p = q;
  const ops: OperandAst[] = [];
  skip();
  if (p < n) {
    ops.push(parseOperand());
    for (;;) {
      skip();
      if (peek() !== 44) break;
      p++;
      ops.push(parseOperand());
    }
  }
  return { k: 'ins', mnemonic, col, ops };
}

/** Index where a comment starts (outside string literals), or the line length. -1: unsure. */
function codeEnd(line: string): number {
  const len = line.length;
  for (let i = 0; i < len; i++) {
    const c = line.charCodeAt(i);
    if (c === 59 || c === 35) return i; // ; #
    if (c === 47 && line.charCodeAt(i + 1) === 47) return i;
    if (c === 34) {
      // skip a string literal
      i++;
      while (i < len && line.charCodeAt(i) !== 34) {
        if (line.charCodeAt(i) === 92) i++;
        i++;
      }
      if (i >= len) return -1;
    } else if (c > 126) return -1;
  }
  return len;
}

/** Parse one line, or null when the line needs the ohm grammar (unusual input or a syntax error). */
export function parseLineFast(line: string): LineAst | null {
  const end = codeEnd(line);
  if (end < 0) return null;
  s = line;
  n = end;
  p = 0;
  try {
    const labels: LabelAst[] = [];
    let stmt: StatementAst | null = null;
    for (;;) {
      skip();
      if (p >= n) break;
      const q = identEnd(p);
      if (q > p) {
        let r = q;
        while (r < n && s.charCodeAt(r) <= 32) r++;
        if (s.charCodeAt(r) === 58 /* : */ && r < n) {
          const name = s.slice(p, q);
          if (REG_RE.test(name)) return null;
          labels.push({ name, col: p });
          p = r + 1;
          continue;
        }
      }
      stmt = parseStatement();
      skip();
      if (p < n) return null;
      break;
    }
    return { labels, stmt };
  } catch (e) {
    if (e === FAIL) return null;
    throw e;
  }
}

// Fast path for the line grammar (re-entrant: its scanner state is one object per line): a hand-written scanner and recursive-descent parser producing
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

const REG_RE = /^[rv][0-9]+$/;
const REAL_RE = /^(?:[0-9]+\.(?!\.)[0-9]*(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)/;

/** Scanner state of one line (an object per parse, so parsing is re-entrant). */
class LineScanner {
  s = '';
  n = 0;
  p = 0;

  skip(): void {
    while (this.p < this.n && this.s.charCodeAt(this.p) <= 32) this.p++;
  }
  peek(): number {
    return this.p < this.n ? this.s.charCodeAt(this.p) : -1;
  }
  /** Scan an identifier-like run [A-Za-z_][A-Za-z0-9_.$]* at this.p (without consuming). */
  identEnd(at: number): number {
    let q = at;
    const c = this.s.charCodeAt(q);
    if (!(isLetter(c) || c === C_US)) return at;
    q++;
    while (q < this.n && isIdentPart(this.s.charCodeAt(q))) q++;
    return q;
  }

  parseNumber(): Expr {
    const start = this.p;
    let q = this.p;
    while (q < this.n && isWordChar(this.s.charCodeAt(q))) q++;
    const t = this.s.slice(start, q);
    let v: number;
    if (/^[0-9]+$/.test(t)) v = parseInt(t, 10);
    else if (/^0x[0-9a-fA-F]+$/.test(t)) v = parseInt(t.slice(2), 16);
    else if (/^0b[01]+$/.test(t)) v = parseInt(t.slice(2), 2);
    else throw FAIL;
    this.p = q;
    return numberExpr(v, t, start);
  }

  parsePrimary(): Expr {
    this.skip();
    const c = this.peek();
    if (c === 40 /* ( */) {
      this.p++;
      const e = this.parseExpr();
      this.skip();
      if (this.peek() !== 41) throw FAIL;
      this.p++;
      return e;
    }
    if (isDigit(c)) return this.parseNumber();
    if (isLetter(c) || c === C_US) {
      const start = this.p;
      const q = this.identEnd(this.p);
      const name = this.s.slice(start, q);
      if (REG_RE.test(name)) throw FAIL;
      this.p = q;
      return { k: 'sym', name, col: start };
    }
    if (c === C_DOT) {
      const c2 = this.p + 1 < this.n ? this.s.charCodeAt(this.p + 1) : -1;
      if (isIdentPart(c2)) throw FAIL;
      const start = this.p++;
      return { k: 'dot', col: start };
    }
    throw FAIL;
  }

  parseUnary(): Expr {
    this.skip();
    const c = this.peek();
    if (c === 45 /* - */ || c === 126 /* ~ */ || c === 33 /* ! */) {
      const start = this.p++;
      const a = this.parseUnary();
      return { k: 'un', op: this.s[start] as '-' | '~' | '!', a, col: start };
    }
    return this.parsePrimary();
  }

  // Binary precedence levels, lowest first: | ^ & (<< >>> >>) (+ -) (* / %)
  binOpAt(level: number): BinaryOp | null {
    this.skip();
    const c = this.peek();
    switch (level) {
      case 0:
        return c === 124 ? '|' : null;
      case 1:
        return c === 94 ? '^' : null;
      case 2:
        return c === 38 ? '&' : null;
      case 3:
        if (c === 60 && this.s.charCodeAt(this.p + 1) === 60) return '<<';
        if (c === 62 && this.s.charCodeAt(this.p + 1) === 62) return this.s.charCodeAt(this.p + 2) === 62 ? '>>>' : '>>';
        return null;
      case 4:
        return c === 43 ? '+' : c === 45 ? '-' : null;
      default:
        return c === 42 ? '*' : c === 47 ? '/' : c === 37 ? '%' : null;
    }
  }

  parseLevel(level: number): Expr {
    let a = level === 5 ? this.parseUnary() : this.parseLevel(level + 1);
    for (;;) {
      const op = this.binOpAt(level);
      if (!op) return a;
      const col = this.p;
      this.p += op.length;
      const b = level === 5 ? this.parseUnary() : this.parseLevel(level + 1);
      a = { k: 'bin', op, a, b, col };
    }
  }

  parseExpr(): Expr {
    return this.parseLevel(0);
  }

  /** Register token at this.p (after skip), or null. */
  regAt(): { cls: 'r' | 'v'; n: number; end: number } | null {
    const c = this.peek();
    if (c !== 114 && c !== 118) return null;
    const q = this.identEnd(this.p);
    const t = this.s.slice(this.p, q);
    if (!REG_RE.test(t)) return null;
    return { cls: t[0] as 'r' | 'v', n: parseInt(t.slice(1), 10), end: q };
  }

  parseOperand(): OperandAst {
    this.skip();
    const col = this.p;
    const c = this.peek();
    if (c === 40) {
      // `(rN)` is a memory operand with no offset; otherwise a parenthesised expression.
      const save = this.p;
      this.p++;
      this.skip();
      const r = this.regAt();
      if (r) {
        this.p = r.end;
        this.skip();
        if (this.peek() !== 41) throw FAIL;
        this.p++;
        return { k: 'mem', off: null, base: r.n, baseCls: r.cls, col };
      }
      this.p = save;
    } else {
      const r = this.regAt();
      if (r) {
        this.p = r.end;
        return { k: 'reg', cls: r.cls, n: r.n, col };
      }
    }
    const e = this.parseExpr();
    this.skip();
    if (this.peek() === 40) {
      this.p++;
      this.skip();
      const r = this.regAt();
      if (!r) throw FAIL;
      this.p = r.end;
      this.skip();
      if (this.peek() !== 41) throw FAIL;
      this.p++;
      return { k: 'mem', off: e, base: r.n, baseCls: r.cls, col };
    }
    return { k: 'expr', e, col };
  }

  /** Whether `pe` `=` starts at this.p (after skip). */
  peKeyAt(): boolean {
    if (this.s.charCodeAt(this.p) !== 112 || this.s.charCodeAt(this.p + 1) !== 101) return false;
    let q = this.p + 2;
    while (q < this.n && this.s.charCodeAt(q) <= 32) q++;
    return this.s.charCodeAt(q) === 61;
  }


  /** A real literal at this.p (after an optional '-'), or null without consuming. */
  tryReal(): number | null {
    const save = this.p;
    let neg = false;
    if (this.peek() === 45) {
      neg = true;
      this.p++;
      this.skip();
    }
    const c = this.peek();
    if (isDigit(c)) {
      const m = REAL_RE.exec(this.s.slice(this.p, Math.min(this.n, this.p + 64)));
      if (m && m[0].length < 64) {
        this.p += m[0].length;
        const v = Number(m[0]);
        return neg ? -v : v;
      }
    } else if (c === 105 /* i */ && this.s.startsWith('inf', this.p) && !isIdentPart(this.s.charCodeAt(this.p + 3))) {
      this.p += 3;
      return neg ? -Infinity : Infinity;
    }
    this.p = save;
    return null;
  }

  parseDirArg(): DirArgAst {
    this.skip();
    const col = this.p;
    if (this.peek() === 34 /* " */) {
      let q = this.p + 1;
      let out = '';
      for (;;) {
        if (q >= this.n) throw FAIL;
        const ch = this.s.charCodeAt(q);
        if (ch === 34) break;
        if (ch === 10) throw FAIL;
        if (ch === 92) {
          if (q + 1 >= this.n) throw FAIL;
          const e = this.s[q + 1];
          out += e === 'this.n' ? '\this.n' : e === 't' ? '\t' : e === '0' ? '\0' : e;
          q += 2;
          continue;
        }
        out += this.s[q];
        q++;
      }
      this.p = q + 1;
      return { k: 'str', v: out, col };
    }
    const r = this.tryReal();
    if (r !== null) return { k: 'real', v: r, col };
    return { k: 'expr', e: this.parseExpr(), col };
  }

  parseStatement(): StatementAst {
    const col = this.p;
    if (this.peek() === C_DOT) {
      let q = this.p + 1;
      if (!isLetter(this.s.charCodeAt(q))) throw FAIL;
      while (q < this.n && (isLetter(this.s.charCodeAt(q)) || isDigit(this.s.charCodeAt(q)))) q++;
      const name = this.s.slice(this.p, q);
      this.p = q;
      const args: DirArgAst[] = [];
      this.skip();
      if (this.p < this.n && !this.peKeyAt()) {
        args.push(this.parseDirArg());
        for (;;) {
          this.skip();
          if (this.peek() !== 44) break;
          this.p++;
          this.skip();
          if (this.peKeyAt()) throw FAIL;
          args.push(this.parseDirArg());
        }
      }
      this.skip();
      let pe: PeItemAst[] | null = null;
      let peCol = 0;
      if (this.p < this.n && this.peKeyAt()) {
        peCol = this.p;
        this.p += 2;
        this.skip();
        this.p++; // '='
        pe = [];
        for (;;) {
          this.skip();
          const icol = this.p;
          const lo = this.parseExpr();
          this.skip();
          let hi: Expr | null = null;
          if (this.peek() === C_DOT && this.s.charCodeAt(this.p + 1) === C_DOT) {
            this.p += 2;
            hi = this.parseExpr();
            this.skip();
          }
          pe.push({ lo, hi, col: icol });
          if (this.peek() !== 44) break;
          this.p++;
        }
      }
      return { k: 'dir', name, col, args, pe, peCol };
    }
    const q = this.identEnd(this.p);
    if (q === this.p) throw FAIL;
    const mnemonic = this.s.slice(this.p, q);
    if (REG_RE.test(mnemonic)) throw FAIL;
    this.p = q;
    const ops: OperandAst[] = [];
    this.skip();
    if (this.p < this.n) {
      ops.push(this.parseOperand());
      for (;;) {
        this.skip();
        if (this.peek() !== 44) break;
        this.p++;
        ops.push(this.parseOperand());
      }
    }
    return { k: 'ins', mnemonic, col, ops };
  }

  parseLine(line: string, end: number): LineAst | null {
    this.s = line;
    this.n = end;
    this.p = 0;
    try {
      const labels: LabelAst[] = [];
      let stmt: StatementAst | null = null;
      for (;;) {
        this.skip();
        if (this.p >= this.n) break;
        const q = this.identEnd(this.p);
        if (q > this.p) {
          let r = q;
          while (r < this.n && this.s.charCodeAt(r) <= 32) r++;
          if (this.s.charCodeAt(r) === 58 /* : */ && r < this.n) {
            const name = this.s.slice(this.p, q);
            if (REG_RE.test(name)) return null;
            labels.push({ name, col: this.p });
            this.p = r + 1;
            continue;
          }
        }
        stmt = this.parseStatement();
        this.skip();
        if (this.p < this.n) return null;
        break;
      }
      return { labels, stmt };
    } catch (e) {
      if (e === FAIL) return null;
      throw e;
    }
  }
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
  return new LineScanner().parseLine(line, end);
}

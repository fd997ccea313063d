// Integer expression evaluation for the assembler. Values are JS numbers that must stay safe
// integers; bitwise operators and shifts work on 32-bit two's complement like C on int32_t
// (`>>>` is the logical shift and yields an unsigned value).
import type { Expr } from './ast.js';

/** An evaluation error at a column of the line. `silent` errors were already reported elsewhere. */
export class EvalError extends Error {
  constructor(
    message: string,
    readonly col: number,
    readonly silent = false,
  ) {
    super(message);
  }
}

/** Thrown in the first pass when a symbol is not defined yet (a forward reference). */
export class UnknownYet extends Error {
  constructor(
    readonly symbol: string,
    readonly col: number,
  ) {
    super(`symbol '${symbol}' is not defined yet`);
  }
}

export interface EvalContext {
  /** Value of a symbol; throw UnknownYet / EvalError as appropriate. */
  lookup(name: string, col: number): number;
  /** Address of the statement being assembled (`.`). */
  dot: number;
}

const I32_MIN = -(2 ** 31);
const U32_MAX = 2 ** 32 - 1;

/** A number literal's node; keeps the text when the value is not exact, so errors show it as written. */
export function numberExpr(v: number, text: string, col: number): Extract<Expr, { k: 'num' }> {
  return Number.isSafeInteger(v) ? { k: 'num', v, col } : { k: 'num', v, col, text };
}

function check(v: number, col: number): number {
  if (!Number.isSafeInteger(v)) throw new EvalError(`value ${v} is outside the safe integer range (±2^53)`, col);
  return v;
}

function bits32(v: number, op: string, col: number): number {
  if (v < I32_MIN || v > U32_MAX) throw new EvalError(`operand ${v} of '${op}' does not fit in 32 bits`, col);
  return v;
}

export function evaluate(e: Expr, ctx: EvalContext): number {
  switch (e.k) {
    case 'num':
      if (e.text !== undefined) throw new EvalError(`value ${e.text} is outside the safe integer range (±2^53)`, e.col);
      return check(e.v, e.col);
    case 'sym':
      return ctx.lookup(e.name, e.col);
    case 'dot':
      return ctx.dot;
    case 'un': {
      const a = evaluate(e.a, ctx);
      if (e.op === '-') return a === 0 ? 0 : -a;
      if (e.op === '!') return a === 0 ? 1 : 0;
      return ~bits32(a, '~', e.col);
    }
    case 'bin': {
      const a = evaluate(e.a, ctx);
      const b = evaluate(e.b, ctx);
      switch (e.op) {
        case '+':
          return check(a + b, e.col);
        case '-':
          return check(a - b, e.col);
        case '*': {
          const r = a * b;
          return r === 0 ? 0 : check(r, e.col);
        }
        case '/':
          if (b === 0) throw new EvalError('division by zero', e.col);
          return Math.trunc(a / b) || 0;
        case '%':
          if (b === 0) throw new EvalError('division by zero (in %)', e.col);
          return a % b || 0;
        case '<<':
          return bits32(a, '<<', e.col) << bits32(b, '<<', e.col);
        case '>>':
          return bits32(a, '>>', e.col) >> bits32(b, '>>', e.col);
        case '>>>':
          return bits32(a, '>>>', e.col) >>> bits32(b, '>>>', e.col);
        case '&':
          return bits32(a, '&', e.col) & bits32(b, '&', e.col);
        case '|':
          return bits32(a, '|', e.col) | bits32(b, '|', e.col);
        case '^':
          return bits32(a, '^', e.col) ^ bits32(b, '^', e.col);
      }
    }
  }
}

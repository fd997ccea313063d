// A whitespace token reader that remembers line numbers, for the text model formats.
import { ModelFormatError } from '../errors.js';

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface TokenizeOptions {
  /** Treat `#` at the start of a token as a comment running to the end of the line. */
  hashComments?: boolean;
}

export class TokenReader {
  readonly tokens: string[] = [];
  readonly lines: number[] = [];
  pos = 0;
  /** Number of lines in the text (for end-of-file errors). */
  readonly lastLine: number;

  constructor(
    readonly text: string,
    readonly file: string,
    opts: TokenizeOptions = {},
  ) {
    let line = 1;
    let i = 0;
    const n = text.length;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === 10) {
        line++;
        i++;
        continue;
      }
      if (ch === 32 || ch === 9 || ch === 13 || ch === 11 || ch === 12 || ch === 0xfeff) {
        i++;
        continue;
      }
      if (opts.hashComments && ch === 35) {
        while (i < n && text.charCodeAt(i) !== 10) i++;
        continue;
      }
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 32 || c === 9 || c === 13 || c === 11 || c === 12) break;
        i++;
      }
      this.tokens.push(text.slice(start, i));
      this.lines.push(line);
    }
    this.lastLine = text.length > 0 && text.endsWith('\n') ? line - 1 : line;
  }

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** Line of the next token (or of the end of file). */
  get line(): number {
    return this.pos < this.tokens.length ? this.lines[this.pos]! : Math.max(1, this.lastLine);
  }

  /** Line of the previously consumed token. */
  get prevLine(): number {
    return this.pos > 0 ? this.lines[this.pos - 1]! : 1;
  }

  error(expected: string, line = this.line): ModelFormatError {
    return new ModelFormatError(this.file, line, expected);
  }

  private next(expected: string): string {
    if (this.pos >= this.tokens.length) throw this.error(`unexpected end of file: expected ${expected}`);
    return this.tokens[this.pos++]!;
  }

  peek(): string | undefined {
    return this.tokens[this.pos];
  }

  word(expected: string): string {
    return this.next(expected);
  }

  /** An integer in [min, max]. */
  int(expected: string, min: number, max: number): number {
    const line = this.line;
    const t = this.next(expected);
    if (!INT_RE.test(t)) throw this.error(`expected ${expected}, found '${clip(t)}'`, line);
    const v = Number(t);
    if (!Number.isSafeInteger(v) || v < min || v > max)
      throw this.error(`expected ${expected} in range ${min}..${max}, found ${clip(t)}`, line);
    return v;
  }

  /** A finite non-negative number. */
  nonNegative(expected: string): number {
    const line = this.line;
    const t = this.next(expected);
    const v = FLOAT_RE.test(t) ? Number(t) : NaN;
    if (!Number.isFinite(v) || v < 0)
      throw this.error(`expected ${expected} (a finite non-negative number), found '${clip(t)}'`, line);
    return v === 0 ? 0 : v; // no -0
  }

  /** A finite number. */
  finite(expected: string): number {
    const line = this.line;
    const t = this.next(expected);
    const v = FLOAT_RE.test(t) ? Number(t) : NaN;
    if (!Number.isFinite(v)) throw this.error(`expected ${expected} (a finite number), found '${clip(t)}'`, line);
    return v;
  }

  expectEnd(): void {
    if (!this.done) throw this.error(`expected end of file, found '${clip(this.tokens[this.pos]!)}'`);
  }
}

export function clip(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}...` : s;
}

export function parseFiniteToken(t: string): number {
  return FLOAT_RE.test(t) ? Number(t) : NaN;
}

export function isIntToken(t: string): boolean {
  return INT_RE.test(t);
}

// A whitespace token reader that remembers line numbers, for the text model formats.
import { ModelFormatError } from '../errors.js';

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface TokenizeOptions {
  /** Treat `#` at the start of a token as a comment running to the end of the line. */
  hashComments?: boolean;
}

export class TokenReader {
  // Tokens as offsets into the text (no string per token until one is read): memory is 12 bytes
  // per token, not a sliced string and a boxed line each.
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private lineNos = new Int32Array(1024);
  /** Number of tokens. */
  readonly count: number;
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
    let count = 0;
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
      if (count === this.starts.length) this.grow();
      this.starts[count] = start;
      this.ends[count] = i;
      this.lineNos[count] = line;
      count++;
    }
    this.count = count;
    this.lastLine = text.length > 0 && text.endsWith('\n') ? line - 1 : line;
  }

  private grow(): void {
    const more = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.starts = more(this.starts);
    this.ends = more(this.ends);
    this.lineNos = more(this.lineNos);
  }

  /** Token k (0-based) as text. */
  token(k: number): string {
    return this.text.slice(this.starts[k]!, this.ends[k]!);
  }

  /** Line of token k. */
  lineAt(k: number): number {
    return this.lineNos[k]!;
  }

  get done(): boolean {
    return this.pos >= this.count;
  }

  /** Line of the next token (or of the end of file). */
  get line(): number {
    return this.pos < this.count ? this.lineNos[this.pos]! : Math.max(1, this.lastLine);
  }

  /** Line of the previously consumed token. */
  get prevLine(): number {
    return this.pos > 0 ? this.lineNos[this.pos - 1]! : 1;
  }

  error(expected: string, line = this.line): ModelFormatError {
    return new ModelFormatError(this.file, line, expected);
  }

  private next(expected: string): string {
    if (this.pos >= this.count) throw this.error(`unexpected end of file: expected ${expected}`);
    return this.token(this.pos++);
  }

  peek(): string | undefined {
    return this.pos < this.count ? this.token(this.pos) : undefined;
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
    if (!this.done) throw this.error(`expected end of file, found '${clip(this.token(this.pos))}'`);
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

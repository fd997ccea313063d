// The error type of the trace readers (VCD, commit log): file, line and what was expected.
import { UserError } from '../errors/index.js';

export class TraceParseError extends UserError {
  override name = 'TraceParseError';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: error: ${detail}`);
  }
}

/** The text without a leading UTF-8 byte-order mark (editors on Windows write one). */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

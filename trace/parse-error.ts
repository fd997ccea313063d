// The error type of the trace readers (VCD, commit log): file, line and what was expected.
import { escapeControls, UserError } from '../errors/index.js';

export class TraceParseError extends UserError {
  override name = 'TraceParseError';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: error: ${escapeControls(detail)}`);
  }
}

export { escapeControls };

/** `line:column` (1-based) of character offset `at`. */
export function lineColumn(text: string, at: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `${line}:${at - start + 1}`;
}

/** The text without a leading UTF-8 byte-order mark (editors on Windows write one). */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

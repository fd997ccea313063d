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

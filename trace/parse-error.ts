// The error type of the trace readers (VCD, commit log): file, line and what was expected.

export class TraceParseError extends Error {
  override name = 'TraceParseError';
  readonly isUserError = true;
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: error: ${detail}`);
  }
}

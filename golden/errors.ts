// Error types of the golden/ library. All extend UserError, so the CLI reports them as
// `error: message` and exits 1 without a stack trace.
import { UserError } from '../errors/index.js';

/** Malformed model, evidence or parity-check input: names the file, the 1-based line and what was expected. */
export class ModelFormatError extends UserError {
  override name = 'ModelFormatError';
  readonly file: string;
  readonly line: number;
  readonly column: number | undefined;
  /** What was expected (the message without the `file:line:` prefix). */
  readonly expected: string;

  constructor(file: string, line: number, expected: string, column?: number) {
    super(`${file}:${line}${column !== undefined ? `:${column}` : ''}: error: ${expected}`);
    this.file = file;
    this.line = line;
    this.column = column;
    this.expected = expected;
  }
}

/** Exact inference refused: an intermediate table would exceed the configured size limit. */
export class ExactTooLargeError extends UserError {
  override name = 'ExactTooLargeError';
  constructor(
    readonly tableSize: number,
    readonly limit: number,
    what = 'a clique table',
  ) {
    super(
      `exact inference refused: ${what} would have ${tableSize} entries (limit ${limit}); ` +
        'the model treewidth is too large for variable elimination (use --method bp)',
    );
  }
}

/** The model has no configuration of non-zero weight (Z = 0), e.g. contradictory evidence. */
export class ZeroPartitionError extends UserError {
  override name = 'ZeroPartitionError';
  constructor(detail = 'every configuration has weight 0 (Z = 0); the evidence contradicts the model') {
    super(`inconsistent model: ${detail}`);
  }
}

/** A factor whose dense table would exceed the one table limit (MAX_READ_TABLE_SIZE entries). */
export class TableTooLargeError extends UserError {
  override name = 'TableTooLargeError';
  constructor(
    readonly what: string,
    readonly log2Entries: number,
    readonly log2Limit: number,
  ) {
    super(`${what} needs a dense table of 2^${log2Entries} entries; the limit is 2^${log2Limit} entries (degree at most ${log2Limit} for binary variables)`);
  }
}

// The sweep's user-facing errors: a bad spec names the file, the field and (when known) its line.
import { UserError } from '../errors/index.js';

/** A sweep spec that does not say what it must: `file:line:col: field: what was expected`. */
export class SweepSpecError extends UserError {
  override name = 'SweepSpecError';
  constructor(
    readonly file: string,
    readonly field: string,
    readonly detail: string,
    readonly line?: number,
    readonly col?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}:${col ?? 1}` : ''}: ${field}: ${detail}`);
  }
}

/** A point that could not run (the model does not fit, a fault, …): reported in the row, not thrown. */
export class PointError extends UserError {
  override name = 'PointError';
}

/** A local worker process died or could not start (killed, out of memory, a bad V8 flag): the sweep stops; a rerun resumes. */
export class PoolError extends UserError {
  override name = 'PoolError';
}

// The runtime's user-facing error.
import { UserError } from '../errors/index.js';

/** The model does not fit the machine (scratchpad too small, arity too large …). */
export class CompileError extends UserError {
  override name = 'CompileError';
}

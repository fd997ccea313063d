// Typed errors of the float LDPC decoder.
import { UserError } from '../../errors/index.js';

/** A channel LLR that is not a finite number: names the frame and the bit (both 0-based). */
export class LdpcInputError extends UserError {
  override name = 'LdpcInputError';
  constructor(
    readonly frame: number,
    readonly bit: number,
    readonly value: number,
  ) {
    super(`channel LLR of frame ${frame}, bit ${bit} is ${value}; expected a finite number (LLR = ln p(0)/p(1))`);
  }
}

/** Bad decoder options or array sizes: names the field and what was expected. */
export class LdpcOptionError extends UserError {
  override name = 'LdpcOptionError';
  constructor(
    readonly field: string,
    readonly expected: string,
    found: unknown,
  ) {
    super(`LDPC decoder option '${field}': expected ${expected}, found ${String(found)}`);
  }
}

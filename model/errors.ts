// Typed errors of the modelling layer: each names the variable or factor it is about.
import { UserError } from '../errors/index.js';

/** A mistake in a model built in code (bad domain, bad scope, unknown name, bad option). */
export class ModelError extends UserError {
  override name = 'ModelError';
  /** The variable, factor or option the error is about, e.g. `variable 'x'`, `factor 'f3'`. */
  readonly subject: string;
  constructor(subject: string, message: string) {
    super(`${subject}: ${message}`);
    this.subject = subject;
  }
}

// A variable of a model: a name, a domain and its id in the model that created it.
import type { Domain, Value } from './domain.js';
import { ModelError } from './errors.js';

export class Var {
  /** @internal Built only by Model. */
  constructor(
    readonly name: string,
    readonly domain: Domain,
    /** Index in the model's variable list (also the id in the lowered FactorGraph). */
    readonly id: number,
    /** @internal The model that owns it (scopes may not mix models). */
    readonly owner: object,
  ) {}

  get size(): number {
    return this.domain.values.length;
  }

  /** The state index of a value (ModelError if the value is not in the domain). */
  stateOf(value: Value): number {
    const k = this.domain.values.indexOf(value);
    if (k < 0) throw new ModelError(`variable '${this.name}'`, `value ${JSON.stringify(value)} is not in its domain`);
    return k;
  }
}

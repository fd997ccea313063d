// Results by variable name.
import type { Value } from './domain.js';
import { ModelError } from './errors.js';
import type { SolverKind } from './options.js';
import type { Var } from './variable.js';

export interface SolveStats {
  solver: SolverKind;
  semiring: 'sum-product' | 'max-product';
  /** Natural log of Z (exact; BP: Bethe estimate), or null where the solver has none. */
  logZ: number | null;
  converged: boolean;
  iterations: number;
  /** Chip only: simulated cycles; null otherwise. */
  cycles: number | null;
}

export class Solution {
  /** @internal Built by solve(). */
  constructor(
    private readonly vars: readonly Var[],
    private readonly probs: readonly ArrayLike<number>[],
    private readonly states: Int32Array,
    readonly stats: SolveStats,
  ) {}

  private find(v: string | Var): Var {
    const name = typeof v === 'string' ? v : v.name;
    const found = this.vars.find((x) => x.name === name);
    if (!found) throw new ModelError(`variable '${name}'`, 'not in the solved model');
    return found;
  }

  /** Probabilities in state order (max-marginals under max-product). */
  belief(v: string | Var): number[] {
    return Array.from(this.probs[this.find(v).id]!);
  }

  /** Probability of each value, keyed by the value. */
  marginal(v: string | Var): Record<string, number> {
    const x = this.find(v);
    const out: Record<string, number> = {};
    x.domain.values.forEach((val, k) => (out[String(val)] = this.probs[x.id]![k]!));
    return out;
  }

  /** The decoded value: the MAP assignment's under max-product, else the most probable value. */
  value(v: string | Var): Value {
    const x = this.find(v);
    return x.domain.values[this.states[x.id]!]!;
  }

  /** Every variable's decoded value by name. */
  assignment(): Record<string, Value> {
    const out: Record<string, Value> = {};
    for (const x of this.vars) out[x.name] = x.domain.values[this.states[x.id]!]!;
    return out;
  }

  /** Every variable's marginal by name (value → probability). */
  marginals(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const x of this.vars) out[x.name] = this.marginal(x);
    return out;
  }
}

/** The most probable state of each distribution (ties: lowest state). */
export function argmaxStates(probs: readonly ArrayLike<number>[]): Int32Array {
  return Int32Array.from(probs, (p) => {
    let k = 0;
    for (let j = 1; j < p.length; j++) if (p[j]! > p[k]!) k = j;
    return k;
  });
}

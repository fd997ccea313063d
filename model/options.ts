// Solver choice and options, set on the model (Dimple's setSolver / setOption).
import { ModelError } from './errors.js';

export type SolverKind = 'bp' | 'exact' | 'gibbs' | 'chip';

export interface SolverOptions {
  /** 'sum-product' marginals (default) or 'max-product' (max-marginals and a MAP assignment). */
  semiring?: 'sum-product' | 'max-product';
  /** BP and chip schedule. Default 'flooding'. */
  schedule?: 'flooding' | 'sequential' | 'residual';
  /** Damping in [0, 1). Default 0. */
  damping?: number;
  /** BP and chip iteration cap. Default 1000 (BP), 100 (chip). */
  iterations?: number;
  /** Convergence tolerance (BP: max belief change; chip: nats). */
  tolerance?: number;
  /** Chip message width in bits (8..16). Default: the machine config's. */
  bits?: number;
  /** Chip PEs. Default 16. */
  pes?: number;
  /** Gibbs options. */
  seed?: number;
  burnIn?: number;
  samples?: number;
  restarts?: number;
  initialTemperature?: number;
}

const SOLVERS: readonly SolverKind[] = ['bp', 'exact', 'gibbs', 'chip'];

/** Reject a bad solver or option as soon as it is set. */
export function checkSolver(solver: string, o: SolverOptions): void {
  if (!SOLVERS.includes(solver as SolverKind)) throw new ModelError('solver', `expected one of ${SOLVERS.join(', ')}, got '${solver}'`);
  const bad = (name: string, want: string, got: unknown): never => {
    throw new ModelError(`option '${name}'`, `expected ${want}, got ${String(got)}`);
  };
  if (o.semiring !== undefined && o.semiring !== 'sum-product' && o.semiring !== 'max-product') bad('semiring', "'sum-product' or 'max-product'", o.semiring);
  if (o.schedule !== undefined && !['flooding', 'sequential', 'residual'].includes(o.schedule)) bad('schedule', 'flooding, sequential or residual', o.schedule);
  if (o.damping !== undefined && !(o.damping >= 0 && o.damping < 1)) bad('damping', 'a number in [0, 1)', o.damping);
  if (o.tolerance !== undefined && !(o.tolerance >= 0)) bad('tolerance', 'a number >= 0', o.tolerance);
  if (o.bits !== undefined && !(Number.isInteger(o.bits) && o.bits >= 8 && o.bits <= 16)) bad('bits', 'an integer in 8..16', o.bits);
  for (const k of ['iterations', 'burnIn', 'samples', 'restarts', 'seed'] as const) {
    const x = o[k];
    if (x !== undefined && !(Number.isSafeInteger(x) && x >= 0)) bad(k, 'a non-negative integer', x);
  }
  if (o.pes !== undefined && !(Number.isInteger(o.pes) && o.pes >= 1 && o.pes <= 4096)) bad('pes', 'an integer in 1..4096', o.pes);
  if (o.initialTemperature !== undefined && !(o.initialTemperature >= 1 && Number.isFinite(o.initialTemperature)))
    bad('initialTemperature', 'a finite number >= 1', o.initialTemperature);
}

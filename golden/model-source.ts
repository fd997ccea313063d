// A factor graph that can be visited factor by factor without being held in memory: what the
// streaming writers (formats/*.ts `write…To`) read, so `gp5sim generate` can write a 12M-factor
// grid with memory proportional to one factor. A `FactorGraph` becomes one with `graphSource`.
import type { FactorGraph, FactorStructure } from './model.js';

export interface ModelSource {
  readonly nVars: number;
  readonly nFactors: number;
  card(v: number): number;
  /** Display name, or undefined. */
  name(v: number): string | undefined;
  /**
   * Calls `visit` once per factor in id order; may be called again and visits the same factors.
   * `scope` and `table` (first-fastest) may be reused between calls: do not keep them.
   * `structure` is the factor's marker (model.ts), when it has one.
   */
  forEachFactor(visit: (scope: readonly number[], table: Float64Array, structure?: FactorStructure) => void): void;
}

/** A model source over an in-memory graph. */
export function graphSource(g: FactorGraph): ModelSource {
  return {
    nVars: g.variables.length,
    nFactors: g.factors.length,
    card: (v) => g.variables[v]!.card,
    name: (v) => g.variables[v]!.name,
    forEachFactor: (visit) => {
      for (const f of g.factors) visit(f.scope, f.table, f.structure);
    },
  };
}

/** Collect a writer's chunks into one string (the in-memory writers are this over a source). */
export function collectText(write: (out: (chunk: string) => void) => void): string {
  const parts: string[] = [];
  write((chunk) => parts.push(chunk));
  return parts.join('');
}

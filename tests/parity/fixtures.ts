// Shared by the parity suites (tests/parity, tests/runtime/parity-*): the mixed tree model and the
// word-for-word comparison of a chip run with golden's fixed-point reference.
import { parityFactor, type Factor, type FactorGraph, type FixedPointBp, type QuantizedGraph } from '../../golden/index.js';
import { chipFactorToVar, chipVarToFactor, type ChipRun, type CompiledProgram } from '../../runtime/index.js';

/** A tree mixing even and odd parity factors with dense ones (two-pass sequential order applies). */
export function mixedTree(): FactorGraph {
  const variables = [...Array.from({ length: 10 }, () => ({ card: 2 })), { card: 3 }, { card: 3 }];
  const factors: Factor[] = [
    parityFactor([0, 1, 2], 0),
    parityFactor([2, 3, 4], 1),
    parityFactor([4, 5], 0),
    { scope: [5, 10], table: Float64Array.of(1, 2, 3, 1, 2, 5) },
    { scope: [10, 11], table: Float64Array.of(4, 1, 1, 1, 4, 1, 1, 1, 4) },
    parityFactor([6, 7, 8, 9, 0], 1),
  ];
  const priors = [0.8, 0.3, 0.6, 0.55, 0.2, 0.9, 0.35, 0.7, 0.4, 0.65];
  priors.forEach((p, i) => factors.push({ scope: [i], table: Float64Array.of(p, 1 - p) }));
  factors.push({ scope: [11], table: Float64Array.of(0.2, 0.5, 0.3) });
  return { variables, factors };
}

/** How many messages (both directions) and beliefs of the chip run differ from the reference's. */
export function referenceMismatches(q: QuantizedGraph, prog: CompiledProgram, chip: ChipRun, ref: FixedPointBp): number {
  let mismatches = 0;
  const same = (a: Int32Array, b: Int32Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  for (let e = 0; e < q.nEdges; e++) {
    if (!same(chipFactorToVar(chip, prog, e), ref.factorToVar(q.edgeFactor[e]!, q.edgeVar[e]!))) mismatches++;
    if (!same(chipVarToFactor(chip, prog, e), ref.varToFactor(q.edgeVar[e]!, q.edgeFactor[e]!))) mismatches++;
  }
  const beliefs = ref.beliefEnergies();
  for (let i = 0; i < q.nVars; i++) if (!same(chip.beliefEnergies[i]!, beliefs[i]!)) mismatches++;
  return mismatches;
}

// Public surface of model/: a Dimple-style modelling layer over golden/ and runtime/.
export { ModelError } from './errors.js';
export { BIT, MAX_DOMAIN_SIZE, discreteDomain, rangeDomain, type Domain, type Value } from './domain.js';
export { Var } from './variable.js';
export { MAX_FUNCTION_TABLE, tableFromFunction, type FactorKind } from './builtins.js';
export { Model, type ModelFactor } from './graph.js';
export type { SolverKind, SolverOptions } from './options.js';
export { Solution, type SolveStats } from './solution.js';
export { solveModel } from './solve.js';
export { HmmStream, ChipHmmStream, soundEventScores, type HmmStreamOptions, type ChipStreamOptions, type FrameScores } from './stream.js';

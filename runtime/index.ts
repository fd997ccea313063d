// Public surface of runtime/: compile a factor graph onto the PE array, run it, read it back.
export { placeGraph, nodeWork, type Placement } from './placement.js';
export { estimateFit, estimateQuantizedFit, fitShapeOfGraph, checkFit, fitAdvice, STATUS_WORDS, type FitEstimate, type FitShape } from './fit.js';
export { REG, VREG, LDPC_REG } from './registers.js';
export { compileGraph, CompileError, type CompileOptions, type CompiledProgram, type MemoryMap, type RuntimeSchedule } from './compile.js';
export { toObject, toAssembly } from './program.js';
export { runOnChip, chipFactorToVar, chipVarToFactor, type ChipRun } from './execute.js';
export {
  laneBound,
  laneBoundOf,
  updateLaneOps,
  pairwiseDependencyBound,
  denseDependencyBound,
  iterationBound,
  checkCycles,
  exchangeCycles,
  resultDelay,
  type LaneBound,
  type DependencyBound,
  type IterationBound,
} from './lane-bound.js';
export { chooseFormat, clippingWarnings, type ChosenFormat } from './number-format.js';
export { inferOnChip, ExactCache, tvStats, withMessageBits, dampingLambda, defaultTolerance, type InferOptions, type InferResult, type ErrorStats } from './infer.js';
export { decodeLdpc, compileDecoder, awgnFrame, type LdpcOptions, type LdpcResult } from './ldpc.js';
export * from './ldpc/index.js';
export * from './pairwise/index.js';

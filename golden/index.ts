// Public surface of golden/: reference solvers and model formats. Other folders import only this file.
export { ModelFormatError, ExactTooLargeError, ZeroPartitionError, TableTooLargeError } from './errors.js';
export type { Variable, Factor, FactorGraph, FactorStructure } from './model.js';
export { detectParity, withParityMarker, parityFactor, parityConstraintTable, factorParity, bitParity } from './parity.js';
export { structuredParityFactors, countStructured, parityRule, parityFactorMessage, parityCap, DEFAULT_PARITY_PATH, type ParityPath } from './fixed-parity.js';
export {
  MAX_READ_TABLE_SIZE,
  tableSize,
  edgeCount,
  firstFastestStrides,
  lastFastestToFirstFastest,
  firstFastestToLastFastest,
  validateFactorGraph,
} from './model.js';
export type { UaiModel, Evidence, EvidenceEntry } from './formats/uai.js';
export { parseUai, writeUai, writeUaiTo, parseEvidence, applyEvidence, writeMar, writePr, parseMar, parsePr, formatG } from './formats/uai.js';
export type { FgModel } from './formats/fg.js';
export { parseFg, writeFg, writeFgTo } from './formats/fg.js';
export type { ParityCheckMatrix, ChannelEvidence } from './formats/alist.js';
export { parseAlist, parityFactorGraph, parityTable, readAlistGraph, addChannelFactors, MAX_PARITY_DEGREE } from './formats/alist.js';
export { parseJsonModel, writeJsonModel, writeJsonModelTo, JSON_FORMAT_NAME } from './formats/json.js';
export type { ModelSource } from './model-source.js';
export { graphSource } from './model-source.js';
export type { ModelFormat } from './files.js';
export { modelFormatOf, parseModel, readModelFile } from './files.js';
export type { Semiring, Schedule, BpOptions, BpResult, BpGraph } from './bp.js';
export { beliefPropagation, compileBpGraph, planSteps } from './bp.js';
export type { ExactOptions, ExactResult } from './exact.js';
export { exactInference, DEFAULT_MAX_TABLE_SIZE, DEFAULT_MAX_TOTAL_SIZE } from './exact.js';
export type { SolveMethod, SolveOptions, SolveResult, MapSolveOptions, MarginalSolveOptions, MapSolveResult } from './solve.js';
export { solve, formatSolveTable, isMapResult } from './solve.js';
export { Prng, mulberry32, NORMAL_MAX } from './prng.js';
export type { IsingGridOptions, RandomTreeOptions, HmmChainOptions, HmmChain } from './generators.js';
export { isingGrid, randomTree, hmmChain, isingSource, randomTreeSource, hmmSource, MAX_ISING_SIGMA } from './generators.js';
export type { Update, FixedSchedule, ChipSchedule, GraphShape, ScheduleScope } from './schedules.js';
export { CHIP_SCHEDULES, floodingSchedule, sequentialSchedule, treeSchedule, fixedOrderSchedule, scheduleUpdates, libdaiUpdates } from './schedules.js';
export type { QuantizedGraph, FixedPointBpOptions, FixedRunResult, FixedBpOptions, FixedBpResult } from './fixed-bp.js';
export { quantizeGraph, edgeIndex, FixedPointBp, fixedPointBp, type ClippedRange } from './fixed-bp.js';
export { ResidualGatedBp } from './fixed-residual.js';
export type { FloatScheduleOptions, FloatScheduleResult } from './float-schedule-bp.js';
export { FloatScheduleBp } from './float-schedule-bp.js';
export * from './ldpc-float/index.js';
export * from './ldpc-native/index.js';
export type { MarginalScores } from './score.js';
export { scoreMarginals, log10ZError, ScoreInputError, SUM_TOLERANCE } from './score.js';
export { eliminationOrder } from './exact.js';
export type { GibbsOptions, GibbsResult } from './gibbs.js';
export { gibbsSampling } from './gibbs.js';
export type { ExactMapOptions, ExactMapResult } from './map.js';
export { exactMap } from './map.js';
export { ldpcEdges, decodeLdpcFixed, ldpcCaps, quantizeChannel, type LdpcCaps, type LdpcEdges, type LdpcFixedOptions, type LdpcDecodeResult } from './ldpc-fixed/index.js';
export { PairwiseFixedBp, pairwiseUpdateOps, pairwiseEligible, graphIsBinaryPairwise, pairwiseTableWords, variablePriorLlr, otherEdge, type PairwiseFixedOptions } from './pairwise-fixed.js';

// Public surface of golden/: reference solvers and model formats. Other folders import only this file.
export { ModelFormatError, ExactTooLargeError, ZeroPartitionError } from './errors.js';
export type { Variable, Factor, FactorGraph } from './model.js';
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
export { parseUai, parseEvidence, applyEvidence, writeMar, writePr, parseMar, parsePr, formatG } from './formats/uai.js';
export type { FgModel } from './formats/fg.js';
export { parseFg, writeFg } from './formats/fg.js';
export type { ParityCheckMatrix, ChannelEvidence } from './formats/alist.js';
export { parseAlist, parityFactorGraph, parityTable, readAlistGraph, addChannelFactors, MAX_PARITY_DEGREE } from './formats/alist.js';
export { parseJsonModel, writeJsonModel, JSON_FORMAT_NAME } from './formats/json.js';
export type { ModelFormat } from './files.js';
export { modelFormatOf, parseModel, readModelFile } from './files.js';
export type { Semiring, Schedule, BpOptions, BpResult, BpGraph } from './bp.js';
export { beliefPropagation, compileBpGraph } from './bp.js';
export type { ExactOptions, ExactResult } from './exact.js';
export { exactInference, DEFAULT_MAX_TABLE_SIZE, DEFAULT_MAX_TOTAL_SIZE } from './exact.js';
export type { SolveMethod, SolveOptions, SolveResult } from './solve.js';
export { solve, formatSolveTable } from './solve.js';
export { Prng, mulberry32 } from './prng.js';
export type { IsingGridOptions, RandomTreeOptions, HmmChainOptions, HmmChain } from './generators.js';
export { isingGrid, randomTree, hmmChain } from './generators.js';
export type { Update, FixedSchedule, GraphShape } from './schedules.js';
export { floodingSchedule, sequentialSchedule, treeSchedule, fixedOrderSchedule, scheduleUpdates } from './schedules.js';
export type { QuantizedGraph, FixedPointBpOptions, FixedRunResult, FixedBpOptions, FixedBpResult } from './fixed-bp.js';
export { quantizeGraph, edgeIndex, FixedPointBp, fixedPointBp } from './fixed-bp.js';
export { ResidualGatedBp } from './fixed-residual.js';
export { ldpcEdges, decodeLdpcFixed, ldpcCaps, quantizeChannel, type LdpcCaps, type LdpcEdges, type LdpcFixedOptions, type LdpcDecodeResult } from './ldpc-fixed/index.js';

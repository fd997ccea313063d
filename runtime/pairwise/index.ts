// The binary pairwise LLR path: every variable binary, every factor unary or pairwise, flooding or sequential.
export { placePairwise, type PairwisePlacement } from './placement.js';
export { layoutPairwise, type PairwiseLayout, type DegreeGroup } from './layout.js';
export { compilePairwise, type PairwiseProgram, type PairwiseOptions } from './program.js';
export { compilePairwiseSequential, placeByLevel, sequentialPacking, PAIRWISE_SEQUENTIAL_MIN_PES, PAIRWISE_SEQUENTIAL_MIN_WIDTH } from './sequential.js';
export { runPairwise, chipPairwiseMessages, pairwiseAssembly, pairwiseObject, type PairwiseRun } from './run.js';
export { pairwiseUpdateLevels, type UpdateLevels } from './levels.js';
export { estimatePairwiseFit, PAIRWISE_WORDS_PER_EDGE } from './fit.js';

// Will a binary pairwise model fit on the pairwise path? Counted from the graph alone, like the
// dense estimate (fit.ts), so a model far too large is refused at once: per variable its prior and
// belief words, per edge (one directed message) m, n, the pfu source address and 4 table words.
// Send buffers and pfu descriptors are not counted (a lower bound).
import { scratchpadWords, PD, type MachineConfig } from '../../isa/index.js';
import type { FactorGraph } from '../../golden/index.js';
import { STATUS_WORDS, type FitEstimate } from '../fit.js';

/** Words per directed message: m, n, the source address and the table words. */
export const PAIRWISE_WORDS_PER_EDGE = 3 + PD.perLane;

export function estimatePairwiseFit(g: FactorGraph, cfg: MachineConfig): FitEstimate {
  let edges = 0;
  for (const a of g.factors) if (a.scope.length === 2) edges += 2;
  const total = 2 * g.variables.length + PAIRWISE_WORDS_PER_EDGE * edges;
  const limitWords = scratchpadWords(cfg);
  const perPeWords = STATUS_WORDS + Math.ceil(total / cfg.pes);
  return { totalWords: total, perPeWords, limitWords, fits: perPeWords <= limitWords, nodes: g.variables.length };
}

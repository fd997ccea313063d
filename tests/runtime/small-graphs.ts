// Hand-sized graphs whose lane and dependency bounds the runtime tests count out by hand.
import type { FactorGraph } from '../../golden/index.js';

/** Two binary variables with priors and one pairwise factor, plus a ternary variable on a second factor. */
export const MIXED_SMALL: FactorGraph = {
  variables: [{ card: 2 }, { card: 2 }, { card: 3 }],
  factors: [
    { scope: [0], table: Float64Array.from([0.3, 0.7]) },
    { scope: [1], table: Float64Array.from([0.6, 0.4]) },
    { scope: [0, 1], table: Float64Array.from([2, 1, 1, 2]) },
    { scope: [1, 2], table: Float64Array.from([1, 2, 3, 4, 5, 6]) },
  ],
};

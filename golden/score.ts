// UAI-competition-style scores of approximate marginals against reference marginals (and of a
// log10 Z against a reference one). Pure: inputs are parsed .MAR/.PR contents.
import { UserError } from '../errors/index.js';

/** The two inputs cannot be scored against each other (different variables, bad distributions). */
export class ScoreInputError extends UserError {
  override name = 'ScoreInputError';
}

export interface MarginalScores {
  variables: number;
  /** Total variation ½ Σ|p − q| per variable: max and mean over variables. */
  maxTV: number;
  meanTV: number;
  /** Hellinger distance √(½ Σ (√p − √q)²): max and mean. */
  maxHellinger: number;
  meanHellinger: number;
  /** KL(reference ‖ result) in nats: max and mean (Infinity when the result gives 0 where the reference does not). */
  maxKL: number;
  meanKL: number;
  /** The variable with the largest total variation. */
  worstVariable: number;
}

/** Marginals of the files must sum to 1 within this (six printed digits per entry). */
export const SUM_TOLERANCE = 1e-3;

function checkDistribution(m: ArrayLike<number>, v: number, file: string): number {
  let s = 0;
  for (let j = 0; j < m.length; j++) {
    const p = m[j]!;
    if (!(p >= 0 && p <= 1 + SUM_TOLERANCE)) throw new ScoreInputError(`${file}: variable ${v}: entry ${j} is ${p}, expected a probability 0 … 1`);
    s += p;
  }
  if (Math.abs(s - 1) > SUM_TOLERANCE) throw new ScoreInputError(`${file}: variable ${v}: the marginal sums to ${s.toPrecision(6)}, expected 1 (± ${SUM_TOLERANCE})`);
  return s;
}

/**
 * Score `result` against `reference` (one distribution per variable, same variables and
 * cardinalities). Each distribution is normalised by its sum first, so printed rounding does not count.
 */
export function scoreMarginals(
  result: readonly ArrayLike<number>[],
  reference: readonly ArrayLike<number>[],
  files: { result: string; reference: string } = { result: 'result', reference: 'reference' },
): MarginalScores {
  if (result.length !== reference.length) {
    throw new ScoreInputError(`${files.result} has ${result.length} variables but ${files.reference} has ${reference.length}`);
  }
  if (result.length === 0) throw new ScoreInputError(`${files.reference}: no variables to score`);
  let maxTV = 0, sumTV = 0, maxH = 0, sumH = 0, maxKL = 0, sumKL = 0, worst = 0;
  for (let v = 0; v < result.length; v++) {
    const p = result[v]!, q = reference[v]!;
    if (p.length !== q.length) throw new ScoreInputError(`variable ${v} has ${p.length} states in ${files.result} but ${q.length} in ${files.reference}`);
    const sp = checkDistribution(p, v, files.result), sq = checkDistribution(q, v, files.reference);
    let tv = 0, h = 0, kl = 0;
    for (let j = 0; j < p.length; j++) {
      const a = p[j]! / sp, b = q[j]! / sq;
      tv += Math.abs(a - b);
      h += (Math.sqrt(a) - Math.sqrt(b)) ** 2;
      if (b > 0) kl += a > 0 ? b * Math.log(b / a) : Infinity;
    }
    tv /= 2;
    h = Math.sqrt(h / 2);
    kl = Math.max(0, kl); // rounding can leave -1e-17
    if (tv > maxTV) (maxTV = tv), (worst = v);
    sumTV += tv;
    maxH = Math.max(maxH, h);
    sumH += h;
    maxKL = Math.max(maxKL, kl);
    sumKL += kl;
  }
  const n = result.length;
  return { variables: n, maxTV, meanTV: sumTV / n, maxHellinger: maxH, meanHellinger: sumH / n, maxKL, meanKL: sumKL / n, worstVariable: worst };
}

/** Absolute error of a log10 Z estimate against the reference log10 Z. */
export function log10ZError(result: number, reference: number): number {
  return Math.abs(result - reference);
}

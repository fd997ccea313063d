// How far the chip's marginals are from a reference, and the convergence tolerance it is judged by.
import type { FixedFormat } from '../isa/index.js';
import type { ErrorStats } from './infer.js';

export function tvStats(a: ArrayLike<ArrayLike<number>>, b: ArrayLike<ArrayLike<number>>): ErrorStats {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    let tv = 0;
    for (let c = 0; c < a[i].length; c++) tv += Math.abs(a[i][c] - b[i][c]);
    tv /= 2;
    if (tv > max) max = tv;
    sum += tv;
  }
  return { maxTV: max, meanTV: a.length ? sum / a.length : 0 };
}

/** One max* table bucket in nats: the default convergence tolerance on the chip. */
export function defaultTolerance(f: FixedFormat): number {
  return 2 ** f.shift / f.scale;
}


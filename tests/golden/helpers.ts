// Shared helpers for the golden tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of a file in ../shared/data (beside the repository). */
export function dataPath(rel: string): string {
  return fileURLToPath(new URL(`../../../shared/data/${rel}`, import.meta.url));
}

export function readData(rel: string): string {
  return readFileSync(dataPath(rel), 'utf8');
}

/** Total-variation distance 0.5 * L1 between two distributions. */
export function tv(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return 0.5 * s;
}

/** Whether `x` equals the printed decimal `printed` to its printed digits (half a unit in the last place). */
export function matchesPrinted(x: number, printed: string): boolean {
  const v = Number(printed);
  if (v === 0) return Math.abs(x) < 1e-12;
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(printed.trim());
  if (!m) throw new Error(`not a number: ${printed}`);
  const decimals = (m[2] ?? '').length;
  const exp = m[3] ? Number(m[3]) : 0;
  const halfUlp = 0.5 * Math.pow(10, exp - decimals);
  return Math.abs(x - v) <= halfUlp * (1 + 1e-9) + 1e-15;
}

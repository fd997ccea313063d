// Warnings a run reports: text mode prints them on stderr, --json carries them as a `warnings` field.
import { colours } from './io.js';

/** "1 iteration", "2 iterations": a count with its noun, plural right. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The non-convergence warning of infer and solve (change in nats; null when no iteration ran). */
export function nonConvergenceWarning(what: string, iterations: number, lastChange: number | null): string {
  const change = lastChange === null || iterations === 0 ? 'n/a' : lastChange.toExponential(3);
  return `${what} did not converge after ${plural(iterations, 'iteration')} (last max change ${change}); the marginals are not a fixed point (raise --max-iter, add --damping, or pass --strict to fail)`;
}

export function printWarnings(warnings: readonly string[]): void {
  const c = colours(process.stderr);
  for (const w of warnings) process.stderr.write(`${c.yellow('warning:')} ${w}\n`);
}

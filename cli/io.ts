// Shared helpers for the CLI shells: exit codes, error reporting, colour.
import { Chalk, type ChalkInstance } from 'chalk';

/** Exit code for a user error (bad input file, failed assembly, fault). */
export const EXIT_USER_ERROR = 1;
/** Exit code for a usage error (bad flags or arguments). */
export const EXIT_USAGE = 2;

/** An error the CLI reports as a usage error (exit 2) without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Whether colour should be used on a stream: respects NO_COLOR and TTY detection. */
export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY);
}

export function colours(stream: NodeJS.WriteStream = process.stdout): ChalkInstance {
  return new Chalk({ level: useColour(stream) ? 1 : 0 });
}

/**
 * Run a command body; known user errors print `error: message` and exit 1,
 * usage errors exit 2. Unknown exceptions are bugs and keep their stack.
 */
export async function runCommand(body: () => Promise<number | void> | number | void): Promise<void> {
  try {
    const code = await body();
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (err) {
    const c = colours(process.stderr);
    if (err instanceof UsageError) {
      process.stderr.write(`${c.red('error:')} ${err.message}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    // Library errors mark themselves with `isUserError = true` (each folder has its own class,
    // so the CLI checks the flag rather than importing every class).
    if (err instanceof Error && (err as { isUserError?: boolean }).isUserError) {
      process.stderr.write(`${c.red('error:')} ${err.message}\n`);
      process.exitCode = EXIT_USER_ERROR;
      return;
    }
    // File-system errors (missing file, a directory, no permission …) are the user's to fix.
    if (err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string' && typeof (err as NodeJS.ErrnoException).code === 'string') {
      process.stderr.write(`${c.red('error:')} ${err.message}\n`);
      process.exitCode = EXIT_USER_ERROR;
      return;
    }
    throw err;
  }
}

/** Parse a numeric flag; a bad value is a usage error naming the flag and what was expected. */
export function numberFlag(flag: string, text: string, ok: (x: number) => boolean, what: string): number {
  const x = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(x) || !ok(x)) throw new UsageError(`${flag} expects ${what}, got '${text}'`);
  return x;
}

/** Parse an integer flag in [lo, hi] (undefined stays undefined). */
export function intFlag(flag: string, text: string | undefined, lo: number, hi: number): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!(n >= lo && n <= hi)) throw new UsageError(`${flag} expects an integer ${lo} … ${hi}, got '${text}'`);
  return n;
}

// Shared helpers for the CLI shells: exit codes, error reporting, colour.
import { Chalk, type ChalkInstance } from 'chalk';
import { UserError } from '../errors/index.js';
import { formatErrorMessage, fsErrorMessage, isFsError } from './error-text.js';

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

/** Exit code of `--strict` when belief propagation did not converge. */
export const EXIT_NOT_CONVERGED = 3;
/** Exit codes of a run ended by Ctrl-C (SIGINT) or SIGTERM: the shell's 128 + signal number. */
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

/** The exit-status paragraph every --help shows (one text, so the commands agree). */
export function exitCodesHelp(extra = ''): string {
  return (
    `Exit status: 0 success; 1 error in an input or a failed run (reported as file:line:col: error: …);\n` +
    `  2 usage error${extra}; ${EXIT_SIGINT} interrupted (Ctrl-C), ${EXIT_SIGTERM} terminated.\n` +
    'Every file argument and -o accept - for standard input or output.'
  );
}

let stdioGuarded = false;

/**
 * A closed pipe on stdout (`| head -1`) ends the process quietly with exit 0; any other write error
 * (`> /dev/full`) is one line on stderr and exit 1. Installed once for every command.
 */
export function guardStdio(): void {
  if (stdioGuarded) return;
  stdioGuarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    try {
      process.stderr.write(formatErrorMessage(fsErrorMessage(err, 'standard output', 'write'), colours(process.stderr)));
    } finally {
      process.exit(EXIT_USER_ERROR);
    }
  });
  process.stderr.on('error', () => process.exit(process.exitCode === undefined ? EXIT_USER_ERROR : Number(process.exitCode)));
}

function reportError(err: unknown): number {
  const c = colours(process.stderr);
  if (err instanceof UsageError) {
    process.stderr.write(formatErrorMessage(err.message, c));
    return EXIT_USAGE;
  }
  if (err instanceof UserError) {
    process.stderr.write(formatErrorMessage(err.message, c));
    return EXIT_USER_ERROR;
  }
  // A file-system error that escaped the readers in files.ts: still the user's to fix.
  if (isFsError(err)) {
    process.stderr.write(formatErrorMessage(fsErrorMessage(err, undefined, 'access'), c));
    return EXIT_USER_ERROR;
  }
  throw err;
}

/**
 * Run a command body: user errors print once as `[file:line:col: ]error: message` and exit 1,
 * usage errors exit 2. Unknown exceptions are bugs and keep their stack.
 */
export async function runCommand(body: () => Promise<number | void> | number | void): Promise<void> {
  guardStdio();
  try {
    const code = await body();
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (err) {
    process.exitCode = reportError(err);
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
  if (!(n >= lo && n <= hi)) throw new UsageError(`${flag} expects ${integerRange(lo, hi)}, got '${text}'`);
  return n;
}

/** A human range: "an integer 1 … 64", "an integer 0 … 2^31", or "an integer of at least 1" when the cap is only a safety bound. */
export function integerRange(lo: number, hi: number): string {
  if (hi >= Number.MAX_SAFE_INTEGER) return `an integer of at least ${lo}`;
  const k = Math.log2(hi);
  return `an integer ${lo} … ${Number.isInteger(k) && k >= 20 ? `2^${k}` : hi}`;
}

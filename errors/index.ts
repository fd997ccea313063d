// The one base of every user-facing error (bad input file, bad config, failed compile, …).
// Depends on nothing, so every folder — golden included — may extend it; the CLI catches it once,
// prints `error: message` without a stack trace and exits 1.

/** A mistake in what the user gave us (not a bug): reported as `error: message`, exit 1. */
export class UserError extends Error {
  /** Kept for older checks that test the flag instead of the class. */
  readonly isUserError = true;
  override name = 'UserError';
}

/** Whether `err` is a user-facing error (a UserError, or an error marked with `isUserError`). */
export function isUserError(err: unknown): err is Error {
  return err instanceof UserError || (err instanceof Error && (err as { isUserError?: unknown }).isUserError === true);
}

/**
 * Control characters from input (C0, DEL and C1), shown as \xNN so they cannot drive the terminal
 * when a message quotes a name, a path or a source line. `keep` lists characters left as they are
 * (a multi-line message keeps "\n", a source line keeps "\t").
 */
export function escapeControls(text: string, keep = ''): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (ch) => (keep.includes(ch) ? ch : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

// How the CLI prints an error: `file:line:col: error: message` once, control characters escaped.
import type { ChalkInstance } from 'chalk';
import { escapeControls } from '../errors/index.js';

/** Escape control characters from input (names, source lines, paths); newlines and tabs stay. */
export const escapeControl = (text: string): string => escapeControls(text, '\n\t');

// Readers put the position first: `FILE:LINE[:COL]: error: detail` (the library adds it once).
const POSITIONED = /^([^\n]*?:\d+(?::\d+)?): error: /;

/** One error line (or block): `error: message`, or `file:line:col: error: message` when the message has a position. */
export function formatErrorMessage(message: string, c: ChalkInstance): string {
  const text = escapeControl(message);
  const m = POSITIONED.exec(text);
  if (m) return `${m[1]}: ${c.red('error:')} ${text.slice(m[0].length)}\n`;
  return `${c.red('error:')} ${text}\n`;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory, expected a file',
  ENOTDIR: 'a component of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  EFBIG: 'file too large',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/** A file-system error as `PATH: cannot VERB: reason` (the path always named). */
export function fsErrorMessage(err: NodeJS.ErrnoException, path: string | undefined, verb: string): string {
  const reason = ERRNO_TEXT[err.code ?? ''] ?? `${err.code ?? 'error'}`;
  const where = path ?? err.path ?? 'file';
  return `${where}: cannot ${verb}: ${reason}`;
}

/** Whether a value is a Node file-system error (has a syscall and an errno code). */
export function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string' && typeof (err as NodeJS.ErrnoException).code === 'string';
}

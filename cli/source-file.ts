// Reading a text input the way every reader should: only regular files (a FIFO would hang,
// /dev/zero never ends), within a byte budget checked before reading, with the file's name in
// every message. Matches asm's SourceReader contract (code ENOENT when missing, EFBIG when too big).
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../errors/index.js';

function kindOf(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

export class SourceFileError extends UserError {
  override name = 'SourceFileError';
  constructor(
    message: string,
    readonly code: 'ENOENT' | 'ENOTREG' | 'EFBIG' | 'EACCES' | 'EIO',
  ) {
    super(message);
  }
}

function failRead(path: string, err: unknown): never {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') throw new SourceFileError(`${path}: no such file`, 'ENOENT');
  throw new SourceFileError(`${path}: cannot read (${code ?? String(err)})`, code === 'EACCES' ? 'EACCES' : 'EIO');
}

/** The bytes of a regular file of at most maxBytes bytes. */
export function readInputBytes(path: string, maxBytes: number): Uint8Array {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    failRead(path, err);
  }
  if (!st.isFile()) throw new SourceFileError(`${path}: is ${kindOf(st)}, expected a regular file`, 'ENOTREG');
  if (st.size > maxBytes) throw new SourceFileError(`${path}: ${st.size} bytes is more than the limit of ${maxBytes}`, 'EFBIG');
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (err) {
    failRead(path, err);
  }
}

const utf8 = new TextDecoder('utf-8');

/** The text of a regular file of at most maxBytes bytes (a leading BOM is left for the parser). */
export function readSourceFile(path: string, maxBytes: number): string {
  return utf8.decode(readInputBytes(path, maxBytes));
}

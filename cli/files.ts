// Every file the CLI reads or writes goes through here: `-` is stdin/stdout, only regular files are
// read (a FIFO or device would hang or never end), a UTF-8 BOM is dropped, errors name the file, and
// outputs are opened (and checked) before a long run and never onto an input.
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, writeSync, type Stats } from 'node:fs';
import { UserError } from '../errors/index.js';
import { fsErrorMessage, isFsError } from './error-text.js';

/** A file the CLI could not read or write (named in the message). */
export class FileError extends UserError {
  override name = 'FileError';
  /** The errno-style reason (ENOENT, EISDIR, …; ENOTREG for a pipe or device, EFBIG over the size limit). */
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Largest input read by default (V8's longest string is about 512 MiB). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024 - 64;

/** `-` names standard input or output. */
export const STDIO = '-';

function rethrowFs(err: unknown, path: string, verb: string): never {
  if (isFsError(err)) throw new FileError(fsErrorMessage(err, path === STDIO ? 'standard input' : path, verb), err.code);
  throw err;
}

// fd 0 may be a non-blocking pipe shared with another process (EAGAIN mid-read); /dev/stdin opens a
// fresh, blocking description of the same pipe or file. fd 0 is the fallback (e.g. a socket).
function readStdin(): Buffer {
  try {
    return readFileSync('/dev/stdin');
  } catch {
    return readFileSync(0);
  }
}

/** What a non-regular file is, for messages. */
function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * The bytes of an input file (`-`: all of stdin). Only regular files: pipes and devices are refused,
 * and so is a file of more than maxBytes (checked before reading).
 */
export function readInputBytes(path: string, maxBytes = MAX_INPUT_BYTES): Buffer {
  try {
    if (path === STDIO) return readStdin();
    // O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new FileError(`${path}: is a directory, expected a regular file`, 'EISDIR');
      if (!st.isFile()) throw new FileError(`${path}: is ${specialKind(st)}, expected a regular file (use - for standard input)`, 'ENOTREG');
      if (st.size > maxBytes) throw new FileError(`${path}: cannot read: ${st.size} bytes is more than the ${maxBytes} bytes read at most`, 'EFBIG');
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return rethrowFs(err, path, 'read');
  }
}

/** An input file as UTF-8 text without a leading byte-order mark. */
export function readInputText(path: string, maxBytes = MAX_INPUT_BYTES): string {
  const text = readInputBytes(path, maxBytes).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** An output being written: to a file descriptor (or stdout for `-`); write errors name the file. */
export interface Output {
  readonly path: string;
  /** Consumes the chunk before returning (a file: writeSync; stdout: a copy), so the caller may reuse its bytes. */
  write(chunk: string | Uint8Array): void;
  close(): void;
}

function identity(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** Refuse an output that is (by device and inode, so links and `./x` count) one of the inputs. */
export function refuseOverwritingInputs(outputs: (string | undefined)[], inputs: (string | undefined)[]): void {
  const ins = new Map<string, string>();
  for (const p of inputs) {
    if (p === undefined || p === STDIO) continue;
    const id = identity(p);
    if (id) ins.set(id, p);
  }
  for (const p of outputs) {
    if (p === undefined || p === STDIO) continue;
    const id = identity(p);
    const input = id ? ins.get(id) : undefined;
    if (input !== undefined) throw new FileError(`${p}: refusing to write over the input file ${input}`);
  }
}

// process.stdout may send a chunk later (a pipe, a TTY), so bytes are copied: callers reuse theirs.
const stdoutOutput: Output = { path: STDIO, write: (chunk) => void process.stdout.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk)), close: () => {} };

/** Open an output now (so a bad path fails before a long run); `-` is stdout. */
export function openOutput(path: string): Output {
  if (path === STDIO) return stdoutOutput;
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    return rethrowFs(err, path, 'write');
  }
  return {
    path,
    write(chunk) {
      try {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
      } catch (err) {
        rethrowFs(err, path, 'write');
      }
    },
    close() {
      try {
        closeSync(fd);
      } catch (err) {
        rethrowFs(err, path, 'write');
      }
    },
  };
}

/** Open every requested output (undefined entries stay undefined) after checking none is an input. */
export function openOutputs<K extends string>(outputs: Partial<Record<K, string>>, inputs: (string | undefined)[]): Partial<Record<K, Output>> {
  const paths = Object.values(outputs) as (string | undefined)[];
  refuseOverwritingInputs(paths, inputs);
  const opened: Partial<Record<K, Output>> = {};
  for (const [k, p] of Object.entries(outputs) as [K, string | undefined][]) if (p !== undefined) opened[k] = openOutput(p);
  return opened;
}

/** Write a whole output file at once (opened earlier with openOutput). */
export function writeAndClose(out: Output | undefined, content: string | Uint8Array): void {
  if (!out) return;
  out.write(content);
  out.close();
}

// Load a program for the simulator: an object file, or assembly source assembled in memory.
import { readFileSync } from 'node:fs';
import { assemble, AssemblyError, formatDiagnostics, parseObject, type ObjectFile } from '../asm/index.js';
import type { MachineConfig } from '../isa/index.js';
import { colours } from './io.js';
import { readInputBytes, readInputText } from './files.js';
import { UserError } from '../errors/index.js';

export class ProgramLoadFailed extends UserError {}

export function loadProgram(path: string, cfg: MachineConfig): ObjectFile {
  if (/\.gp5o$/i.test(path)) {
    const bytes = readInputBytes(path);
    return parseObject(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  }
  const source = readInputText(path);
  try {
    return assemble(source, {
      fileName: path,
      readFile: (p) => readFileSync(p, 'utf8'),
      messageBits: cfg.messageBits,
      fracBits: cfg.fracBits,
      unsignedMessages: cfg.unsignedMessages,
    }).object;
  } catch (err) {
    if (err instanceof AssemblyError) {
      const text = formatDiagnostics(err.diagnostics, err.sources, colours(process.stderr));
      throw new ProgramLoadFailed(`${path}: assembly failed\n${text.trimEnd()}`);
    }
    throw err;
  }
}

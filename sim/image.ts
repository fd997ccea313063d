// A program image: what each PE's instruction memory, scratchpad and the shared memory hold at
// reset, built from an object file and checked against the machine configuration.
import { SHARED_BASE, codeWords, scratchpadWords, sharedWords, type MachineConfig, type ObjectFile } from '../isa/index.js';
import { UserError } from '../errors/index.js';

export interface ProgramImage {
  /** Per PE: instruction memory words (index = pc). */
  code: Uint32Array[];
  /** Per PE: entry pc. */
  entry: number[];
  /** Per PE: initial scratchpad (length = scratchpad words). */
  scratchpad: Int32Array[];
  /** Initial shared memory (length = shared words). */
  shared: Int32Array;
  /** Label addresses by name (code and data), for reports. */
  symbols: Map<string, number>;
}

/** The object cannot run on this configuration; `isUserError` so the CLI reports it plainly. */
export class LoadError extends UserError {
  override name = 'LoadError';
}

export function loadImage(obj: ObjectFile, cfg: MachineConfig, source = 'object'): ProgramImage {
  const P = cfg.pes;
  if (obj.requirements.minPes > P) {
    throw new LoadError(`${source}: uses PE ${obj.requirements.minPes - 1} but the machine has ${P} PEs (use --config or --pes)`);
  }
  if (obj.requirements.messageBits !== cfg.messageBits || obj.requirements.fracBits !== cfg.fracBits) {
    throw new LoadError(
      `${source}: data was assembled for W=${obj.requirements.messageBits}, F=${obj.requirements.fracBits} but the machine has W=${cfg.messageBits}, F=${cfg.fracBits}`,
    );
  }
  const spmWords = scratchpadWords(cfg);
  const imemWords = codeWords(cfg);
  const codeLen = new Array<number>(P).fill(0);
  const targets = (pes: 'all' | number[]) => (pes === 'all' ? [...Array(P).keys()] : pes);
  for (const s of obj.sections) {
    if (s.pes !== 'all') {
      const bad = s.pes.find((pe) => !(Number.isInteger(pe) && pe >= 0 && pe < P));
      if (bad !== undefined) throw new LoadError(`${source}: section ${s.name} is for PE ${bad} but the machine has ${P} PEs (0 … ${P - 1})`);
    }
    if (s.space !== 'code') continue;
    if (s.origin < 0 || s.origin + s.words.length > imemWords) {
      throw new LoadError(
        `${source}: code section ${s.name} [${s.origin}, ${s.origin + s.words.length}) does not fit the ${imemWords}-word instruction memory (config codeBytes ${cfg.codeBytes})`,
      );
    }
    for (const pe of targets(s.pes)) codeLen[pe] = Math.max(codeLen[pe], s.origin + s.words.length);
  }
  const code = codeLen.map((n) => new Uint32Array(n));
  const written = codeLen.map((n) => new Uint8Array(n));
  const scratchpad = Array.from({ length: P }, () => new Int32Array(spmWords));
  const shared = new Int32Array(sharedWords(cfg));
  for (const s of obj.sections) {
    if (s.space === 'code') {
      for (const pe of targets(s.pes)) {
        for (let i = 0; i < s.words.length; i++) {
          if (written[pe][s.origin + i]) {
            throw new LoadError(`${source}: section ${s.name} overlaps other code of PE ${pe} at address ${s.origin + i}`);
          }
          written[pe][s.origin + i] = 1;
          code[pe][s.origin + i] = s.words[i];
        }
      }
    } else if (s.space === 'scratchpad') {
      if (s.origin < 0 || s.origin + s.words.length > spmWords) {
        throw new LoadError(`${source}: section ${s.name} [${s.origin}, ${s.origin + s.words.length}) does not fit the ${spmWords}-word scratchpad`);
      }
      for (const pe of targets(s.pes)) scratchpad[pe].set(new Int32Array(s.words.buffer, s.words.byteOffset, s.words.length), s.origin);
    } else {
      const off = s.origin - SHARED_BASE;
      if (off < 0 || off + s.words.length > shared.length) {
        throw new LoadError(`${source}: section ${s.name} does not fit shared memory [${SHARED_BASE}, ${SHARED_BASE + shared.length})`);
      }
      shared.set(new Int32Array(s.words.buffer, s.words.byteOffset, s.words.length), off);
    }
  }
  const entry = new Array<number>(P).fill(obj.entry);
  for (const [pe, pc] of obj.entryPerPe) if (pe >= 0 && pe < P) entry[pe] = pc;
  const symbols = new Map<string, number>();
  for (const sym of obj.symbols) if (sym.kind === 'label') symbols.set(sym.name, sym.value);
  return { code, entry, scratchpad, shared, symbols };
}

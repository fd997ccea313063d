// A program image: what each PE's instruction memory, scratchpad and the shared memory hold at
// reset, built from an object file and checked against the machine configuration.
import { SHARED_BASE, codeWords, messageCode, scratchpadWords, sharedWords, type MachineConfig, type ObjectFile } from '../isa/index.js';
import { UserError } from '../errors/index.js';

export interface ProgramImage {
  /**
   * Per PE: instruction memory words (index = pc); empty for a PE with no code, which is idle
   * (halted from reset). PEs whose code comes only from `all` sections share one array.
   */
  code: Uint32Array[];
  /** Per PE: entry pc. */
  entry: number[];
  /**
   * Per PE: the initialised prefix of the scratchpad, up to the end of its last data section (the
   * rest is zero); the simulator extends it to the full scratchpad on first use, so PEs with
   * little data cost little.
   */
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
  const objCode = messageCode(obj.requirements);
  if (objCode !== messageCode(cfg)) {
    throw new LoadError(`${source}: data was assembled for ${objCode} messages but the machine has ${messageCode(cfg)} (config unsignedMessages: ${cfg.unsignedMessages})`);
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
  if (codeLen.every((n) => n === 0)) throw new LoadError(`${source}: the program has no code: nothing to run`);
  const code = buildCode(obj, P, codeLen, source);
  const dataLen = new Array<number>(P).fill(0);
  for (const s of obj.sections) {
    if (s.space !== 'scratchpad') continue;
    if (s.origin < 0 || s.origin + s.words.length > spmWords) {
      throw new LoadError(`${source}: section ${s.name} [${s.origin}, ${s.origin + s.words.length}) does not fit the ${spmWords}-word scratchpad`);
    }
    for (const pe of targets(s.pes)) dataLen[pe] = Math.max(dataLen[pe], s.origin + s.words.length);
  }
  const noData = new Int32Array(0);
  const scratchpad = dataLen.map((n) => (n === 0 ? noData : new Int32Array(n)));
  const shared = new Int32Array(sharedWords(cfg));
  for (const s of obj.sections) {
    if (s.space === 'code') continue;
    if (s.space === 'scratchpad') {
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

/**
 * Instruction memories. Code from `all` sections is laid out once and shared by every PE that has
 * no code of its own, so a large machine running one program holds one copy.
 */
function buildCode(obj: ObjectFile, P: number, codeLen: number[], source: string): Uint32Array[] {
  let allLen = 0;
  for (const s of obj.sections) if (s.space === 'code' && s.pes === 'all') allLen = Math.max(allLen, s.origin + s.words.length);
  const own = new Uint8Array(P);
  for (const s of obj.sections) if (s.space === 'code' && s.pes !== 'all') for (const pe of s.pes) own[pe] = 1;
  const shared = new Uint32Array(allLen);
  const sharedWritten = new Uint8Array(allLen);
  const code = codeLen.map((n, pe) => (own[pe] ? new Uint32Array(n) : shared));
  const written = codeLen.map((n, pe) => (own[pe] ? new Uint8Array(n) : sharedWritten));
  const place = (name: string, origin: number, words: Uint32Array, pe: number, mem: Uint32Array, mark: Uint8Array) => {
    for (let i = 0; i < words.length; i++) {
      if (mark[origin + i]) throw new LoadError(`${source}: section ${name} overlaps other code of PE ${pe} at address ${origin + i}`);
      mark[origin + i] = 1;
      mem[origin + i] = words[i];
    }
  };
  for (const s of obj.sections) {
    if (s.space !== 'code') continue;
    if (s.pes !== 'all') {
      for (const pe of s.pes) place(s.name, s.origin, s.words, pe, code[pe], written[pe]);
      continue;
    }
    place(s.name, s.origin, s.words, 0, shared, sharedWritten);
    for (let pe = 0; pe < P; pe++) if (own[pe]) place(s.name, s.origin, s.words, pe, code[pe], written[pe]);
  }
  return code;
}

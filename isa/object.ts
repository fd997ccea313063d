// The GP5 object file: what gp5asm writes and the simulator loads. The binary layout is
// documented in OBJECT-FORMAT.md; serialisation and parsing live here so that asm/ (writer) and
// sim/ (loader) share one definition and depend only on isa/.
import { UserError } from '../errors/index.js';
import { SHARED_BASE } from './config.js';
import { MAX_UNSIGNED_MESSAGE_BITS } from './fixed.js';

/** Where a section's words go. */
export type SectionSpace = 'code' | 'scratchpad' | 'shared';

export interface ObjectSection {
  /** Section name as written in the source (for listings and diagnostics). */
  name: string;
  space: SectionSpace;
  /**
   * PEs that receive the section: 'all' for shared code and replicated data, else a list of PE ids.
   * Sections in 'shared' memory are loaded once (pes is 'all').
   */
  pes: 'all' | number[];
  /** Word address of words[0] in its space. */
  origin: number;
  words: Uint32Array;
}

export interface ObjectSymbol {
  name: string;
  value: number;
  /** 'label' for addresses, 'const' for .equ constants. */
  kind: 'label' | 'const';
  /** Section the label belongs to (labels only). */
  section?: string;
}

/** Machine properties the object was assembled for; the loader rejects a config that violates them. */
export interface ObjectRequirements {
  /** Highest PE id used by any section or entry point, plus one. */
  minPes: number;
  /** Message format that data directives converted probabilities/energies with. */
  messageBits: number;
  fracBits: number;
  /**
   * Message code of those conversions, as the config field: 0 signed, 1 unsigned (header flags
   * bit 0).
   */
  unsignedMessages: number;
}

export interface ObjectFile {
  version: number;
  requirements: ObjectRequirements;
  /** Entry pc for PEs not listed in entryPerPe. */
  entry: number;
  /** Per-PE entry points (PE id → pc). */
  entryPerPe: Map<number, number>;
  sections: ObjectSection[];
  symbols: ObjectSymbol[];
}

// ---- validity: one definition for the writer (assembler output) and the reader (object input) ----

/** Largest PE id a section or entry may name (the configuration allows at most 4096 PEs). */
export const MAX_PE_ID = 4095;

/** Word-address range [lo, hi) of each space. */
export const SPACE_LIMIT: Readonly<Record<SectionSpace, readonly [number, number]>> = {
  code: [0, 2 ** 32],
  scratchpad: [0, SHARED_BASE],
  shared: [SHARED_BASE, SHARED_BASE + (16 << 20) / 4],
};

const SPACE_DIRECTIVE: Record<SectionSpace, string> = { code: '.text', scratchpad: '.data', shared: '.shared' };

/** Canonical section name: the directive that selects it (`.text`, `.data pe=2`, `.text pe=0..3,7`). */
export function sectionName(space: SectionSpace, pes: 'all' | readonly number[]): string {
  const d = SPACE_DIRECTIVE[space];
  if (pes === 'all') return d;
  const parts: string[] = [];
  for (let i = 0; i < pes.length; ) {
    let j = i;
    while (j + 1 < pes.length && pes[j + 1] === pes[j] + 1) j++;
    if (j - i >= 2) parts.push(`${pes[i]}..${pes[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(pes[k]));
    i = j + 1;
  }
  return `${d} pe=${parts.join(',')}`;
}

/**
 * The `.format` directive that selects a message format (`.format W, F`, plus `, unsigned` for the
 * unsigned code); takes an object's requirements or a machine config. The disassembler and the
 * compiler's listings write it; the assembler's conflict messages quote it.
 */
export function formatDirective(r: Pick<ObjectRequirements, 'messageBits' | 'fracBits' | 'unsignedMessages'>): string {
  return `.format ${r.messageBits}, ${r.fracBits}${r.unsignedMessages === 1 ? ', unsigned' : ''}`;
}

/** Where a validity problem is: the header, or the index of an entry, section or symbol. */
export type ObjectPlace = { kind: 'header' } | { kind: 'entry'; index: number } | { kind: 'section'; index: number } | { kind: 'symbol'; index: number };

export interface ObjectProblem {
  place: ObjectPlace;
  message: string;
}

/**
 * The first way `obj` differs from anything the assembler can write, or null when it is valid.
 * serializeObject refuses an invalid object and parseObject rejects one, so a reader never accepts
 * what the writer cannot produce.
 */
export function validateObject(obj: ObjectFile): ObjectProblem | null {
  const header = (message: string): ObjectProblem => ({ place: { kind: 'header' }, message });
  const { minPes, messageBits, fracBits, unsignedMessages } = obj.requirements;
  if (!Number.isInteger(minPes) || minPes < 1 || minPes > MAX_PE_ID + 1) return header(`minPes ${minPes} is outside 1 … ${MAX_PE_ID + 1}`);
  if (messageBits < 8 || messageBits > 32) return header(`messageBits ${messageBits} is outside 8 … 32`);
  if (fracBits < 0 || fracBits > messageBits - 2) return header(`fracBits ${fracBits} is outside 0 … ${messageBits - 2}`);
  if (unsignedMessages !== 0 && unsignedMessages !== 1) return header(`unsignedMessages ${unsignedMessages} is not 0 (signed) or 1 (unsigned)`);
  if (unsignedMessages === 1 && messageBits > MAX_UNSIGNED_MESSAGE_BITS) {
    return header(`an unsigned message code needs messageBits ≤ ${MAX_UNSIGNED_MESSAGE_BITS}, got ${messageBits}`);
  }
  let index = 0;
  for (const [pe] of obj.entryPerPe) {
    if (pe >= minPes) return { place: { kind: 'entry', index }, message: `entry point for PE ${pe}, but minPes is ${minPes} (PE ids must be below minPes)` };
    index++;
  }
  for (let i = 0; i < obj.sections.length; i++) {
    const s = obj.sections[i];
    const bad = (message: string): ObjectProblem => ({ place: { kind: 'section', index: i }, message: `section ${s.name}: ${message}` });
    if (s.words.length === 0) return bad('has no words');
    if (s.pes !== 'all') {
      if (s.space === 'shared') return bad('shared memory is loaded once (its PE set must be all)');
      for (let k = 0; k < s.pes.length; k++) {
        if (k > 0 && s.pes[k] <= s.pes[k - 1]) return bad('PE ids must be strictly increasing');
        if (s.pes[k] >= minPes) return bad(`names PE ${s.pes[k]}, but minPes is ${minPes}`);
      }
    }
    if (s.name !== sectionName(s.space, s.pes)) return bad(`the name does not match its space and PEs (expected ${sectionName(s.space, s.pes)})`);
    const [lo, hi] = SPACE_LIMIT[s.space];
    if (s.origin < lo || s.origin + s.words.length > hi) return bad(`words ${s.origin} … ${s.origin + s.words.length - 1} are outside the ${s.space} space (${lo} … ${hi - 1})`);
  }
  const overlap = findOverlap(obj.sections);
  if (overlap) {
    const [i, j] = overlap;
    return { place: { kind: 'section', index: i }, message: `section ${obj.sections[i].name}: words overlap section ${obj.sections[j].name} on a common PE` };
  }
  const names = new Set<string>();
  for (let i = 0; i < obj.symbols.length; i++) {
    const y = obj.symbols[i];
    const bad = (message: string): ObjectProblem => ({ place: { kind: 'symbol', index: i }, message: `symbol ${y.name}: ${message}` });
    if (y.name === '') return bad('empty name');
    if (names.has(y.name)) return bad('defined twice');
    names.add(y.name);
    if (!Number.isSafeInteger(y.value)) return bad(`value ${y.value} is not a safe integer`);
  }
  return null;
}

/**
 * Two sections of one space that share an address and a PE, as [later, earlier] indexes, or null.
 * A sweep over origins: sections alive at once must have disjoint PE sets, so at most 4096 are.
 */
function findOverlap(sections: readonly ObjectSection[]): [number, number] | null {
  const order = sections.map((_s, i) => i);
  const spaceRank = (s: ObjectSection) => (s.space === 'code' ? 0 : s.space === 'scratchpad' ? 1 : 2);
  order.sort((a, b) => spaceRank(sections[a]) - spaceRank(sections[b]) || sections[a].origin - sections[b].origin);
  let active: number[] = [];
  const pesOf = new Map<number, Set<number> | null>();
  for (const i of order) {
    const s = sections[i];
    active = active.filter((j) => sections[j].space === s.space && sections[j].origin + sections[j].words.length > s.origin);
    const mine = s.pes === 'all' ? null : new Set(s.pes);
    for (const j of active) {
      const theirs = pesOf.get(j)!;
      if (!mine || !theirs || [...mine].some((p) => theirs.has(p))) return i > j ? [i, j] : [j, i];
    }
    pesOf.set(i, mine);
    active.push(i);
  }
  return null;
}

// ---- binary serialisation (layout documented byte by byte in OBJECT-FORMAT.md) ----

/** Current object format version. */
export const OBJECT_VERSION = 1;
/** "GP5O" */
export const OBJECT_MAGIC = 'GP5O';
/** Bytes of the fixed header (magic … symbol count). */
export const OBJECT_HEADER_BYTES = 40;
/** Header flags bit 0: the data was converted with the unsigned message code. No other flag exists. */
export const OBJECT_FLAG_UNSIGNED_MESSAGES = 1;

const SPACE_CODES: readonly SectionSpace[] = ['code', 'scratchpad', 'shared'];
const SYMBOL_KINDS: readonly ObjectSymbol['kind'][] = ['label', 'const'];

/** A malformed, truncated or corrupt object file; names the file and the byte offset. */
export class ObjectFormatError extends UserError {
  override name = 'ObjectFormatError';
  constructor(
    readonly fileName: string,
    readonly offset: number,
    detail: string,
  ) {
    super(`${fileName}: byte ${offset}: ${detail}`);
  }
}

let crcTable: Uint32Array | undefined;
/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320, as in zlib/PNG) of bytes[start, end). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const utf8 = new TextEncoder();

/** Serialise an object file (little-endian; see OBJECT-FORMAT.md). */
export function serializeObject(obj: ObjectFile): Uint8Array {
  const problem = validateObject(obj);
  if (problem) throw new RangeError(`serializeObject: not a valid object: ${problem.message}`);
  const enc = (s: string) => {
    const b = utf8.encode(s);
    if (b.length > 0xffff) throw new RangeError(`name too long for the object format: ${s.slice(0, 40)}…`);
    return b;
  };
  const entries = [...obj.entryPerPe.entries()].sort((a, b) => a[0] - b[0]);
  const secNames = obj.sections.map((s) => enc(s.name));
  const symNames = obj.symbols.map((s) => enc(s.name));
  const symSecs = obj.symbols.map((s) => enc(s.section ?? ''));
  let size = OBJECT_HEADER_BYTES + 8 * entries.length;
  obj.sections.forEach((s, i) => {
    size += 4 + secNames[i].length + 4 + (s.pes === 'all' ? 0 : 4 * s.pes.length) + 8 + 4 * s.words.length;
  });
  obj.symbols.forEach((_s, i) => {
    size += 4 + symNames[i].length + 8 + 2 + symSecs[i].length;
  });
  size += 4; // CRC-32 trailer
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  let o = 0;
  const u8 = (v: number) => dv.setUint8(o++, v);
  const u16 = (v: number) => {
    dv.setUint16(o, v, true);
    o += 2;
  };
  const u32 = (v: number) => {
    dv.setUint32(o, v >>> 0, true);
    o += 4;
  };
  const raw = (b: Uint8Array) => {
    bytes.set(b, o);
    o += b.length;
  };
  raw(utf8.encode(OBJECT_MAGIC));
  u16(obj.version);
  u16(obj.requirements.unsignedMessages === 1 ? OBJECT_FLAG_UNSIGNED_MESSAGES : 0);
  u32(size);
  u32(obj.requirements.minPes);
  u8(obj.requirements.messageBits);
  u8(obj.requirements.fracBits);
  u16(0); // reserved
  u32(obj.entry);
  u32(entries.length);
  u32(obj.sections.length);
  u32(obj.symbols.length);
  u32(0); // reserved
  for (const [pe, pc] of entries) {
    u32(pe);
    u32(pc);
  }
  obj.sections.forEach((s, i) => {
    u16(secNames[i].length);
    u8(SPACE_CODES.indexOf(s.space));
    u8(s.pes === 'all' ? 0 : 1);
    raw(secNames[i]);
    u32(s.pes === 'all' ? 0 : s.pes.length);
    if (s.pes !== 'all') for (const pe of s.pes) u32(pe);
    u32(s.origin);
    u32(s.words.length);
    for (let k = 0; k < s.words.length; k++) {
      dv.setUint32(o, s.words[k], true);
      o += 4;
    }
  });
  obj.symbols.forEach((s, i) => {
    u16(symNames[i].length);
    u8(SYMBOL_KINDS.indexOf(s.kind));
    u8(0);
    raw(symNames[i]);
    dv.setBigInt64(o, BigInt(s.value), true);
    o += 8;
    u16(symSecs[i].length);
    raw(symSecs[i]);
  });
  u32(crc32(bytes, 0, o));
  if (o !== size) throw new Error(`serializeObject: wrote ${o} bytes, expected ${size}`);
  return bytes;
}

/** Parse and validate an object file; any problem is an ObjectFormatError naming file and byte offset. */
export function parseObject(bytes: Uint8Array, fileName: string): ObjectFile {
  const fail = (offset: number, detail: string): never => {
    throw new ObjectFormatError(fileName, offset, detail);
  };
  const len = bytes.length;
  if (len < OBJECT_HEADER_BYTES + 4) {
    fail(len, `truncated object file: ${len} bytes, a GP5 object has at least ${OBJECT_HEADER_BYTES + 4}`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== OBJECT_MAGIC.charCodeAt(i)) fail(0, `not a GP5 object file (expected magic "${OBJECT_MAGIC}")`);
  }
  const version = dv.getUint16(4, true);
  if (version !== OBJECT_VERSION) fail(4, `unsupported object format version ${version} (expected ${OBJECT_VERSION})`);
  const flags = dv.getUint16(6, true);
  if ((flags & ~OBJECT_FLAG_UNSIGNED_MESSAGES) !== 0) {
    fail(6, `unknown flags 0x${flags.toString(16)} (only bit 0, the unsigned message code, may be set)`);
  }
  const unsignedMessages = flags & OBJECT_FLAG_UNSIGNED_MESSAGES;
  const total = dv.getUint32(8, true);
  if (total !== len) {
    fail(8, total > len ? `truncated object file: header says ${total} bytes, file has ${len}` : `object length field says ${total} bytes, file has ${len} (trailing bytes)`);
  }
  const want = dv.getUint32(len - 4, true);
  const got = crc32(bytes, 0, len - 4);
  if (want !== got) {
    fail(len - 4, `checksum mismatch (stored CRC-32 0x${want.toString(16).padStart(8, '0')}, computed 0x${got.toString(16).padStart(8, '0')}): the file is corrupt`);
  }
  const end = len - 4;
  let o = 12;
  const need = (n: number, what: string) => {
    if (o + n > end) fail(o, `truncated: expected ${what} (${n} bytes), only ${end - o} left before the checksum`);
  };
  const u8 = (what: string) => {
    need(1, what);
    return dv.getUint8(o++);
  };
  const u16 = (what: string) => {
    need(2, what);
    const v = dv.getUint16(o, true);
    o += 2;
    return v;
  };
  const u32 = (what: string) => {
    need(4, what);
    const v = dv.getUint32(o, true);
    o += 4;
    return v;
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const str = (n: number, what: string) => {
    need(n, what);
    const at = o;
    let s = '';
    try {
      s = decoder.decode(bytes.subarray(o, o + n));
    } catch {
      fail(at, `${what} is not valid UTF-8`);
    }
    o += n;
    return s;
  };
  const minPes = u32('minPes');
  if (minPes < 1) fail(o - 4, `minPes must be at least 1, got ${minPes}`);
  const messageBits = u8('messageBits');
  if (messageBits < 8 || messageBits > 32) fail(o - 1, `messageBits ${messageBits} outside 8 … 32`);
  const fracBits = u8('fracBits');
  if (fracBits > messageBits - 2) fail(o - 1, `fracBits ${fracBits} outside 0 … ${messageBits - 2}`);
  if (u16('reserved') !== 0) fail(o - 2, 'reserved header field must be 0');
  const entry = u32('entry pc');
  const nEntries = u32('entry count');
  const nSections = u32('section count');
  const nSymbols = u32('symbol count');
  if (u32('reserved') !== 0) fail(o - 4, 'reserved header field must be 0');
  if (nEntries * 8 > end - o) fail(28, `entry count ${nEntries} does not fit in the file`);
  const entryPerPe = new Map<number, number>();
  const offsets = { entry: [] as number[], section: [] as number[], symbol: [] as number[] };
  let lastPe = -1;
  for (let i = 0; i < nEntries; i++) {
    const at = o;
    offsets.entry.push(at);
    const pe = u32(`PE id of entry ${i}`);
    const pc = u32(`pc of entry ${i}`);
    if (pe <= lastPe) fail(at, `entry PE ids must be strictly increasing (PE ${pe} after ${lastPe})`);
    lastPe = pe;
    entryPerPe.set(pe, pc);
  }
  if (nSections > end - o) fail(32, `section count ${nSections} does not fit in the file`);
  const sections: ObjectSection[] = [];
  for (let i = 0; i < nSections; i++) {
    const at = o;
    offsets.section.push(at);
    const nameLen = u16(`name length of section ${i}`);
    const spaceCode = u8(`space of section ${i}`);
    const space = SPACE_CODES[spaceCode];
    if (space === undefined) fail(o - 1, `section ${i}: unknown space code ${spaceCode} (expected 0 code, 1 scratchpad, 2 shared)`);
    const pesKind = u8(`PE-set kind of section ${i}`);
    if (pesKind > 1) fail(o - 1, `section ${i}: unknown PE-set kind ${pesKind} (expected 0 all, 1 list)`);
    const name = str(nameLen, `name of section ${i}`);
    const nPes = u32(`PE count of section ${i}`);
    let pes: 'all' | number[] = 'all';
    if (pesKind === 0) {
      if (nPes !== 0) fail(o - 4, `section ${name}: PE count must be 0 for an all-PE section`);
    } else {
      if (nPes === 0) fail(o - 4, `section ${name}: empty PE list`);
      if (nPes * 4 > end - o) fail(o - 4, `section ${name}: PE count ${nPes} does not fit in the file`);
      if (space === 'shared') fail(at, `section ${name}: shared-memory sections are loaded once (PE set must be all)`);
      pes = [];
      for (let k = 0; k < nPes; k++) {
        const pe = u32(`PE id ${k} of section ${name}`);
        if (k > 0 && pe <= pes[k - 1]) fail(o - 4, `section ${name}: PE ids must be strictly increasing`);
        pes.push(pe);
      }
    }
    const origin = u32(`origin of section ${name}`);
    const nWords = u32(`word count of section ${name}`);
    if (nWords * 4 > end - o) fail(o - 4, `truncated: section ${name} has ${nWords} words but only ${end - o} bytes remain`);
    if (origin + nWords > 2 ** 32) fail(o - 8, `section ${name}: origin ${origin} + ${nWords} words exceeds the 32-bit address space`);
    const words = new Uint32Array(nWords);
    for (let k = 0; k < nWords; k++) words[k] = dv.getUint32(o + 4 * k, true);
    o += 4 * nWords;
    sections.push({ name, space: space as SectionSpace, pes, origin, words });
  }
  if (nSymbols > end - o) fail(36, `symbol count ${nSymbols} does not fit in the file`);
  const symbols: ObjectSymbol[] = [];
  for (let i = 0; i < nSymbols; i++) {
    offsets.symbol.push(o);
    const nameLen = u16(`name length of symbol ${i}`);
    const kindCode = u8(`kind of symbol ${i}`);
    const kind = SYMBOL_KINDS[kindCode];
    if (kind === undefined) fail(o - 1, `symbol ${i}: unknown kind ${kindCode} (expected 0 label, 1 const)`);
    if (u8(`reserved byte of symbol ${i}`) !== 0) fail(o - 1, `symbol ${i}: reserved byte must be 0`);
    if (nameLen === 0) fail(o - 4, `symbol ${i}: empty name`);
    const name = str(nameLen, `name of symbol ${i}`);
    need(8, `value of symbol ${name}`);
    const big = dv.getBigInt64(o, true);
    if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) fail(o, `symbol ${name}: value ${big} is not a safe integer`);
    o += 8;
    const secLen = u16(`section-name length of symbol ${name}`);
    const section = str(secLen, `section name of symbol ${name}`);
    const sym: ObjectSymbol = { name, value: Number(big), kind: kind as ObjectSymbol['kind'] };
    if (kind === 'label') sym.section = section;
    else if (secLen !== 0) fail(o - secLen, `constant ${name} must have an empty section name`);
    symbols.push(sym);
  }
  if (o !== end) fail(o, `${end - o} unexpected bytes before the checksum`);
  const obj: ObjectFile = { version, requirements: { minPes, messageBits, fracBits, unsignedMessages }, entry, entryPerPe, sections, symbols };
  const problem = validateObject(obj);
  if (problem) {
    const p = problem.place;
    fail(p.kind === 'header' ? 12 : offsets[p.kind][p.index], `${problem.message} (the assembler never writes this)`);
  }
  return obj;
}

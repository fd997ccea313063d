// The machine configuration: a typed, validated set of parameters with documented defaults.
import { UserError } from '../errors/index.js';
import { makeFormat, MAX_UNSIGNED_MESSAGE_BITS, type FixedFormat, type MessageCode } from './fixed.js';

export interface MachineConfig {
  /** Number of processing elements P (= meshWidth × meshHeight). */
  pes: number;
  /** Mesh columns. PE id = y × meshWidth + x. */
  meshWidth: number;
  /** Mesh rows. */
  meshHeight: number;
  /** Vector datapath lanes per cycle L: a D-lane vector op takes ⌈D/L⌉ beats. Also the flit width in words. */
  lanes: number;
  /** Lanes per vector register (maximum VL). */
  vregLanes: number;
  /** Local scratchpad per PE, bytes (a multiple of 4; word addressed). */
  scratchpadBytes: number;
  /** Instruction memory per PE, bytes (4 per instruction). */
  codeBytes: number;
  /** Shared message memory, bytes (a multiple of 4 × sharedBanks). */
  sharedBytes: number;
  /** Banks of the shared message memory B (word-interleaved). */
  sharedBanks: number;
  /** Extra cycles a shared-memory access takes beyond the scratchpad latency in the ISA table. */
  sharedLatency: number;
  /** Cycles per mesh hop (router + link) for each flit. */
  hopLatency: number;
  /** Message format: total bits W (8 … 32) and fraction bits F (0 … W−2). */
  messageBits: number;
  fracBits: number;
  /**
   * The W-bit message code: 0 two's complement (the default), 1 unsigned (twice the range at the
   * same F, no negative values; isa/fixed.ts MessageCode). The compiler picks 1 for dense models at
   * narrow W (runtime/number-format.ts).
   */
  unsignedMessages: number;
  /** Entries of the max* correction table (a power of two). */
  maxStarTableSize: number;
  /** Depth of the zero-overhead loop stack. */
  loopDepth: number;
  /** Clock frequency in MHz (used to turn cycles into time). */
  clockMHz: number;
}

// scratchpadBytes is 256 KiB rather than the 64 KiB first sketched: every message update is a
// descriptor-driven fupd/vupd, and a 64x64 grid on 16 PEs needs about 32 K words per PE.
export const DEFAULT_CONFIG: Readonly<MachineConfig> = Object.freeze({
  pes: 16,
  meshWidth: 4,
  meshHeight: 4,
  lanes: 8,
  vregLanes: 64,
  scratchpadBytes: 262144,
  codeBytes: 4 << 20,
  sharedBytes: 1 << 20,
  sharedBanks: 8,
  sharedLatency: 4,
  hopLatency: 1,
  messageBits: 16,
  fracBits: 8,
  unsignedMessages: 0,
  maxStarTableSize: 256,
  loopDepth: 4,
  clockMHz: 1000,
});

/** Documentation for each field (used by ISA.md and error messages). */
export const CONFIG_DOCS: Record<keyof MachineConfig, string> = {
  pes: 'number of PEs P (must equal meshWidth × meshHeight)',
  meshWidth: 'mesh columns (1 … 4096)',
  meshHeight: 'mesh rows (1 … 4096)',
  lanes: 'vector lanes per cycle L, a power of two 1 … 64; also the flit width in words',
  vregLanes: 'lanes per vector register (max VL), lanes … 256',
  scratchpadBytes: 'scratchpad bytes per PE, multiple of 4, 1 KiB … 4 MiB',
  codeBytes: 'instruction memory bytes per PE, multiple of 4, 1 KiB … 64 MiB',
  sharedBytes: 'shared message memory bytes, multiple of 4 × sharedBanks, ≤ 16 MiB',
  sharedBanks: 'shared memory banks B, a power of two 1 … 64',
  sharedLatency: 'extra cycles for a shared-memory access, 0 … 64',
  hopLatency: 'cycles per mesh hop, 1 … 16',
  messageBits: 'message width W in bits, 8 … 32',
  fracBits: 'fraction bits F, 0 … W − 2',
  unsignedMessages: `message code: 0 two's complement, 1 unsigned (W ≤ ${MAX_UNSIGNED_MESSAGE_BITS})`,
  maxStarTableSize: 'max* correction table entries, a power of two 1 … 4096',
  loopDepth: 'hardware loop stack depth, 1 … 16',
  clockMHz: 'clock in MHz, 0.001 … 1000000',
};

/** A bad configuration; `field` is the JSON path of the offending field. */
export class ConfigError extends UserError {
  override name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${source}: config field "${field}": ${detail}`);
  }
}

/** Word address where the shared message memory starts (scratchpad is at word 0). */
export const SHARED_BASE = 0x100000;

export function scratchpadWords(cfg: MachineConfig): number {
  return cfg.scratchpadBytes >>> 2;
}
export function codeWords(cfg: MachineConfig): number {
  return cfg.codeBytes >>> 2;
}
export function sharedWords(cfg: MachineConfig): number {
  return cfg.sharedBytes >>> 2;
}

const isPow2 = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

/** A near-square mesh for P PEs (width ≥ height). */
export function meshFor(pes: number): { meshWidth: number; meshHeight: number } {
  let h = Math.floor(Math.sqrt(pes));
  while (h > 1 && pes % h !== 0) h--;
  return { meshWidth: pes / h, meshHeight: h };
}

/**
 * Validate a (partial) configuration object, filling defaults. Unknown fields are errors, so a
 * typo never silently falls back to a default.
 */
export function parseConfig(input: unknown, source = 'config'): MachineConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError(source, '(root)', 'expected a JSON object');
  }
  const obj = input as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(key in DEFAULT_CONFIG)) {
      throw new ConfigError(source, key, `unknown field; known fields: ${Object.keys(DEFAULT_CONFIG).join(', ')}`);
    }
  }
  const cfg: MachineConfig = { ...DEFAULT_CONFIG };
  for (const key of Object.keys(DEFAULT_CONFIG) as (keyof MachineConfig)[]) {
    if (!(key in obj)) continue;
    const val = obj[key];
    if (typeof val !== 'number' || !Number.isFinite(val)) {
      throw new ConfigError(source, key, `expected a number (${CONFIG_DOCS[key]}), got ${JSON.stringify(val)}`);
    }
    cfg[key] = val;
  }
  // A config that gives only `pes` gets a near-square mesh (checked first: no mesh exists for 0 PEs).
  if ('pes' in obj) checkInt(cfg, source, 'pes', 1, CONFIG_MAX.pes);
  if ('pes' in obj && !('meshWidth' in obj) && !('meshHeight' in obj)) Object.assign(cfg, meshFor(cfg.pes));
  if (!('pes' in obj) && ('meshWidth' in obj || 'meshHeight' in obj)) cfg.pes = cfg.meshWidth * cfg.meshHeight;
  validateConfig(cfg, source);
  return cfg;
}

/** Largest PE count and scratchpad a config may have (validateConfig enforces them). */
export const CONFIG_MAX = { pes: 4096, scratchpadBytes: 4 << 20 } as const;
function checkInt(cfg: MachineConfig, source: string, k: keyof MachineConfig, lo: number, hi: number): void {
  const v = cfg[k];
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new ConfigError(source, k, `expected an integer ${lo} … ${hi} (${CONFIG_DOCS[k]}), got ${v}`);
  }
}

export function validateConfig(cfg: MachineConfig, source = 'config'): void {
  const int = (k: keyof MachineConfig, lo: number, hi: number) => checkInt(cfg, source, k, lo, hi);
  int('meshWidth', 1, 4096);
  int('meshHeight', 1, 4096);
  int('pes', 1, CONFIG_MAX.pes);
  if (cfg.pes !== cfg.meshWidth * cfg.meshHeight) {
    throw new ConfigError(source, 'pes', `expected meshWidth × meshHeight = ${cfg.meshWidth * cfg.meshHeight}, got ${cfg.pes}`);
  }
  int('lanes', 1, 64);
  if (!isPow2(cfg.lanes)) throw new ConfigError(source, 'lanes', `expected a power of two, got ${cfg.lanes}`);
  int('vregLanes', cfg.lanes, 256);
  int('scratchpadBytes', 1024, CONFIG_MAX.scratchpadBytes);
  if (cfg.scratchpadBytes % 4 !== 0) throw new ConfigError(source, 'scratchpadBytes', `expected a multiple of 4, got ${cfg.scratchpadBytes}`);
  int('codeBytes', 1024, 64 << 20);
  if (cfg.codeBytes % 4 !== 0) throw new ConfigError(source, 'codeBytes', `expected a multiple of 4, got ${cfg.codeBytes}`);
  int('sharedBanks', 1, 64);
  if (!isPow2(cfg.sharedBanks)) throw new ConfigError(source, 'sharedBanks', `expected a power of two, got ${cfg.sharedBanks}`);
  int('sharedBytes', 4 * cfg.sharedBanks, 16 << 20);
  if (cfg.sharedBytes % (4 * cfg.sharedBanks) !== 0) {
    throw new ConfigError(source, 'sharedBytes', `expected a multiple of 4 × sharedBanks = ${4 * cfg.sharedBanks}, got ${cfg.sharedBytes}`);
  }
  int('sharedLatency', 0, 64);
  int('hopLatency', 1, 16);
  int('messageBits', 8, 32);
  int('fracBits', 0, cfg.messageBits - 2);
  int('unsignedMessages', 0, 1);
  if (cfg.unsignedMessages === 1 && cfg.messageBits > MAX_UNSIGNED_MESSAGE_BITS) {
    throw new ConfigError(source, 'unsignedMessages', `an unsigned message code needs messageBits ≤ ${MAX_UNSIGNED_MESSAGE_BITS}, got ${cfg.messageBits}`);
  }
  int('maxStarTableSize', 1, 4096);
  if (!isPow2(cfg.maxStarTableSize)) {
    throw new ConfigError(source, 'maxStarTableSize', `expected a power of two, got ${cfg.maxStarTableSize}`);
  }
  int('loopDepth', 1, 16);
  if (!(cfg.clockMHz >= 0.001 && cfg.clockMHz <= 1e6)) throw new ConfigError(source, 'clockMHz', `expected a number 0.001 … 1000000, got ${cfg.clockMHz}`);
}

/** Parse configuration JSON text (a leading UTF-8 BOM is allowed); syntax errors name the file. */
export function configFromJson(text: string, source: string): MachineConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ConfigError(source, '(root)', `invalid JSON: ${(e as Error).message}`);
  }
  return parseConfig(parsed, source);
}

/** The message code a config (or an object's requirements; absent is 0) selects (isa/fixed.ts MessageCode). */
export function messageCode(cfg: { unsignedMessages?: number }): MessageCode {
  return cfg.unsignedMessages === 1 ? 'unsigned' : 'signed';
}

/** The config field (and object requirement) `unsignedMessages` for a message code: messageCode's inverse. */
export function unsignedMessagesOf(code: MessageCode): number {
  return code === 'unsigned' ? 1 : 0;
}

/** The number format a config's machine computes in. */
export function configFormat(cfg: MachineConfig): FixedFormat {
  return makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize, messageCode(cfg));
}

/** Default config with some fields replaced (validated). */
export function makeConfig(overrides: Partial<MachineConfig> = {}, source = 'config'): MachineConfig {
  return parseConfig(overrides, source);
}

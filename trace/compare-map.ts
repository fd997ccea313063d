// The mapping file of `gp5sim compare --map` (scopes, signal names, clocks, ignored signals) and
// the name translation it defines: expected (gp5sim) names → the actual file's names.
import { UserError } from '../errors/index.js';
import { withoutBom, escapeControls, lineColumn } from './parse-error.js';
import { jsonErrorOffset } from './json-offset.js';

/** Bad map file, missing signals, unusable input: a user error (exit 1, no stack trace). */
export class CompareInputError extends UserError {
  override name = 'CompareInputError';
}

export interface ClockMap {
  /** File time units per cycle. */
  period: number;
  /** File time at which cycle 0 is read. */
  offset: number;
}

/**
 * The mapping file (`--map FILE`, JSON). Everything is optional; names not mapped are the same in
 * both files. Keys are the EXPECTED file's names (gp5sim's), values the ACTUAL file's.
 */
export interface CompareMap {
  /** Expected scope → actual scope, e.g. { "gp5.pe0": "tb.dut" }. */
  scopes: Record<string, string>;
  /**
   * Expected signal name → actual name in the mapped scope, e.g. { "pc": "tr_pc" }; a key or value
   * containing a dot is a full path instead (e.g. { "gp5.pe1.pc": "tb.pe1.pc_q" }).
   */
  signals: Record<string, string>;
  /** The ACTUAL file's clock (default period 1, offset 0). */
  clock: ClockMap;
  /** The EXPECTED file's clock (default period 1, offset 0: gp5sim's own VCDs). */
  expectedClock: ClockMap;
  /** Expected signal names (or full paths) not to compare. */
  ignore: string[];
}

export const DEFAULT_CLOCK: Readonly<ClockMap> = Object.freeze({ period: 1, offset: 0 });

export function defaultCompareMap(): CompareMap {
  return { scopes: {}, signals: {}, clock: { ...DEFAULT_CLOCK }, expectedClock: { ...DEFAULT_CLOCK }, ignore: [] };
}

/** Parse and validate a mapping file. */
export function parseCompareMap(text: string, file: string): CompareMap {
  let raw: unknown;
  text = withoutBom(text);
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorOffset(text);
    const found = at >= text.length || at < 0 ? 'the text ends too early' : `unexpected "${escapeControls(text.slice(at, at + 12))}"`;
    throw new CompareInputError(`${file}:${lineColumn(text, Math.max(0, Math.min(at, text.length)))}: not valid JSON: ${found}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CompareInputError(`${file}: expected a JSON object`);
  const map = defaultCompareMap();
  const known = new Set(['scopes', 'signals', 'clock', 'expectedClock', 'ignore', 'comment', '$comment']);
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!known.has(k)) throw new CompareInputError(`${file}: unknown field "${k}" (expected scopes, signals, clock, expectedClock, ignore)`);
    if (k === 'scopes' || k === 'signals') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new CompareInputError(`${file}: "${k}" must be an object of name → name`);
      for (const [a, b] of Object.entries(v as Record<string, unknown>)) {
        if (typeof b !== 'string' || b === '') throw new CompareInputError(`${file}: ${k}["${a}"] must be a non-empty string`);
        map[k][a] = b;
      }
    } else if (k === 'clock' || k === 'expectedClock') {
      const c = v as Record<string, unknown>;
      if (typeof c !== 'object' || c === null) throw new CompareInputError(`${file}: "${k}" must be { "period": N, "offset": N }`);
      for (const f of Object.keys(c)) if (f !== 'period' && f !== 'offset') throw new CompareInputError(`${file}: unknown field ${k}.${f}`);
      const period = c.period ?? 1;
      const offset = c.offset ?? 0;
      if (typeof period !== 'number' || !(period > 0) || !Number.isFinite(period)) throw new CompareInputError(`${file}: ${k}.period must be a number > 0`);
      if (typeof offset !== 'number' || !(offset >= 0) || !Number.isFinite(offset)) throw new CompareInputError(`${file}: ${k}.offset must be a number ≥ 0`);
      map[k] = { period, offset };
    } else if (k === 'ignore') {
      if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new CompareInputError(`${file}: "ignore" must be an array of signal names`);
      map.ignore = v as string[];
    }
  }
  return map;
}

export function isIgnored(map: CompareMap, scope: string, name: string): boolean {
  return map.ignore.includes(name) || map.ignore.includes(`${scope}.${name}`);
}

/** The actual file's path for an expected (scope, name). */
export function mappedPath(map: CompareMap, scope: string, name: string): { scope: string; path: string; name: string } {
  const full = map.signals[`${scope}.${name}`];
  if (full !== undefined && full.includes('.')) {
    const dot = full.lastIndexOf('.');
    return { scope: full.slice(0, dot), path: full, name: full.slice(dot + 1) };
  }
  const aScope = map.scopes[scope] ?? scope;
  const aName = full ?? map.signals[name] ?? name;
  return { scope: aScope, path: aScope ? `${aScope}.${aName}` : aName, name: aName };
}


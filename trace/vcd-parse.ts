// A small, fast IEEE 1364 VCD reader: declarations plus a stream of value changes. Used to check
// our own traces and by `gp5sim compare` to read an RTL simulator's dump.
import { TraceParseError, withoutBom } from './parse-error.js';

/** Widest variable accepted: wider declarations are mistakes, not hardware. */
export const MAX_VCD_WIDTH = 65536;

export interface VcdVar {
  /** Hierarchical name without the bit range, e.g. `gp5.pe0.pc`. */
  path: string;
  /** The reference name as declared (last component). */
  name: string;
  /** Scope path, e.g. `gp5.pe0`. */
  scope: string;
  id: string;
  width: number;
  type: string;
}

export interface VcdHeader {
  timescale: string;
  vars: VcdVar[];
  /** id → variables sharing it. */
  byId: Map<string, VcdVar[]>;
}

export class VcdParseError extends TraceParseError {
  override name = 'VcdParseError';
}

export interface VcdParseOptions {
  /**
   * Keep only the variables this returns true for (by scope and name): the others are not stored,
   * and their value changes are skipped unchecked, so memory follows what is kept, not the file.
   */
  keep?: (scope: string, name: string) => boolean;
}

/**
 * Parse VCD text. `onChange(time, id, value)` is called for every value change in file order;
 * value is a bigint-free number for vectors up to 53 bits (x/z bits read as 0, and `hasXZ` is set)
 * or NaN for wider vectors and reals. Returns the header and the last timestamp.
 */
export function parseVcd(
  text: string,
  file: string,
  onChange: (time: number, id: string, value: number, hasXZ: boolean) => void,
  opts: VcdParseOptions = {},
): { header: VcdHeader; endTime: number } {
  text = withoutBom(text);
  const keep = opts.keep;
  const vars: VcdVar[] = [];
  const byId = new Map<string, VcdVar[]>();
  // With a filter, a change for an id not kept may belong to a variable that was dropped.
  const known = (id: string) => keep !== undefined || byId.has(id);
  const scopes: string[] = [];
  let timescale = '';
  let pos = 0;
  let line = 1;
  const n = text.length;

  // Tokenizer over whitespace-separated words, tracking line numbers.
  const next = (): string | undefined => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) break;
      pos++;
    }
    if (pos >= n) return undefined;
    const start = pos;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) break;
      pos++;
    }
    return text.slice(start, pos);
  };
  const untilEnd = (what: string): string[] => {
    const words: string[] = [];
    for (;;) {
      const w = next();
      if (w === undefined) throw new VcdParseError(file, line, `unterminated ${what}: expected $end`);
      if (w === '$end') return words;
      words.push(w);
    }
  };

  // Declarations.
  for (;;) {
    const w = next();
    if (w === undefined) throw new VcdParseError(file, line, 'expected $enddefinitions');
    if (w === '$enddefinitions') {
      untilEnd('$enddefinitions');
      break;
    }
    switch (w) {
      case '$scope': {
        const words = untilEnd('$scope');
        if (words.length < 2) throw new VcdParseError(file, line, 'expected `$scope TYPE NAME $end`');
        scopes.push(words[1]);
        break;
      }
      case '$upscope':
        untilEnd('$upscope');
        if (scopes.length === 0) throw new VcdParseError(file, line, '$upscope without a matching $scope');
        scopes.pop();
        break;
      case '$var': {
        const words = untilEnd('$var');
        if (words.length < 4) throw new VcdParseError(file, line, 'expected `$var TYPE WIDTH ID NAME [RANGE] $end`');
        const width = /^\d{1,9}$/.test(words[1]) ? Number(words[1]) : NaN;
        if (!(width >= 1 && width <= MAX_VCD_WIDTH)) throw new VcdParseError(file, line, `bad variable width "${words[1]}" (expected an integer 1 … ${MAX_VCD_WIDTH})`);
        const scope = scopes.join('.');
        if (keep && !keep(scope, words[3])) break;
        const v: VcdVar = { type: words[0], width, id: words[2], name: words[3], scope, path: scope ? `${scope}.${words[3]}` : words[3] };
        vars.push(v);
        const list = byId.get(v.id);
        if (list) list.push(v);
        else byId.set(v.id, [v]);
        break;
      }
      case '$timescale':
        timescale = untilEnd('$timescale').join(' ');
        break;
      default:
        if (w.startsWith('$')) untilEnd(w);
        else throw new VcdParseError(file, line, `unexpected "${w.slice(0, 40)}" in the declarations`);
    }
  }

  // Value changes.
  let time = 0;
  for (;;) {
    const w = next();
    if (w === undefined) break;
    const c = w.charCodeAt(0);
    if (c === 35 /* # */) {
      // Times are integers; past 2^53 a double cannot tell neighbouring times apart.
      const digits = w.slice(1);
      const t = /^\d{1,16}$/.test(digits) ? Number(digits) : NaN;
      if (!(t <= Number.MAX_SAFE_INTEGER)) throw new VcdParseError(file, line, `bad timestamp "${w.slice(0, 40)}" (expected # and an integer 0 … 2^53 - 1)`);
      if (t < time) throw new VcdParseError(file, line, `decreasing timestamp "${w}" (the previous one was #${time})`);
      time = t;
    } else if (c === 98 || c === 66 /* b */) {
      const id = next();
      if (id === undefined) throw new VcdParseError(file, line, `expected an identifier after "${w}"`);
      let value = 0;
      let xz = false;
      const bits = w.length - 1;
      if (bits > 53) value = NaN;
      else {
        for (let i = 1; i < w.length; i++) {
          const ch = w.charCodeAt(i);
          value = value * 2 + (ch === 49 ? 1 : 0);
          if (ch !== 48 && ch !== 49) {
            if (ch === 120 || ch === 88 || ch === 122 || ch === 90) xz = true;
            else throw new VcdParseError(file, line, `bad binary value "${w.slice(0, 40)}"`);
          }
        }
      }
      if (!known(id)) throw new VcdParseError(file, line, `value change for undeclared identifier "${id.slice(0, 40)}"`);
      onChange(time, id, value, xz);
    } else if (c === 114 || c === 82 /* r */) {
      const id = next();
      if (id === undefined) throw new VcdParseError(file, line, `expected an identifier after "${w}"`);
      onChange(time, id, Number(w.slice(1)), false);
    } else if (c === 48 || c === 49 || c === 120 || c === 88 || c === 122 || c === 90) {
      const id = w.slice(1);
      if (!known(id)) throw new VcdParseError(file, line, `value change for undeclared identifier "${id.slice(0, 40)}"`);
      onChange(time, id, c === 49 ? 1 : 0, c !== 48 && c !== 49);
    } else if (c === 36 /* $ */) {
      // $dumpvars / $dumpon / $dumpoff / $dumpall … $end wrap ordinary changes; $comment is skipped.
      if (w === '$comment') untilEnd('$comment');
    } else {
      throw new VcdParseError(file, line, `unexpected "${w.slice(0, 40)}" in the value changes`);
    }
  }
  return { header: { timescale, vars, byId }, endTime: time };
}

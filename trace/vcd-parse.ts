// A small, fast IEEE 1364 VCD reader: declarations plus a stream of value changes. Used to check
// our own traces and by `gp5sim compare` to read an RTL simulator's dump.
import { TraceParseError } from './parse-error.js';

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

/**
 * Parse VCD text. `onChange(time, id, value)` is called for every value change in file order;
 * value is a bigint-free number for vectors up to 53 bits (x/z bits read as 0, and `hasXZ` is set)
 * or NaN for wider vectors and reals. Returns the header and the last timestamp.
 */
export function parseVcd(
  text: string,
  file: string,
  onChange: (time: number, id: string, value: number, hasXZ: boolean) => void,
): { header: VcdHeader; endTime: number } {
  const vars: VcdVar[] = [];
  const byId = new Map<string, VcdVar[]>();
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
        const width = Number(words[1]);
        if (!Number.isInteger(width) || width < 1) throw new VcdParseError(file, line, `bad variable width "${words[1]}"`);
        const scope = scopes.join('.');
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
        else throw new VcdParseError(file, line, `unexpected "${w}" in the declarations`);
    }
  }

  // Value changes.
  let time = 0;
  for (;;) {
    const w = next();
    if (w === undefined) break;
    const c = w.charCodeAt(0);
    if (c === 35 /* # */) {
      const t = Number(w.slice(1));
      if (!Number.isFinite(t) || t < time) throw new VcdParseError(file, line, `bad or decreasing timestamp "${w}"`);
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
            else throw new VcdParseError(file, line, `bad binary value "${w}"`);
          }
        }
      }
      if (!byId.has(id)) throw new VcdParseError(file, line, `value change for undeclared identifier "${id}"`);
      onChange(time, id, value, xz);
    } else if (c === 114 || c === 82 /* r */) {
      const id = next();
      if (id === undefined) throw new VcdParseError(file, line, `expected an identifier after "${w}"`);
      onChange(time, id, Number(w.slice(1)), false);
    } else if (c === 48 || c === 49 || c === 120 || c === 88 || c === 122 || c === 90) {
      const id = w.slice(1);
      if (!byId.has(id)) throw new VcdParseError(file, line, `value change for undeclared identifier "${id}"`);
      onChange(time, id, c === 49 ? 1 : 0, c !== 48 && c !== 49);
    } else if (c === 36 /* $ */) {
      // $dumpvars / $dumpon / $dumpoff / $dumpall … $end wrap ordinary changes; $comment is skipped.
      if (w === '$comment') untilEnd('$comment');
    } else {
      throw new VcdParseError(file, line, `unexpected "${w}" in the value changes`);
    }
  }
  return { header: { timescale, vars, byId }, endTime: time };
}

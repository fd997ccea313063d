// The project's own JSON model format (see golden/README.md):
// { "format": "gp5-factor-graph", "version": 1,
//   "variables": [ { "card": 2, "name": "x0" }, ... ],
//   "factors": [ { "scope": [0, 1], "values": [ ... ], "order": "first-fastest" }, ... ] }
// `order` is optional: "first-fastest" (default, libDAI order) or "last-fastest" (UAI order).
// A parity factor may instead be written { "type": "xor", "scope": [...], "parity": 0 } (binary
// variables; parity 0 = even, the default, 1 = odd); a table factor may say "type": "table".
// A small JSON parser with line tracking is used so errors can name the line.
import { collectText, graphSource, type ModelSource } from '../model-source.js';
import { ModelFormatError } from '../errors.js';
import type { Factor, FactorGraph, Variable } from '../model.js';
import { lastFastestToFirstFastest, MAX_READ_TABLE_SIZE } from '../model.js';
import { MAX_CARD } from './common.js';
import { MAX_PARITY_DEGREE, parityFactor, withParityMarker } from '../parity.js';

type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

interface Parsed {
  value: JsonValue;
  /** Line of each object / array (its opening bracket). */
  lineOf: WeakMap<object, number>;
  /** Line of each element of each array. */
  elementLines: WeakMap<object, Int32Array | number[]>;
  /** Line of each property value of each object. */
  propLines: WeakMap<object, Map<string, number>>;
  /** Source text of integers beyond 2^53, by their rounded value (errors echo what the file says). */
  rawNumbers: Map<number, string>;
}

/**
 * Receives the elements of arrays that are properties of the root object as each one is parsed;
 * an element it takes (returns true) is not kept in the tree, so a model's variables and factors
 * are converted one at a time instead of first becoming a whole tree with line maps.
 */
interface RootArraySink {
  element(key: string, index: number, value: JsonValue, line: number): boolean;
  /** The value of root property `key` is complete. */
  end(key: string): void;
}

const MAX_DEPTH = 256;

function parseJsonWithLines(text: string, file: string, sink?: RootArraySink, into?: Parsed): Parsed {
  let i = 0;
  let line = 1;
  const n = text.length;
  const lineOf = into?.lineOf ?? new WeakMap<object, number>();
  const elementLines = (into?.elementLines ?? new WeakMap<object, number[]>()) as WeakMap<object, number[]>;
  const propLines = into?.propLines ?? new WeakMap<object, Map<string, number>>();
  const rawNumbers = into?.rawNumbers ?? new Map<number, string>();
  const fail = (what: string): never => {
    throw new ModelFormatError(file, line, what);
  };
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) break;
      i++;
    }
  };
  const found = (): string => (i >= n ? 'end of file' : `'${text.slice(i, i + 12).split('\n')[0]}'`);
  const value = (depth: number, rootKey?: string): JsonValue => {
    if (depth > MAX_DEPTH) fail(`expected at most ${MAX_DEPTH} levels of nesting`);
    ws();
    if (i >= n) fail('unexpected end of file: expected a JSON value');
    const c = text[i]!;
    if (c === '{') {
      const obj: { [k: string]: JsonValue } = {};
      const pl = new Map<string, number>();
      lineOf.set(obj, line);
      propLines.set(obj, pl);
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${found()}`);
        const k = str();
        ws();
        if (text[i] !== ':') fail(`expected ':' after property name "${k.slice(0, 20)}", found ${found()}`);
        i++;
        ws();
        pl.set(k, line);
        const v = value(depth + 1, depth === 0 ? k : undefined);
        if (depth === 0) sink?.end(k);
        Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail(`expected ',' or '}' in an object, found ${found()}`);
      }
    }
    if (c === '[') {
      const arr: JsonValue[] = [];
      const el: number[] = [];
      lineOf.set(arr, line);
      elementLines.set(arr, el);
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (let idx = 0; ; idx++) {
        ws();
        const elLine = line;
        const ev = value(depth + 1);
        if (rootKey === undefined || !sink?.element(rootKey, idx, ev, elLine)) {
          el.push(elLine);
          arr.push(ev);
        }
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail(`expected ',' or ']' in an array, found ${found()}`);
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m) fail(`expected a JSON value, found ${found()}`);
    const tok = m![0];
    i += tok.length;
    const x = Number(tok);
    if (!Number.isFinite(x)) fail(`expected a number within the float64 range (magnitude below 1.8e308), found ${tok.slice(0, 40)}`);
    if (!Number.isSafeInteger(x) && /^-?\d+$/.test(tok)) rawNumbers.set(x, tok.slice(0, 40));
    return x;
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= n) fail('unexpected end of file: expected a closing \'"\'');
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\n') fail('expected a closing \'"\' before the end of the line');
      if (c === '\\') {
        const d = text[i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (d !== undefined && d in map) {
          out += map[d];
          i += 2;
          continue;
        }
        if (d === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        fail('expected a valid escape sequence in a string');
      }
      out += c;
      i++;
    }
  };
  const v = value(0);
  ws();
  if (i < n) fail(`expected end of file after the JSON value, found ${found()}`);
  return { value: v, lineOf, elementLines, propLines, rawNumbers };
}

export const JSON_FORMAT_NAME = 'gp5-factor-graph';

function isObj(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse the project's JSON model format. Variables and factors are converted as the parser meets
 * them (when "variables" comes before "factors", as the writer puts it), so memory is the result
 * plus one element's tree, not a tree of the whole file (golden/README.md, "Memory").
 */
export function parseJsonModel(text: string, fileName: string): FactorGraph {
  const err = (line: number, what: string): never => {
    throw new ModelFormatError(fileName, line, what);
  };
  // Filled in once the parse is under way; the sink only runs during it.
  let p!: Parsed;
  const lineOfProp = (obj: object, key: string): number => p.propLines.get(obj)?.get(key) ?? p.lineOf.get(obj) ?? 1;
  const echo = (x: unknown): string => (typeof x === 'number' ? (p.rawNumbers.get(x) ?? String(x)) : (JSON.stringify(x)?.slice(0, 24) ?? String(x)));
  const variables: Variable[] = [];
  const factors: Factor[] = [];
  const addVariable = (v: JsonValue, idx: number, line: number): void => {
    if (!isObj(v)) return err(line, `variable ${idx}: expected an object {"card": n}`);
    const card = v.card;
    if (typeof card !== 'number' || !Number.isInteger(card) || card < 1 || card > MAX_CARD)
      err(lineOfProp(v, 'card'), `variable ${idx}: expected "card": an integer in range 1..${MAX_CARD}${card === undefined ? '' : `, found ${echo(card)}`}`);
    if (v.name !== undefined && typeof v.name !== 'string') err(lineOfProp(v, 'name'), `variable ${idx}: expected "name" to be a string`);
    variables.push(typeof v.name === 'string' ? { card: card as number, name: v.name } : { card: card as number });
  };
  const addXor = (f: { [k: string]: JsonValue }, idx: number): void => {
    const scope = f.scope;
    if (!Array.isArray(scope) || scope.length === 0)
      return err(lineOfProp(f, 'scope'), `factor ${idx}: expected "scope": a non-empty array of binary variable ids for a "type": "xor" factor`);
    const seen = new Set<number>();
    for (const v of scope) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= variables.length)
        return err(lineOfProp(f, 'scope'), `factor ${idx}: expected variable ids in range 0..${variables.length - 1} in "scope", found ${echo(v)}`);
      if (seen.has(v)) return err(lineOfProp(f, 'scope'), `factor ${idx}: expected distinct variables in "scope", ${v} is repeated`);
      seen.add(v);
      if (variables[v]!.card !== 2)
        return err(lineOfProp(f, 'scope'), `factor ${idx}: a "type": "xor" factor needs binary variables, variable ${v} has card ${variables[v]!.card}`);
    }
    if (scope.length > MAX_PARITY_DEGREE)
      return err(lineOfProp(f, 'scope'), `factor ${idx}: a "type": "xor" factor has at most ${MAX_PARITY_DEGREE} variables (its table has 2^degree entries), found ${scope.length}`);
    const parity = f.parity ?? 0;
    if (parity !== 0 && parity !== 1) return err(lineOfProp(f, 'parity'), `factor ${idx}: expected "parity": 0 (even) or 1 (odd), found ${echo(parity)}`);
    if (f.values !== undefined) return err(lineOfProp(f, 'values'), `factor ${idx}: a "type": "xor" factor has no "values" (its table is the parity constraint)`);
    factors.push(parityFactor(scope as number[], parity));
  };
  const addFactor = (f: JsonValue, idx: number, line: number): void => {
    if (!isObj(f)) return err(line, `factor ${idx}: expected an object {"scope": [...], "values": [...]}`);
    if (f.type !== undefined && f.type !== 'table') {
      if (f.type === 'xor') return addXor(f, idx);
      return err(lineOfProp(f, 'type'), `factor ${idx}: expected "type": "table" or "xor", found ${echo(f.type)}`);
    }
    const scope = f.scope;
    if (!Array.isArray(scope) || scope.length === 0)
      return err(lineOfProp(f, 'scope'), `factor ${idx}: expected "scope": a non-empty array of variable ids`);
    const seen = new Set<number>();
    let size = 1;
    for (const v of scope) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= variables.length)
        return err(lineOfProp(f, 'scope'), `factor ${idx}: expected variable ids in range 0..${variables.length - 1} in "scope", found ${echo(v)}`);
      if (seen.has(v)) return err(lineOfProp(f, 'scope'), `factor ${idx}: expected distinct variables in "scope", ${v} is repeated`);
      seen.add(v);
      size *= variables[v]!.card;
      if (size > MAX_READ_TABLE_SIZE)
        return err(lineOfProp(f, 'scope'), `factor ${idx}: table would have more than ${MAX_READ_TABLE_SIZE} entries`);
    }
    const order = f.order ?? 'first-fastest';
    if (order !== 'first-fastest' && order !== 'last-fastest')
      err(lineOfProp(f, 'order'), `factor ${idx}: expected "order": "first-fastest" or "last-fastest"`);
    const values = f.values;
    if (!Array.isArray(values)) return err(lineOfProp(f, 'values'), `factor ${idx}: expected "values": an array of ${size} numbers`);
    if (values.length !== size)
      err(lineOfProp(f, 'values'), `factor ${idx}: expected ${size} entries in "values" (product of the scope cardinalities), found ${values.length}`);
    const el = p.elementLines.get(values)!;
    const t = new Float64Array(size);
    let any = false;
    for (let j = 0; j < size; j++) {
      const x = values[j];
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
        err(el[j]!, `factor ${idx}: expected a finite non-negative number for values[${j}], found ${echo(x)}`);
      t[j] = (x as number) === 0 ? 0 : (x as number);
      if (t[j] !== 0) any = true;
    }
    if (!any) err(lineOfProp(f, 'values'), `factor ${idx}: expected at least one non-zero entry in "values" (all entries are 0)`);
    const sc = scope as number[];
    const cards = sc.map((v) => variables[v]!.card);
    factors.push(withParityMarker({ scope: [...sc], table: order === 'last-fastest' && sc.length > 1 ? lastFastestToFirstFastest(t, cards) : t }, cards));
  };
  // Factors stream only once the variables are complete (their scopes are checked against them).
  let variablesDone = false;
  let streamedFactors = false;
  const seenKeys = new Set<string>();
  const sink: RootArraySink = {
    element(key, idx, value, line) {
      if (key === 'variables') {
        addVariable(value, idx, line);
        return true;
      }
      if (key === 'factors' && variablesDone) {
        addFactor(value, idx, line);
        streamedFactors = true;
        return true;
      }
      return false;
    },
    end(key) {
      // A repeated key would otherwise stream twice (a tree keeps only the last one).
      if ((key === 'variables' || key === 'factors') && seenKeys.has(key)) err(p.lineOf.get(p.value as object) ?? 1, `expected one "${key}" property, found two`);
      seenKeys.add(key);
      if (key === 'variables') variablesDone = true;
    },
  };
  p = { lineOf: new WeakMap(), elementLines: new WeakMap(), propLines: new WeakMap(), rawNumbers: new Map(), value: null };
  p = parseJsonWithLines(text, fileName, sink, p);
  const root = p.value;
  if (!isObj(root)) return err(1, `expected a JSON object with "format": "${JSON_FORMAT_NAME}"`);
  if (root.format !== JSON_FORMAT_NAME)
    err(lineOfProp(root, 'format'), `expected "format": "${JSON_FORMAT_NAME}"`);
  if (root.version !== 1) err(lineOfProp(root, 'version'), 'expected "version": 1');
  if (!Array.isArray(root.variables)) return err(lineOfProp(root, 'variables'), 'expected "variables": an array of {"card": n}');
  const facs = root.factors;
  if (!Array.isArray(facs)) return err(lineOfProp(root, 'factors'), 'expected "factors": an array of {"scope": [...], "values": [...]}');
  // Factors that came before the variables were kept in the tree: convert them now.
  if (!streamedFactors) {
    const fl = p.elementLines.get(facs)!;
    facs.forEach((f, idx) => addFactor(f, idx, fl[idx]!));
  }
  return { variables, factors };
}

/** Write the JSON model format (first-fastest order). Values keep full precision. */
export function writeJsonModel(graph: FactorGraph): string {
  return collectText((out) => writeJsonModelTo(graphSource(graph), out));
}

/** `writeJsonModel` streamed: chunks go to `out`, one variable or factor at a time. */
export function writeJsonModelTo(src: ModelSource, out: (chunk: string) => void): void {
  out(`{\n  "format": "${JSON_FORMAT_NAME}",\n  "version": 1,\n  "variables": [\n    `);
  for (let v = 0; v < src.nVars; v++) {
    const name = src.name(v);
    const sep = v > 0 ? ',\n    ' : '';
    out(name !== undefined ? `${sep}{"card":${src.card(v)},"name":${JSON.stringify(name)}}` : `${sep}{"card":${src.card(v)}}`);
  }
  out('\n  ],\n  "factors": [\n    ');
  let first = true;
  src.forEachFactor((scope, table, structure) => {
    const sep = first ? '' : ',\n    ';
    // A parity factor is written in the XOR form only when its table is the 0/1 constraint itself
    // (a scaled one keeps its values, so write-then-read stays bit-exact).
    if (structure?.kind === 'parity' && table[structure.parity] === 1) out(`${sep}{"type":"xor","scope":[${scope.join(',')}],"parity":${structure.parity}}`);
    else out(`${sep}{"scope":[${scope.join(',')}],"order":"first-fastest","values":[${Array.from(table, (x) => String(x)).join(',')}]}`);
    first = false;
  });
  out('\n  ]\n}\n');
}

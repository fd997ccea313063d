// The project's own JSON model format (see golden/README.md):
// { "format": "gp5-factor-graph", "version": 1,
//   "variables": [ { "card": 2, "name": "x0" }, ... ],
//   "factors": [ { "scope": [0, 1], "values": [ ... ], "order": "first-fastest" }, ... ] }
// `order` is optional: "first-fastest" (default, libDAI order) or "last-fastest" (UAI order).
// A small JSON parser with line tracking is used so errors can name the line.
import { collectText, graphSource, type ModelSource } from '../model-source.js';
import { ModelFormatError } from '../errors.js';
import type { Factor, FactorGraph, Variable } from '../model.js';
import { lastFastestToFirstFastest, MAX_READ_TABLE_SIZE } from '../model.js';
import { MAX_CARD } from './common.js';

type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

interface Parsed {
  value: JsonValue;
  /** Line of each object / array (its opening bracket). */
  lineOf: WeakMap<object, number>;
  /** Line of each element of each array. */
  elementLines: WeakMap<object, Int32Array | number[]>;
  /** Line of each property value of each object. */
  propLines: WeakMap<object, Map<string, number>>;
}

const MAX_DEPTH = 256;

function parseJsonWithLines(text: string, file: string): Parsed {
  let i = 0;
  let line = 1;
  const n = text.length;
  const lineOf = new WeakMap<object, number>();
  const elementLines = new WeakMap<object, number[]>();
  const propLines = new WeakMap<object, Map<string, number>>();
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
  const value = (depth: number): JsonValue => {
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
        const v = value(depth + 1);
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
      for (;;) {
        ws();
        el.push(line);
        arr.push(value(depth + 1));
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
    i += m![0].length;
    return Number(m![0]);
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
  return { value: v, lineOf, elementLines, propLines };
}

export const JSON_FORMAT_NAME = 'gp5-factor-graph';

function isObj(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse the project's JSON model format. */
export function parseJsonModel(text: string, fileName: string): FactorGraph {
  const p = parseJsonWithLines(text, fileName);
  const root = p.value;
  const err = (line: number, what: string): never => {
    throw new ModelFormatError(fileName, line, what);
  };
  const lineOfProp = (obj: object, key: string): number => p.propLines.get(obj)?.get(key) ?? p.lineOf.get(obj) ?? 1;
  if (!isObj(root)) return err(1, `expected a JSON object with "format": "${JSON_FORMAT_NAME}"`);
  if (root.format !== JSON_FORMAT_NAME)
    err(lineOfProp(root, 'format'), `expected "format": "${JSON_FORMAT_NAME}"`);
  if (root.version !== 1) err(lineOfProp(root, 'version'), 'expected "version": 1');
  const vars = root.variables;
  if (!Array.isArray(vars)) return err(lineOfProp(root, 'variables'), 'expected "variables": an array of {"card": n}');
  const vl = p.elementLines.get(vars)!;
  const variables: Variable[] = [];
  vars.forEach((v, idx) => {
    const line = vl[idx]!;
    if (!isObj(v)) return err(line, `variable ${idx}: expected an object {"card": n}`);
    const card = v.card;
    if (typeof card !== 'number' || !Number.isInteger(card) || card < 1 || card > MAX_CARD)
      err(lineOfProp(v, 'card'), `variable ${idx}: expected "card": an integer in range 1..${MAX_CARD}`);
    if (v.name !== undefined && typeof v.name !== 'string') err(lineOfProp(v, 'name'), `variable ${idx}: expected "name" to be a string`);
    variables.push(typeof v.name === 'string' ? { card: card as number, name: v.name } : { card: card as number });
  });
  const facs = root.factors;
  if (!Array.isArray(facs)) return err(lineOfProp(root, 'factors'), 'expected "factors": an array of {"scope": [...], "values": [...]}');
  const fl = p.elementLines.get(facs)!;
  const factors: Factor[] = [];
  facs.forEach((f, idx) => {
    const line = fl[idx]!;
    if (!isObj(f)) return err(line, `factor ${idx}: expected an object {"scope": [...], "values": [...]}`);
    const scope = f.scope;
    if (!Array.isArray(scope) || scope.length === 0)
      return err(lineOfProp(f, 'scope'), `factor ${idx}: expected "scope": a non-empty array of variable ids`);
    const seen = new Set<number>();
    let size = 1;
    for (const v of scope) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= variables.length)
        return err(lineOfProp(f, 'scope'), `factor ${idx}: expected variable ids in range 0..${variables.length - 1} in "scope", found ${JSON.stringify(v)?.slice(0, 24)}`);
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
        err(el[j]!, `factor ${idx}: expected a finite non-negative number for values[${j}], found ${JSON.stringify(x)?.slice(0, 24)}`);
      t[j] = (x as number) === 0 ? 0 : (x as number);
      if (t[j] !== 0) any = true;
    }
    if (!any) err(lineOfProp(f, 'values'), `factor ${idx}: expected at least one non-zero entry in "values" (all entries are 0)`);
    const s = scope as number[];
    factors.push({
      scope: [...s],
      table: order === 'last-fastest' && s.length > 1 ? lastFastestToFirstFastest(t, s.map((v) => variables[v]!.card)) : t,
    });
  });
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
  src.forEachFactor((scope, table) => {
    out(`${first ? '' : ',\n    '}{"scope":[${scope.join(',')}],"order":"first-fastest","values":[${Array.from(table, (x) => String(x)).join(',')}]}`);
    first = false;
  });
  out('\n  ]\n}\n');
}

// Sweep specs (JSON or YAML): which kind of run, on which models, over which machine parameters
// and options. A scalar is one value, a list is an axis; the points are the product of every axis,
// times the optional `points` list of explicit overrides. Every mistake names its field and line.
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { DEFAULT_CONFIG, defaultFracBits, defaultTableSize, parseConfig, type MachineConfig } from '../isa/index.js';
import { SweepSpecError } from './errors.js';
import { OPTION_SCHEMA, GENERATORS, type OptionValue, type PointKind } from './points.js';

/**
 * A model: a file (path as written in the spec, resolved by the caller) or a seeded generator. An
 * infer model may name its UAI evidence file (`evid`), or `evid: false` for none; without `evid`
 * the caller applies the `.evid` file beside a `.uai` model when there is one (FILE.uai.evid).
 */
export type ModelRef = { file: string; evid?: string | false } | { generate: string; params: Record<string, number> };

export interface SweepPoint {
  kind: PointKind;
  model: ModelRef;
  /** Machine-config fields given by the spec (the rest are DEFAULT_CONFIG's); mesh is "WxH". */
  machine: Record<string, number | string>;
  options: Record<string, OptionValue>;
}

export interface SweepSpec {
  name: string;
  kind: PointKind;
  points: SweepPoint[];
}

/** More points than this is almost surely a typo in an axis. */
export const MAX_POINTS = 1_000_000;

const TOP_FIELDS = ['name', 'kind', 'models', 'machine', 'options', 'points'];

type Path = (string | number)[];

/** Reads a parsed document with error positions. */
class SpecReader {
  constructor(
    readonly file: string,
    private readonly doc: ReturnType<typeof parseDocument>,
    private readonly lines: LineCounter,
  ) {}

  fail(path: Path, detail: string): never {
    const field = path.length ? path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('') : '(root)';
    let node = path.length ? (this.doc.getIn(path, true) as Node | undefined) : (this.doc.contents as Node | null);
    // A missing field: point at its parent.
    for (let up = path.length - 1; !node?.range && up >= 0; up--) node = this.doc.getIn(path.slice(0, up), true) as Node | undefined;
    const pos = node?.range ? this.lines.linePos(node.range[0]) : undefined;
    throw new SweepSpecError(this.file, field, detail, pos?.line, pos?.col);
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse and validate a spec; `file` names it in errors. */
export function parseSweepSpec(text: string, file: string): SweepSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r: SpecReader = new SpecReader(file, doc, lines);
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lines.linePos(e.pos[0]);
    throw new SweepSpecError(file, '(syntax)', e.message.split('\n')[0], pos.line, pos.col);
  }
  if (!isMap(doc.contents)) r.fail([], 'expected a mapping with kind, models, machine and options');
  const root = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  for (const k of Object.keys(root)) if (!TOP_FIELDS.includes(k)) r.fail([k], `unknown field; expected one of ${TOP_FIELDS.join(', ')}`);
  const kind = root.kind;
  if (typeof kind !== 'string' || !(kind in OPTION_SCHEMA)) r.fail(['kind'], `expected one of ${Object.keys(OPTION_SCHEMA).join(', ')}, got ${JSON.stringify(kind)}`);
  const k = kind as PointKind;
  const name = root.name ?? file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  if (typeof name !== 'string' || name === '') r.fail(['name'], 'expected a non-empty string');
  const models = readModels(r, root.models, k);
  const base = { machine: readAxes(r, root.machine, ['machine'], k), options: readAxes(r, root.options, ['options'], k) };
  let overrides: { machine: Axis[]; options: Axis[] }[] = [{ machine: [], options: [] }];
  if (root.points !== undefined) {
    if (!Array.isArray(root.points) || root.points.length === 0 || !isSeq(doc.get('points'))) r.fail(['points'], 'expected a non-empty list of { machine, options } overrides');
    overrides = (root.points as unknown[]).map((p, i) => {
      if (!isPlainObject(p)) r.fail(['points', i], 'expected a mapping with machine and/or options');
      for (const key of Object.keys(p)) if (key !== 'machine' && key !== 'options') r.fail(['points', i, key], 'unknown field; expected machine or options');
      return { machine: readAxes(r, p.machine, ['points', i, 'machine'], k), options: readAxes(r, p.options, ['points', i, 'options'], k) };
    });
  }
  let count = models.length;
  // Counted from the axis lengths, so a runaway product is refused before it is built.
  const size = (axes: Axis[]) => axes.reduce((n, a) => n * a.values.length, 1);
  const perOverride = overrides.map((o) => size(merge(base.machine, o.machine)) * size(merge(base.options, o.options)));
  count *= perOverride.reduce((a, b) => a + b, 0);
  if (count > MAX_POINTS) r.fail([], `${count} points is more than ${MAX_POINTS}; split the sweep`);
  const points: SweepPoint[] = [];
  for (const model of models) {
    for (const o of overrides) {
      const machineAxes = merge(base.machine, o.machine);
      for (const machine of product(machineAxes)) {
        checkMachine(r, machine, machineAxes);
        for (const options of product(merge(base.options, o.options))) points.push({ kind: k, model, machine, options });
      }
    }
  }
  return { name: name as string, kind: k, points };
}

interface Axis {
  key: string;
  values: (number | string)[];
  path: Path;
}

/** Axes given later replace earlier axes of the same key (an override replaces the base). */
function merge(a: Axis[], b: Axis[]): Axis[] {
  const keys = new Set(b.map((x) => x.key));
  return [...a.filter((x) => !keys.has(x.key)), ...b];
}

function product(axes: Axis[]): Record<string, OptionValue>[] {
  let out: Record<string, OptionValue>[] = [{}];
  for (const a of axes) out = out.flatMap((p) => a.values.map((v) => ({ ...p, [a.key]: v })));
  return out;
}

const MACHINE_FIELDS = [...Object.keys(DEFAULT_CONFIG), 'mesh'];

function readAxes(r: SpecReader, value: unknown, path: Path, kind: PointKind): Axis[] {
  if (value === undefined) return [];
  if (!isPlainObject(value)) r.fail(path, 'expected a mapping of field: value or field: [values]');
  const isMachine = path[path.length - 1] === 'machine';
  const schema = OPTION_SCHEMA[kind];
  return Object.entries(value).map(([key, v]) => {
    const at = [...path, key];
    if (isMachine ? !MACHINE_FIELDS.includes(key) : !(key in schema)) {
      r.fail(at, `unknown field; expected one of ${(isMachine ? MACHINE_FIELDS : Object.keys(schema)).join(', ')}`);
    }
    const values = Array.isArray(v) ? v : [v];
    if (values.length === 0) r.fail(at, 'expected a value or a non-empty list');
    values.forEach((x, i) => {
      const where = Array.isArray(v) ? [...at, i] : at;
      if (isMachine) {
        if (key === 'mesh' ? typeof x !== 'string' || !/^\d+x\d+$/.test(x) : typeof x !== 'number' || !Number.isFinite(x)) {
          r.fail(where, key === 'mesh' ? `expected WxH such as 4x4, got ${JSON.stringify(x)}` : `expected a number, got ${JSON.stringify(x)}`);
        }
      } else {
        const problem = schema[key].check(x);
        if (problem) r.fail(where, `${problem}, got ${JSON.stringify(x)}`);
      }
    });
    return { key, values: values as (number | string)[], path: at };
  });
}

/** The machine config of a point's machine fields: mesh "WxH" and pes-only fill the mesh. */
export function pointConfig(machine: Record<string, number | string>, source = 'machine'): MachineConfig {
  const obj: Record<string, unknown> = { ...machine };
  if (typeof obj.mesh === 'string') {
    const [w, h] = obj.mesh.split('x').map(Number);
    delete obj.mesh;
    Object.assign(obj, { meshWidth: w, meshHeight: h });
    if (!('pes' in obj)) obj.pes = w * h;
  }
  // W alone brings its default F and max* table (the CLI's --bits does the same).
  if (typeof obj.messageBits === 'number' && !('fracBits' in obj)) obj.fracBits = defaultFracBits(obj.messageBits);
  if (typeof obj.messageBits === 'number' && !('maxStarTableSize' in obj)) obj.maxStarTableSize = defaultTableSize(obj.messageBits);
  return parseConfig(obj, source);
}

function checkMachine(r: SpecReader, machine: Record<string, OptionValue>, axes: Axis[]): void {
  try {
    pointConfig(machine);
  } catch (e) {
    const err = e as Error & { field?: string };
    const axis = axes.find((a) => err.message.includes(a.key)) ?? axes[0];
    r.fail(axis?.path ?? ['machine'], `${JSON.stringify(machine)} is not a valid machine: ${err.message}`);
  }
}

/** `{ file: X.uai, evid: E }`: a model with its evidence file, or `evid: false` for none. */
function readFileModel(r: SpecReader, m: Record<string, unknown>, i: number): ModelRef {
  for (const key of Object.keys(m)) if (key !== 'file' && key !== 'evid') r.fail(['models', i, key], 'unknown field; a model file takes file and evid');
  if (typeof m.file !== 'string' || m.file === '') r.fail(['models', i, 'file'], `expected a file path, got ${JSON.stringify(m.file)}`);
  if (m.evid === undefined) return { file: m.file };
  if (m.evid !== false && (typeof m.evid !== 'string' || m.evid === '')) r.fail(['models', i, 'evid'], `expected an evidence file path or false, got ${JSON.stringify(m.evid)}`);
  if (!/\.uai$/i.test(m.file)) r.fail(['models', i, 'evid'], `evidence applies to .uai models, not '${m.file}'`);
  return { file: m.file, evid: m.evid as string | false };
}

function readModels(r: SpecReader, value: unknown, kind: PointKind): ModelRef[] {
  if (!Array.isArray(value) || value.length === 0) {
    r.fail(['models'], `expected a non-empty list of ${kind === 'run' ? 'program files (.s, .gp5o)' : kind === 'ldpc' ? 'codes (.alist)' : 'model files or { generate: ising|tree|hmm, … }'}`);
  }
  return value.map((m, i): ModelRef => {
    if (typeof m === 'string' && m !== '') return { file: m };
    if (!isPlainObject(m) || kind !== 'infer') r.fail(['models', i], kind === 'infer' ? 'expected a file path, { file, evid } or { generate: …, params }' : 'expected a file path');
    if ('file' in m) return readFileModel(r, m, i);
    const gen = GENERATORS[String(m.generate)];
    if (!gen) r.fail(['models', i, 'generate'], `expected one of ${Object.keys(GENERATORS).join(', ')}, got ${JSON.stringify(m.generate)}`);
    const params: Record<string, number> = {};
    for (const [key, v] of Object.entries(m)) {
      if (key === 'generate') continue;
      if (!gen.params.includes(key)) r.fail(['models', i, key], `unknown parameter; ${m.generate} takes ${gen.params.join(', ')}`);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) r.fail(['models', i, key], `expected an integer 0 … 1000000, got ${JSON.stringify(v)}`);
      params[key] = v;
    }
    for (const req of gen.required) if (!(req in params)) r.fail(['models', i], `${m.generate} needs ${req}`);
    return { generate: String(m.generate), params };
  });
}

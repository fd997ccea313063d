// Trace comparison for RTL validation (`gp5sim compare EXPECTED ACTUAL`): aligns two traces (VCD or
// commit log) by cycle and PE and finds the first divergence. Returns data; the CLI prints it.
//
// Two methods:
//  - signals (full cycle timing, both files VCD): every mapped signal of every PE is compared at
//    every cycle. Each file's value changes are bucketed per cycle into compact typed arrays (one
//    pair of arrays per signal, no per-cycle objects); the comparison merges the two change lists of
//    each signal, so its cost is proportional to the number of value changes, not cycles × signals.
//  - retire (architectural, `mode: 'arch'`, or whenever one side is a commit log): per PE, the
//    sequence of retired instructions — pc, instruction word, scalar/vector register and memory
//    writes — is compared in order; in timing mode the retire cycle is compared too.
//
// Time alignment: a VCD's cycle c is read at time `offset + c · period` of that file (its own time
// units), taking every change stamped at or before that time. gp5sim's VCDs use period 1, offset 0.
import { disassembleWord, STALL_CAUSE_NAMES } from '../isa/index.js';
import { parseVcd, type VcdHeader, type VcdVar } from './vcd-parse.js';
import { looksLikeCommitLog, parseCommitLog, newRetireStream, pushRetire, type RetireStream } from './commit-log-parse.js';
import { UserError } from '../errors/index.js';

/** Bad map file, missing signals, unreadable input: the CLI reports these as usage errors (exit 2). */
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
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CompareInputError(`${file}: not valid JSON: ${(e as Error).message}`);
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

export type TraceKind = 'vcd' | 'commit-log';

/** Detect the trace kind from content (and, when the content is ambiguous, the file extension). */
export function detectTraceKind(text: string, file: string): TraceKind {
  const head = text.slice(0, 256).trimStart();
  if (head.startsWith('$')) return 'vcd';
  if (looksLikeCommitLog(text)) return 'commit-log';
  if (/\.vcd$/i.test(file)) return 'vcd';
  if (/\.(log|commit|txt|tsv)$/i.test(file)) return 'commit-log';
  throw new CompareInputError(`${file}: neither a VCD (starts with $ declarations) nor a gp5 commit log`);
}

export interface TraceInput {
  /** File name (for messages). */
  file: string;
  text: string;
}

export interface CompareOptions {
  /** 'timing' (default): every cycle; 'arch': commit order per PE, ignoring timing. */
  mode?: 'timing' | 'arch';
  map?: CompareMap;
  /** Matching cycles (or instructions) reported before the divergence (default 5). */
  context?: number;
}

export interface TraceSummary {
  file: string;
  kind: TraceKind;
  /** Cycles covered (last cycle + 1). */
  cycles: number;
  timescale?: string;
  clock?: ClockMap;
}

export interface InFlight {
  pc: number;
  word: number;
  text: string;
  /** Whether the instruction issued in the divergent cycle (else it is the last one issued). */
  issuedThisCycle?: boolean;
}

export interface ContextRow {
  cycle: number;
  actualCycle?: number;
  pc?: number;
  word?: number;
  text?: string;
  issue?: boolean;
  stall?: string;
  writes?: string;
}

export interface Divergence {
  /** Cycle of the divergence in the expected trace (null when the expected trace had ended). */
  cycle: number | null;
  /** The same point's cycle in the actual trace (differs from `cycle` only in the retire method). */
  actualCycle: number | null;
  /** File times the values were read at. */
  expectedTime: number | null;
  actualTime: number | null;
  pe: number;
  scope: string;
  actualScope: string;
  signal: string;
  actualSignal: string;
  expected: string;
  actual: string;
  expectedValue: number | null;
  actualValue: number | null;
  /** Index of the retired instruction on this PE (retire method). */
  retireIndex?: number;
  instruction: { expected: InFlight | null; actual: InFlight | null };
  context: ContextRow[];
}

export interface CompareResult {
  agree: boolean;
  mode: 'timing' | 'arch';
  method: 'signals' | 'retire';
  expected: TraceSummary;
  actual: TraceSummary;
  pes: number;
  /** Signals compared per cycle (signals method), or fields per instruction (retire method). */
  signals: number;
  /** Cycles compared. */
  cycles: number;
  /** Value changes read and compared (signals method). */
  changes: number;
  /** Retired instructions compared (retire method). */
  instructions: number;
  divergence?: Divergence;
}

// ---------------------------------------------------------------- compact per-signal tracks

const XZ = -1; // a value with x or z bits
const WIDE = -2; // wider than 53 bits: not representable, compared as equal only to itself
const NONE = -3; // no value yet

/** Value changes of one signal bucketed by cycle: only the value in effect at each sample. */
class Track {
  c = new Float64Array(16);
  v = new Float64Array(16);
  n = 0;
  push(cycle: number, value: number): void {
    const n = this.n;
    if (n > 0 && this.c[n - 1] === cycle) {
      // A later change in the same cycle wins; drop the entry if it returns to the previous value.
      if (n > 1 && this.v[n - 2] === value) this.n--;
      else this.v[n - 1] = value;
      return;
    }
    if (n > 0 && this.v[n - 1] === value) return;
    if (n === this.c.length) {
      const c = new Float64Array(n * 2);
      c.set(this.c);
      this.c = c;
      const v = new Float64Array(n * 2);
      v.set(this.v);
      this.v = v;
    }
    this.c[n] = cycle;
    this.v[n] = value;
    this.n = n + 1;
  }
  /** Value in effect at cycle c (binary search). */
  at(cycle: number): number {
    let lo = 0;
    let hi = this.n - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.c[mid] <= cycle) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans < 0 ? NONE : this.v[ans];
  }
}

/** Monotone cursor over a track (for walking cycles in increasing order). */
class Cursor {
  private i = -1;
  constructor(private readonly t: Track | undefined) {}
  at(cycle: number): number {
    const t = this.t;
    if (!t) return NONE;
    while (this.i + 1 < t.n && t.c[this.i + 1] <= cycle) this.i++;
    return this.i < 0 ? NONE : t.v[this.i];
  }
}

interface VcdTrace {
  kind: 'vcd';
  file: string;
  text: string;
  header: VcdHeader;
  byPath: Map<string, VcdVar>;
  clock: ClockMap;
  lastCycle: number;
}

interface LogTrace {
  kind: 'commit-log';
  file: string;
  streams: Map<number, RetireStream>;
  lastCycle: number;
}

type Trace = VcdTrace | LogTrace;

function readVcdHeader(text: string, file: string, clock: ClockMap): VcdTrace {
  const at = text.indexOf('$enddefinitions');
  let headText = text;
  if (at >= 0) {
    const end = text.indexOf('$end', at + '$enddefinitions'.length);
    if (end >= 0) headText = text.slice(0, end + 4);
  }
  const { header } = parseVcd(headText, file, () => {});
  const byPath = new Map<string, VcdVar>();
  for (const v of header.vars) if (!byPath.has(v.path)) byPath.set(v.path, v);
  return { kind: 'vcd', file, text, header, byPath, clock, lastCycle: 0 };
}

/** Stream a VCD's value changes into tracks for the requested variables (by id). */
function loadTracks(tr: VcdTrace, wanted: Map<string, Track>): number {
  const byId = new Map<string, Track[]>();
  for (const [path, track] of wanted) {
    const v = tr.byPath.get(path)!;
    const list = byId.get(v.id);
    if (list) list.push(track);
    else byId.set(v.id, [track]);
  }
  const { period, offset } = tr.clock;
  const identity = period === 1 && offset === 0;
  let lastTime = -1;
  let lastCycle = 0;
  let changes = 0;
  const { endTime } = parseVcd(tr.text, tr.file, (time, id, value, xz) => {
    const list = byId.get(id);
    if (list === undefined) return;
    if (time !== lastTime) {
      lastTime = time;
      lastCycle = identity ? time : time <= offset ? 0 : Math.ceil((time - offset) / period);
    }
    const val = xz ? XZ : value !== value ? WIDE : value;
    changes++;
    for (let k = 0; k < list.length; k++) list[k].push(lastCycle, val);
  });
  tr.lastCycle = endTime <= offset ? 0 : Math.floor((endTime - offset) / period);
  return changes;
}

// ---------------------------------------------------------------- names

interface PeScope {
  pe: number;
  scope: string;
}

/** PE scopes of a VCD: scopes declaring an `issue`-like set of vars; PE id from a trailing number. */
function vcdScopes(h: VcdHeader): PeScope[] {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const v of h.vars) {
    if (!seen.has(v.scope)) {
      seen.add(v.scope);
      order.push(v.scope);
    }
  }
  return order.map((scope, i) => {
    const m = /(\d+)$/.exec(scope);
    return { pe: m ? Number(m[1]) : i, scope };
  });
}

function isIgnored(map: CompareMap, scope: string, name: string): boolean {
  return map.ignore.includes(name) || map.ignore.includes(`${scope}.${name}`);
}

/** The actual file's path for an expected (scope, name). */
function mappedPath(map: CompareMap, scope: string, name: string): { scope: string; path: string; name: string } {
  const full = map.signals[`${scope}.${name}`];
  if (full !== undefined && full.includes('.')) {
    const dot = full.lastIndexOf('.');
    return { scope: full.slice(0, dot), path: full, name: full.slice(dot + 1) };
  }
  const aScope = map.scopes[scope] ?? scope;
  const aName = full ?? map.signals[name] ?? name;
  return { scope: aScope, path: aScope ? `${aScope}.${aName}` : aName, name: aName };
}

// ---------------------------------------------------------------- formatting helpers

function hex(v: number, width: number): string {
  return '0x' + v.toString(16).padStart(Math.ceil(Math.min(width, 53) / 4), '0');
}

function formatValue(name: string, v: number, width: number): string {
  if (v === NONE) return '(no value)';
  if (v === XZ) return 'x';
  if (v === WIDE) return '(wider than 53 bits)';
  if (name === 'stall') {
    const cause = v === 0 ? 'issue' : v === 15 ? 'halted' : (STALL_CAUSE_NAMES[v - 1] ?? '?');
    return `${v} (${cause})`;
  }
  if (width <= 1) return String(v);
  if (/data|instr|wdata/.test(name)) return `${hex(v, width)} (${v > 0x7fffffff && v <= 0xffffffff ? v - 0x100000000 : v})`;
  return String(v);
}

function stallName(v: number): string {
  if (v === NONE || v === XZ) return '?';
  return v === 0 ? '-' : v === 15 ? 'halted' : (STALL_CAUSE_NAMES[v - 1] ?? String(v));
}

function inFlight(pc: number, word: number, issued?: boolean): InFlight | null {
  if (pc < 0 || word < 0) return null;
  return { pc, word, text: disassembleWord(word >>> 0, pc), issuedThisCycle: issued };
}

// ---------------------------------------------------------------- signals method (VCD vs VCD, timing)

const SIGNAL_PRIORITY = ['stall', 'issue', 'pc', 'instr'];

interface Pair {
  pe: number;
  scope: string;
  name: string;
  width: number;
  aScope: string;
  aName: string;
  aWidth: number;
  te: Track;
  ta: Track;
}

function compareSignals(e: VcdTrace, a: VcdTrace, map: CompareMap, contextN: number): Omit<CompareResult, 'expected' | 'actual' | 'mode'> {
  const pairs: Pair[] = [];
  const missing: string[] = [];
  const pes = vcdScopes(e.header);
  const wantE = new Map<string, Track>();
  const wantA = new Map<string, Track>();
  for (const ps of pes) {
    for (const v of e.header.vars) {
      if (v.scope !== ps.scope || e.byPath.get(v.path) !== v) continue;
      if (isIgnored(map, ps.scope, v.name)) continue;
      const m = mappedPath(map, ps.scope, v.name);
      const av = a.byPath.get(m.path);
      if (!av) {
        missing.push(`${v.path} → ${m.path}`);
        continue;
      }
      const te = wantE.get(v.path) ?? new Track();
      wantE.set(v.path, te);
      const ta = wantA.get(av.path) ?? new Track();
      wantA.set(av.path, ta);
      pairs.push({ pe: ps.pe, scope: ps.scope, name: v.name, width: v.width, aScope: m.scope, aName: av.name, aWidth: av.width, te, ta });
    }
  }
  if (missing.length) {
    throw new CompareInputError(
      `${a.file}: no signal for ${missing.length} expected signal(s): ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''} — map them with "scopes"/"signals" in --map, or list them in "ignore"`,
    );
  }
  if (pairs.length === 0) throw new CompareInputError(`${e.file}: no signals to compare`);
  // Within a cycle and PE, report control signals first (they explain what the PE was doing):
  // stall, issue, pc, instr, then the rest in declaration order. The sort is stable.
  const priority = (name: string) => {
    const k = SIGNAL_PRIORITY.indexOf(name);
    return k < 0 ? SIGNAL_PRIORITY.length : k;
  };
  const peOrder = new Map(pes.map((p, i) => [p.scope, i]));
  pairs.sort((x, y) => peOrder.get(x.scope)! - peOrder.get(y.scope)! || priority(x.name) - priority(y.name));
  let changes = loadTracks(e, wantE);
  changes += loadTracks(a, wantA);
  const lastCycle = Math.max(e.lastCycle, a.lastCycle);

  let best = Infinity;
  let bestK = -1;
  for (let k = 0; k < pairs.length; k++) {
    const p = pairs[k];
    const d = firstDiff(p.te, p.ta, Math.min(p.width, p.aWidth), p.width !== p.aWidth, best);
    if (d < best) {
      best = d;
      bestK = k;
    }
  }
  const peCount = new Set(pairs.map((p) => p.pe)).size;
  const base = { method: 'signals' as const, pes: peCount, signals: pairs.length, changes, instructions: 0 };
  if (bestK < 0) return { ...base, agree: true, cycles: lastCycle + 1 };

  const p = pairs[bestK];
  const c = best;
  const sig = (name: string) => wantE.get(`${p.scope}.${name}`);
  const ePc = sig('pc');
  const eIn = sig('instr');
  const eIss = sig('issue');
  const eSt = sig('stall');
  const aPcPath = mappedPath(map, p.scope, 'pc').path;
  const aInPath = mappedPath(map, p.scope, 'instr').path;
  const aIssPath = mappedPath(map, p.scope, 'issue').path;
  const aPc = wantA.get(aPcPath);
  const aIn = wantA.get(aInPath);
  const aIss = wantA.get(aIssPath);
  const context: ContextRow[] = [];
  for (let k = Math.max(0, c - contextN); k < c; k++) {
    const row: ContextRow = { cycle: k };
    if (ePc) row.pc = ePc.at(k);
    if (eIn) {
      row.word = eIn.at(k);
      if (row.word >= 0) row.text = disassembleWord(row.word >>> 0, row.pc ?? 0);
    }
    if (eIss) row.issue = eIss.at(k) === 1;
    if (eSt) row.stall = stallName(eSt.at(k));
    context.push(row);
  }
  const ve = p.te.at(c);
  const va = p.ta.at(c);
  const divergence: Divergence = {
    cycle: c,
    actualCycle: c,
    expectedTime: e.clock.offset + c * e.clock.period,
    actualTime: a.clock.offset + c * a.clock.period,
    pe: p.pe,
    scope: p.scope,
    actualScope: p.aScope,
    signal: p.name,
    actualSignal: `${p.aScope}.${p.aName}`,
    expected: formatValue(p.name, ve, p.width),
    actual: formatValue(p.name, va, p.aWidth),
    expectedValue: ve < 0 ? null : ve,
    actualValue: va < 0 ? null : va,
    instruction: {
      expected: ePc && eIn ? inFlight(ePc.at(c), eIn.at(c), eIss ? eIss.at(c) === 1 : undefined) : null,
      actual: aPc && aIn ? inFlight(aPc.at(c), aIn.at(c), aIss ? aIss.at(c) === 1 : undefined) : null,
    },
    context,
  };
  return { ...base, agree: false, cycles: c + 1, divergence };
}

/** First cycle < limit where the two tracks differ (compared on the low `width` bits if masked). */
function firstDiff(te: Track, ta: Track, width: number, masked: boolean, limit: number): number {
  const ec = te.c;
  const ev = te.v;
  const ac = ta.c;
  const av = ta.v;
  const en = te.n;
  const an = ta.n;
  let i = 0;
  let j = 0;
  let ve = NONE;
  let va = NONE;
  const mod = 2 ** width;
  for (;;) {
    const ci = i < en ? ec[i] : Infinity;
    const cj = j < an ? ac[j] : Infinity;
    const c = ci < cj ? ci : cj;
    if (c >= limit) return Infinity;
    if (ci === c) ve = ev[i++];
    if (cj === c) va = av[j++];
    if (ve !== va) {
      if (!masked || ve < 0 || va < 0) return c;
      if (width <= 32 ? ((ve & (mod - 1)) >>> 0) !== ((va & (mod - 1)) >>> 0) : ve % mod !== va % mod) return c;
    }
  }
}

// ---------------------------------------------------------------- retire method

const RETIRE_SIGNALS = ['issue', 'pc', 'instr', 'rf_we', 'rf_waddr', 'rf_wdata', 'vrf_we', 'vrf_waddr', 'vrf_wdata', 'mem_we', 'mem_waddr', 'mem_wlen', 'mem_wdata'] as const;
const REQUIRED_RETIRE = new Set(['issue', 'pc', 'instr']);

/** Retired-instruction streams of a VCD, from its issue strobes (one record per issue cycle). */
function vcdRetireStreams(tr: VcdTrace, scopes: { pe: number; scope: string; names: Record<string, string | undefined> }[]): { streams: Map<number, RetireStream>; changes: number } {
  const want = new Map<string, Track>();
  const per = scopes.map((s) => {
    const tracks: Partial<Record<(typeof RETIRE_SIGNALS)[number], Track>> = {};
    for (const name of RETIRE_SIGNALS) {
      const path = s.names[name];
      if (path === undefined) continue;
      const t = want.get(path) ?? new Track();
      want.set(path, t);
      tracks[name] = t;
    }
    return { ...s, tracks };
  });
  const changes = loadTracks(tr, want);
  const streams = new Map<number, RetireStream>();
  for (const s of per) {
    const st = newRetireStream(s.pe, s.scope);
    streams.set(s.pe, st);
    const T = s.tracks;
    const issue = T.issue!;
    const cur = Object.fromEntries(RETIRE_SIGNALS.map((n) => [n, new Cursor(T[n])])) as Record<(typeof RETIRE_SIGNALS)[number], Cursor>;
    for (let k = 0; k < issue.n; k++) {
      if (issue.v[k] !== 1) continue;
      const from = issue.c[k];
      const to = k + 1 < issue.n ? issue.c[k + 1] : tr.lastCycle + 1;
      for (let c = from; c < to; c++) {
        const i = pushRetire(st, c, tr.clock.offset + c * tr.clock.period, cur.pc.at(c), cur.instr.at(c));
        if (cur.rf_we.at(c) === 1) {
          st.sreg[i] = cur.rf_waddr.at(c);
          st.sval[i] = cur.rf_wdata.at(c);
        }
        if (cur.vrf_we.at(c) === 1) {
          st.vreg[i] = cur.vrf_waddr.at(c);
          st.v0[i] = cur.vrf_wdata.at(c);
        }
        if (cur.mem_we.at(c) === 1) {
          st.maddr[i] = cur.mem_waddr.at(c);
          st.mlen[i] = cur.mem_wlen.at(c);
          st.m0[i] = cur.mem_wdata.at(c);
        }
      }
    }
  }
  return { streams, changes };
}

function formatWrites(s: RetireStream, i: number): string {
  const parts: string[] = [];
  if (s.sreg[i] >= 0) parts.push(`r${s.sreg[i]}=${hex(s.sval[i], 32)}`);
  if (s.vreg[i] >= 0) parts.push(s.vlanes[i] !== undefined ? `v${s.vreg[i]}=[${s.vlanes[i]}]` : `v${s.vreg[i]}[0]=${s.v0[i] | 0}`);
  if (s.maddr[i] >= 0) parts.push(s.mvalues[i] !== undefined ? `M[${s.maddr[i]}]=[${s.mvalues[i]}]` : `M[${s.maddr[i]}]=[${s.m0[i] | 0},…] (${s.mlen[i]} words)`);
  return parts.length ? parts.join(' ') : '-';
}

function recordText(s: RetireStream, i: number): string {
  return s.text[i] ?? disassembleWord(s.word[i] >>> 0, s.pc[i]);
}

interface FieldDiff {
  signal: string;
  expected: string;
  actual: string;
  ev: number | null;
  av: number | null;
}

/** First differing field of record i of e and record j of a (both present). */
function diffRecord(e: RetireStream, i: number, a: RetireStream, j: number, timing: boolean): FieldDiff | null {
  const num = (signal: string, x: number, y: number, fmt: (v: number) => string = String): FieldDiff | null =>
    x === y ? null : { signal, expected: fmt(x), actual: fmt(y), ev: x, av: y };
  const h32 = (v: number) => hex(v >>> 0, 32);
  return (
    num('pc', e.pc[i], a.pc[j]) ??
    num('instr', e.word[i], a.word[j], (v) => `${h32(v)} (${disassembleWord(v >>> 0, 0).replace(/^(\S+).*/, '$1')})`) ??
    (timing ? num('cycle', e.cycle[i], a.cycle[j]) : null) ??
    num('rf_we', e.sreg[i] >= 0 ? 1 : 0, a.sreg[j] >= 0 ? 1 : 0) ??
    (e.sreg[i] >= 0 ? (num('rf_waddr', e.sreg[i], a.sreg[j]) ?? num('rf_wdata', e.sval[i], a.sval[j], h32)) : null) ??
    num('vrf_we', e.vreg[i] >= 0 ? 1 : 0, a.vreg[j] >= 0 ? 1 : 0) ??
    (e.vreg[i] >= 0
      ? (num('vrf_waddr', e.vreg[i], a.vreg[j]) ??
        num('vrf_wdata', e.v0[i], a.v0[j], (v) => `${h32(v)} (${v | 0})`) ??
        (e.vlanes[i] !== undefined && a.vlanes[j] !== undefined && e.vlanes[i] !== a.vlanes[j]
          ? { signal: 'vrf_lanes', expected: `[${e.vlanes[i]}]`, actual: `[${a.vlanes[j]}]`, ev: null, av: null }
          : null))
      : null) ??
    num('mem_we', e.maddr[i] >= 0 ? 1 : 0, a.maddr[j] >= 0 ? 1 : 0) ??
    (e.maddr[i] >= 0
      ? (num('mem_waddr', e.maddr[i], a.maddr[j]) ??
        num('mem_wlen', e.mlen[i] & 0xffff, a.mlen[j] & 0xffff) ??
        num('mem_wdata', e.m0[i], a.m0[j], (v) => `${h32(v)} (${v | 0})`) ??
        (e.mvalues[i] !== undefined && a.mvalues[j] !== undefined && e.mvalues[i] !== a.mvalues[j]
          ? { signal: 'mem_values', expected: `[${e.mvalues[i]}]`, actual: `[${a.mvalues[j]}]`, ev: null, av: null }
          : null))
      : null)
  );
}

function retireStreamsOf(tr: Trace, map: CompareMap, isActual: boolean, expectedScopes: PeScope[]): { streams: Map<number, RetireStream>; changes: number } {
  if (tr.kind === 'commit-log') return { streams: tr.streams, changes: 0 };
  const scopes = isActual ? expectedScopes : vcdScopes(tr.header).filter((s) => tr.byPath.has(`${s.scope}.issue`));
  const missing: string[] = [];
  const list = scopes.map((s) => {
    const names: Record<string, string | undefined> = {};
    for (const n of RETIRE_SIGNALS) {
      const path = isActual ? mappedPath(map, s.scope, n).path : `${s.scope}.${n}`;
      if (tr.byPath.has(path) && !(isActual && isIgnored(map, s.scope, n))) names[n] = path;
      else if (REQUIRED_RETIRE.has(n)) missing.push(path);
    }
    return { pe: s.pe, scope: isActual ? mappedPath(map, s.scope, 'pc').scope : s.scope, names };
  });
  if (missing.length) throw new CompareInputError(`${tr.file}: comparing retired instructions needs ${missing.slice(0, 6).join(', ')} (map them with --map)`);
  if (list.length === 0) throw new CompareInputError(`${tr.file}: no PE scope with an "issue" signal`);
  return vcdRetireStreams(tr, list);
}

function compareRetire(e: Trace, a: Trace, map: CompareMap, timing: boolean, contextN: number): Omit<CompareResult, 'expected' | 'actual' | 'mode'> {
  const eRes = retireStreamsOf(e, map, false, []);
  // The actual VCD's PE scopes: the expected PEs mapped through "scopes" (canonical gp5.pe<N> when
  // the expected side is a commit log).
  const expScopes: PeScope[] = [...eRes.streams.values()].map((s) => ({ pe: s.pe, scope: e.kind === 'vcd' ? s.scope : `gp5.pe${s.pe}` }));
  const aRes = retireStreamsOf(a, map, true, expScopes);
  const peIds = [...new Set([...eRes.streams.keys(), ...aRes.streams.keys()])].sort((x, y) => x - y);
  let best: { key: number; pe: number; i: number; d: FieldDiff | 'missing-e' | 'missing-a' } | undefined;
  let instructions = 0;
  for (const pe of peIds) {
    const es = eRes.streams.get(pe) ?? newRetireStream(pe, `pe${pe}`, 1);
    const as = aRes.streams.get(pe) ?? newRetireStream(pe, `pe${pe}`, 1);
    const n = Math.max(es.n, as.n);
    for (let i = 0; i < n; i++) {
      const key = i < es.n ? (timing && i < as.n ? Math.min(es.cycle[i], as.cycle[i]) : es.cycle[i]) : as.cycle[i];
      if (best && key >= best.key) break;
      if (i >= es.n) {
        best = { key, pe, i, d: 'missing-e' };
        break;
      }
      if (i >= as.n) {
        best = { key, pe, i, d: 'missing-a' };
        break;
      }
      instructions++;
      const d = diffRecord(es, i, as, i, timing);
      if (d) {
        best = { key, pe, i, d };
        break;
      }
    }
  }
  const lastCycle = Math.max(e.lastCycle, a.lastCycle);
  const base = { method: 'retire' as const, pes: peIds.length, signals: timing ? 14 : 13, changes: eRes.changes + aRes.changes, instructions };
  if (!best) return { ...base, agree: true, cycles: lastCycle + 1 };
  const es = eRes.streams.get(best.pe) ?? newRetireStream(best.pe, `pe${best.pe}`, 1);
  const as = aRes.streams.get(best.pe) ?? newRetireStream(best.pe, `pe${best.pe}`, 1);
  const i = best.i;
  const hasE = i < es.n;
  const hasA = i < as.n;
  let fd: FieldDiff;
  if (best.d === 'missing-e') fd = { signal: 'retire', expected: '(no more instructions)', actual: recordText(as, i), ev: null, av: null };
  else if (best.d === 'missing-a') fd = { signal: 'retire', expected: recordText(es, i), actual: '(no more instructions)', ev: null, av: null };
  else fd = best.d;
  const context: ContextRow[] = [];
  for (let k = Math.max(0, i - contextN); k < i; k++) {
    context.push({ cycle: es.cycle[k], actualCycle: as.cycle[k], pc: es.pc[k], word: es.word[k], text: recordText(es, k), writes: formatWrites(es, k) });
  }
  const flight = (s: RetireStream, has: boolean): InFlight | null => (has ? { pc: s.pc[i], word: s.word[i], text: recordText(s, i), issuedThisCycle: true } : null);
  const divergence: Divergence = {
    cycle: hasE ? es.cycle[i] : null,
    actualCycle: hasA ? as.cycle[i] : null,
    expectedTime: hasE ? es.time[i] : null,
    actualTime: hasA ? as.time[i] : null,
    pe: best.pe,
    scope: es.scope,
    actualScope: as.scope,
    signal: fd.signal,
    actualSignal: fd.signal,
    expected: fd.expected,
    actual: fd.actual,
    expectedValue: fd.ev,
    actualValue: fd.av,
    retireIndex: i,
    instruction: { expected: flight(es, hasE), actual: flight(as, hasA) },
    context,
  };
  return { ...base, agree: false, cycles: best.key + 1, divergence };
}

// ---------------------------------------------------------------- entry point

function load(input: TraceInput, clock: ClockMap): Trace {
  const kind = detectTraceKind(input.text, input.file);
  if (kind === 'vcd') return readVcdHeader(input.text, input.file, clock);
  const log = parseCommitLog(input.text, input.file);
  return { kind: 'commit-log', file: input.file, streams: log.pes, lastCycle: Math.max(0, log.lastCycle) };
}

function summary(t: Trace): TraceSummary {
  if (t.kind === 'vcd') return { file: t.file, kind: 'vcd', cycles: t.lastCycle + 1, timescale: t.header.timescale, clock: t.clock };
  return { file: t.file, kind: 'commit-log', cycles: t.lastCycle + 1 };
}

/**
 * Compare two traces. `expected` is normally gp5sim's trace, `actual` the RTL simulator's; the map
 * translates expected names to actual names. Throws CompareInputError for unusable input.
 */
export function compareTraces(expected: TraceInput, actual: TraceInput, opts: CompareOptions = {}): CompareResult {
  const map = opts.map ?? defaultCompareMap();
  const mode = opts.mode ?? 'timing';
  const contextN = opts.context ?? 5;
  const e = load(expected, map.expectedClock);
  const a = load(actual, map.clock);
  let r: Omit<CompareResult, 'expected' | 'actual' | 'mode'>;
  if (mode === 'timing' && e.kind === 'vcd' && a.kind === 'vcd') r = compareSignals(e, a, map, contextN);
  else r = compareRetire(e, a, map, mode === 'timing', contextN);
  return { ...r, mode, expected: summary(e), actual: summary(a) };
}

// Loading both traces for the comparison: kind detection, VCD headers (the actual file keeps only
// what the expected trace maps to), value changes into tracks, commit logs into retire streams.
import { parseVcd, type VcdHeader, type VcdVar } from './vcd-parse.js';
import { withoutBom } from './parse-error.js';
import { looksLikeCommitLog, parseCommitLog, type RetireStream } from './commit-log-parse.js';
import { VCD_SIGNALS } from './formats.js';
import { CompareInputError, mappedPath, type ClockMap, type CompareMap } from './compare-map.js';
import { XZ, WIDE, type Track } from './tracks.js';
import type { TraceInput, TraceKind, TraceSummary } from './compare-types.js';

/** Detect the trace kind from content (and, when the content is ambiguous, the file extension). */
export function detectTraceKind(text: string, file: string): TraceKind {
  const head = withoutBom(text.slice(0, 256)).trimStart();
  if (head === '' && text.trim() === '') throw new CompareInputError(`${file}:1: error: empty file (expected a VCD or a gp5 commit log)`);
  if (head.startsWith('$')) return 'vcd';
  if (looksLikeCommitLog(text)) return 'commit-log';
  if (/\.vcd$/i.test(file)) return 'vcd';
  if (/\.(log|commit|txt|tsv)$/i.test(file)) return 'commit-log';
  throw new CompareInputError(`${file}:1: error: neither a VCD (starts with $ declarations) nor a gp5 commit log`);
}

export interface VcdTrace {
  kind: 'vcd';
  file: string;
  text: string;
  header: VcdHeader;
  byPath: Map<string, VcdVar>;
  clock: ClockMap;
  lastCycle: number;
  /** Variables kept (actual file: only what the expected trace maps to); undefined keeps all. */
  keep?: (scope: string, name: string) => boolean;
  /** PE scopes declared but not kept (see CompareResult.uncheckedPes). */
  unchecked: { count: number; scopes: string[] };
}

export interface LogTrace {
  kind: 'commit-log';
  file: string;
  streams: Map<number, RetireStream>;
  lastCycle: number;
}

export type Trace = VcdTrace | LogTrace;

/** What to keep of the actual VCD: the paths the expected trace maps to, and how to spot a PE. */
export interface ActualFilter {
  paths: Set<string>;
  /** Actual scopes some expected PE maps to. */
  scopes: Set<string>;
  /** The actual name of the `issue` strobe: a scope declaring it is a PE. */
  issueName: string;
}

export function readVcdHeader(text: string, file: string, clock: ClockMap, filter?: ActualFilter): VcdTrace {
  const unchecked = { count: 0, scopes: [] as string[] };
  let lastUnchecked = '';
  const keep = filter && ((scope: string, name: string) => filter.paths.has(scope ? `${scope}.${name}` : name));
  const keepCounting =
    filter &&
    ((scope: string, name: string) => {
      if (name === filter.issueName && !filter.scopes.has(scope) && scope !== lastUnchecked) {
        lastUnchecked = scope;
        if (unchecked.count++ < 8) unchecked.scopes.push(scope);
      }
      return keep!(scope, name);
    });
  const at = text.indexOf('$enddefinitions');
  let headText = text;
  if (at >= 0) {
    const end = text.indexOf('$end', at + '$enddefinitions'.length);
    if (end >= 0) headText = text.slice(0, end + 4);
  }
  const { header } = parseVcd(headText, file, () => {}, { keep: keepCounting });
  const byPath = new Map<string, VcdVar>();
  for (const v of header.vars) if (!byPath.has(v.path)) byPath.set(v.path, v);
  return { kind: 'vcd', file, text, header, byPath, clock, lastCycle: 0, keep, unchecked };
}

/** Stream a VCD's value changes into tracks for the requested variables (by id). */
export function loadTracks(tr: VcdTrace, wanted: Map<string, Track>): number {
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
  }, { keep: tr.keep });
  tr.lastCycle = endTime <= offset ? 0 : Math.floor((endTime - offset) / period);
  return changes;
}

export interface PeScope {
  pe: number;
  scope: string;
}

/** PE scopes of a VCD: scopes declaring an `issue`-like set of vars; PE id from a trailing number. */
export function vcdScopes(h: VcdHeader): PeScope[] {
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

export function uncheckedOf(t: Trace): { uncheckedPes: number; uncheckedScopes: string[] } {
  return t.kind === 'vcd' ? { uncheckedPes: t.unchecked.count, uncheckedScopes: t.unchecked.scopes } : { uncheckedPes: 0, uncheckedScopes: [] };
}

/** The actual file's paths for every signal of every expected PE (both methods' needs). */
export function actualFilter(e: Trace, map: CompareMap): ActualFilter {
  const scopes = e.kind === 'vcd' ? vcdScopes(e.header).map((s) => s.scope) : [...e.streams.keys()].map((pe) => `gp5.pe${pe}`);
  const paths = new Set<string>();
  const aScopes = new Set<string>();
  const add = (scope: string, name: string) => {
    const m = mappedPath(map, scope, name);
    paths.add(m.path);
    aScopes.add(m.scope);
  };
  for (const scope of scopes) for (const s of VCD_SIGNALS) add(scope, s.name);
  if (e.kind === 'vcd') for (const v of e.header.vars) add(v.scope, v.name);
  return { paths, scopes: aScopes, issueName: mappedPath(map, scopes[0] ?? 'gp5.pe0', 'issue').name };
}

export function load(input: TraceInput, clock: ClockMap, filter?: ActualFilter): Trace {
  const kind = detectTraceKind(input.text, input.file);
  if (kind === 'vcd') return readVcdHeader(input.text, input.file, clock, filter);
  const log = parseCommitLog(input.text, input.file);
  return { kind: 'commit-log', file: input.file, streams: log.pes, lastCycle: Math.max(0, log.lastCycle) };
}

export function summary(t: Trace): TraceSummary {
  if (t.kind === 'vcd') return { file: t.file, kind: 'vcd', cycles: t.lastCycle + 1, timescale: t.header.timescale, clock: t.clock };
  return { file: t.file, kind: 'commit-log', cycles: t.lastCycle + 1 };
}

// The retire method (`--arch`, or a commit log on either side): per PE, the retired instructions
// with their register and memory writes, in order; in timing mode their cycles too.
import { disassembleWord } from '../isa/index.js';
import { VCD_SIGNALS } from './formats.js';
import { newRetireStream, pushRetire, type RetireStream } from './commit-log-parse.js';
import { CompareInputError, isIgnored, mappedPath, type CompareMap } from './compare-map.js';
import { Cursor, Track } from './tracks.js';
import { loadTracks, uncheckedOf, vcdScopes, type PeScope, type Trace, type VcdTrace } from './compare-load.js';
import { hex } from './compare-format.js';
import type { CompareResult, ContextRow, Divergence, InFlight } from './compare-types.js';

// Every VCD signal but `stall` describes the retired instruction.
type RetireSignal = Exclude<(typeof VCD_SIGNALS)[number]['name'], 'stall'>;
const RETIRE_SIGNALS: readonly RetireSignal[] = VCD_SIGNALS.map((s) => s.name).filter((n): n is RetireSignal => n !== 'stall');
const REQUIRED_RETIRE = new Set(['issue', 'pc', 'instr']);

/** Retired-instruction streams of a VCD, from its issue strobes (one record per issue cycle). */
function vcdRetireStreams(tr: VcdTrace, scopes: { pe: number; scope: string; names: Record<string, string | undefined> }[]): { streams: Map<number, RetireStream>; changes: number } {
  const want = new Map<string, Track>();
  const per = scopes.map((s) => {
    const tracks: Partial<Record<RetireSignal, Track>> = {};
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
    const cur = Object.fromEntries(RETIRE_SIGNALS.map((n) => [n, new Cursor(T[n])])) as Record<RetireSignal, Cursor>;
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

export function compareRetire(e: Trace, a: Trace, map: CompareMap, timing: boolean, contextN: number): Omit<CompareResult, 'expected' | 'actual' | 'mode'> {
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
  const base = { method: 'retire' as const, pes: peIds.length, signals: timing ? 14 : 13, changes: eRes.changes + aRes.changes, instructions, ...uncheckedOf(a) };
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

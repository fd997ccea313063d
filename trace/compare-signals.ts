// The signals method (both files VCD, full timing): every mapped signal of every PE at every
// cycle; the cost follows the number of value changes, not cycles × signals.
import { disassembleWord } from '../isa/index.js';
import { CompareInputError, isIgnored, mappedPath, type CompareMap } from './compare-map.js';
import { Track, firstDiff } from './tracks.js';
import { loadTracks, uncheckedOf, vcdScopes, type VcdTrace } from './compare-load.js';
import { formatValue, inFlight, stallName } from './compare-format.js';
import type { CompareResult, ContextRow, Divergence } from './compare-types.js';

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

export function compareSignals(e: VcdTrace, a: VcdTrace, map: CompareMap, contextN: number): Omit<CompareResult, 'expected' | 'actual' | 'mode'> {
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
  const base = { method: 'signals' as const, pes: peCount, signals: pairs.length, changes, instructions: 0, ...uncheckedOf(a) };
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

// Text report of a trace comparison (`gp5sim compare`, rtl/run.ts). Returns the text; the caller
// prints it and supplies the colours.
import type { CompareResult } from './compare.js';

/** The few colour functions the report uses (a chalk instance fits). */
export interface ReportColours {
  bold(s: string): string;
  green(s: string): string;
  red(s: string): string;
}

function at(cycle: number | null, time: number | null): string {
  if (cycle === null) return '(trace ended)';
  return time === null || time === cycle ? `cycle ${cycle}` : `cycle ${cycle} (time ${time})`;
}

/** The warning for actual PEs nothing was compared on. */
export function uncheckedLine(r: CompareResult, c: ReportColours): string {
  const more = r.uncheckedPes > r.uncheckedScopes.length ? ', …' : '';
  return `${c.red('warning')}: ${r.uncheckedPes} PE(s) of the actual trace went unchecked (${r.uncheckedScopes.join(', ')}${more}): the expected trace has no PE mapped to them`;
}

export function formatCompareText(r: CompareResult, c: ReportColours): string {
  const out: string[] = [];
  const what = r.method === 'signals' ? 'full cycle timing, every signal every cycle' : r.mode === 'arch' ? 'architectural: commit order per PE, timing ignored' : 'retired instructions with their cycles';
  out.push(`${c.bold('gp5sim compare')} ${r.expected.file} (expected, ${r.expected.kind}) vs ${r.actual.file} (actual, ${r.actual.kind}) — ${what}`);
  if (r.agree) {
    const counts =
      r.method === 'signals'
        ? `${r.cycles} cycles, ${r.pes} PE(s), ${r.signals} signals, ${r.changes} value changes compared`
        : `${r.instructions} retired instructions on ${r.pes} PE(s) compared (${r.cycles} cycles)`;
    out.push(`${c.green('agree')}: ${counts}`);
    if (r.uncheckedPes > 0) out.push(uncheckedLine(r, c));
    return out.join('\n') + '\n';
  }
  const d = r.divergence!;
  out.push(`${c.red('DIVERGENCE')} at ${at(d.cycle, d.expectedTime)} in the expected trace${d.actualCycle !== d.cycle || d.actualTime !== d.expectedTime ? `, ${at(d.actualCycle, d.actualTime)} in the actual trace` : ''}`);
  out.push(`  PE        ${d.pe} (${d.scope}${d.actualScope !== d.scope ? ` → ${d.actualScope}` : ''})`);
  out.push(`  signal    ${d.signal}${d.actualSignal !== d.signal ? ` (actual: ${d.actualSignal})` : ''}${d.retireIndex !== undefined ? `, retired instruction #${d.retireIndex} of this PE` : ''}`);
  out.push(`  expected  ${c.green(d.expected)}`);
  out.push(`  actual    ${c.red(d.actual)}`);
  const fl = (f: typeof d.instruction.expected) => (f ? `pc ${f.pc}: ${f.text}  [0x${(f.word >>> 0).toString(16).padStart(8, '0')}]${f.issuedThisCycle === false ? ' (last issued; not issuing this cycle)' : ''}` : '(none)');
  out.push(`  in flight expected ${fl(d.instruction.expected)}`);
  out.push(`            actual   ${fl(d.instruction.actual)}`);
  if (d.context.length) {
    out.push(`  last ${d.context.length} matching ${r.method === 'signals' ? 'cycles' : 'instructions'} on PE ${d.pe}:`);
    for (const row of d.context) {
      const cyc = row.actualCycle !== undefined && row.actualCycle !== row.cycle ? `${row.cycle}/${row.actualCycle}` : String(row.cycle);
      const parts = [`    ${cyc.padStart(8)}`];
      if (row.issue !== undefined) parts.push(row.issue ? 'issue' : `stall ${row.stall ?? ''}`.padEnd(5));
      if (row.pc !== undefined) parts.push(`pc ${String(row.pc).padStart(4)}`);
      if (row.text !== undefined) parts.push(row.text);
      if (row.writes !== undefined) parts.push(`  ${row.writes}`);
      out.push(parts.join('  '));
    }
  }
  out.push(
    r.method === 'signals'
      ? `  (compared ${r.cycles} cycles, ${r.pes} PE(s), ${r.signals} signals, ${r.changes} value changes up to the divergence)`
      : `  (compared ${r.instructions} retired instructions on ${r.pes} PE(s) before the divergence)`,
  );
  if (r.uncheckedPes > 0) out.push(uncheckedLine(r, c));
  return out.join('\n') + '\n';
}

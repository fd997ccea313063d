// `gp5sim compare EXPECTED ACTUAL`: diff two traces (VCD or commit log), e.g. gp5sim's against an
// RTL simulator's, and report the first divergence. Exit 0 when they agree, 1 on a divergence,
// 2 on usage errors (bad flags, unreadable or malformed input, signals the map cannot find).
import type { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import { compareTraces, parseCompareMap, type CompareResult } from '../../sim/compare.js';
import { colours, runCommand, UsageError } from '../io.js';
import { UserError } from '../../errors/index.js';
import { readInputText } from '../files.js';
import { intFlag } from '../machine-options.js';

interface CompareFlags {
  map?: string;
  arch?: boolean;
  json?: boolean;
  context?: string;
}

function readText(file: string): string {
  try {
    return readInputText(file); // - for stdin, BOM dropped, regular files only
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function at(cycle: number | null, time: number | null): string {
  if (cycle === null) return '(trace ended)';
  return time === null || time === cycle ? `cycle ${cycle}` : `cycle ${cycle} (time ${time})`;
}

export function formatCompareText(r: CompareResult, c: ChalkInstance): string {
  const out: string[] = [];
  const what = r.method === 'signals' ? 'full cycle timing, every signal every cycle' : r.mode === 'arch' ? 'architectural: commit order per PE, timing ignored' : 'retired instructions with their cycles';
  out.push(`${c.bold('gp5sim compare')} ${r.expected.file} (expected, ${r.expected.kind}) vs ${r.actual.file} (actual, ${r.actual.kind}) — ${what}`);
  if (r.agree) {
    const counts =
      r.method === 'signals'
        ? `${r.cycles} cycles, ${r.pes} PE(s), ${r.signals} signals, ${r.changes} value changes compared`
        : `${r.instructions} retired instructions on ${r.pes} PE(s) compared (${r.cycles} cycles)`;
    out.push(`${c.green('agree')}: ${counts}`);
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
  return out.join('\n') + '\n';
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare two traces (VCD or commit log), e.g. gp5sim vs an RTL simulation, and report the first divergence')
    .argument('<expected>', 'reference trace: VCD or commit log (normally from gp5sim run --vcd/--commit-log)')
    .argument('<actual>', 'trace under test: VCD or commit log (e.g. from iverilog/vvp)')
    .option('--map <file>', 'JSON mapping of scopes, signal names and clock/time scale (see rtl/README.md)')
    .option('--arch', 'compare architectural state only: per PE commit order (pc, instruction, register and memory writes), ignoring timing')
    .option('--json', 'print one JSON object')
    .option('--context <N>', 'matching cycles/instructions to show before the divergence', '5')
    .action(async (expected: string, actual: string, flags: CompareFlags) => {
      await runCommand(() => {
        const context = intFlag('--context', flags.context, 0, 1000)!;
        const map = flags.map ? parseCompareMapOrUsage(flags.map) : undefined;
        let r: CompareResult;
        try {
          r = compareTraces({ file: expected, text: readText(expected) }, { file: actual, text: readText(actual) }, { mode: flags.arch ? 'arch' : 'timing', map, context });
        } catch (e) {
          // Malformed input and mapping problems are usage errors for this command (exit 2).
          if (e instanceof UserError) throw new UsageError(e.message);
          throw e;
        }
        if (flags.json) process.stdout.write(JSON.stringify(r) + '\n');
        else process.stdout.write(formatCompareText(r, colours()));
        return r.agree ? 0 : 1;
      });
    });
}

function parseCompareMapOrUsage(file: string) {
  try {
    return parseCompareMap(readText(file), file);
  } catch (e) {
    if (e instanceof UserError) throw new UsageError(e.message);
    throw e;
  }
}

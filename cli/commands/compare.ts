// `gp5sim compare EXPECTED ACTUAL`: diff two traces (VCD or commit log), e.g. gp5sim's against an
// RTL simulator's, and report the first divergence. Exit 0 when they agree, 1 on a divergence,
// 2 on usage errors (bad flags, unreadable or malformed input, signals the map cannot find).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compareTraces, parseCompareMap, formatCompareText, type CompareResult } from '../../trace/index.js';
import { colours, runCommand, UsageError } from '../io.js';
import { intFlag } from '../machine-options.js';

interface CompareFlags {
  map?: string;
  arch?: boolean;
  json?: boolean;
  context?: string;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
  }
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
          if (e instanceof Error && (e as { isUserError?: boolean }).isUserError) throw new UsageError(e.message);
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
    if (e instanceof Error && (e as { isUserError?: boolean }).isUserError) throw new UsageError(e.message);
    throw e;
  }
}

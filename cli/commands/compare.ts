// `gp5sim compare EXPECTED ACTUAL`: diff two traces (VCD or commit log), e.g. gp5sim's against an
// RTL simulator's, and report the first divergence. Exit 0 when they agree, 1 on a divergence,
// 1 also on unreadable or malformed input (a user error, message on stderr); 2 on bad flags.
import type { Command } from 'commander';
import { compareTraces, parseCompareMap, formatCompareText } from '../../trace/index.js';
import { colours, runCommand } from '../io.js';
import { readInputText } from '../files.js';
import { intFlag } from '../machine-options.js';

interface CompareFlags {
  map?: string;
  arch?: boolean;
  json?: boolean;
  context?: string;
  strict?: boolean;
}

/** A trace or map file's text (regular files or stdin only: a FIFO would block, a device never ends). */
const readText = (file: string): string => readInputText(file);

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
    .option('--strict', 'exit 1 when PEs of the actual trace went unchecked (by default a warning)')
    .action(async (expected: string, actual: string, flags: CompareFlags) => {
      await runCommand(() => {
        const context = intFlag('--context', flags.context, 0, 1000)!;
        const map = flags.map ? parseCompareMap(readText(flags.map), flags.map) : undefined;
        const r = compareTraces({ file: expected, text: readText(expected) }, { file: actual, text: readText(actual) }, { mode: flags.arch ? 'arch' : 'timing', map, context });
        if (flags.json) process.stdout.write(JSON.stringify(r) + '\n');
        else process.stdout.write(formatCompareText(r, colours()));
        return r.agree && !(flags.strict && r.uncheckedPes > 0) ? 0 : 1;
      });
    });
}

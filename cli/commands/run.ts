// `gp5sim run PROG`: run an object or assembly file on the simulated machine.
import type { Command } from 'commander';
import { simulate, checkMemoryRange, dumpMemory, formatMemoryDump, parseMemoryRange, type MemoryRange } from '../../sim/index.js';
import { colours, runCommand, EXIT_USER_ERROR, UsageError } from '../io.js';
import { addMachineOptions, intFlag, machineConfig, progressBar, traceSinks, type MachineFlags } from '../machine-options.js';
import { loadProgram } from '../load-program.js';
import { formatSimReport } from '../sim-report-text.js';

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description('run a program (.s assembly or .gp5o object) to halt or a cycle limit and print a summary')
    .argument('<program>', 'assembly source (.s) or object file (.gp5o)')
    .option('--json', 'print one JSON object with every counter')
    .option('--max-instructions <N>', 'stop with a fault after N instructions retired (all PEs)')
    .option('--dump-memory <PE:ADDR:LEN>', 'after the run print LEN words from ADDR (PE\'s scratchpad, or shared memory); repeatable', (v: string, acc: string[] = []) => [...acc, v]);
  addMachineOptions(cmd).action(async (file: string, flags: MachineFlags & { maxInstructions?: string; dumpMemory?: string[] }) => {
    await runCommand(() => {
      const cfg = machineConfig(flags);
      const maxCycles = intFlag('--max-cycles', flags.maxCycles, 1, Number.MAX_SAFE_INTEGER)!;
      const maxInstructions = intFlag('--max-instructions', flags.maxInstructions, 1, Number.MAX_SAFE_INTEGER);
      const dumps: MemoryRange[] = (flags.dumpMemory ?? []).map((text) => {
        try {
          const range = parseMemoryRange(text);
          checkMemoryRange(cfg, range); // before the run, so a typo does not waste one
          return range;
        } catch (e) {
          throw new UsageError(`--dump-memory: ${(e as Error).message}`);
        }
      });
      const obj = loadProgram(file, cfg);
      const traces = traceSinks(flags, cfg.pes, [file]);
      const bar = progressBar('simulating', maxCycles, flags.json, true);
      let report, machine;
      try {
        ({ report, machine } = simulate(obj, cfg, { source: file, maxCycles, maxInstructions, sink: traces.sink, onProgress: bar.update }));
      } finally {
        bar.stop();
        traces.close();
      }
      const memory = dumps.map((range) => dumpMemory(machine, range));
      if (flags.json) process.stdout.write(JSON.stringify({ program: file, ...report, ...(memory.length ? { memory: memory.map((d) => ({ ...d, words: Array.from(d.words) })) } : {}) }) + '\n');
      else process.stdout.write(formatSimReport(report, colours(), `gp5sim run ${file}`) + memory.map((d) => formatMemoryDump(d) + '\n').join(''));
      return report.status === 'halted' ? 0 : EXIT_USER_ERROR;
    });
  });
}

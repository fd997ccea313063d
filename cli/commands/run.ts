// `gp5sim run PROG`: run an object or assembly file on the simulated machine.
import type { Command } from 'commander';
import { simulate } from '../../sim/index.js';
import { colours, runCommand, EXIT_USER_ERROR } from '../io.js';
import { addMachineOptions, intFlag, machineConfig, progressBar, traceSinks, type MachineFlags } from '../machine-options.js';
import { loadProgram } from '../load-program.js';
import { formatSimReport } from '../sim-report-text.js';

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description('run a program (.s assembly or .gp5o object) to halt or a cycle limit and print a summary')
    .argument('<program>', 'assembly source (.s) or object file (.gp5o)')
    .option('--json', 'print one JSON object with every counter');
  addMachineOptions(cmd).action(async (file: string, flags: MachineFlags) => {
    await runCommand(() => {
      const cfg = machineConfig(flags);
      const maxCycles = intFlag('--max-cycles', flags.maxCycles, 1, Number.MAX_SAFE_INTEGER)!;
      const obj = loadProgram(file, cfg);
      const traces = traceSinks(flags, [file]);
      const bar = progressBar('simulating', maxCycles, flags.json, true);
      let report;
      try {
        ({ report } = simulate(obj, cfg, { source: file, maxCycles, sink: traces.sink, onProgress: bar.update }));
      } finally {
        bar.stop();
        traces.close();
      }
      if (flags.json) process.stdout.write(JSON.stringify({ program: file, ...report }) + '\n');
      else process.stdout.write(formatSimReport(report, colours(), `gp5sim run ${file}`));
      return report.status === 'halted' ? 0 : EXIT_USER_ERROR;
    });
  });
}

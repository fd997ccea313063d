#!/usr/bin/env node
// gp5sim: the simulator, runtime and reference-solver command line (a thin shell over the libraries).
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { finishHelp } from './help.js';
import { packageVersion } from './version.js';

const program = new Command();
program
  .name('gp5sim')
  .version(packageVersion(), '-V, --version')
  .description('GP5-class accelerator: cycle-accurate simulator, factor-graph runtime and reference BP solvers')
  .showHelpAfterError()
  .exitOverride((err) => {
    // commander usage errors exit 2; --help / --version exit 0.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
registerCommands(program);
finishHelp(program);
await program.parseAsync(process.argv);

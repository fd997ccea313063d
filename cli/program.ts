// gp5sim's program: the simulator, runtime and reference-solver command line (a thin shell over the
// libraries). cli/gp5sim.ts starts it; no top-level await, so it also bundles as the code-cached
// CommonJS script that entry runs (cli/bundle.ts).
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { finishHelp } from './help.js';
import { packageVersion } from './version.js';

/** Build the program (only the command named on the command line, or all for help) and run it. */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
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
  await registerCommands(program, argv.slice(2));
  finishHelp(program);
  await program.parseAsync([...argv]);
}

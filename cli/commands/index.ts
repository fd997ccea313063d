// Every gp5sim subcommand registers itself here; one file per command.
import type { Command } from 'commander';
import { registerSolve } from './solve.js';
import { registerRun } from './run.js';

export function registerCommands(program: Command): void {
  registerRun(program);
  registerSolve(program);
}

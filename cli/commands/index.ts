// Every gp5sim subcommand registers itself here; one file per command. Each command's module is
// loaded with import() only when that command runs (or for help and unknown commands, all of them),
// so `gp5sim solve` never loads the assembler, simulator or runtime: start-up time is module loading.
import type { Command } from 'commander';
import { COMMAND_NAMES, commandNamed, type CommandName } from './names.js';

type Register = (program: Command) => void;

const COMMANDS: Record<CommandName, () => Promise<Register>> = {
  run: async () => (await import('./run.js')).registerRun,
  infer: async () => (await import('./infer.js')).registerInfer,
  solve: async () => (await import('./solve.js')).registerSolve,
  score: async () => (await import('./score.js')).registerScore,
  ldpc: async () => (await import('./ldpc.js')).registerLdpc,
  compare: async () => (await import('./compare.js')).registerCompare,
  generate: async () => (await import('./generate.js')).registerGenerate,
  demo: async () => (await import('./demo.js')).registerDemo,
  sweep: async () => (await import('./sweep.js')).registerSweep,
  'diff-runs': async () => (await import('./diff-runs.js')).registerDiffRuns,
  worker: async () => (await import('./worker.js')).registerWorker,
};

/** Register the command named by the first non-option argument, or every command if it names none. */
export async function registerCommands(program: Command, args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const name = commandNamed(args);
  const names = name !== undefined ? [name] : COMMAND_NAMES;
  const registers = await Promise.all(names.map((n) => COMMANDS[n]()));
  for (const register of registers) register(program);
}

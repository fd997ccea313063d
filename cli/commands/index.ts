// Every gp5sim subcommand registers itself here; one file per command.
import type { Command } from 'commander';
import { registerSolve } from './solve.js';
import { registerRun } from './run.js';
import { registerInfer } from './infer.js';
import { registerLdpc } from './ldpc.js';
import { registerDemo } from './demo.js';
import { registerCompare } from './compare.js';
import { registerGenerate } from './generate.js';
import { registerScore } from './score.js';

export function registerCommands(program: Command): void {
  registerRun(program);
  registerInfer(program);
  registerSolve(program);
  registerScore(program);
  registerLdpc(program);
  registerCompare(program);
  registerGenerate(program);
  registerDemo(program);
}

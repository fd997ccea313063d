// `gp5sim solve MODEL`: the software reference alone (float BP or exact inference).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatSolveTable, readModelFile, solve, writeMar, modelFormatOf, type SolveOptions } from '../../golden/index.js';
import { numberFlag, runCommand, UsageError } from '../io.js';

interface SolveFlags {
  evid?: string;
  method: string;
  schedule: string;
  semiring: string;
  damping: string;
  tol: string;
  maxIter: string;
  out?: string;
  json?: boolean;
}


/** Validate the flags into solver options (UsageError on a bad value). */
export function solveOptionsFromFlags(f: SolveFlags): SolveOptions {
  if (f.method !== 'bp' && f.method !== 'exact') throw new UsageError(`--method expects bp or exact, got '${f.method}'`);
  if (f.schedule !== 'flooding' && f.schedule !== 'sequential' && f.schedule !== 'residual')
    throw new UsageError(`--schedule expects flooding, sequential or residual, got '${f.schedule}'`);
  if (f.semiring !== 'sum-product' && f.semiring !== 'min-sum')
    throw new UsageError(`--semiring expects sum-product or min-sum, got '${f.semiring}'`);
  if (f.method === 'exact' && f.semiring !== 'sum-product') throw new UsageError('--method exact supports --semiring sum-product only');
  return {
    method: f.method,
    schedule: f.schedule,
    semiring: f.semiring,
    damping: numberFlag('--damping', f.damping, (x) => x >= 0 && x < 1, 'a number in [0, 1)'),
    tol: numberFlag('--tol', f.tol, (x) => x >= 0, 'a non-negative number'),
    maxIter: numberFlag('--max-iter', f.maxIter, (x) => Number.isSafeInteger(x) && x >= 0, 'a non-negative integer'),
  };
}

export function registerSolve(program: Command): void {
  program
    .command('solve')
    .description('run the software reference solver (float BP or exact inference) on a factor graph')
    .argument('<model>', 'model file: .uai, .fg, .json or .alist')
    .option('--evid <file>', 'UAI evidence file to apply')
    .option('--method <m>', 'bp or exact', 'bp')
    .option('--schedule <s>', 'BP schedule: flooding, sequential or residual', 'flooding')
    .option('--semiring <s>', 'sum-product or min-sum', 'sum-product')
    .option('--damping <d>', 'BP damping in [0, 1)', '0')
    .option('--tol <t>', 'convergence tolerance on the max belief change', '1e-9')
    .option('--max-iter <n>', 'BP iteration cap', '1000')
    .option('--out <file>', 'write the marginals as a UAI .MAR file')
    .option('--json', 'print one JSON object instead of the table')
    .action(async (model: string, flags: SolveFlags) => {
      await runCommand(() => {
        const opts = solveOptionsFromFlags(flags);
        if (!modelFormatOf(model)) throw new UsageError(`cannot tell the model format of '${model}': expected .uai, .fg, .json or .alist`);
        const graph = readModelFile(model, flags.evid);
        const t0 = process.hrtime.bigint();
        const result = solve(graph, opts);
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        if (flags.out) writeFileSync(flags.out, writeMar(result.marginals));
        if (flags.json) process.stdout.write(JSON.stringify({ model, evidence: flags.evid ?? null, ...result, seconds }) + '\n');
        else {
          process.stdout.write(formatSolveTable(result, graph));
          process.stdout.write(`time: ${seconds.toFixed(3)} s${flags.out ? `; marginals written to ${flags.out}` : ''}\n`);
        }
        return 0;
      });
    });
}

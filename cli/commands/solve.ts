// `gp5sim solve MODEL`: the software reference alone (float BP or exact inference).
import type { Command } from 'commander';
// Golden's modules directly, not its index.ts (start-up time: the barrel loads every solver and isa/).
import { writeMar, writePr } from '../../golden/formats/uai.js';
import { DEFAULT_MAX_TABLE_SIZE } from '../../golden/junction-tree.js';
import { formatSolveTable, isMapResult, solve, type SolveOptions } from '../../golden/solve.js';
import { openOutputs, writeAndClose } from '../files.js';
import { EXIT_NOT_CONVERGED, intFlag, numberFlag, runCommand, UsageError } from '../io.js';
import { modelFormatFor, readModel } from '../read-model.js';
import { nonConvergenceWarning, printWarnings } from '../warnings.js';

interface SolveFlags {
  evid?: string;
  format?: string;
  method: string;
  schedule: string;
  semiring: string;
  damping: string;
  tol: string;
  maxIter: string;
  maxTable?: string;
  out?: string;
  pr?: string;
  json?: boolean;
  strict?: boolean;
}

/** Validate the flags into solver options (UsageError on a bad value). */
export function solveOptionsFromFlags(f: SolveFlags): SolveOptions {
  if (f.method !== 'bp' && f.method !== 'exact') throw new UsageError(`--method expects bp or exact, got '${f.method}'`);
  if (f.schedule !== 'flooding' && f.schedule !== 'sequential' && f.schedule !== 'residual')
    throw new UsageError(`--schedule expects flooding, sequential or residual, got '${f.schedule}'`);
  if (f.semiring !== 'sum-product' && f.semiring !== 'min-sum')
    throw new UsageError(`--semiring expects sum-product or min-sum, got '${f.semiring}'`);
  if (f.method === 'exact' && f.semiring === 'min-sum' && f.pr !== undefined)
    throw new UsageError('--pr writes log10 Z, which exact MAP (--method exact --semiring min-sum) does not compute');
  if (f.maxTable !== undefined && f.method !== 'exact') throw new UsageError('--max-table applies to --method exact only');
  const maxTableSize = intFlag('--max-table', f.maxTable, 1, 2 ** 31);
  return {
    method: f.method,
    schedule: f.schedule,
    semiring: f.semiring,
    damping: numberFlag('--damping', f.damping, (x) => x >= 0 && x < 1, 'a number in [0, 1)'),
    tol: numberFlag('--tol', f.tol, (x) => x >= 0, 'a non-negative number'),
    maxIter: intFlag('--max-iter', f.maxIter, 0, 1_000_000)!,
    ...(maxTableSize !== undefined ? { maxTableSize } : {}),
  };
}

export function registerSolve(program: Command): void {
  program
    .command('solve')
    .description('run the software reference solver (float BP or exact inference) on a factor graph')
    .argument('<model>', 'model file: .uai, .fg, .json or .alist (- for stdin, with --format)')
    .option('--evid <file>', 'UAI evidence file to apply')
    .option('--format <f>', 'model format when the name does not say: uai, fg, json or alist')
    .option('--method <m>', 'bp or exact', 'bp')
    .option('--schedule <s>', 'BP schedule: flooding, sequential or residual', 'flooding')
    .option('--semiring <s>', 'sum-product or min-sum (with --method exact: exact MAP and max-marginals)', 'sum-product')
    .option('--damping <d>', 'BP damping in [0, 1)', '0')
    .option('--tol <t>', 'convergence tolerance on the max belief change', '1e-9')
    .option('--max-iter <n>', 'BP iteration cap', '1000')
    .option('--max-table <N>', `exact only: largest clique table in entries (default ${DEFAULT_MAX_TABLE_SIZE})`)
    .option('-o, --out <file>', 'write the marginals as a UAI .MAR file')
    .option('--pr <file>', 'write log10 Z as a UAI .PR file (exact, or the Bethe estimate of BP)')
    .option('--strict', `exit ${EXIT_NOT_CONVERGED} when BP does not converge`)
    .option('--json', 'print one JSON object instead of the table')
    .action(async (model: string, flags: SolveFlags) => {
      await runCommand(() => {
        const opts = solveOptionsFromFlags(flags);
        const format = modelFormatFor(model, flags.format);
        const outs = openOutputs({ out: flags.out, pr: flags.pr }, [model, flags.evid]);
        const graph = readModel(model, format, flags.evid);
        const t0 = process.hrtime.bigint();
        const result = solve(graph, opts);
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        writeAndClose(outs.out, writeMar(result.marginals));
        if (isMapResult(result)) {
          if (flags.json) process.stdout.write(JSON.stringify({ model, evidence: flags.evid ?? null, ...result, warnings: [], seconds }) + '\n');
          else {
            process.stdout.write(formatSolveTable(result, graph));
            process.stdout.write(`time: ${seconds.toFixed(3)} s${flags.out ? `; max-marginals written to ${flags.out}` : ''}\n`);
          }
          return 0;
        }
        writeAndClose(outs.pr, writePr(result.logZ));
        const logZSource = result.method === 'exact' ? 'exact' : 'Bethe free energy of float BP';
        const warnings = result.converged ? [] : [nonConvergenceWarning('BP', result.iterations, result.maxChange)];
        if (flags.json) process.stdout.write(JSON.stringify({ model, evidence: flags.evid ?? null, ...result, logZSource, warnings, seconds }) + '\n');
        else {
          printWarnings(warnings);
          process.stdout.write(formatSolveTable(result, graph));
          const written = [flags.out && `marginals written to ${flags.out}`, flags.pr && `log10 Z (${logZSource}) written to ${flags.pr}`].filter(Boolean);
          process.stdout.write(`time: ${seconds.toFixed(3)} s${written.length ? `; ${written.join('; ')}` : ''}\n`);
        }
        return flags.strict && !result.converged ? EXIT_NOT_CONVERGED : 0;
      });
    });
}

// `gp5sim score RESULT.MAR REFERENCE.MAR`: UAI-competition-style scores of marginals (and log10 Z).
import type { Command } from 'commander';
import { log10ZError, parseMar, parsePr, scoreMarginals } from '../../golden/index.js';
import { readInputText, STDIO } from '../files.js';
import { runCommand } from '../io.js';

interface ScoreFlags {
  pr?: string;
  prResult?: string;
  json?: boolean;
}

/** RESULT.MAR → RESULT.PR, the file infer and solve write beside it with --pr. */
function besideMar(path: string): string {
  return /\.mar$/i.test(path) ? path.replace(/\.mar$/i, (m) => (m === '.MAR' ? '.PR' : '.pr')) : `${path}.PR`;
}

const label = (p: string) => (p === STDIO ? '<stdin>' : p);

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score marginals against reference marginals: max/mean total variation, Hellinger, KL, and log10 Z error')
    .argument('<result>', 'UAI .MAR file to score (e.g. from infer or solve -o)')
    .argument('<reference>', 'reference UAI .MAR file (e.g. exact marginals)')
    .option('--pr <file>', 'reference UAI .PR file: also score log10 Z')
    .option('--pr-result <file>', "the result's .PR file (default: RESULT with .MAR replaced by .PR)")
    .option('--json', 'print one JSON object')
    .action(async (result: string, reference: string, flags: ScoreFlags) => {
      await runCommand(() => {
        const res = parseMar(readInputText(result), label(result));
        const ref = parseMar(readInputText(reference), label(reference));
        const s = scoreMarginals(res, ref, { result: label(result), reference: label(reference) });
        let z: { result: number; reference: number; error: number } | null = null;
        if (flags.pr !== undefined) {
          const prResult = flags.prResult ?? besideMar(result);
          const a = parsePr(readInputText(prResult), label(prResult));
          const b = parsePr(readInputText(flags.pr), label(flags.pr));
          z = { result: a, reference: b, error: log10ZError(a, b) };
        }
        if (flags.json) {
          // KL is Infinity when the result rules out a state the reference allows; JSON has no Infinity.
          const finite = (x: number) => (Number.isFinite(x) ? x : 'Infinity');
          process.stdout.write(JSON.stringify({ result, reference, ...s, maxKL: finite(s.maxKL), meanKL: finite(s.meanKL), log10Z: z }) + '\n');
          return 0;
        }
        const e = (x: number) => (Number.isFinite(x) ? x.toExponential(3) : 'inf');
        const lines = [
          `${s.variables} variables`,
          `total variation: max ${e(s.maxTV)} (variable ${s.worstVariable}), mean ${e(s.meanTV)}`,
          `Hellinger:       max ${e(s.maxHellinger)}, mean ${e(s.meanHellinger)}`,
          `KL(ref || res):  max ${e(s.maxKL)}, mean ${e(s.meanKL)} nats`,
        ];
        if (z) lines.push(`log10 Z: ${z.result} vs ${z.reference}, error ${e(z.error)}`);
        process.stdout.write(lines.join('\n') + '\n');
        return 0;
      });
    });
}

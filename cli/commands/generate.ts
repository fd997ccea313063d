// `gp5sim generate KIND`: seeded workloads written in the project's JSON model format (or .fg),
// ready for `gp5sim infer` and `gp5sim solve`.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { hmmChain, isingGrid, randomTree, writeFg, writeJsonModel, type FactorGraph } from '../../golden/index.js';
import { intFlag, numberFlag, runCommand, UsageError } from '../io.js';

interface GenerateFlags {
  size?: string;
  seed: string;
  classes: string;
  frames: string;
  coupling: string;
  field: string;
  maxCard: string;
  out?: string;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a seeded workload: an Ising grid, a random tree (exact answers), or an HMM chain')
    .argument('<kind>', 'ising | tree | hmm')
    .option('--size <n>', 'ising: side of the n x n grid (default 16); tree: number of variables (default 50)')
    .option('--seed <n>', 'generator seed', '1')
    .option('--coupling <sigma>', 'ising: coupling standard deviation', '0.4')
    .option('--field <sigma>', 'ising: field standard deviation', '0.4')
    .option('--max-card <n>', 'tree: largest cardinality (2 … 8)', '8')
    .option('--classes <C>', 'hmm: sound-event classes (independent binary chains)', '8')
    .option('--frames <T>', 'hmm: frames of 0.1 s per class', '600')
    .option('-o, --out <file>', 'output file (.json or .fg; default stdout as JSON)')
    .action(async (kind: string, flags: GenerateFlags) => {
      await runCommand(() => {
        const seed = intFlag('--seed', flags.seed, 0, 2 ** 31)!;
        let graph: FactorGraph;
        if (kind === 'ising') {
          const n = intFlag('--size', flags.size ?? '16', 1, 2000)!;
          const sigma = (f: string, v: string) => numberFlag(f, v, (x) => x >= 0, 'a non-negative number');
          graph = isingGrid({ rows: n, cols: n, seed, couplingSigma: sigma('--coupling', flags.coupling), fieldSigma: sigma('--field', flags.field) });
        } else if (kind === 'tree') {
          const n = intFlag('--size', flags.size ?? '50', 1, 1_000_000)!;
          graph = randomTree({ nVars: n, seed, maxCard: intFlag('--max-card', flags.maxCard, 2, 8)! });
        } else if (kind === 'hmm') {
          graph = hmmChain({ classes: intFlag('--classes', flags.classes, 1, 10_000)!, frames: intFlag('--frames', flags.frames, 1, 10_000_000)!, seed }).graph;
        } else throw new UsageError(`unknown workload '${kind}': expected ising, tree or hmm`);
        const text = flags.out?.endsWith('.fg') ? writeFg(graph) : writeJsonModel(graph);
        if (flags.out && flags.out !== '-') writeFileSync(flags.out, text);
        else process.stdout.write(text);
        return 0;
      });
    });
}

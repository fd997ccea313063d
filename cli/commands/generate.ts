// `gp5sim generate KIND`: seeded workloads written in the format the output's extension names
// (.uai, .fg, .json; JSON on stdout), ready for `gp5sim infer` and `gp5sim solve`. The model is
// streamed to the file factor by factor, so memory does not grow with --size.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import {
  hmmSource,
  isingSource,
  randomTreeSource,
  writeFgTo,
  writeJsonModelTo,
  writeUaiTo,
  MAX_ISING_SIGMA,
  type ModelSource,
} from '../../golden/index.js';
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

type Writer = (src: ModelSource, out: (chunk: string) => void) => void;
const WRITERS: Record<string, Writer> = { '.uai': writeUaiTo, '.fg': writeFgTo, '.json': writeJsonModelTo };

/** The writer the output's extension names (stdout: JSON), or a usage error. */
function writerFor(output: string | undefined): Writer {
  if (output === undefined || output === '-') return writeJsonModelTo;
  const ext = /\.[^./\\]*$/.exec(output.toLowerCase())?.[0] ?? '';
  const w = WRITERS[ext];
  if (!w) throw new UsageError(`cannot tell the output format of '${output}': expected a name ending in .uai, .fg or .json`);
  return w;
}

/** Buffered synchronous writes to a file descriptor (a full pipe is waited for, not an error). */
function chunkWriter(fd: number): { write: (chunk: string) => void; flush: () => void } {
  let parts: string[] = [];
  let size = 0;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const flush = () => {
    let buf = Buffer.from(parts.join(''));
    parts = [];
    size = 0;
    while (buf.length > 0) {
      try {
        buf = buf.subarray(writeSync(fd, buf));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        Atomics.wait(pause, 0, 0, 2);
      }
    }
  };
  return {
    write: (chunk) => {
      parts.push(chunk);
      size += chunk.length;
      if (size >= 1 << 20) flush();
    },
    flush,
  };
}

function sourceFor(kind: string, flags: GenerateFlags, seed: number): ModelSource {
  if (kind === 'ising') {
    const n = intFlag('--size', flags.size ?? '16', 1, 2000)!;
    const what = `a number 0 … ${Math.floor(MAX_ISING_SIGMA)} (larger deviations make e^J overflow to Infinity)`;
    const sigma = (f: string, v: string) => numberFlag(f, v, (x) => x >= 0 && x <= MAX_ISING_SIGMA, what);
    return isingSource({ rows: n, cols: n, seed, couplingSigma: sigma('--coupling', flags.coupling), fieldSigma: sigma('--field', flags.field) });
  }
  if (kind === 'tree') {
    const n = intFlag('--size', flags.size ?? '50', 1, 1_000_000)!;
    return randomTreeSource({ nVars: n, seed, maxCard: intFlag('--max-card', flags.maxCard, 2, 8)! });
  }
  if (kind === 'hmm') {
    const classes = intFlag('--classes', flags.classes, 1, 10_000)!;
    const frames = intFlag('--frames', flags.frames, 1, 10_000_000)!;
    if (classes * frames > 10_000_000) throw new UsageError(`--classes x --frames expects at most 10000000 variables, got ${classes * frames}`);
    return hmmSource({ classes, frames, seed });
  }
  throw new UsageError(`unknown workload '${kind}': expected ising, tree or hmm`);
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
    .option('-o, --out <file>', 'output file; .uai, .fg or .json picks the format (default stdout as JSON)')
    .action(async (kind: string, flags: GenerateFlags) => {
      await runCommand(() => {
        const seed = intFlag('--seed', flags.seed, 0, 2 ** 31)!;
        const src = sourceFor(kind, flags, seed);
        const write = writerFor(flags.out);
        const toFile = flags.out !== undefined && flags.out !== '-';
        // Opened before generating: a bad path fails at once, not after a long run.
        const fd = toFile ? openSync(flags.out!, 'w') : 1;
        try {
          const out = chunkWriter(fd);
          write(src, out.write);
          out.flush();
        } finally {
          if (toFile) closeSync(fd);
        }
        return 0;
      });
    });
}

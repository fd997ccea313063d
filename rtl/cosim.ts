// Co-simulation: programs the runtime compiles (gp5sim infer --emit-asm) run on the Verilator
// build of the array and on gp5sim, and `compare` holds the traces at full cycle timing.
//   npx tsx rtl/cosim.ts [--only SUBSTRING] [--pes 1,4,16] [--out DIR] [--lockstep]     (npm run cosim)
// --lockstep checks each case in lockstep (rtl/lockstep.ts) instead of comparing full VCDs.
// Prints one row per case: program, schedule, P, cycles, and agreement or the first divergence.
// Exit 0 when every case agrees, 1 otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compareTraces, parseCompareMap, type CompareResult } from '../trace/index.js';
import { assembleFile, objectToHex, rtlConfig, rtlMap, rtlParams, runRtl, runSim, RTL_DIR } from './harness.js';
import { buildVerilator } from './verilator.js';
import { lockstep } from './lockstep.js';

const ROOT = join(RTL_DIR, '..');
const DATA = join(ROOT, '..', 'shared', 'data');
const CLI = [join(ROOT, 'node_modules', '.bin', 'tsx'), join(ROOT, 'cli', 'gp5sim.ts')];

export interface CosimModel {
  name: string;
  /** gp5sim infer arguments before the options (model path, evidence). */
  args: (work: string) => string[];
  /** Iteration cap: keeps the full-timing VCDs of the matrix small. */
  maxIter: number;
  /** Machine config fields for P PEs beyond the defaults (e.g. a larger scratchpad on one PE). */
  config?: (pes: number) => Record<string, number> | undefined;
}

export const MODELS: CosimModel[] = [
  { name: 'testfast', args: () => [join(DATA, 'libdai', 'testfast.fg')], maxIter: 5 },
  { name: 'alarm', args: () => [join(DATA, 'libdai', 'alarm.fg')], maxIter: 3 },
  {
    name: 'Promedus_24',
    args: () => [join(DATA, 'uai2014', 'Promedus_24.uai'), '--evid', join(DATA, 'uai2014', 'Promedus_24.uai.evid')],
    maxIter: 2,
  },
  {
    name: 'hmm',
    args: (work) => {
      const file = join(work, 'hmm.json');
      if (!existsSync(file)) execFileSync(CLI[0], [CLI[1], 'generate', 'hmm', '--classes', '2', '--frames', '40', '-o', file]);
      return [file];
    },
    maxIter: 3,
  },
  {
    name: 'wimax-ldpc',
    args: () => [join(DATA, 'ldpc', 'WIMAX_288_576.alist'), '--ebn0', '2.5', '--seed', '1'],
    maxIter: 2,
    // One PE needs 103300 scratchpad words (the default is 65536).
    config: (pes) => (pes === 1 ? { scratchpadBytes: 512 * 1024 } : undefined),
  },
];
export const SCHEDULES = ['flooding', 'sequential', 'residual'];

export interface CosimCase {
  model: CosimModel;
  schedule: string;
  pes: number;
}

export interface CosimOutcome {
  label: string;
  cycles: number;
  result: CompareResult;
}

/** The case in lockstep mode (no VCD on either side): the harness's report line. */
export async function runCaseLockstep(c: CosimCase, work: string): Promise<{ label: string; agree: boolean; cycles: number; report: string }> {
  const label = `${c.model.name}-${c.schedule}-p${c.pes}`;
  const cfg = rtlConfig({ pes: c.pes, ...c.model.config?.(c.pes) });
  const obj = assembleFile(emitCase(c, work, label), cfg);
  const r = await lockstep(buildVerilator(rtlParams(cfg)), obj, cfg, work, label);
  return { label, agree: r.agree, cycles: r.cycles, report: r.report.split('\n')[0] };
}

/** The runtime's program for the case (gp5sim infer --emit-asm); returns the .s path. */
function emitCase(c: CosimCase, work: string, label: string): string {
  mkdirSync(work, { recursive: true });
  const asm = join(work, `${label}.s`);
  const argv = [CLI[1], 'infer', ...c.model.args(work), '--pes', String(c.pes), '--schedule', c.schedule, '--max-iter', String(c.model.maxIter), '--emit-asm', asm, '--json'];
  const extra = c.model.config?.(c.pes);
  if (extra) {
    const file = join(work, `${label}.config.json`);
    writeFileSync(file, JSON.stringify(extra) + '\n');
    argv.push('--config', file);
  }
  execFileSync(CLI[0], argv, { stdio: 'pipe', maxBuffer: 1 << 28 });
  return asm;
}

/** Compile the case with the runtime, run it on gp5sim and on the Verilator RTL, compare. */
export function runCase(c: CosimCase, work: string, defines: string[] = []): CosimOutcome {
  const label = `${c.model.name}-${c.schedule}-p${c.pes}`;
  const asm = emitCase(c, work, label);
  const cfg = rtlConfig({ pes: c.pes, ...c.model.config?.(c.pes) });
  const obj = assembleFile(asm, cfg);
  const sim = runSim(obj, cfg);
  const simVcd = join(work, `${label}.sim.vcd`);
  writeFileSync(simVcd, sim.vcd);
  const bin = buildVerilator(rtlParams(cfg), defines);
  const name = `${label}${defines.length ? '-' + defines.join('-') : ''}`;
  const rtl = runRtl(bin, objectToHex(obj, cfg), work, name, sim.result.cycles + 10);
  const mapFile = join(work, `${label}.map.json`);
  writeFileSync(mapFile, JSON.stringify(rtlMap(c.pes, true)) + '\n');
  const result = compareTraces(
    { file: simVcd, text: sim.vcd },
    { file: rtl.vcdPath, text: readText(rtl.vcdPath) },
    { mode: 'timing', map: parseCompareMap(readText(mapFile), mapFile) },
  );
  return { label, cycles: sim.result.cycles, result };
}

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** One table row: agreement, or the first divergence (cycle, PE, signal, expected → actual). */
export function outcomeRow(o: CosimOutcome): string {
  const d = o.result.divergence;
  const verdict = o.result.agree ? 'agree' : d ? `DIVERGE cycle ${d.cycle} PE ${d.pe} ${d.signal}: ${d.expected} → ${d.actual}` : 'DIVERGE';
  return `${o.label.padEnd(32)} ${String(o.cycles).padStart(10)}  ${verdict}`;
}

if (process.argv[1] && process.argv[1].endsWith('cosim.ts')) {
  const args = process.argv.slice(2);
  let only = '';
  let pesList = [1, 4, 16];
  let out = join(tmpdir(), 'gp5-cosim');
  let useLockstep = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--only') only = args[++i];
    else if (args[i] === '--pes') pesList = args[++i].split(',').map(Number);
    else if (args[i] === '--out') out = args[++i];
    else if (args[i] === '--lockstep') useLockstep = true;
    else {
      process.stderr.write('usage: npx tsx rtl/cosim.ts [--only SUBSTRING] [--pes 1,4,16] [--out DIR] [--lockstep]\n');
      process.exit(2);
    }
  }
  let failed = 0;
  process.stdout.write(`${'program-schedule-P'.padEnd(32)} ${'cycles'.padStart(10)}  result\n`);
  for (const pes of pesList) {
    for (const model of MODELS) {
      for (const schedule of SCHEDULES) {
        const label = `${model.name}-${schedule}-p${pes}`;
        if (only && !label.includes(only)) continue;
        try {
          if (useLockstep) {
            const o = await runCaseLockstep({ model, schedule, pes }, out);
            if (!o.agree) failed++;
            process.stdout.write(`${label.padEnd(32)} ${String(o.cycles).padStart(10)}  ${o.report}\n`);
            continue;
          }
          const o = runCase({ model, schedule, pes }, out);
          if (!o.result.agree) failed++;
          process.stdout.write(outcomeRow(o) + '\n');
        } catch (e) {
          failed++;
          // A compile the runtime refuses (e.g. a model too big for one PE's scratchpad) says why.
          const stderr = String((e as { stderr?: unknown }).stderr ?? '');
          const why = stderr.split('\n').find((l) => l.startsWith('error:')) ?? (e as Error).message.split('\n')[0];
          process.stdout.write(`${label.padEnd(32)} ${'-'.padStart(10)}  ERROR ${why}\n`);
        }
      }
    }
  }
  process.exit(failed === 0 ? 0 : 1);
}

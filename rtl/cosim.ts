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
import type { MachineConfig } from '../isa/index.js';
import type { LdpcChipSchedule } from '../runtime/index.js';
import { loadImage, type ProgramImage } from '../sim/index.js';
import { assembleFile, imageToHex, rtlConfig, rtlMap, rtlParams, runRtl, runSimImage, RTL_DIR } from './harness.js';
import { ldpcCaseImage, type LdpcCaseSpec } from './ldpc-case.js';
import { buildVerilator } from './verilator.js';
import { lockstep } from './lockstep.js';

const ROOT = join(RTL_DIR, '..');
const DATA = join(ROOT, '..', 'shared', 'data');
const CLI = [join(ROOT, 'node_modules', '.bin', 'tsx'), join(ROOT, 'cli', 'gp5sim.ts')];

export interface CosimModel {
  name: string;
  /** gp5sim infer arguments before the options (model path, evidence): a BP program the runtime compiles. */
  args?: (work: string) => string[];
  /** Instead: one frame batch of the runtime's structured LDPC decoder (runtime/ldpc, the LLR unit). */
  ldpc?: LdpcCaseSpec;
  schedules: readonly string[];
  /** Iteration cap: keeps the full-timing VCDs of the matrix small. */
  maxIter: number;
  /** Machine config fields for P PEs beyond the defaults (e.g. a larger scratchpad on one PE). */
  config?: (pes: number) => Record<string, number> | undefined;
}

export const SCHEDULES = ['flooding', 'sequential', 'residual'];
export const LDPC_SCHEDULES = ['layered', 'flooding'];
const LDPC = join(DATA, 'ldpc');

export const MODELS: CosimModel[] = [
  { name: 'testfast', args: () => [join(DATA, 'libdai', 'testfast.fg')], schedules: SCHEDULES, maxIter: 5 },
  { name: 'alarm', args: () => [join(DATA, 'libdai', 'alarm.fg')], schedules: SCHEDULES, maxIter: 3 },
  {
    name: 'Promedus_24',
    args: () => [join(DATA, 'uai2014', 'Promedus_24.uai'), '--evid', join(DATA, 'uai2014', 'Promedus_24.uai.evid')],
    schedules: SCHEDULES,
    maxIter: 2,
  },
  {
    name: 'hmm',
    args: (work) => {
      const file = join(work, 'hmm.json');
      if (!existsSync(file)) execFileSync(CLI[0], [CLI[1], 'generate', 'hmm', '--classes', '2', '--frames', '40', '-o', file]);
      return [file];
    },
    schedules: SCHEDULES,
    maxIter: 3,
  },
  // A binary pairwise grid: flooding compiles it onto the pairwise unit (pfu.sp, rtl/gp5_pfu.vh).
  {
    name: 'ising-8x8',
    args: (work) => {
      const file = join(work, 'ising-8x8.fg');
      if (!existsSync(file)) execFileSync(CLI[0], [CLI[1], 'generate', 'ising', '--size', '8', '--seed', '1', '-o', file]);
      return [file];
    },
    schedules: ['flooding'],
    maxIter: 3,
  },
  {
    name: 'wimax-ldpc',
    args: () => [join(LDPC, 'WIMAX_288_576.alist'), '--ebn0', '2.5', '--seed', '1'],
    schedules: SCHEDULES,
    maxIter: 2,
    // One PE needs 103300 scratchpad words (the default is 65536).
    config: (pes) => (pes === 1 ? { scratchpadBytes: 512 * 1024 } : undefined),
  },
  // The CCSDS (128,64) parity model through infer, one flooding iteration: at P = 4 one PE pair holds
  // 37 messages at once, the smallest compiled program past the first RTL's 32-message channels
  // (the WiMAX model above peaks at 108; rtl/harness.ts CHAN_MSGS).
  {
    name: 'ccsds-ldpc',
    args: () => [join(LDPC, 'CCSDS_64_128.alist'), '--ebn0', '2.5', '--seed', '1'],
    schedules: ['flooding'],
    maxIter: 1,
  },
  // The structured decoder on the LLR unit: one batch of VL frames per PE (the rules split between two codes).
  { name: 'wimax-cnu.spa', ldpc: { alist: join(LDPC, 'WIMAX_288_576.alist'), rule: 'spa', ebn0: 2, seed: 1, maxIter: 3 }, schedules: LDPC_SCHEDULES, maxIter: 3 },
  { name: 'wimax-cnu.nms', ldpc: { alist: join(LDPC, 'WIMAX_288_576.alist'), rule: 'nms', ebn0: 2, seed: 2, maxIter: 3 }, schedules: LDPC_SCHEDULES, maxIter: 3 },
  { name: 'ccsds-cnu.ms', ldpc: { alist: join(LDPC, 'CCSDS_64_128.alist'), rule: 'ms', ebn0: 3, seed: 3, maxIter: 5 }, schedules: LDPC_SCHEDULES, maxIter: 5 },
  { name: 'ccsds-cnu.oms', ldpc: { alist: join(LDPC, 'CCSDS_64_128.alist'), rule: 'oms', ebn0: 3, seed: 4, maxIter: 5 }, schedules: LDPC_SCHEDULES, maxIter: 5 },
];

export interface CosimCase {
  model: CosimModel;
  schedule: string;
  pes: number;
}

export interface CosimOutcome {
  label: string;
  cycles: number;
  result: CompareResult;
  /** The RTL stopped on an instruction of the ISA table it does not implement (its fault line). */
  notImplemented?: string;
  /** The RTL stopped on a fault of its own (e.g. a full message channel): its fault line. */
  fault?: string;
}

/** The case's machine config and program image, compiled by the runtime. */
export function prepareCase(c: CosimCase, work: string): { label: string; cfg: MachineConfig; image: ProgramImage } {
  const label = `${c.model.name}-${c.schedule}-p${c.pes}`;
  const cfg = rtlConfig({ pes: c.pes, ...c.model.config?.(c.pes) });
  if (c.model.ldpc) return { label, cfg, image: ldpcCaseImage(c.model.ldpc, c.schedule as LdpcChipSchedule, cfg) };
  return { label, cfg, image: loadImage(assembleFile(emitCase(c, work, label), cfg), cfg) };
}

/** The case in lockstep mode (no full VCD on either side): agreement, or the first divergence as a table row. */
export async function runCaseLockstep(c: CosimCase, work: string): Promise<{ label: string; agree: boolean; cycles: number; report: string }> {
  const { label, cfg, image } = prepareCase(c, work);
  const r = await lockstep(buildVerilator(rtlParams(cfg)), image, cfg, work, label);
  const d = r.result?.divergence;
  const row = d ? `DIVERGE cycle ${d.cycle} PE ${d.pe} ${d.signal}: ${d.expected} → ${d.actual}` : r.report.split('\n')[0];
  return { label, agree: r.agree, cycles: r.cycles, report: row };
}

/** The runtime's program for a BP case (gp5sim infer --emit-asm); returns the .s path. */
function emitCase(c: CosimCase, work: string, label: string): string {
  mkdirSync(work, { recursive: true });
  const asm = join(work, `${label}.s`);
  const argv = [CLI[1], 'infer', ...c.model.args!(work), '--pes', String(c.pes), '--schedule', c.schedule, '--max-iter', String(c.model.maxIter), '--emit-asm', asm, '--json'];
  const extra = c.model.config?.(c.pes);
  if (extra) {
    const file = join(work, `${label}.config.json`);
    writeFileSync(file, JSON.stringify(extra) + '\n');
    argv.push('--config', file);
  }
  execFileSync(CLI[0], argv, { stdio: 'pipe', maxBuffer: 1 << 28 });
  return asm;
}

export interface RunCaseOptions {
  /** Verilator defines (mutation bugs). */
  defines?: string[];
  /**
   * Run on the build of this many PEs (on the near-square mesh), the extra PEs idle from reset:
   * one build serves a test's P = 1 and P = 4 cases. The trace compared is the case's PEs'.
   */
  onPes?: number;
}

/** Compile the case with the runtime, run it on gp5sim and on the Verilator RTL, compare. */
export function runCase(c: CosimCase, work: string, o: RunCaseOptions = {}): CosimOutcome {
  const defines = o.defines ?? [];
  const { label, cfg, image } = prepareCase(c, work);
  mkdirSync(work, { recursive: true });
  const sim = runSimImage(image, cfg);
  const simVcd = join(work, `${label}.sim.vcd`);
  writeFileSync(simVcd, sim.vcd);
  const buildPes = Math.max(o.onPes ?? c.pes, c.pes);
  const params = buildPes === c.pes ? rtlParams(cfg) : { ...rtlParams(cfg), NPE: buildPes, MESH_W: rtlConfig({ pes: buildPes }).meshWidth };
  const bin = buildVerilator(params, defines);
  const name = `${label}${defines.length ? '-' + defines.join('-') : ''}`;
  const rtl = runRtl(bin, imageToHex(image, buildPes), work, name, sim.result.cycles + 10);
  const mapFile = join(work, `${label}.map.json`);
  writeFileSync(mapFile, JSON.stringify(rtlMap(c.pes, true)) + '\n');
  const result = compareTraces(
    { file: simVcd, text: sim.vcd },
    { file: rtl.vcdPath, text: readText(rtl.vcdPath) },
    { mode: 'timing', map: parseCompareMap(readText(mapFile), mapFile) },
  );
  const lines = rtl.stdout.split('\n');
  const notImplemented = lines.find((l) => l.includes('not implemented in RTL'));
  // gp5sim faulted too when the traces agree (a program that faults on both is not an RTL bug).
  const fault = result.agree ? undefined : lines.find((l) => l.startsWith('GP5RTL fault:'));
  return { label, cycles: sim.result.cycles, result, ...(notImplemented ? { notImplemented } : fault ? { fault } : {}) };
}

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** One table row: agreement, or the first divergence (cycle, PE, signal, expected → actual). */
export function outcomeRow(o: CosimOutcome): string {
  const d = o.result.divergence;
  const verdict = o.notImplemented ? `NOT IMPLEMENTED IN RTL (${o.notImplemented.replace(/^GP5RTL fault: /, '')})` : o.result.agree ? 'agree' : d ? `DIVERGE cycle ${d.cycle} PE ${d.pe} ${d.signal}: ${d.expected} → ${d.actual}` : 'DIVERGE';
  return `${o.label.padEnd(32)} ${String(o.cycles).padStart(10)}  ${verdict}${o.fault ? ` (RTL ${o.fault.replace(/^GP5RTL /, '')})` : ''}`;
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
      for (const schedule of model.schedules) {
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

// Glue for the reference RTL: object → $readmemh hex files, machine config → RTL parameters,
// iverilog/vvp runs, and the same program through gp5sim, so the two traces can be compared.
// Used by rtl/run.ts (command line) and tests/rtl.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble } from '../asm/index.js';
import { parseConfig, configFromJson, scratchpadWords, sharedWords, DEFAULT_CONFIG, INSTRUCTIONS, type MachineConfig, type ObjectFile } from '../isa/index.js';
import { Machine, loadImage, teeSinks, type ProgramImage, type RunResult } from '../sim/index.js';
import { VcdSink, CommitLogSink } from '../trace/index.js';

export const RTL_DIR = dirname(fileURLToPath(import.meta.url));

export interface HexImage {
  /** Per PE: instruction memory, one 8-digit hex word a line. */
  code: string[];
  /** Per PE: scratchpad, `@addr` lines before each run of non-zero words (sparse). */
  spm: string[];
  /** Per PE two words: idle (no code, halted from reset) and entry pc. */
  meta: string;
  /** Shared memory, word offsets from 0x100000, sparse like spm. */
  shared: string;
}

function sparseHex(words: Int32Array | Uint32Array): string {
  // Every file starts with an address so $readmemh does not warn about short files.
  const out: string[] = ['@0'];
  let i = 0;
  while (i < words.length) {
    if (words[i] === 0) {
      i++;
      continue;
    }
    out.push(`@${i.toString(16)}`);
    while (i < words.length && words[i] !== 0) out.push((words[i++] >>> 0).toString(16).padStart(8, '0'));
  }
  return out.join('\n') + '\n';
}

const hex8 = (w: number) => (w >>> 0).toString(16).padStart(8, '0');

/** The $readmemh images of every PE of an object, placed by the simulator's own loader. */
export function objectToHex(obj: ObjectFile, cfg: MachineConfig): HexImage {
  return imageToHex(loadImage(obj, cfg));
}

/**
 * The $readmemh images of a loaded program image (e.g. the runtime's LDPC decoder, which builds one
 * directly). With `pes` beyond the image's PE count, the extra PEs are idle (no code, halted from
 * reset), so a build with more PEs runs the program as the smaller machine would.
 */
export function imageToHex(img: ProgramImage, pes = img.code.length): HexImage {
  const longest = Math.max(...img.code.map((c) => c.length));
  if (longest > IMEM_WORDS) throw new Error(`a PE's code has ${longest} words; the RTL's instruction memory holds ${IMEM_WORDS} (rtl/harness.ts IMEM_WORDS)`);
  const codeOf = (pe: number) => (pe < img.code.length ? img.code[pe] : new Uint32Array(0));
  const all = Array.from({ length: Math.max(pes, img.code.length) }, (_, pe) => pe);
  const code = all.map((pe) => ['@0', ...Array.from(codeOf(pe), hex8)].join('\n') + '\n');
  const meta = all.flatMap((pe) => [hex8(codeOf(pe).length === 0 ? 1 : 0), hex8(pe < img.entry.length ? img.entry[pe] : 0)]);
  const spm = all.map((pe) => (pe < img.scratchpad.length ? sparseHex(img.scratchpad[pe]) : '@0\n'));
  return { code, spm, meta: meta.join('\n') + '\n', shared: sparseHex(img.shared) };
}

/** Machine cycles are TICKS clock periods of 10 ns: one tick per PE, plus a sync tick when P > 1 (gp5_array.v). */
export function rtlTicks(pes: number): number {
  return pes > 1 ? pes + 1 : 1;
}

/** The machine parameters the RTL implements, as tb.v parameters. */
export function rtlParams(cfg: MachineConfig): Record<string, number> {
  if (cfg.messageBits !== DEFAULT_CONFIG.messageBits || cfg.fracBits !== DEFAULT_CONFIG.fracBits || cfg.maxStarTableSize !== DEFAULT_CONFIG.maxStarTableSize || cfg.unsignedMessages !== DEFAULT_CONFIG.unsignedMessages) {
    throw new Error('the reference RTL is generated for W=16, F=8, T=256, signed messages (rtl/gen-format.ts)');
  }
  return {
    NPE: cfg.pes,
    MESH_W: cfg.meshWidth,
    HOP_LAT: cfg.hopLatency,
    VLMAX: cfg.vregLanes,
    LANES: cfg.lanes,
    BANKS: cfg.sharedBanks,
    SHARED_LAT: cfg.sharedLatency,
    SPM_WORDS: scratchpadWords(cfg),
    SHARED_WORDS: sharedWords(cfg),
    LOOPD: cfg.loopDepth,
    IMEM_WORDS,
    CHAN_MSGS,
    CHAN_WORDS,
  };
}

/** The longest message `send` takes (words): its `len` operand's range in the ISA table. */
export const MESSAGE_MAX_WORDS = (() => {
  const len = INSTRUCTIONS.find((d) => d.mnemonic === 'send')!.operands.find((o) => o.name === 'len');
  if (len?.kind !== 'imm') throw new Error('isa/table.ts: send has no len immediate');
  return len.max;
})();

/**
 * The RTL's per-pair message channel (gp5_array.v), in flight or arrived and not yet received.
 * gp5sim's channels are unbounded; the RTL's hold CHAN_WORDS words (two of the longest messages)
 * and CHAN_MSGS messages, and a send beyond that is an RTL fault naming the channel. The compiled
 * corpus peaks at 108 messages and 386 words on one pair (the WiMAX parity model through `infer`
 * at P = 4, flooding); 32 messages was too few for it.
 */
export const CHAN_WORDS = 2 * MESSAGE_MAX_WORDS;
export const CHAN_MSGS = 1024;

/** Instruction memory per PE (words): compiled BP programs of the corpus reach about 5000. */
export const IMEM_WORDS = 65536;

/**
 * The `compare --map` of a run on P PEs: gp5.peI → tb.array.pe[I].u, tr_* names, and the clock:
 * tb.v's ticks under Icarus, or machine cycles (period 1) in the Verilator harness's VCD.
 */
export function rtlMap(pes: number, verilator = false): CompareMapJson {
  const base = JSON.parse(readFileSync(join(RTL_DIR, 'gp5_pe.map.json'), 'utf8')) as CompareMapJson;
  const period = verilator ? 1 : 10 * rtlTicks(pes);
  const scopes: Record<string, string> = {};
  for (let pe = 0; pe < pes; pe++) scopes[`gp5.pe${pe}`] = `tb.array.pe[${pe}].u`;
  return { signals: base.signals, scopes, clock: { period, offset: verilator ? 0 : period } };
}

export interface CompareMapJson {
  scopes: Record<string, string>;
  signals: Record<string, string>;
  clock: { period: number; offset: number };
}

/**
 * A config: defaults, a config JSON file's fields, then overrides. The PE count is the overrides'
 * (default 1), on the near-square mesh unless the overrides give its shape.
 */
export function rtlConfig(overrides: Record<string, unknown> = {}, configFile?: string): MachineConfig {
  const base: Record<string, unknown> = configFile ? { ...configFromJson(readFileSync(configFile, 'utf8'), configFile) } : {};
  delete base.meshWidth;
  delete base.meshHeight;
  return parseConfig({ ...base, pes: 1, ...overrides }, configFile ?? 'rtl');
}

export function assembleFile(path: string, cfg: MachineConfig): ObjectFile {
  return assemble(readFileSync(path, 'utf8'), {
    fileName: path,
    readFile: (p) => readFileSync(p, 'utf8'),
    messageBits: cfg.messageBits,
    fracBits: cfg.fracBits,
    unsignedMessages: cfg.unsignedMessages,
  }).object;
}

/** Compile tb.v + gp5_array.v + gp5_pe.v with iverilog -g2005 (parameters via -P, bugs via -D); returns the .vvp path. */
export function compileRtl(outDir: string, params: Record<string, number>, defines: string[] = []): string {
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `gp5_array_${buildKey(params, defines)}.vvp`);
  if (existsSync(out)) return out;
  const args = ['-g2005', '-Wall', '-I', join(RTL_DIR, 'gen'), '-I', RTL_DIR, '-o', out];
  for (const d of defines) args.push(`-D${d}`);
  for (const [k, v] of Object.entries(params)) args.push(`-Ptb.${k}=${v}`);
  args.push(...RTL_SOURCES.map((f) => join(RTL_DIR, f)));
  execFileSync('iverilog', args, { stdio: 'pipe' });
  return out;
}

/** The bench and the RTL, in compile order. */
export const RTL_SOURCES = ['tb.v', 'gp5_array.v', 'gp5_pe.v'];
const RTL_INCLUDES = ['gen/gp5_isa.vh', 'gen/gp5_format.vh', 'gp5_llr.vh', 'gp5_pfu.vh', 'gp5_params.vh', 'gp5_params_pass.vh', 'gp5_load.vh', 'verilator/gp5_vtop.v', 'verilator/harness.cpp'];

/** Cache key of a build: the parameter set, the defines and a hash of every source it reads. */
export function buildKey(params: Record<string, number>, defines: string[], extra = ''): string {
  const h = createHash('sha256');
  for (const f of [...RTL_SOURCES, ...RTL_INCLUDES]) h.update(readFileSync(join(RTL_DIR, f)));
  h.update(extra);
  const named = [...[...defines].sort(), ...Object.entries(params).map(([k, v]) => `${k}${v}`)].join('_');
  return `${named}_${h.digest('hex').slice(0, 12)}`;
}

export interface RtlRun {
  vcdPath: string;
  stdout: string;
  halted: boolean;
}

/** Write the hex images of a run to dir; returns the tb.v plusargs that load them. */
export function writeHex(hex: HexImage, dir: string, name: string): string[] {
  mkdirSync(dir, { recursive: true });
  const prefix = join(dir, name);
  hex.code.forEach((c, pe) => writeFileSync(`${prefix}.pe${pe}.code.hex`, c));
  hex.spm.forEach((c, pe) => writeFileSync(`${prefix}.pe${pe}.spm.hex`, c));
  writeFileSync(`${prefix}.meta.hex`, hex.meta);
  writeFileSync(`${prefix}.shared.hex`, hex.shared);
  return [`+prefix=${prefix}`];
}

/** Run a compiled bench (vvp file, or a Verilator binary) on the hex images; returns the VCD path (trace: Verilator only may skip it). */
export function runRtl(bench: string, hex: HexImage, dir: string, name: string, maxCycles = 1_000_000, trace = true): RtlRun {
  const vcdPath = join(dir, `${name}.rtl.vcd`);
  const plusargs = [...writeHex(hex, dir, name), ...(trace ? [`+vcd=${vcdPath}`] : []), `+maxcycles=${maxCycles}`];
  const [cmd, args] = bench.endsWith('.vvp') ? ['vvp', ['-n', bench, ...plusargs]] : [bench, plusargs];
  const stdout = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  return { vcdPath, stdout, halted: /GP5RTL halted/.test(stdout) };
}

export interface SimRun {
  vcd: string;
  commitLog: string;
  result: RunResult;
  machine: Machine;
}

/** Run the object on gp5sim and capture its VCD and commit log. */
export function runSim(obj: ObjectFile, cfg: MachineConfig): SimRun {
  return runSimImage(loadImage(obj, cfg), cfg);
}

/** Run a loaded program image on gp5sim and capture its VCD and commit log. */
export function runSimImage(img: ProgramImage, cfg: MachineConfig): SimRun {
  const vcd: string[] = [];
  const log: string[] = [];
  const machine = new Machine(cfg, img);
  const result = machine.run({ sink: teeSinks([new VcdSink((c) => vcd.push(c)), new CommitLogSink((c) => log.push(c))]), maxCycles: 10_000_000 });
  return { vcd: vcd.join(''), commitLog: log.join(''), result, machine };
}

/** Config of a program: `rtl/programs/NAME.config.json` next to `NAME.s` when present. */
export function programConfig(programPath: string, overrides: Record<string, unknown> = {}): MachineConfig {
  const cfgFile = programPath.replace(/\.s$/, '.config.json');
  if (!existsSync(cfgFile)) return rtlConfig(overrides);
  // The file's own PE count applies (rtlConfig otherwise defaults to one PE).
  const pes = (JSON.parse(readFileSync(cfgFile, 'utf8')) as { pes?: number }).pes;
  return rtlConfig(pes === undefined ? overrides : { pes, ...overrides }, cfgFile);
}

export function programName(path: string): string {
  return basename(path).replace(/\.s$/, '');
}

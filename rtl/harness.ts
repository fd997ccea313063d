// Glue for the reference RTL: object → $readmemh hex files, machine config → RTL parameters,
// iverilog/vvp runs, and the same program through gp5sim, so the two traces can be compared.
// Used by rtl/run.ts (command line) and tests/rtl.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble } from '../asm/index.js';
import { parseConfig, configFromJson, scratchpadWords, sharedWords, DEFAULT_CONFIG, type MachineConfig, type ObjectFile } from '../isa/index.js';
import { Machine, loadImage, teeSinks, type RunResult } from '../sim/index.js';
import { VcdSink, CommitLogSink } from '../trace/index.js';

export const RTL_DIR = dirname(fileURLToPath(import.meta.url));

export interface HexImage {
  /** Instruction memory of the PE, one 8-digit hex word a line. */
  code: string;
  /** Scratchpad: `@addr` lines before each run of non-zero words (sparse). */
  spm: string;
  /** Shared memory, word offsets from 0x100000, sparse like spm. */
  shared: string;
  entry: number;
  codeWords: number;
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

/** The $readmemh images of one PE of an object, placed by the simulator's own loader. */
export function objectToHex(obj: ObjectFile, cfg: MachineConfig, pe = 0): HexImage {
  const img = loadImage(obj, cfg);
  const code = ['@0', ...Array.from(img.code[pe], (w) => (w >>> 0).toString(16).padStart(8, '0'))].join('\n') + '\n';
  return { code, spm: sparseHex(img.scratchpad[pe]), shared: sparseHex(img.shared), entry: img.entry[pe], codeWords: img.code[pe].length };
}

/** The subset of machine parameters the RTL implements, as tb.v parameters. */
export function rtlParams(cfg: MachineConfig): Record<string, number> {
  if (cfg.pes !== 1) throw new Error(`the reference RTL is one PE: use a config with pes = 1 (got ${cfg.pes})`);
  if (cfg.messageBits !== DEFAULT_CONFIG.messageBits || cfg.fracBits !== DEFAULT_CONFIG.fracBits || cfg.maxStarTableSize !== DEFAULT_CONFIG.maxStarTableSize) {
    throw new Error('the reference RTL is generated for W=16, F=8, T=256 (rtl/gen-format.ts)');
  }
  return {
    VLMAX: cfg.vregLanes,
    LANES: cfg.lanes,
    BANKS: cfg.sharedBanks,
    SHARED_LAT: cfg.sharedLatency,
    SPM_WORDS: scratchpadWords(cfg),
    SHARED_WORDS: sharedWords(cfg),
    LOOPD: cfg.loopDepth,
  };
}

/** A one-PE config: defaults, a config JSON file's fields, then overrides. */
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
  }).object;
}

let iverilogChecked: boolean | undefined;
/** Whether iverilog and vvp are on PATH. */
export function iverilogAvailable(): boolean {
  if (iverilogChecked === undefined) {
    iverilogChecked = spawnSync('sh', ['-c', 'command -v iverilog && command -v vvp'], { stdio: 'ignore' }).status === 0;
  }
  return iverilogChecked;
}

/** Compile tb.v + gp5_pe.v with iverilog -g2005 (parameters via -P, bugs via -D); returns the .vvp path. */
export function compileRtl(outDir: string, params: Record<string, number>, defines: string[] = []): string {
  mkdirSync(outDir, { recursive: true });
  const key = [...defines.sort(), ...Object.entries(params).map(([k, v]) => `${k}${v}`)].join('_') || 'default';
  const out = join(outDir, `gp5_pe_${key}.vvp`);
  if (existsSync(out)) return out;
  const args = ['-g2005', '-Wall', '-I', join(RTL_DIR, 'gen'), '-o', out];
  for (const d of defines) args.push(`-D${d}`);
  for (const [k, v] of Object.entries(params)) args.push(`-Ptb.${k}=${v}`);
  args.push(join(RTL_DIR, 'tb.v'), join(RTL_DIR, 'gp5_pe.v'));
  execFileSync('iverilog', args, { stdio: 'pipe' });
  return out;
}

export interface RtlRun {
  vcdPath: string;
  stdout: string;
  halted: boolean;
}

/** Write the hex images to dir and run the compiled bench with vvp; returns the VCD path. */
export function runRtl(vvp: string, hex: HexImage, dir: string, name: string, maxCycles = 1_000_000): RtlRun {
  mkdirSync(dir, { recursive: true });
  const files = { code: join(dir, `${name}.code.hex`), spm: join(dir, `${name}.spm.hex`), shared: join(dir, `${name}.shared.hex`) };
  writeFileSync(files.code, hex.code);
  writeFileSync(files.spm, hex.spm);
  writeFileSync(files.shared, hex.shared);
  const vcdPath = join(dir, `${name}.rtl.vcd`);
  const stdout = execFileSync(
    'vvp',
    ['-n', vvp, `+code=${files.code}`, `+spm=${files.spm}`, `+shared=${files.shared}`, `+entry=${hex.entry}`, `+vcd=${vcdPath}`, `+maxcycles=${maxCycles}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return { vcdPath, stdout, halted: /GP5RTL halted/.test(stdout) };
}

export interface SimRun {
  vcd: string;
  commitLog: string;
  result: RunResult;
  machine: Machine;
}

/** Run the object on gp5sim (one PE) and capture its VCD and commit log. */
export function runSim(obj: ObjectFile, cfg: MachineConfig): SimRun {
  const vcd: string[] = [];
  const log: string[] = [];
  const machine = new Machine(cfg, loadImage(obj, cfg));
  const result = machine.run({ sink: teeSinks([new VcdSink((c) => vcd.push(c)), new CommitLogSink((c) => log.push(c))]), maxCycles: 1_000_000 });
  return { vcd: vcd.join(''), commitLog: log.join(''), result, machine };
}

/** Config of a program: `rtl/programs/NAME.config.json` next to `NAME.s` when present. */
export function programConfig(programPath: string, overrides: Record<string, unknown> = {}): MachineConfig {
  const cfgFile = programPath.replace(/\.s$/, '.config.json');
  return rtlConfig(overrides, existsSync(cfgFile) ? cfgFile : undefined);
}

export function programName(path: string): string {
  return basename(path).replace(/\.s$/, '');
}

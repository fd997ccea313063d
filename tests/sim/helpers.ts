// Builds small programs for simulator tests straight from the ISA encoder (no assembler), so
// these tests pin the simulator alone.
import { encode, instructionByMnemonic, makeConfig, SHARED_BASE, type MachineConfig, type ObjectFile, type OperandValue } from '../../isa/index.js';
import { Machine, loadImage, buildReport, type RunOptions, type SimReport } from '../../sim/index.js';

export const M = (base: number, offset = 0) => ({ base, offset });

/** Encode one instruction: I('addi', 1, 0, 5). Targets are word offsets. */
export function I(mnemonic: string, ...operands: OperandValue[]): number {
  const def = instructionByMnemonic(mnemonic);
  if (!def) throw new Error(`no instruction ${mnemonic}`);
  return encode(def, operands);
}

export interface TestProgram {
  /** Code per PE (index = PE id); missing PEs run `halt`. */
  code: number[][];
  /** Initial scratchpad words per PE: [pe, address, words]. */
  data?: [number, number, number[]][];
  shared?: [number, number[]][];
}

export function objectOf(p: TestProgram, cfg: MachineConfig): ObjectFile {
  const sections: ObjectFile['sections'] = [];
  for (let pe = 0; pe < cfg.pes; pe++) {
    const words = p.code[pe]?.length ? p.code[pe] : [I('halt')];
    sections.push({ name: `code${pe}`, space: 'code', pes: [pe], origin: 0, words: Uint32Array.from(words.map((w) => w >>> 0)) });
  }
  for (const [pe, addr, words] of p.data ?? []) {
    sections.push({ name: `data${pe}_${addr}`, space: 'scratchpad', pes: [pe], origin: addr, words: Uint32Array.from(words.map((w) => w >>> 0)) });
  }
  for (const [addr, words] of p.shared ?? []) {
    sections.push({ name: `shared_${addr}`, space: 'shared', pes: 'all', origin: SHARED_BASE + addr, words: Uint32Array.from(words.map((w) => w >>> 0)) });
  }
  return {
    version: 1,
    requirements: { minPes: p.code.length, messageBits: cfg.messageBits, fracBits: cfg.fracBits, unsignedMessages: cfg.unsignedMessages },
    entry: 0,
    entryPerPe: new Map(),
    sections,
    symbols: [],
  };
}

export interface Ran {
  machine: Machine;
  report: SimReport;
}

/** Run a program; `setup` may poke registers before cycle 0. */
export function run(p: TestProgram, cfgOverrides: Partial<MachineConfig> = { pes: 1 }, setup?: (m: Machine) => void, opts: RunOptions = {}): Ran {
  const cfg = makeConfig(cfgOverrides);
  const machine = new Machine(cfg, loadImage(objectOf(p, cfg), cfg));
  setup?.(machine);
  const result = machine.run(opts);
  return { machine, report: buildReport(machine, result, cfg) };
}

/** Set vector register `reg` of a PE to `lanes` (other lanes 0). */
export function setV(m: Machine, pe: number, reg: number, lanes: number[]): void {
  const s = m.pes[pe];
  const n = m.cfg.vregLanes;
  s.vreg.fill(0, reg * n, (reg + 1) * n);
  s.vreg.set(lanes, reg * n);
}

export function getV(m: Machine, pe: number, reg: number, count: number): number[] {
  const n = m.cfg.vregLanes;
  return Array.from(m.pes[pe].vreg.slice(reg * n, reg * n + count));
}

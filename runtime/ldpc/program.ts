// The decoder program and its initial scratchpad. Per PE (all PEs run the same code):
//   setvli VL; r2 ← active mask; c2v ← 0 (one vst per edge vector)
//   repeat maxIter times:
//     layered: log r2; r3 ← 0; cnu.<rule> r3, desc_r, r2 for every check; [r2 &= r3; stop if 0]
//     flooding: r3 ← 0; cnu for every check; [r2 &= r3]; log r2; [stop if 0]; vnu desc_v, r2 for every bit
// The check pass's mask is the syndrome early stop (ISA.md, "LLR check and variable updates").
import { encode, instructionByMnemonic, CND, VND, type LlrRule, type MachineConfig, type OperandValue } from '../../isa/index.js';
import type { ProgramImage } from '../../sim/index.js';
import { scratchpadWords } from '../../isa/index.js';
import { planLdpc, ldpcCodeWords, type LdpcChipSchedule, type LdpcLayout } from './layout.js';
import type { ParityCheckMatrix } from '../../golden/index.js';

export interface LdpcChipOptions {
  rule: LlrRule;
  schedule: LdpcChipSchedule;
  maxIter: number;
  earlyStop: boolean;
}

export interface LdpcProgram {
  layout: LdpcLayout;
  options: LdpcChipOptions;
  /** Template image: descriptors written, channel/app/mask zero (patched per batch). */
  image: ProgramImage;
}

const R_MASK = 2;
const R_ACC = 3;
const R_DESC = 4;
const R_LOG = 6;
const R_ITER = 7;

function asm(code: number[], mnemonic: string, ...ops: OperandValue[]): void {
  code.push(encode(instructionByMnemonic(mnemonic)!, ops));
}

export function compileLdpc(h: ParityCheckMatrix, cfg: MachineConfig, o: LdpcChipOptions): LdpcProgram {
  const L = planLdpc(h, cfg, o.schedule, o.maxIter);
  const g = L.edges;
  const vl = L.vl;
  const layered = o.schedule === 'layered';
  const spm = new Int32Array(scratchpadWords(cfg));
  for (let r = 0; r < g.m; r++) {
    const at = L.checkDesc[r];
    if (at < 0) continue;
    const e0 = g.rowStart[r];
    const d = g.rowStart[r + 1] - e0;
    spm[at + CND.degree] = d;
    spm[at + CND.c2v] = L.c2vAddr + e0 * vl;
    spm[at + CND.flags] = layered ? CND.layered : 0;
    for (let j = 0; j < d; j++) spm[at + CND.header + j] = L.appAddr + g.edgeVar[e0 + j] * vl;
  }
  for (let v = 0; v < L.varDesc.length; v++) {
    const at = L.varDesc[v];
    const deg = g.colStart[v + 1] - g.colStart[v];
    spm[at + VND.degree] = deg;
    spm[at + VND.ch] = L.chAddr + v * vl;
    spm[at + VND.app] = L.appAddr + v * vl;
    for (let j = 0; j < deg; j++) spm[at + VND.header + j] = L.c2vAddr + g.colEdge[g.colStart[v] + j] * vl;
  }

  const code: number[] = [];
  asm(code, 'setvli', 0, vl);
  asm(code, 'ld', R_MASK, { base: 0, offset: L.maskAddr });
  asm(code, 'vbcast', 0, 0);
  for (let e = 0; e < g.edges; e++) asm(code, 'vst', 0, { base: 0, offset: L.c2vAddr + e * vl });
  asm(code, 'addi', R_LOG, 0, L.logAddr);
  asm(code, 'addi', R_ITER, 0, o.maxIter);
  const loop = code.length;
  const branches: number[] = []; // early-stop exits, patched to the halt
  if (layered) asm(code, 'st', R_MASK, { base: R_LOG, offset: 0 });
  asm(code, 'addi', R_ACC, 0, 0);
  for (let r = 0; r < g.m; r++) {
    if (L.checkDesc[r] < 0) continue;
    asm(code, 'addi', R_DESC, 0, L.checkDesc[r]);
    asm(code, `cnu.${o.rule}`, R_ACC, R_DESC, R_MASK);
  }
  if (o.earlyStop) asm(code, 'and', R_MASK, R_MASK, R_ACC);
  if (!layered) asm(code, 'st', R_MASK, { base: R_LOG, offset: 0 });
  asm(code, 'addi', R_LOG, R_LOG, 1);
  if (o.earlyStop) {
    branches.push(code.length);
    code.push(0);
  }
  for (let v = 0; v < L.varDesc.length; v++) {
    asm(code, 'addi', R_DESC, 0, L.varDesc[v]);
    asm(code, 'vnu', R_DESC, R_MASK);
  }
  asm(code, 'addi', R_ITER, R_ITER, -1);
  asm(code, 'bne', R_ITER, 0, loop - code.length);
  const halt = code.length;
  asm(code, 'halt');
  for (const at of branches) code[at] = encode(instructionByMnemonic('beq')!, [R_MASK, 0, halt - at]);
  if (code.length > ldpcCodeWords(g, o.schedule)) throw new Error(`LDPC program has ${code.length} words, more than ldpcCodeWords allows`);

  const words = Uint32Array.from(code);
  const image: ProgramImage = {
    code: Array.from({ length: cfg.pes }, () => words),
    entry: new Array<number>(cfg.pes).fill(0),
    scratchpad: Array.from({ length: cfg.pes }, () => spm.slice()),
    shared: new Int32Array(0),
    symbols: new Map(),
  };
  return { layout: L, options: o, image };
}

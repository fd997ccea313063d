// The decoder program and its initial scratchpad. Every PE runs the same code; per slot (batch):
//   r2 ← the slot's active mask; r8 ← r2 | first-pass (the first check pass reads c2v as 0)
//   repeat maxIter times (cnus take r8, which is r2 after the first pass):
//     layered: log r2; r3 ← 0; cnu.<rule> r3, desc_r, r2 for every check; [r2 &= r3; stop if 0]
//     flooding: r3 ← 0; cnu for every check; [r2 &= r3]; log r2; [stop if 0]; vnu desc_v, r2 for every bit
// then the next slot, and halt after the last. The check pass's mask is the syndrome early stop
// (ISA.md, "LLR check and variable updates").
import { encode, instructionByMnemonic, scratchpadWords, CND, VND, LLR_FIRST_PASS, type LlrRule, type MachineConfig, type OperandValue } from '../../isa/index.js';
import type { ProgramImage } from '../../sim/index.js';
import type { ParityCheckMatrix } from '../../golden/index.js';
import { planLdpc, type LdpcChipSchedule, type LdpcLayout, type LdpcSlot } from './layout.js';

export interface LdpcChipOptions {
  rule: LlrRule;
  schedule: LdpcChipSchedule;
  maxIter: number;
  earlyStop: boolean;
  /** Batch slots per PE (default: as many as fit, at most MAX_SLOTS). */
  slots?: number;
}

export interface LdpcProgram {
  layout: LdpcLayout;
  options: LdpcChipOptions;
  /** Template image: descriptors written, channel/app/mask zero (patched per run). */
  image: ProgramImage;
}

const R_MASK = 2;
const R_ACC = 3;
const R_DESC = 4;
const R_LOG = 6;
const R_ITER = 7;
const R_PASS = 8;
const R_TMP = 9;

class Emitter {
  readonly code: number[] = [];
  op(mnemonic: string, ...ops: OperandValue[]): number {
    this.code.push(encode(instructionByMnemonic(mnemonic)!, ops));
    return this.code.length - 1;
  }
  patch(at: number, mnemonic: string, ...ops: OperandValue[]): void {
    this.code[at] = encode(instructionByMnemonic(mnemonic)!, ops);
  }
}

function writeDescriptors(spm: Int32Array, L: LdpcLayout, s: LdpcSlot, layered: boolean): void {
  const g = L.edges;
  const vl = L.vl;
  for (let r = 0; r < g.m; r++) {
    const at = s.checkDesc[r];
    if (at < 0) continue;
    const e0 = g.rowStart[r];
    const d = g.rowStart[r + 1] - e0;
    spm[at + CND.degree] = d;
    spm[at + CND.c2v] = L.c2vAddr + e0 * vl;
    spm[at + CND.flags] = layered ? CND.layered : 0;
    spm[at + CND.cap] = L.caps.c2v;
    for (let j = 0; j < d; j++) spm[at + CND.header + j] = s.appAddr + g.edgeVar[e0 + j] * vl;
  }
  for (let v = 0; v < s.varDesc.length; v++) {
    const at = s.varDesc[v];
    const deg = g.colStart[v + 1] - g.colStart[v];
    spm[at + VND.degree] = deg;
    spm[at + VND.ch] = s.chAddr + v * vl;
    spm[at + VND.app] = s.appAddr + v * vl;
    for (let j = 0; j < deg; j++) spm[at + VND.header + j] = L.c2vAddr + g.colEdge[g.colStart[v] + j] * vl;
  }
}

function emitSlot(e: Emitter, L: LdpcLayout, s: LdpcSlot, o: LdpcChipOptions): void {
  const g = L.edges;
  const layered = o.schedule === 'layered';
  e.op('ld', R_MASK, { base: 0, offset: s.maskAddr });
  const empty = e.op('nop'); // patched: beq r2, r0, <end of slot> (an unfilled slot costs nothing)
  e.op('lui', R_TMP, LLR_FIRST_PASS >>> 10);
  e.op('or', R_PASS, R_MASK, R_TMP);
  e.op('addi', R_LOG, 0, s.logAddr);
  e.op('addi', R_ITER, 0, o.maxIter);
  const loop = e.code.length;
  if (layered) e.op('st', R_MASK, { base: R_LOG, offset: 0 });
  e.op('addi', R_ACC, 0, 0);
  for (let r = 0; r < g.m; r++) {
    if (s.checkDesc[r] < 0) continue;
    e.op('addi', R_DESC, 0, s.checkDesc[r]);
    e.op(`cnu.${o.rule}`, R_ACC, R_DESC, R_PASS);
  }
  if (o.earlyStop) e.op('and', R_MASK, R_MASK, R_ACC);
  e.op('addi', R_PASS, R_MASK, 0);
  if (!layered) e.op('st', R_MASK, { base: R_LOG, offset: 0 });
  e.op('addi', R_LOG, R_LOG, 1);
  const exit = o.earlyStop ? e.op('nop') : -1; // patched: beq r2, r0, <end of slot>
  for (let v = 0; v < s.varDesc.length; v++) {
    e.op('addi', R_DESC, 0, s.varDesc[v]);
    e.op('vnu', R_DESC, R_MASK);
  }
  e.op('addi', R_ITER, R_ITER, -1);
  e.op('bne', R_ITER, 0, loop - e.code.length);
  if (exit >= 0) e.patch(exit, 'beq', R_MASK, 0, e.code.length - exit);
  e.patch(empty, 'beq', R_MASK, 0, e.code.length - empty);
}

export function compileLdpc(h: ParityCheckMatrix, cfg: MachineConfig, o: LdpcChipOptions): LdpcProgram {
  const L = planLdpc(h, cfg, o.schedule, o.maxIter, o.slots);
  const spm = new Int32Array(scratchpadWords(cfg));
  const e = new Emitter();
  e.op('setvli', 0, L.vl);
  for (const s of L.slots) {
    writeDescriptors(spm, L, s, o.schedule === 'layered');
    emitSlot(e, L, s, o);
  }
  e.op('halt');
  const words = Uint32Array.from(e.code);
  const image: ProgramImage = {
    code: Array.from({ length: cfg.pes }, () => words),
    entry: new Array<number>(cfg.pes).fill(0),
    scratchpad: Array.from({ length: cfg.pes }, () => spm.slice()),
    shared: new Int32Array(0),
    symbols: new Map(),
  };
  return { layout: L, options: o, image };
}

// The decoder program and its initial scratchpad. Every PE runs the same code; per slot (batch):
//   r2 ← the slot's active mask; r8 ← r2 | first-pass (the first check pass reads c2v as 0)
//   repeat maxIter times (cnus take r8, which is r2 after the first pass):
//     layered: log r2; r3 ← 0; cnu.<rule> r3, desc_r, r2 for every check; [r2 &= r3; stop if 0]
//     flooding: r3 ← 0; cnu for every check; [r2 &= r3]; log r2; [stop if 0]; vnu desc_v, r2 for every bit
// then the next slot, and halt after the last. The check pass's mask is the syndrome early stop
// (ISA.md, "LLR check and variable updates").
import { scratchpadWords, CND, VND, LLR_FIRST_PASS, type LlrRule, type MachineConfig } from '../../isa/index.js';
import type { ProgramImage } from '../../sim/index.js';
import type { ParityCheckMatrix } from '../../golden/index.js';
import { planLdpc, type LdpcChipSchedule, type LdpcLayout, type LdpcSlot } from './layout.js';
import { CodeEmitter } from '../emitter.js';

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

function emitSlot(e: CodeEmitter, L: LdpcLayout, s: LdpcSlot, slot: number, o: LdpcChipOptions): void {
  const g = L.edges;
  const layered = o.schedule === 'layered';
  const loop = `slot${slot}_loop`;
  const end = `slot${slot}_end`;
  e.emit('ld', R_MASK, { base: 0, offset: s.maskAddr });
  e.emitTo(end, 'beq', 2, R_MASK, 0); // an unfilled slot costs nothing
  e.emit('lui', R_TMP, LLR_FIRST_PASS >>> 10);
  e.emit('or', R_PASS, R_MASK, R_TMP);
  e.emit('addi', R_LOG, 0, s.logAddr);
  e.emit('addi', R_ITER, 0, o.maxIter);
  e.label(loop);
  if (layered) e.emit('st', R_MASK, { base: R_LOG, offset: 0 });
  e.emit('addi', R_ACC, 0, 0);
  for (let r = 0; r < g.m; r++) {
    if (s.checkDesc[r] < 0) continue;
    e.emit('addi', R_DESC, 0, s.checkDesc[r]);
    e.emit(`cnu.${o.rule}`, R_ACC, R_DESC, R_PASS);
  }
  if (o.earlyStop) e.emit('and', R_MASK, R_MASK, R_ACC);
  e.emit('addi', R_PASS, R_MASK, 0);
  if (!layered) e.emit('st', R_MASK, { base: R_LOG, offset: 0 });
  e.emit('addi', R_LOG, R_LOG, 1);
  if (o.earlyStop) e.emitTo(end, 'beq', 2, R_MASK, 0); // every lane's frame is stable
  for (let v = 0; v < s.varDesc.length; v++) {
    e.emit('addi', R_DESC, 0, s.varDesc[v]);
    e.emit('vnu', R_DESC, R_MASK);
  }
  e.emit('addi', R_ITER, R_ITER, -1);
  e.emitTo(loop, 'bne', 2, R_ITER, 0);
  e.label(end);
}

export function compileLdpc(h: ParityCheckMatrix, cfg: MachineConfig, o: LdpcChipOptions): LdpcProgram {
  const L = planLdpc(h, cfg, o.schedule, o.maxIter, o.slots);
  const spm = new Int32Array(scratchpadWords(cfg));
  const e = new CodeEmitter(0);
  e.emit('setvli', 0, L.vl);
  L.slots.forEach((s, slot) => {
    writeDescriptors(spm, L, s, o.schedule === 'layered');
    emitSlot(e, L, s, slot, o);
  });
  e.emit('halt');
  const words = e.finish();
  const image: ProgramImage = {
    code: Array.from({ length: cfg.pes }, () => words),
    entry: new Array<number>(cfg.pes).fill(0),
    scratchpad: Array.from({ length: cfg.pes }, () => spm.slice()),
    shared: new Int32Array(0),
    symbols: new Map(),
  };
  return { layout: L, options: o, image };
}

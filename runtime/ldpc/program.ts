// The decoder program and its initial scratchpad. Every PE runs the same code; per slot (batch):
//   r2 ← the slot's active mask; r8 ← r2 | first-pass (the first check pass reads c2v as 0)
//   repeat maxIter times (cnus take r8, which is r2 after the first pass):
//     layered: log r2; r3 ← 0; cnu.<rule> r3, desc_r, r2 for every check; [r2 &= r3; stop if 0]
//     flooding: r3 ← 0; cnu for every check; [r2 &= r3]; log r2; [stop if 0]; vnu desc_v, r2 for every bit
// then the next slot, and halt after the last. The check pass's mask is the syndrome early stop
// (ISA.md, "LLR check and variable updates").
import { scratchpadWords, writeCheckDescriptor, writeVariableNodeDescriptor, LLR_FIRST_PASS, type LlrRule, type MachineConfig } from '../../isa/index.js';
import type { ProgramImage } from '../../sim/index.js';
import type { ParityCheckMatrix } from '../../golden/index.js';
import { planLdpc, type LdpcChipSchedule, type LdpcLayout, type LdpcSlot } from './layout.js';
import { CodeEmitter } from '../emitter.js';
import { LDPC_REG as R, REG } from '../registers.js';

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

function writeDescriptors(spm: Int32Array, L: LdpcLayout, s: LdpcSlot, layered: boolean): void {
  const g = L.edges;
  const vl = L.vl;
  for (let r = 0; r < g.m; r++) {
    const at = s.checkDesc[r];
    if (at < 0) continue;
    const e0 = g.rowStart[r];
    const apps = Array.from({ length: g.rowStart[r + 1] - e0 }, (_, j) => s.appAddr + g.edgeVar[e0 + j] * vl);
    writeCheckDescriptor(spm, at, { c2v: L.c2vAddr + e0 * vl, layered, cap: L.caps.c2v, apps });
  }
  for (let v = 0; v < s.varDesc.length; v++) {
    const c0 = g.colStart[v];
    const c2v = Array.from({ length: g.colStart[v + 1] - c0 }, (_, j) => L.c2vAddr + g.colEdge[c0 + j] * vl);
    writeVariableNodeDescriptor(spm, s.varDesc[v], { ch: s.chAddr + v * vl, app: s.appAddr + v * vl, c2v });
  }
}

function emitSlot(e: CodeEmitter, L: LdpcLayout, s: LdpcSlot, slot: number, o: LdpcChipOptions): void {
  const g = L.edges;
  const layered = o.schedule === 'layered';
  const loop = `slot${slot}_loop`;
  const end = `slot${slot}_end`;
  e.emit('ld', R.mask, { base: REG.zero, offset: s.maskAddr });
  e.emitTo(end, 'beq', 2, R.mask, REG.zero); // an unfilled slot costs nothing
  e.emit('lui', R.tmp, LLR_FIRST_PASS >>> 10);
  e.emit('or', R.pass, R.mask, R.tmp);
  e.emit('addi', R.log, REG.zero, s.logAddr);
  e.emit('addi', R.iter, REG.zero, o.maxIter);
  e.label(loop);
  if (layered) e.emit('st', R.mask, { base: R.log, offset: 0 });
  e.emit('addi', R.acc, REG.zero, 0);
  for (let r = 0; r < g.m; r++) {
    if (s.checkDesc[r] < 0) continue;
    e.emit('addi', R.desc, REG.zero, s.checkDesc[r]);
    e.emit(`cnu.${o.rule}`, R.acc, R.desc, R.pass);
  }
  if (o.earlyStop) e.emit('and', R.mask, R.mask, R.acc);
  e.emit('addi', R.pass, R.mask, 0);
  if (!layered) e.emit('st', R.mask, { base: R.log, offset: 0 });
  e.emit('addi', R.log, R.log, 1);
  if (o.earlyStop) e.emitTo(end, 'beq', 2, R.mask, REG.zero); // every lane's frame is stable
  for (let v = 0; v < s.varDesc.length; v++) {
    e.emit('addi', R.desc, REG.zero, s.varDesc[v]);
    e.emit('vnu', R.desc, R.mask);
  }
  e.emit('addi', R.iter, R.iter, -1);
  e.emitTo(loop, 'bne', 2, R.iter, REG.zero);
  e.label(end);
}

export function compileLdpc(h: ParityCheckMatrix, cfg: MachineConfig, o: LdpcChipOptions): LdpcProgram {
  const L = planLdpc(h, cfg, o.schedule, o.maxIter, o.slots);
  const spm = new Int32Array(scratchpadWords(cfg));
  const e = new CodeEmitter(0);
  e.emit('setvli', REG.zero, L.vl);
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

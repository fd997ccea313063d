// Decode quantised frames on the simulated chip, in batches of VL frames (lane k = frame k).
// PEs share nothing while decoding, so two dispatch models give the same bits:
// - 'queue' (default): a host queue feeds the next batch to whichever PE is free first. Each batch
//   runs on the simulator as its own one-PE machine (exact: a PE's cycles do not depend on the
//   others), and the chip's time is the makespan of that list schedule over P PEs. The queue
//   persists across decode() calls (one stream of frames): each call reports the makespan's growth.
// - 'static': one P-PE machine run per P·K·VL frames (K batch slots per PE): frame i of a run goes
//   to slot ⌊i/(P·VL)⌋, PE ⌊i/VL⌋ mod P, lane i mod VL; the run ends when the slowest PE halts.
import { Machine, buildReport, type MachineMemory } from '../../sim/index.js';
import type { MachineConfig } from '../../isa/index.js';
import type { ParityCheckMatrix } from '../../golden/index.js';
import { quantizeForChip } from './channel.js';
import { compileLdpc, type LdpcChipOptions, type LdpcProgram } from './program.js';
import type { LdpcSlot } from './layout.js';

export type LdpcDispatch = 'queue' | 'static';

export interface ChipDecodeResult {
  /** Hard decisions, n × frames, frame-major. */
  hard: Uint8Array;
  iterations: Int32Array;
  /** Simulated cycles of the whole decode on P PEs. */
  cycles: number;
  /** Machine runs simulated. */
  runs: number;
  instructions: number;
  /** Useful lane-operations, and their share of P·L·cycles. */
  laneOps: number;
  laneUtilization: number;
  /** Scratchpad words the host wrote and read for these frames (slotHostWords per batch loaded). */
  hostWordsIn: number;
  hostWordsOut: number;
}

export class LdpcChipDecoder {
  /** The P-PE program (static dispatch, and the layout that sets runFrames). */
  readonly program: LdpcProgram;
  private single: { cfg: MachineConfig; program: LdpcProgram } | undefined;
  /** Queue dispatch: the cycle at which each PE next becomes free. */
  private readonly free: Float64Array;

  constructor(
    readonly h: ParityCheckMatrix,
    readonly cfg: MachineConfig,
    readonly options: LdpcChipOptions,
    readonly dispatch: LdpcDispatch = 'queue',
    /**
     * Reusable machine memories (sim's MachineMemory) for every machine this decoder runs: the
     * 1-PE queue machines and the P-PE static ones have the same scratchpad and shared sizes, so
     * one fits both. Each run's results are read out before the next machine is built on them.
     */
    readonly memory?: MachineMemory,
  ) {
    this.program = compileLdpc(h, cfg, options);
    this.free = new Float64Array(cfg.pes);
  }

  /** Frames per chunk worth decoding at once: P PEs × K slots × VL lanes. */
  get runFrames(): number {
    return this.cfg.pes * this.program.layout.slots.length * this.program.layout.vl;
  }

  /** Channel LLRs in nats → the raw words decode() takes: the layout's scale α and channel clamp (golden's ldpcCaps). */
  quantize(llr: ArrayLike<number>): Int32Array {
    return quantizeForChip(this.cfg, this.program.layout, llr);
  }

  /** Decode `frames` frames of raw LLRs (n × frames, frame-major, from quantize(), i.e. quantizeChannel with program.layout.caps). */
  decode(channel: Int32Array, frames: number): ChipDecodeResult {
    const out = { hard: new Uint8Array(this.h.n * frames), iterations: new Int32Array(frames) };
    const acc = this.dispatch === 'queue' ? this.decodeQueued(channel, frames, out) : this.decodeStatic(channel, frames, out);
    const laneUtilization = acc.cycles > 0 ? acc.laneOps / (this.cfg.pes * this.cfg.lanes * acc.cycles) : 0;
    return { ...out, ...acc, laneUtilization };
  }

  private decodeQueued(channel: Int32Array, frames: number, out: Frames): Totals {
    if (!this.single) {
      const cfg = { ...this.cfg, pes: 1, meshWidth: 1, meshHeight: 1 };
      this.single = { cfg, program: compileLdpc(this.h, cfg, { ...this.options, slots: 1 }) };
    }
    const { cfg, program } = this.single;
    const slot = program.layout.slots[0];
    const vl = program.layout.vl;
    const free = this.free;
    const before = Math.max(...free);
    const t: Totals = { cycles: 0, runs: 0, instructions: 0, laneOps: 0, hostWordsIn: 0, hostWordsOut: 0 };
    const io = slotHostWords(slot, vl, this.h.n, this.options.maxIter);
    for (let first = 0; first < frames; first += vl) {
      loadSlot(program.image.scratchpad[0], slot, vl, this.h.n, channel, frames, first);
      t.hostWordsIn += io.in;
      t.hostWordsOut += io.out;
      const r = runMachine(cfg, program, t, this.memory);
      readSlot(r.pes[0].spm, slot, vl, this.h.n, frames, first, this.options.maxIter, out);
      let p = 0;
      for (let q = 1; q < free.length; q++) if (free[q] < free[p]) p = q;
      free[p] += r.cycle;
    }
    t.cycles = Math.max(...free) - before;
    return t;
  }

  private decodeStatic(channel: Int32Array, frames: number, out: Frames): Totals {
    const { layout: L, image } = this.program;
    const vl = L.vl;
    const P = this.cfg.pes;
    const t: Totals = { cycles: 0, runs: 0, instructions: 0, laneOps: 0, hostWordsIn: 0, hostWordsOut: 0 };
    for (let first = 0; first < frames; first += this.runFrames) {
      const at = (si: number, pe: number) => first + (si * P + pe) * vl;
      L.slots.forEach((slot, si) => {
        const io = slotHostWords(slot, vl, this.h.n, this.options.maxIter);
        for (let pe = 0; pe < P; pe++) {
          loadSlot(image.scratchpad[pe], slot, vl, this.h.n, channel, frames, at(si, pe));
          t.hostWordsIn += io.in;
          t.hostWordsOut += io.out;
        }
      });
      const machine = runMachine(this.cfg, this.program, t, this.memory);
      t.cycles += machine.cycle;
      L.slots.forEach((slot, si) => {
        for (let pe = 0; pe < P; pe++) readSlot(machine.pes[pe].spm, slot, vl, this.h.n, frames, at(si, pe), this.options.maxIter, out);
      });
    }
    return t;
  }
}

interface Frames {
  hard: Uint8Array;
  iterations: Int32Array;
}
interface Totals {
  cycles: number;
  runs: number;
  instructions: number;
  laneOps: number;
  hostWordsIn: number;
  hostWordsOut: number;
}

function runMachine(cfg: MachineConfig, program: LdpcProgram, t: Totals, memory: MachineMemory | undefined): Machine {
  const machine = new Machine(cfg, program.image, memory);
  const run = machine.run({ maxCycles: 2e9 });
  if (run.status !== 'halted') throw new Error(`LDPC decoder faulted: ${run.fault?.message}`);
  const report = buildReport(machine, run, cfg);
  t.runs++;
  t.instructions += report.instructions;
  t.laneOps += report.laneOps;
  return machine;
}

/**
 * Scratchpad words the host moves for one batch (slot) of VL frames, as loadSlot and readSlot do:
 * in, the app vectors (n·VL), the channel vectors too when the schedule keeps them (flooding), and
 * the lane mask; out, the app vectors (the decisions are their signs: the program does not pack
 * them) and the slot's iteration log (maxIter words).
 */
export function slotHostWords(slot: LdpcSlot, vl: number, n: number, maxIter: number): { in: number; out: number } {
  return { in: n * vl * (slot.chAddr >= 0 ? 2 : 1) + 1, out: n * vl + maxIter };
}

/** Write frames first … first+VL−1 (those < frames) into a slot: app (and channel) vectors, mask. */
export function loadSlot(spm: Int32Array, slot: LdpcSlot, vl: number, n: number, channel: Int32Array, frames: number, first: number): void {
  let mask = 0;
  for (let k = 0; k < vl; k++) {
    const fr = first + k;
    if (fr < frames) mask |= 1 << k;
    for (let v = 0; v < n; v++) {
      const x = fr < frames ? channel[fr * n + v] : 0;
      spm[slot.appAddr + v * vl + k] = x;
      if (slot.chAddr >= 0) spm[slot.chAddr + v * vl + k] = x;
    }
  }
  spm[slot.maskAddr] = mask;
}

/** Hard decisions (sign of the app) and iterations (passes logged with the lane active) of a slot. */
function readSlot(spm: Int32Array, slot: LdpcSlot, vl: number, n: number, frames: number, first: number, maxIter: number, out: Frames): void {
  for (let k = 0; k < vl; k++) {
    const fr = first + k;
    if (fr >= frames) continue;
    for (let v = 0; v < n; v++) out.hard[fr * n + v] = spm[slot.appAddr + v * vl + k] < 0 ? 1 : 0;
    let it = 0;
    for (let i = 0; i < maxIter; i++) it += (spm[slot.logAddr + i] >>> k) & 1;
    out.iterations[fr] = it;
  }
}

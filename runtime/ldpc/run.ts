// Decode quantised frames on the simulated chip. One machine run decodes up to P·K·VL frames
// (P PEs, K batch slots each, VL lanes): frame i of a run goes to slot ⌊i/(P·VL)⌋, PE
// ⌊i/VL⌋ mod P, lane i mod VL, so a partial run fills slot 0 of every PE first. Each run patches
// the channel/app vectors and the active masks into the template image and runs one Machine.
import { Machine, buildReport } from '../../sim/index.js';
import type { MachineConfig } from '../../isa/index.js';
import type { ParityCheckMatrix } from '../../golden/index.js';
import { compileLdpc, type LdpcChipOptions, type LdpcProgram } from './program.js';

export interface ChipDecodeResult {
  /** Hard decisions, n × frames, frame-major. */
  hard: Uint8Array;
  iterations: Int32Array;
  /** Simulated cycles summed over runs. */
  cycles: number;
  runs: number;
  instructions: number;
  /** Useful lane-operations summed over runs, and their share of P·L·cycles. */
  laneOps: number;
  laneUtilization: number;
}

export class LdpcChipDecoder {
  readonly program: LdpcProgram;

  constructor(
    readonly h: ParityCheckMatrix,
    readonly cfg: MachineConfig,
    options: LdpcChipOptions,
  ) {
    this.program = compileLdpc(h, cfg, options);
  }

  /** Frames per machine run (P PEs × K slots × VL lanes). */
  get runFrames(): number {
    return this.cfg.pes * this.program.layout.slots.length * this.program.layout.vl;
  }

  /** Decode `frames` frames of raw LLRs (n × frames, frame-major, from llrFromNats). */
  decode(channel: Int32Array, frames: number): ChipDecodeResult {
    const { layout: L, image, options } = this.program;
    const n = this.h.n;
    const vl = L.vl;
    const P = this.cfg.pes;
    const perSlot = P * vl;
    const hard = new Uint8Array(n * frames);
    const iterations = new Int32Array(frames);
    let cycles = 0;
    let instructions = 0;
    let laneOps = 0;
    let runs = 0;
    for (let first = 0; first < frames; first += this.runFrames) {
      L.slots.forEach((slot, si) => {
        for (let pe = 0; pe < P; pe++) {
          const spm = image.scratchpad[pe];
          let mask = 0;
          for (let k = 0; k < vl; k++) {
            const fr = first + si * perSlot + pe * vl + k;
            if (fr < frames) mask |= 1 << k;
            for (let v = 0; v < n; v++) {
              const x = fr < frames ? channel[fr * n + v] : 0;
              spm[slot.appAddr + v * vl + k] = x;
              if (slot.chAddr >= 0) spm[slot.chAddr + v * vl + k] = x;
            }
          }
          spm[slot.maskAddr] = mask;
        }
      });
      const machine = new Machine(this.cfg, image);
      const run = machine.run({ maxCycles: 2e9 });
      if (run.status !== 'halted') throw new Error(`LDPC decoder faulted: ${run.fault?.message}`);
      const report = buildReport(machine, run, this.cfg);
      cycles += run.cycles;
      instructions += report.instructions;
      laneOps += report.laneOps;
      runs++;
      L.slots.forEach((slot, si) => {
        for (let pe = 0; pe < P; pe++) {
          const spm = machine.pes[pe].spm;
          for (let k = 0; k < vl; k++) {
            const fr = first + si * perSlot + pe * vl + k;
            if (fr >= frames) continue;
            for (let v = 0; v < n; v++) hard[fr * n + v] = spm[slot.appAddr + v * vl + k] < 0 ? 1 : 0;
            let it = 0;
            for (let i = 0; i < options.maxIter; i++) it += (spm[slot.logAddr + i] >>> k) & 1;
            iterations[fr] = it;
          }
        }
      });
    }
    const laneUtilization = cycles > 0 ? laneOps / (P * this.cfg.lanes * cycles) : 0;
    return { hard, iterations, cycles, runs, instructions, laneOps, laneUtilization };
  }
}

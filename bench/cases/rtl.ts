// RTL throughput: PE-cycles per second of the Verilator build of the array (rtl/verilator.ts,
// trace off) on the simulator benchmark's BP-like program, default 16-PE config, and (extra) on
// one frame batch per PE of the runtime's structured WiMAX LDPC decoder (the LLR unit). The build
// is cached; its first compile (minutes) is outside the timed region. Each figure is end to end (the
// process's wall time) and sustained (minus a one-cycle run on the same images: the LDPC run is
// 6397 cycles, and loading its images and constructing the model took about half of it).
import { DEFAULT_CONFIG } from '../../isa/index.js';
import { Machine, loadImage } from '../../sim/index.js';
import { imageToHex, objectToHex, rtlParams, runRtl } from '../../rtl/harness.js';
import { MODELS } from '../../rtl/cosim.js';
import { ldpcCaseImage } from '../../rtl/ldpc-case.js';
import { buildVerilator } from '../../rtl/verilator.js';
import { bpLikeProgram } from '../workloads.js';
import { bestOf, type BenchCase } from '../harness.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The throughput goal for the Verilator RTL, PE-cycles per second (both programs). */
const GOAL = 1e6;

export const rtlCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'rtl.verilatorPeCyclesPerSec',
    unit: 'PE-cycles/s',
    description: `Verilator RTL of the array, trace off: PE-cycles per second (goal ≥ ${GOAL / 1e6}M), default 16-PE config, BP-like program (extra: the WiMAX LDPC decoder, cnu.spa layered, and its fraction of the goal)`,
    measure() {
      const cfg = { ...DEFAULT_CONFIG };
      const obj = bpLikeProgram(cfg, 64, 200);
      const cycles = new Machine(cfg, loadImage(obj, cfg)).run({ maxCycles: 1e9 }).cycles;
      const bin = buildVerilator(rtlParams(cfg));
      const hex = objectToHex(obj, cfg);
      const dir = mkdtempSync(join(tmpdir(), 'gp5-rtl-bench-'));
      let halted = true;
      const secs = bestOf(3, () => (halted = runRtl(bin, hex, dir, 'bench', cycles + 10, false).halted && halted));
      if (!halted) throw new Error('the RTL did not halt on the benchmark program');
      // Sustained: minus a one-cycle run on the same images (process start, model construction, $readmemh).
      const startSecs = bestOf(3, () => runRtl(bin, hex, dir, 'bench', 1, false));
      // The LLR unit: the cosim matrix's WiMAX spa case, one batch of VL frames per PE.
      const image = ldpcCaseImage(MODELS.find((m) => m.name === 'wimax-cnu.spa')!.ldpc!, 'layered', cfg);
      const ldpcCycles = new Machine(cfg, image).run({ maxCycles: 1e9 }).cycles;
      const ldpcHex = imageToHex(image);
      const ldpcSecs = bestOf(3, () => (halted = runRtl(bin, ldpcHex, dir, 'bench-ldpc', ldpcCycles + 10, false).halted && halted));
      if (!halted) throw new Error('the RTL did not halt on the LDPC decoder');
      const ldpcStartSecs = bestOf(3, () => runRtl(bin, ldpcHex, dir, 'bench-ldpc', 1, false));
      const sustained = (n: number, total: number, start: number) => (total > start ? (n * cfg.pes) / (total - start) : NaN);
      const ldpcSustained = sustained(ldpcCycles, ldpcSecs, ldpcStartSecs);
      return {
        value: (cycles * cfg.pes) / secs,
        extra: {
          cycles: { value: cycles, unit: 'cycles' },
          sustainedPeCyclesPerSec: { value: sustained(cycles, secs, startSecs), unit: 'PE-cycles/s (without the start-up)' },
          startupSeconds: { value: startSecs, unit: 's (one-cycle run)' },
          ldpcPeCyclesPerSec: { value: (ldpcCycles * cfg.pes) / ldpcSecs, unit: `PE-cycles/s (goal ≥ ${GOAL / 1e6}M)` },
          ldpcSustainedPeCyclesPerSec: { value: ldpcSustained, unit: `PE-cycles/s without the start-up (goal ≥ ${GOAL / 1e6}M)` },
          ldpcOfGoal: { value: ldpcSustained / GOAL, unit: `× the goal, sustained (${GOAL / 1e6}M PE-cycles/s)` },
          ldpcStartupSeconds: { value: ldpcStartSecs, unit: 's (one-cycle run)' },
          ldpcCycles: { value: ldpcCycles, unit: 'cycles' },
        },
      };
    },
  },
];

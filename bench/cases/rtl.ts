// RTL throughput: PE-cycles per second of the Verilator build of the array (rtl/verilator.ts,
// trace off) on the simulator benchmark's BP-like program, default 16-PE config, and (extra) on
// one frame batch per PE of the runtime's structured WiMAX LDPC decoder (the LLR unit). The build
// is cached; its first compile (minutes) is outside the timed region.
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
      // The LLR unit: the cosim matrix's WiMAX spa case, one batch of VL frames per PE.
      const image = ldpcCaseImage(MODELS.find((m) => m.name === 'wimax-cnu.spa')!.ldpc!, 'layered', cfg);
      const ldpcCycles = new Machine(cfg, image).run({ maxCycles: 1e9 }).cycles;
      const ldpcHex = imageToHex(image);
      const ldpcSecs = bestOf(3, () => (halted = runRtl(bin, ldpcHex, dir, 'bench-ldpc', ldpcCycles + 10, false).halted && halted));
      if (!halted) throw new Error('the RTL did not halt on the LDPC decoder');
      return {
        value: (cycles * cfg.pes) / secs,
        extra: {
          cycles: { value: cycles, unit: 'cycles' },
          ldpcPeCyclesPerSec: { value: (ldpcCycles * cfg.pes) / ldpcSecs, unit: `PE-cycles/s (goal ≥ ${GOAL / 1e6}M)` },
          ldpcOfGoal: { value: (ldpcCycles * cfg.pes) / ldpcSecs / GOAL, unit: `× the goal (${GOAL / 1e6}M PE-cycles/s)` },
          ldpcCycles: { value: ldpcCycles, unit: 'cycles' },
        },
      };
    },
  },
];

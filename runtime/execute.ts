// Run a compiled program on the simulator and read messages, beliefs and status back out.
import { probsFromEnergies } from '../isa/index.js';
import { Machine, loadImage, buildReport, type MachineMemory, type RunOptions, type SimReport } from '../sim/index.js';
import type { CompiledProgram } from './compile.js';
import { toObject } from './program.js';

export interface ChipRun {
  report: SimReport;
  machine: Machine;
  /** Normalised belief energies per variable (raw W-bit values). */
  beliefEnergies: Int32Array[];
  marginals: number[][];
  iterations: number;
  converged: boolean;
  /** Max factor→variable change of the last iteration (raw units). */
  lastChange: number;
}

/** `memory`: reusable machine memories (sim's MachineMemory; the run's machine holds them until the next is built on them). */
export function runOnChip(prog: CompiledProgram, opts: RunOptions = {}, memory?: MachineMemory): ChipRun {
  const image = loadImage(toObject(prog), prog.cfg, 'runtime');
  const machine = new Machine(prog.cfg, image, memory);
  const result = machine.run(opts);
  const report = buildReport(machine, result, prog.cfg);
  const q = prog.graph;
  const beliefEnergies: Int32Array[] = [];
  for (let i = 0; i < q.nVars; i++) {
    const spm = machine.pes[prog.placement.varPe[i]].spm;
    beliefEnergies.push(spm.slice(prog.map.beliefAddr[i], prog.map.beliefAddr[i] + q.card[i]));
  }
  const f = q.format;
  const status = machine.pes[0].spm;
  const iterations = status[prog.map.statusIterations];
  const lastChange = status[prog.map.statusChange];
  return {
    report,
    machine,
    beliefEnergies,
    marginals: beliefEnergies.map((e) => probsFromEnergies(f, e)),
    iterations,
    converged: report.status === 'halted' && iterations > 0 && lastChange <= prog.options.tolRaw,
    lastChange,
  };
}

/** m_{a→i} of edge e as the chip holds it (on the factor's PE). */
export function chipFactorToVar(run: ChipRun, prog: CompiledProgram, e: number): Int32Array {
  const c = prog.graph.card[prog.graph.edgeVar[e]];
  return run.machine.pes[prog.map.mPe[e]].spm.slice(prog.map.mAddr[e], prog.map.mAddr[e] + c);
}

/** n_{i→a} of edge e as the chip holds it (on the variable's PE). */
export function chipVarToFactor(run: ChipRun, prog: CompiledProgram, e: number): Int32Array {
  const c = prog.graph.card[prog.graph.edgeVar[e]];
  return run.machine.pes[prog.map.nPe[e]].spm.slice(prog.map.nAddr[e], prog.map.nAddr[e] + c);
}

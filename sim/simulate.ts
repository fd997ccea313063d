// One call from an object file to a finished run and its report.
import type { MachineConfig, ObjectFile } from '../isa/index.js';
import { loadImage } from './image.js';
import { Machine, type RunOptions } from './machine.js';
import type { MachineMemory } from './machine-memory.js';
import { buildReport, type SimReport } from './report.js';

export interface SimulateOptions extends RunOptions {
  /** Name of the object (for load errors). */
  source?: string;
  /** Reusable memories to build the machine on (the same run; the returned machine holds them until the next is built on them). */
  memory?: MachineMemory;
}

export interface SimulateResult {
  report: SimReport;
  machine: Machine;
}

export function simulate(obj: ObjectFile, cfg: MachineConfig, opts: SimulateOptions = {}): SimulateResult {
  const image = loadImage(obj, cfg, opts.source);
  const machine = new Machine(cfg, image, opts.memory);
  const result = machine.run(opts);
  return { report: buildReport(machine, result, cfg), machine };
}

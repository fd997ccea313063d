// One call from an object file to a finished run and its report.
import type { MachineConfig, ObjectFile } from '../isa/index.js';
import { loadImage } from './image.js';
import { Machine, type RunOptions } from './machine.js';
import { buildReport, type SimReport } from './report.js';

export interface SimulateOptions extends RunOptions {
  /** Name of the object (for load errors). */
  source?: string;
}

export interface SimulateResult {
  report: SimReport;
  machine: Machine;
}

export function simulate(obj: ObjectFile, cfg: MachineConfig, opts: SimulateOptions = {}): SimulateResult {
  const image = loadImage(obj, cfg, opts.source);
  const machine = new Machine(cfg, image);
  const result = machine.run(opts);
  return { report: buildReport(machine, result, cfg), machine };
}

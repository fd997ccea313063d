// Flags shared by commands that run the simulator: machine config, traces and progress.
import { readFileSync, openSync, writeSync, closeSync } from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { configFromJson, parseConfig, DEFAULT_CONFIG, type MachineConfig } from '../isa/index.js';
import { teeSinks, type TraceSink } from '../sim/index.js';
import { CommitLogSink, ProfileSink, VcdSink, selectTrace } from '../trace/index.js';
import { traceSelection } from './trace-flags.js';
import { intFlag } from './io.js';

export { intFlag };

export interface MachineFlags {
  config?: string;
  pes?: string;
  maxCycles?: string;
  vcd?: string;
  commitLog?: string;
  profile?: string;
  tracePes?: string;
  traceWindow?: string;
  json?: boolean;
}

export function addMachineOptions(cmd: Command, withTraces = true): Command {
  cmd
    .option('--config <file>', 'machine configuration JSON (fields and defaults in ISA.md)')
    .option('--pes <P>', 'number of PEs (near-square mesh), overriding the config')
    .option('--max-cycles <N>', 'stop with a fault after N cycles', '100000000');
  if (withTraces) {
    cmd
      .option('--vcd <file>', 'write an IEEE 1364 VCD trace (one scope per PE)')
      .option('--commit-log <file>', 'write a commit log (one line per issued instruction)')
      .option('--profile <file>', 'write a Chrome trace-event profile (open in Perfetto)')
      .option('--trace-pes <list>', 'trace only these PEs, e.g. 0,3-5 (VCD, commit log, profile)')
      .option('--trace-window <from:to>', 'trace only cycles [from, to), e.g. 1000:2000 or 5000: (VCD, commit log, profile)');
  }
  return cmd;
}

/** The machine config from --config and --pes (plus overrides such as message bits). */
export function machineConfig(flags: MachineFlags, overrides: Partial<MachineConfig> = {}): MachineConfig {
  let base: Record<string, unknown> = {};
  let source = 'defaults';
  if (flags.config) {
    source = flags.config;
    base = { ...configFromJson(readFileSync(flags.config, 'utf8'), flags.config) };
  }
  const pes = intFlag('--pes', flags.pes, 1, 4096);
  if (pes !== undefined) {
    delete base.meshWidth;
    delete base.meshHeight;
    base.pes = pes;
    source = flags.config ? `${flags.config} with --pes ${pes}` : `--pes ${pes}`;
  }
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) base[k] = v;
  if (!flags.config && pes === undefined && Object.keys(base).length === 0) return { ...DEFAULT_CONFIG };
  return parseConfig(base, source);
}

/** A sink writing to a file descriptor in chunks. */
function fileWriter(path: string): { write: (chunk: string) => void; close: () => void } {
  const fd = openSync(path, 'w');
  return { write: (chunk) => void writeSync(fd, chunk), close: () => closeSync(fd) };
}

/** Trace sinks for the requested files on a `pes`-PE machine; call close() after the run. */
export function traceSinks(flags: MachineFlags, pes: number): { sink: TraceSink | undefined; close: () => void } {
  const sel = traceSelection(flags, pes);
  const filtered = sel.pes !== undefined || sel.from !== undefined;
  const writers: { close: () => void }[] = [];
  const sinks: TraceSink[] = [];
  const add = (file: string | undefined, make: (write: (chunk: string) => void) => TraceSink, windowed = true) => {
    if (!file) return;
    const w = fileWriter(file);
    writers.push(w);
    const sink = make(w.write);
    sinks.push(filtered ? selectTrace(sink, sel, windowed) : sink);
  };
  // The VCD writer applies the window itself (it writes the values in force at its start).
  add(flags.vcd, (write) => new VcdSink(write, { window: sel }), false);
  add(flags.commitLog, (write) => new CommitLogSink(write));
  add(flags.profile, (write) => new ProfileSink(write));
  return { sink: teeSinks(sinks), close: () => writers.forEach((w) => w.close()) };
}

/**
 * Progress on stderr for long runs; inert when not a TTY or when JSON is requested. With
 * `open` the total is only a cap (a simulation's length is unknown), so just the count shows.
 */
export function progressBar(label: string, total: number, json: boolean | undefined, open = false): { update: (n: number) => void; stop: () => void } {
  if (json || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const format = open ? `${label} … cycle {value}` : `${label} [{bar}] {percentage}% | {value}/{total}`;
  const bar = new cliProgress.SingleBar({ format, stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update: (n) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(Math.min(n, total));
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

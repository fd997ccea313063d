// Flags shared by commands that run the simulator: machine config, traces and progress.
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { configFromJson, parseConfig, DEFAULT_CONFIG, type MachineConfig } from '../isa/index.js';
import { teeSinks, type TraceSink } from '../sim/index.js';
import { CommitLogSink, ProfileSink, VcdSink, selectTrace, type ByteWriter } from '../trace/index.js';
import { traceSelection } from './trace-flags.js';
import { intFlag } from './io.js';
import { openOutputs, readInputText, type Output } from './files.js';

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
    base = { ...configFromJson(readInputText(flags.config), flags.config) };
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

/**
 * Trace sinks for the requested files on a `pes`-PE machine, opened now (before the run) and never
 * onto one of `inputs`; call close() after the run.
 */
export function traceSinks(flags: MachineFlags, pes: number, inputs: (string | undefined)[]): { sink: TraceSink | undefined; close: () => void } {
  const sel = traceSelection(flags, pes);
  const filtered = sel.pes !== undefined || sel.from !== undefined;
  const outs = openOutputs({ vcd: flags.vcd, commitLog: flags.commitLog, profile: flags.profile }, [...inputs, flags.config]);
  const sinks: TraceSink[] = [];
  const add = (sink: TraceSink, windowed = true) => sinks.push(filtered ? selectTrace(sink, sel, windowed) : sink);
  // The VCD writer applies the window itself (it writes the values in force at its start).
  // Both take bytes: each chunk goes straight to the file (Output.write consumes it before returning).
  if (outs.vcd) add(new VcdSink(byteWriter(outs.vcd), { window: sel }), false);
  if (outs.commitLog) add(new CommitLogSink(byteWriter(outs.commitLog)));
  if (outs.profile) add(new ProfileSink(outs.profile.write));
  return { sink: teeSinks(sinks), close: () => Object.values(outs).forEach((o) => o?.close()) };
}

function byteWriter(out: Output): ByteWriter {
  return { writeBytes: (chunk) => out.write(chunk) };
}

/**
 * The bar never hides the cursor or turns line wrap off: the simulation is one synchronous loop, so
 * no signal handler could run to restore the terminal on Ctrl-C; with nothing to restore, the default
 * SIGINT/SIGTERM action ends the run at once (exit 130 / 143 in the shell).
 */
export const TERMINAL_UNTOUCHED = { hideCursor: false, linewrap: true } as const;

/**
 * Progress on stderr for long runs; inert when not a TTY or when JSON is requested. With
 * `open` the total is only a cap (a simulation's length is unknown), so just the count shows.
 */
export function progressBar(label: string, total: number, json: boolean | undefined, open = false): { update: (n: number) => void; stop: () => void } {
  if (json || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const format = open ? `${label} … cycle {value}` : `${label} [{bar}] {percentage}% | {value}/{total}`;
  const bar = new cliProgress.SingleBar({ format, stream: process.stderr, clearOnComplete: true, ...TERMINAL_UNTOUCHED }, cliProgress.Presets.shades_classic);
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

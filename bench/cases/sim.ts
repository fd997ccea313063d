// Simulator speed: PE-cycles per second with tracing off, and the slowdown of each trace.
import { DEFAULT_CONFIG } from '../../isa/index.js';
import { Machine, loadImage, type TraceSink } from '../../sim/index.js';
import { VcdSink, CommitLogSink } from '../../trace/index.js';
import { bpLikeProgram } from '../workloads.js';
import { bestOf, type BenchCase } from '../harness.js';

const cfg = { ...DEFAULT_CONFIG };
const program = bpLikeProgram(cfg, 64, 200);
const image = loadImage(program, cfg);

function runOnce(sink?: TraceSink): number {
  const m = new Machine(cfg, image);
  const r = m.run({ sink, maxCycles: 1e9 });
  if (r.status !== 'halted') throw new Error(`benchmark program faulted: ${r.fault?.message}`);
  return r.cycles;
}

let cycles = 0;
let warmed = false;
/** Steady-state time of one untraced run: two warm-up runs (JIT), then the best of five. */
const plain = () => {
  if (!warmed) {
    runOnce();
    runOnce();
    warmed = true;
  }
  return bestOf(5, () => (cycles = runOnce()));
};

export const simCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'sim.peCyclesPerSec',
    unit: 'PE-cycles/s',
    description: 'simulated PE-cycles per second, tracing off, default 16-PE config, BP-like program (fupd/vupd/barmax)',
    measure() {
      const secs = plain();
      return { value: (cycles * cfg.pes) / secs, extra: { cycles: { value: cycles, unit: 'cycles' } } };
    },
  },
  {
    kind: 'figure',
    name: 'sim.vcdSlowdown',
    unit: 'x',
    description: 'run time with --vcd (written to memory and discarded) / run time without',
    measure() {
      const base = plain();
      let bytes = 0;
      const traced = bestOf(3, () => runOnce(new VcdSink((c) => (bytes += c.length))));
      return { value: traced / base, extra: { bytes: { value: bytes / 3, unit: 'bytes' } } };
    },
  },
  {
    kind: 'figure',
    name: 'sim.commitLogSlowdown',
    unit: 'x',
    description: 'run time with --commit-log (written to memory and discarded) / run time without',
    measure() {
      const base = plain();
      const traced = bestOf(3, () => runOnce(new CommitLogSink(() => {})));
      return { value: traced / base };
    },
  },
];

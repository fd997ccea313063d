// Benchmarks of the modelling layer: AudioSet-style sound-event smoothing as a fixed-lag stream
// (527 binary per-class HMMs, 0.1 s frames, lag 10 frames = 1 s), on the simulated chip and on the
// CPU reference. Real-time factor = processing time per frame / 0.1 s (below 1: faster than real time).
import type { BenchCase } from '../harness.js';
import { ChipHmmStream, HmmStream, soundEventScores } from '../../model/index.js';

const CLASSES = 527;
const LAG = 10;
const FRAME_SECONDS = 0.1;

export const modelCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'stream.audioset.chipRtf',
    unit: 'x',
    description: `fixed-lag smoothing of ${CLASSES} per-class HMMs (lag ${LAG}) on the default 16-PE chip: simulated time per 0.1 s frame / 0.1 s (chip cycles only; the simulator's host-side compile of each window is not chip time)`,
    measure() {
      const scores = soundEventScores({ classes: CLASSES, frames: LAG + 3, seed: 1 });
      const chip = new ChipHmmStream({ classes: CLASSES, lag: LAG });
      for (const f of scores) chip.push(f);
      const cyclesPerFrame = chip.cycles / chip.windows;
      const seconds = cyclesPerFrame / (chip.clockMHz * 1e6);
      return {
        value: seconds / FRAME_SECONDS,
        extra: {
          cyclesPerFrame: { value: cyclesPerFrame, unit: 'cycles' },
          streamsPerChip: { value: Math.floor(FRAME_SECONDS / seconds), unit: 'streams' },
        },
      };
    },
  },
  {
    kind: 'figure',
    name: 'stream.audioset.cpuRtf',
    unit: 'x',
    description: `the same stream on the CPU reference (exact chain messages per window, one core): wall time per frame / 0.1 s over 2,000 frames`,
    measure() {
      const scores = soundEventScores({ classes: CLASSES, frames: 200, seed: 1 });
      const run = () => {
        const s = new HmmStream({ classes: CLASSES, lag: LAG });
        for (let r = 0; r < 10; r++) for (const f of scores) s.push(f);
      };
      run(); // warm-up (JIT)
      const t0 = process.hrtime.bigint();
      run();
      const perFrame = Number(process.hrtime.bigint() - t0) / 1e9 / 2000;
      return { value: perFrame / FRAME_SECONDS, extra: { streamsPerCore: { value: Math.floor(FRAME_SECONDS / perFrame), unit: 'streams' } } };
    },
  },
];

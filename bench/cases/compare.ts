// Trace comparison speed: `gp5sim compare` of two 1-million-cycle VCDs (gp5sim's own, 2 PEs running
// a loop of ALU, multiply, vector and memory instructions with RAW and busy stalls). The traces are
// built outside the timed region; the figure is the wall time of compareTraces (parse both files
// and compare every signal of every PE at every cycle; they agree, so nothing stops early).
import { assemble } from '../../asm/index.js';
import { makeConfig } from '../../isa/index.js';
import { Machine, loadImage } from '../../sim/index.js';
import { VcdSink, compareTraces } from '../../trace/index.js';
import { timeOnce, peakRssMiB, type BenchCase } from '../harness.js';

const SOURCE = (n: number) => `
.text
start:  setvli  r1, 16
        li      r5, ${n}
        loop    r5, end
        addi    r3, r3, 1
        vld     v1, 0(r0)
        vadd    v2, v1, v1
        mul     r4, r3, r3
        add     r6, r4, r3
        vst     v2, 32(r0)
        st      r6, 64(r0)
        vrmin   r7, v2
        xor     r8, r7, r3
end:    halt
.data
        .word   1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
`;

/** A gp5sim VCD of about `cycles` cycles on `pes` PEs. */
export function longVcd(cycles: number, pes = 2): { text: string; cycles: number } {
  const cfg = makeConfig({ pes });
  const build = (n: number) => assemble(SOURCE(n), { fileName: 'bench-compare.s' }).object;
  // Measure cycles per iteration on a short run, then size the loop.
  const probe = new Machine(cfg, loadImage(build(100), cfg)).run();
  const probe2 = new Machine(cfg, loadImage(build(200), cfg)).run();
  const perIter = (probe2.cycles - probe.cycles) / 100;
  const n = Math.max(1, Math.round((cycles - probe.cycles) / perIter) + 100);
  const chunks: string[] = [];
  const r = new Machine(cfg, loadImage(build(n), cfg)).run({ sink: new VcdSink((c) => chunks.push(c)), maxCycles: 10 * cycles });
  if (r.status !== 'halted') throw new Error(`bench program faulted: ${r.fault?.message}`);
  return { text: chunks.join(''), cycles: r.cycles };
}

export const compareCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'compare.1Mcycles.seconds',
    unit: 's',
    description: 'gp5sim compare of two 1M-cycle, 2-PE gp5sim VCDs at full cycle timing (parse both + compare every signal every cycle)',
    measure() {
      const a = longVcd(1_000_000);
      const b = a.text.slice(0, 1) + a.text.slice(1); // a distinct copy
      let result: ReturnType<typeof compareTraces> | undefined;
      const secs = timeOnce(() => (result = compareTraces({ file: 'expected.vcd', text: a.text }, { file: 'actual.vcd', text: b })));
      if (!result?.agree) throw new Error('benchmark traces should agree');
      return {
        value: secs,
        extra: {
          cycles: { value: result.cycles, unit: 'cycles' },
          changes: { value: result.changes, unit: 'value changes' },
          vcdBytes: { value: a.text.length, unit: 'bytes per file' },
          peakRss: { value: peakRssMiB(), unit: 'MiB' },
        },
      };
    },
  },
];

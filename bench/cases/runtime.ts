// Runtime benchmarks: compile speed, chip utilisation and the compiler's bound on a 64x64 grid
// (LDPC decoding throughput: bench/cases/ldpc.ts). The grid is binary pairwise, so it runs on the
// pairwise LLR path (runtime/pairwise/, pfu) as inferOnChip does; issue 13's targets: ≤ 2,000
// cycles per flooding iteration on 16 PEs and lane utilisation ≥ 0.5.
import { isingGrid, quantizeGraph } from '../../golden/index.js';
import { makeConfig, makeFormat, type MachineConfig } from '../../isa/index.js';
import { compileGraph, compilePairwise, runPairwise } from '../../runtime/index.js';
import { bestOf, type BenchCase, type FigureResult } from '../harness.js';
import { smallModelCases } from './runtime-small.js';
import { accuracyCases } from './accuracy.js';

const FORMAT = () => makeFormat(16, 8, 256);

/** Flooding BP on a 64x64 Ising grid (pairwise path): steady-state cycles per iteration from runs of 5 and 10 iterations. */
function grid64(cfg: MachineConfig) {
  const q = quantizeGraph(isingGrid({ rows: 64, cols: 64, seed: 1 }), FORMAT());
  const compile = (maxIter: number) => compilePairwise(q, cfg, { semiring: 'sum-product', lambda: 0, tolRaw: -1, maxIter });
  const p5 = compile(5);
  const r5 = runPairwise(p5);
  const r10 = runPairwise(compile(10));
  const perIteration = (r10.report.cycles - r5.report.cycles) / 5;
  return {
    utilization: r10.report.utilization,
    perIteration,
    bound: p5.lowerBound.cyclesPerIteration,
    laneBound: p5.laneBound.cyclesPerIteration,
    laneUtilization: p5.laneBound.laneOpsPerIteration / (cfg.pes * cfg.lanes * perIteration),
    ratio: perIteration / p5.lowerBound.cyclesPerIteration,
    cut: p5.placement.cutEdges,
    imbalance: p5.placement.imbalance,
  };
}

const gridCache = new Map<number, ReturnType<typeof grid64>>();
function gridFor(pes: number) {
  let g = gridCache.get(pes);
  if (!g) {
    // 4 PEs need more than the default 256 KiB of scratchpad for 4096 variables.
    g = grid64(makeConfig(pes === 4 ? { pes, scratchpadBytes: 1 << 20 } : { pes }));
    gridCache.set(pes, g);
  }
  return g;
}

function gridCases(pes: number): BenchCase[] {
  return [
    {
      kind: 'figure',
      name: `runtime.grid64.p${pes}.utilization`,
      unit: 'fraction',
      description: `flooding BP, 64x64 Ising grid, ${pes} PEs: mean PE utilisation (issue + streaming cycles)`,
      measure: (): FigureResult => {
        const g = gridFor(pes);
        return { value: g.utilization, extra: { cutEdges: { value: g.cut, unit: 'edges' }, imbalance: { value: g.imbalance, unit: 'max/mean' } } };
      },
    },
    {
      kind: 'figure',
      name: `runtime.grid64.p${pes}.boundRatio`,
      unit: 'x',
      description: `flooding BP, 64x64 Ising grid, ${pes} PEs, pairwise LLR path: cycles per iteration / compiler lower bound (the busiest unit's beats — pfu, vld/vst or vadd/vsub — / P); cyclesPerIteration target ≤ 2,000 and laneUtilization ≥ 0.5 at 16 PEs (dense path before: 10,184)`,
      measure: (): FigureResult => {
        const g = gridFor(pes);
        return { value: g.ratio, extra: { cyclesPerIteration: { value: g.perIteration, unit: 'cycles' }, lowerBound: { value: g.bound, unit: 'cycles' }, laneBound: { value: g.laneBound, unit: 'cycles' }, laneUtilization: { value: g.laneUtilization, unit: 'fraction' } } };
      },
    },
  ];
}

export const runtimeCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'compile.1MEdges.seconds',
    unit: 's',
    description: 'quantise + place + lay out + generate code for a 447x447 Ising grid (997,257 factor-variable edges) on 64 PEs',
    measure: (): FigureResult => {
      const g = isingGrid({ rows: 447, cols: 447, seed: 1 });
      const cfg = makeConfig({ pes: 64, scratchpadBytes: 4 << 20 });
      let edges = 0;
      for (const f of g.factors) edges += f.scope.length;
      const secs = bestOf(2, () => {
        compileGraph(quantizeGraph(g, FORMAT()), cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 8, maxIter: 100 });
      });
      return { value: secs, extra: { edges: { value: edges, unit: 'edges' } } };
    },
  },
  ...smallModelCases,
  ...accuracyCases,
  ...gridCases(16),
  ...gridCases(4),
  ...gridCases(64),
];

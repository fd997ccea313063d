// The dependency (latency) bound beside the lane bound (issue 13): one iteration's longest chain —
// variable update → factor update → exchange → convergence test — from the ISA table's beats and
// latencies, exact on small graphs, below the measured steady state, and reported by gp5sim infer.
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantizeGraph, writeJsonModel, type FactorGraph, type QuantizedGraph } from '../../golden/index.js';
import { makeConfig, makeFormat, type MachineConfig } from '../../isa/index.js';
import { checkCycles, compileGraph, compilePairwise, denseDependencyBound, exchangeCycles, inferOnChip, pairwiseDependencyBound, runOnChip, runPairwise } from '../../runtime/index.js';
import { gp5sim, tmp } from './cli-helpers.js';
import { MIXED_SMALL as mixed } from './small-graphs.js';

const FORMAT = makeFormat(16, 8, 256);

// A chain of three bits with priors: degrees 1, 2, 1.
const chain: FactorGraph = {
  variables: [{ card: 2 }, { card: 2 }, { card: 2 }],
  factors: [
    { scope: [0], table: Float64Array.from([0.3, 0.7]) },
    { scope: [2], table: Float64Array.from([0.6, 0.4]) },
    { scope: [0, 1], table: Float64Array.from([3, 1, 1, 3]) },
    { scope: [1, 2], table: Float64Array.from([1, 2, 2, 1]) },
  ],
};

const denseOf = (q: QuantizedGraph, cfg: MachineConfig, maxIter: number) =>
  compileGraph(q, cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: -1, maxIter });
const pairwiseOf = (q: QuantizedGraph, cfg: MachineConfig, maxIter: number) => compilePairwise(q, cfg, { semiring: 'sum-product', lambda: 0, tolRaw: -1, maxIter });

describe('dependency bound', () => {
  it('the check and the exchange come from the ISA table: barmax + a branch, one hop + the recv', () => {
    expect(checkCycles()).toBe(2);
    expect(exchangeCycles(8, 1)).toBe(2);
    expect(exchangeCycles(8, 3)).toBe(4);
  });

  it('dense path, one PE: the longest vupd beats + fupd beats and latency + check', () => {
    const q = quantizeGraph(mixed, FORMAT);
    const p = denseOf(q, makeConfig({ pes: 1 }), 5);
    const d = denseDependencyBound(q, p.placement.edgePe, p.placement.varPe, 8, 1);
    // vupd of var 1 (prior + 2 edges: 2 used inputs): 1 + 3·⌈2/8⌉ = 4 beats; fupd of either pairwise
    // factor: 1 + ⌈N/8⌉ + 2 = 4 beats + latency 4 − 1; same unit, so the vupd's latency is hidden.
    expect(d).toEqual({ variable: 4, factor: 7, exchange: 0, check: 2, cyclesPerIteration: 13 });
  });

  it('dense path: each fupd counts from the PE that computes it (the share of a split factor), not the home PE', () => {
    // One ternary factor over three binary variables, each variable on its own PE.
    const triple: FactorGraph = { variables: [{ card: 2 }, { card: 2 }, { card: 2 }], factors: [{ scope: [0, 1, 2], table: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]) }] };
    const q = quantizeGraph(triple, FORMAT);
    const varPe = Int32Array.from([0, 1, 2]);
    // Whole factor on any one PE (here variable 0's): some output and one of its inputs are both
    // elsewhere, so the chain crosses twice (2 + 2).
    const home = new Int32Array(q.nEdges).fill(0);
    expect(denseDependencyBound(q, home, varPe, 8, 1).exchange).toBe(4);
    // Split with each share on its output variable's PE: only the input crosses.
    const atOutput = Int32Array.from({ length: q.nEdges }, (_, e) => varPe[q.edgeVar[e]]);
    expect(denseDependencyBound(q, atOutput, varPe, 8, 1).exchange).toBe(2);
  });

  it('pairwise path: vld, d vadds, vsub, vst, one pfu lane; an exchange when the chain crosses PEs', () => {
    const q = quantizeGraph(chain, FORMAT);
    const one = pairwiseOf(q, makeConfig({ pes: 1 }), 5);
    // Variable 1 (degree 2): 2 + 2·2 + 2 + 1 = 9; pfu of one lane: 4 beats + latency 4 − 1 = 7.
    expect(pairwiseDependencyBound(q, one.placement.varPe, 8, 1)).toEqual({ variable: 9, factor: 7, exchange: 0, check: 2, cyclesPerIteration: 18 });
    const four = pairwiseOf(q, makeConfig({ pes: 4 }), 5);
    expect(new Set(four.placement.varPe).size).toBe(3); // no more variables than PEs: one each
    expect(pairwiseDependencyBound(q, four.placement.varPe, 8, 1)).toEqual({ variable: 9, factor: 7, exchange: 2, check: 2, cyclesPerIteration: 20 });
  });

  it('bounds the measured steady state (difference of 10- and 5-iteration runs)', () => {
    for (const pes of [1, 4]) {
      const cfg = makeConfig({ pes });
      const qc = quantizeGraph(chain, FORMAT);
      const pw = (n: number) => runPairwise(pairwiseOf(qc, cfg, n)).report.cycles;
      const pBound = pairwiseDependencyBound(qc, pairwiseOf(qc, cfg, 5).placement.varPe, cfg.lanes, cfg.hopLatency).cyclesPerIteration;
      expect((pw(10) - pw(5)) / 5).toBeGreaterThanOrEqual(pBound);
      const qm = quantizeGraph(mixed, FORMAT);
      const dn = (n: number) => runOnChip(denseOf(qm, cfg, n)).report.cycles;
      const p5 = denseOf(qm, cfg, 5);
      const dBound = denseDependencyBound(qm, p5.placement.edgePe, p5.placement.varPe, cfg.lanes, cfg.hopLatency).cyclesPerIteration;
      expect((dn(10) - dn(5)) / 5).toBeGreaterThanOrEqual(dBound);
    }
  });

  it('inferOnChip: bound = max(lane, network, dependency), binding named, ratio measured / bound', () => {
    const r = inferOnChip(chain, { cfg: makeConfig({ pes: 4 }), exactLimit: 0 });
    expect(r.path).toBe('pairwise');
    expect(r.bound.dependency.cyclesPerIteration).toBe(20);
    expect(r.bound.cyclesPerIteration).toBe(Math.max(r.laneBound.lanes, r.laneBound.network, 20));
    expect(r.bound.binding).toBe('dependency');
    expect(r.bound.ratio).toBeCloseTo(r.cyclesPerIteration / r.bound.cyclesPerIteration, 12);
  });

  it('gp5sim infer prints it in the summary and in --json', () => {
    const file = join(tmp, 'dependency-bound.json');
    writeFileSync(file, writeJsonModel(mixed));
    const text = gp5sim('infer', file, '--pes', '1');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/dependency bound 13\.0; lower bound 13\.0 \(dependency, ratio \d+\.\d\d\)/);
    const r = gp5sim('infer', file, '--pes', '1', '--json');
    const j = JSON.parse(r.stdout);
    expect(j.bound.dependency).toEqual({ variable: 4, factor: 7, exchange: 0, check: 2, cyclesPerIteration: 13 });
    expect(j.bound.cyclesPerIteration).toBe(13);
    expect(j.laneBound.cyclesPerIteration).toBe(55 / 8);
  });

  it('a binary pairwise model under another schedule says it runs on the dense path', () => {
    const r = inferOnChip(chain, { cfg: makeConfig({ pes: 1 }), schedule: 'sequential', exactLimit: 0 });
    expect(r.path).toBe('dense');
    expect(r.warnings.join('\n')).toMatch(/binary pairwise model under the sequential schedule: it runs on the dense fupd\/vupd path/);
  });
});

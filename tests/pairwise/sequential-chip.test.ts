// The sequential schedule on the chip's pairwise path (runtime/pairwise/sequential.ts) equals
// golden's PairwiseFixedBp under the sequential list bit for bit: every m and n, every belief, the
// iteration count and the last change, for P ∈ {1, 4, 16} and W ∈ {8, 16}.
import { describe, expect, it } from 'vitest';
import { isingGrid, quantizeGraph, PairwiseFixedBp, type FactorGraph } from '../../golden/index.js';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { compilePairwiseSequential, runPairwise, chipPairwiseMessages } from '../../runtime/index.js';

/** A hub of degree 8 (more slots than the V update's six slot registers) on a ring, with evidence. */
function wheel(leaves: number): FactorGraph {
  const variables = Array.from({ length: leaves + 1 }, () => ({ card: 2 }));
  const factors = [];
  for (let i = 1; i <= leaves; i++) {
    factors.push({ scope: [0, i], table: Float64Array.from([1.5, 0.5, 0.8, 1.2 + i / 10]) });
    factors.push({ scope: [i, (i % leaves) + 1], table: Float64Array.from([1, 0.4, 0.6, 1.1]) });
    factors.push({ scope: [i], table: Float64Array.from([0.3 + i / 20, 0.7]) });
  }
  return { variables, factors };
}

/** A chain (a tree: the two-pass order) with a forbidden pair and a clamped end. */
function hardChain(n: number): FactorGraph {
  const variables = Array.from({ length: n }, () => ({ card: 2 }));
  const factors = [];
  for (let i = 0; i + 1 < n; i++) factors.push({ scope: [i, i + 1], table: Float64Array.from(i % 3 === 0 ? [1, 0, 0.5, 2] : [2, 0.7, 0.3, 1.5]) });
  factors.push({ scope: [0], table: Float64Array.from([0, 1]) });
  return { variables, factors };
}

const MODELS: [string, FactorGraph][] = [
  ['ising 6x6', isingGrid({ rows: 6, cols: 6, seed: 3 })],
  ['ising 5x7 strong', isingGrid({ rows: 5, cols: 7, seed: 4, couplingSigma: 2, fieldSigma: 1.5 })],
  ['hard chain', hardChain(12)],
  ['wheel of 8', wheel(8)],
];

function check(g: FactorGraph, W: number, pes: number, sumProduct: boolean, lambda: number, maxIter = 10, scratchpadBytes?: number): number {
  const F = W / 2;
  const f = makeFormat(W, F, 256);
  const q = quantizeGraph(g, f);
  const cfg = makeConfig({ pes, messageBits: W, fracBits: F, maxStarTableSize: 256, ...(scratchpadBytes ? { scratchpadBytes } : {}) });
  const tolRaw = 1;
  const prog = compilePairwiseSequential(q, cfg, { semiring: sumProduct ? 'sum-product' : 'min-sum', lambda, tolRaw, maxIter });
  const chip = runPairwise(prog);
  const ref = new PairwiseFixedBp(q, { sumProduct, lambda, tolRaw, schedule: 'sequential' });
  const r = ref.run(maxIter);
  expect(chip.report.status).toBe('halted');
  expect([chip.iterations, chip.lastChange]).toEqual([r.iterations, r.lastChange]);
  const { m, n } = chipPairwiseMessages(chip, prog);
  expect(Array.from(m)).toEqual(Array.from(ref.m));
  expect(Array.from(n)).toEqual(Array.from(ref.n));
  expect(Array.from(chip.beliefLlrs)).toEqual(Array.from(ref.beliefs()));
  return Math.max(...prog.memoryUsed);
}

describe('pairwise path, sequential: simulator = PairwiseFixedBp (sequential list) bit for bit', () => {
  for (const [name, g] of MODELS) {
    it(`${name}: P ∈ {1, 4, 16}, W ∈ {8, 16}, sum-product and min-sum`, () => {
      for (const W of [8, 16]) for (const pes of [1, 4, 16]) for (const sp of [true, false]) check(g, W, pes, sp, 0);
    });
  }
  it('damping λ = 128 (ising 6x6, P = 4, both widths)', () => {
    for (const W of [8, 16]) check(MODELS[0][1], W, 4, true, 128);
  });
  it('addresses past the 18-bit offset go through the base register (a 5,500-variable chain on one 1 MiB PE)', () => {
    expect(check(isingGrid({ rows: 1, cols: 5500, seed: 8 }), 16, 1, true, 0, 1, 1 << 20)).toBeGreaterThan(131072);
  });
});

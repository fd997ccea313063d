// The chip's pairwise LLR path equals golden's PairwiseFixedBp bit for bit: every m and n
// message, every belief, the iteration count and the last change, for P ∈ {1, 4, 16} and
// W ∈ {8, 16}, on grids, a chain, strong couplings (saturation) and hard zeros with evidence.
import { describe, expect, it } from 'vitest';
import { isingGrid, quantizeGraph, PairwiseFixedBp, type FactorGraph } from '../../golden/index.js';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { compilePairwise, runPairwise, chipPairwiseMessages } from '../../runtime/index.js';

/** A binary chain with a forbidden pair (φ = 0), a clamped variable and a free end. */
function hardChain(n: number): FactorGraph {
  const variables = Array.from({ length: n }, () => ({ card: 2 }));
  const factors = [];
  for (let i = 0; i + 1 < n; i++) factors.push({ scope: [i, i + 1], table: Float64Array.from(i % 3 === 0 ? [1, 0, 0.5, 2] : [2, 0.7, 0.3, 1.5]) });
  factors.push({ scope: [0], table: Float64Array.from([0, 1]) }); // evidence x0 = 1
  factors.push({ scope: [n - 1], table: Float64Array.from([0.2, 0.8]) });
  return { variables, factors };
}

/** A hub of degree 10 (more slots than vector registers) on a ring of leaves. */
function star(leaves: number): FactorGraph {
  const variables = Array.from({ length: leaves + 1 }, () => ({ card: 2 }));
  const factors = [];
  for (let i = 1; i <= leaves; i++) {
    factors.push({ scope: [0, i], table: Float64Array.from([1.5, 0.5, 0.8, 1.2 + i / 10]) });
    factors.push({ scope: [i, (i % leaves) + 1], table: Float64Array.from([1, 0.4, 0.6, 1.1]) });
    factors.push({ scope: [i], table: Float64Array.from([0.3 + i / 20, 0.7]) });
  }
  return { variables, factors };
}

const MODELS: [string, FactorGraph][] = [
  ['ising 6x6', isingGrid({ rows: 6, cols: 6, seed: 3 })],
  ['ising 5x7 strong', isingGrid({ rows: 5, cols: 7, seed: 4, couplingSigma: 2, fieldSigma: 1.5 })],
  ['chain 1x24', isingGrid({ rows: 1, cols: 24, seed: 5 })],
  ['hard chain', hardChain(12)],
  ['star of 10', star(10)],
];

function check(g: FactorGraph, W: number, pes: number, sumProduct: boolean, lambda: number, maxIter = 12, scratchpadBytes?: number): { iterations: number; words: number } {
  const F = W / 2;
  const f = makeFormat(W, F, 256);
  const q = quantizeGraph(g, f);
  const cfg = makeConfig({ pes, messageBits: W, fracBits: F, maxStarTableSize: 256, ...(scratchpadBytes ? { scratchpadBytes } : {}) });
  const tolRaw = 1;
  const prog = compilePairwise(q, cfg, { semiring: sumProduct ? 'sum-product' : 'min-sum', lambda, tolRaw, maxIter });
  const chip = runPairwise(prog);
  const ref = new PairwiseFixedBp(q, { sumProduct, lambda, tolRaw });
  const r = ref.run(maxIter);
  expect(chip.report.status).toBe('halted');
  expect(chip.iterations).toBe(r.iterations);
  expect(chip.lastChange).toBe(r.lastChange);
  const { m, n } = chipPairwiseMessages(chip, prog);
  expect(Array.from(m)).toEqual(Array.from(ref.m));
  expect(Array.from(n)).toEqual(Array.from(ref.n));
  expect(Array.from(chip.beliefLlrs)).toEqual(Array.from(ref.beliefs()));
  return { iterations: r.iterations, words: Math.max(...prog.memoryUsed) };
}

describe('pairwise path: simulator = PairwiseFixedBp bit for bit', () => {
  for (const [name, g] of MODELS) {
    it(`${name}: P ∈ {1, 4, 16}, W ∈ {8, 16}, sum-product and min-sum`, () => {
      for (const W of [8, 16]) for (const pes of [1, 4, 16]) for (const sp of [true, false]) check(g, W, pes, sp, 0);
    });
  }
  it('groups wider than a vector register (12x12 on one PE: 100 interior variables in chunks of 64)', () => {
    check(isingGrid({ rows: 12, cols: 12, seed: 6 }), 16, 1, true, 0);
  });
  it('addresses past the 18-bit offset go through the base register (80x80 on one 1 MiB PE)', () => {
    expect(check(isingGrid({ rows: 80, cols: 80, seed: 8 }), 16, 1, true, 0, 1, 1 << 20).words).toBeGreaterThan(131072);
  });
  it('one variable per PE (4x4 grids on 16 PEs: slots as one VL = degree vector, total broadcast), strong couplings too', () => {
    for (const g of [isingGrid({ rows: 4, cols: 4, seed: 9 }), isingGrid({ rows: 4, cols: 4, seed: 10, couplingSigma: 2, fieldSigma: 1.5 })]) {
      for (const W of [8, 16]) for (const sp of [true, false]) check(g, W, 16, sp, 0);
      check(g, 8, 16, true, 128);
    }
  });
  it('damping λ = 128 (ising 6x6, P = 4, both widths)', () => {
    for (const W of [8, 16]) check(MODELS[0][1], W, 4, true, 128);
  });
  it('saturation is exercised: the strong model reaches ±MAX − 1 at W = 8', () => {
    const f = makeFormat(8, 4, 256);
    const ref = new PairwiseFixedBp(quantizeGraph(MODELS[1][1], f), { tolRaw: -1 });
    ref.run(12);
    const b = ref.beliefs();
    expect(Math.max(...Array.from(b, Math.abs))).toBeGreaterThanOrEqual(f.max - 1);
  });
});

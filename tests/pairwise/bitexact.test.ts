// The chip's pairwise LLR path equals golden's PairwiseFixedBp bit for bit: every m and n
// message, every belief, the iteration count and the last change, for P ∈ {1, 4, 16} and
// W ∈ {8, 16}, on grids, a chain, strong couplings (saturation) and hard zeros with evidence.
import { describe, expect, it } from 'vitest';
import { isingGrid, quantizeGraph, PairwiseFixedBp, type FactorGraph } from '../../golden/index.js';
import { makeFormat } from '../../isa/index.js';
import { expectChipBitExact, hardChain, ISING_MODELS, wheel } from './fixtures.js';

const MODELS: [string, FactorGraph][] = [
  ...ISING_MODELS,
  ['chain 1x24', isingGrid({ rows: 1, cols: 24, seed: 5 })],
  // a clamped variable and evidence on the far end
  ['hard chain', hardChain(12, true)],
  // a hub of degree 10: more slots than vector registers
  ['star of 10', wheel(10)],
];

const check = (g: FactorGraph, W: number, pes: number, sumProduct: boolean, lambda: number, maxIter = 12, scratchpadBytes?: number) =>
  expectChipBitExact('flooding', g, W, pes, sumProduct, lambda, maxIter, scratchpadBytes);

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

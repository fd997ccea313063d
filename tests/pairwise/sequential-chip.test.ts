// The sequential schedule on the chip's pairwise path (runtime/pairwise/sequential.ts) equals
// golden's PairwiseFixedBp under the sequential list bit for bit: every m and n, every belief, the
// iteration count and the last change, for P ∈ {1, 4, 16} and W ∈ {8, 16}.
import { describe, expect, it } from 'vitest';
import { isingGrid, quantizeGraph, type FactorGraph } from '../../golden/index.js';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { compilePairwiseSequential, inferOnChip, placeByLevel, pairwiseUpdateLevels } from '../../runtime/index.js';
import { pairwiseUpdateOps, scheduleUpdates } from '../../golden/index.js';
import { expectAsmRoundTrip, expectChipBitExact, hardChain, ISING_MODELS, wheel } from './fixtures.js';

const MODELS: [string, FactorGraph][] = [
  ...ISING_MODELS,
  // a tree (the two-pass order), clamped at one end
  ['hard chain', hardChain(12, false)],
  // a hub of degree 8: more slots than the V update's six slot registers
  ['wheel of 8', wheel(8)],
];

const check = (g: FactorGraph, W: number, pes: number, sumProduct: boolean, lambda: number, maxIter = 10, scratchpadBytes?: number) =>
  expectChipBitExact('sequential', g, W, pes, sumProduct, lambda, maxIter, scratchpadBytes).words;

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

describe('pairwise path, sequential: program', () => {
  it('--emit-asm text reassembles to the identical code and data words and names the schedule', () => {
    const q = quantizeGraph(isingGrid({ rows: 5, cols: 6, seed: 3 }), makeFormat(16, 8, 256));
    const prog = compilePairwiseSequential(q, makeConfig({ pes: 4 }), { semiring: 'min-sum', lambda: 64, tolRaw: 8, maxIter: 30, keepAssembly: true });
    const text = expectAsmRoundTrip(prog, 'grid 5x6');
    expect(text).toMatch(/4 PEs, sequential, min-sum/);
    expect(prog.levelsPerIteration).toBe(pairwiseUpdateLevels(q, prog.updates).count);
  });

  it('placement deals variables in first-update order: an 8x8 grid on 4 PEs gets 16 each, neighbours in a row apart', () => {
    const g = isingGrid({ rows: 8, cols: 8, seed: 1 });
    const q = quantizeGraph(g, makeFormat(16, 8, 256));
    const list = scheduleUpdates(g, 'sequential');
    const pl = placeByLevel(q, pairwiseUpdateOps(q, list), pairwiseUpdateLevels(q, list).level, 4);
    expect(Array.from(pl.load).map((w) => w > 0)).toEqual([true, true, true, true]);
    const count = [0, 0, 0, 0];
    for (const p of pl.varPe) count[p]++;
    expect(count).toEqual([16, 16, 16, 16]);
    expect(pl.varPe[1]).not.toBe(pl.varPe[0]);
  });

  it('inferOnChip under sequential on 4 PEs: pairwise, the float reference of the same list, W = 16 within 5e-3', () => {
    const r = inferOnChip(isingGrid({ rows: 8, cols: 8, seed: 7 }), { cfg: makeConfig({ pes: 4 }), schedule: 'sequential', maxIter: 200, exactLimit: 0 });
    expect(r.path).toBe('pairwise');
    expect(r.converged && r.float.converged).toBe(true);
    expect(r.maxTV).toBeLessThanOrEqual(5e-3);
  });
});

// Accuracy of the pairwise LLR path against the float reference of the same schedule (golden's
// FloatScheduleBp, the chip's iteration count), and against exact marginals on a chain (a tree,
// where BP is exact). Figures measured when written: chain 1x40 W = 16 9.1e-4 (exact 1.7e-3),
// W = 8 2.05e-2; grid 8x8 W = 16 1.45e-3 (the dense path: 1.33e-3; both use the factor unit's
// max* at F + G = 12), W = 8 2.69e-2 (dense 2.78e-2).
import { describe, expect, it } from 'vitest';
import { isingGrid } from '../../golden/index.js';
import { makeConfig } from '../../isa/index.js';
import { inferOnChip, withMessageBits } from '../../runtime/index.js';

const cfg = makeConfig({ pes: 4 });
const chain = isingGrid({ rows: 1, cols: 40, seed: 9 });
const grid = isingGrid({ rows: 8, cols: 8, seed: 7 });

describe('pairwise path accuracy', () => {
  it('chain: W = 16 ≤ 5e-3 against float and exact, W = 8 ≤ 0.05; both converge', () => {
    const r16 = inferOnChip(chain, { cfg: withMessageBits(cfg, 16), maxIter: 200 });
    const r8 = inferOnChip(chain, { cfg: withMessageBits(cfg, 8), maxIter: 200 });
    expect(r16.path).toBe('pairwise');
    expect(r16.converged && r8.converged).toBe(true);
    expect(r16.maxTV).toBeLessThanOrEqual(5e-3);
    expect(r16.exact!.maxTV).toBeLessThanOrEqual(5e-3);
    expect(r8.maxTV).toBeLessThanOrEqual(0.05);
    expect(r8.exact!.maxTV).toBeLessThanOrEqual(0.05);
  });

  it('grid: W = 16 ≤ 5e-3 and within 1e-3 of the dense path, W = 8 ≤ 0.05', () => {
    const r8 = inferOnChip(grid, { cfg: withMessageBits(cfg, 8), maxIter: 200, exactLimit: 0 });
    expect(r8.path).toBe('pairwise');
    expect(r8.converged).toBe(true);
    expect(r8.maxTV).toBeLessThanOrEqual(0.05);
    const r16 = inferOnChip(grid, { cfg: withMessageBits(cfg, 16), maxIter: 200, exactLimit: 0 });
    const dense16 = inferOnChip(grid, { cfg: withMessageBits(cfg, 16), maxIter: 200, exactLimit: 0, path: 'dense' });
    expect(dense16.path).toBe('dense');
    expect(r16.converged).toBe(true);
    expect(r16.maxTV).toBeLessThanOrEqual(5e-3);
    expect(Math.abs(r16.maxTV - dense16.maxTV)).toBeLessThan(1e-3);
  });

  it('min-sum runs on the path too and converges on the chain', () => {
    const r = inferOnChip(chain, { cfg: withMessageBits(cfg, 16), semiring: 'min-sum', maxIter: 200, exactLimit: 0 });
    expect(r.path).toBe('pairwise');
    expect(r.converged).toBe(true);
    expect(r.maxTV).toBeLessThanOrEqual(5e-3);
  });
});

// Accuracy of the pairwise LLR path against the float reference of the same schedule (golden's
// FloatScheduleBp, the chip's iteration count), and against exact marginals on a chain (a tree,
// where BP is exact). Figures measured when written: chain 1x40 W = 16 9.1e-4 (exact 1.7e-3),
// W = 8 2.05e-2; grid 8x8 W = 16 1.45e-3 (the dense path: 1.33e-3; both use the factor unit's
// max* at F + G = 12), W = 8 2.69e-2 (dense 2.78e-2). Below W = 16 `path: 'auto'` takes the dense
// path with unsigned messages (runtime/number-format.ts), so the W = 8 cases force the pairwise path.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { isingGrid, readModelFile, PairwiseFixedBp, FloatScheduleBp, scheduleUpdates } from '../../golden/index.js';
import { defaultTableSize, makeConfig } from '../../isa/index.js';
import { chooseFormat, defaultTolerance, inferOnChip, tvStats, withMessageBits } from '../../runtime/index.js';

const cfg = makeConfig({ pes: 4 });
const chain = isingGrid({ rows: 1, cols: 40, seed: 9 });
const grid = isingGrid({ rows: 8, cols: 8, seed: 7 });

describe('pairwise path accuracy', () => {
  it('chain: W = 16 ≤ 5e-3 against float and exact, W = 8 ≤ 0.05; both converge', () => {
    const r16 = inferOnChip(chain, { cfg: withMessageBits(cfg, 16), maxIter: 200 });
    const r8 = inferOnChip(chain, { cfg: withMessageBits(cfg, 8), maxIter: 200, path: 'pairwise' });
    expect(r16.path).toBe('pairwise');
    expect(r16.converged && r8.converged).toBe(true);
    expect(r16.maxTV).toBeLessThanOrEqual(5e-3);
    expect(r16.exact!.maxTV).toBeLessThanOrEqual(5e-3);
    expect(r8.maxTV).toBeLessThanOrEqual(0.05);
    expect(r8.exact!.maxTV).toBeLessThanOrEqual(0.05);
  });

  it('grid: W = 16 ≤ 5e-3 and within 1e-3 of the dense path, W = 8 ≤ 0.05', () => {
    const r8 = inferOnChip(grid, { cfg: withMessageBits(cfg, 8), maxIter: 200, exactLimit: 0, path: 'pairwise' });
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

describe('pairwise path: the chip gives its reference figures', () => {
  it('testfast: same iterations and max TV as PairwiseFixedBp against FloatScheduleBp, W = 8 and 16', () => {
    const graph = readModelFile(fileURLToPath(new URL('../../../shared/data/libdai/testfast.fg', import.meta.url)));
    for (const W of [8, 16]) {
      const chip = inferOnChip(graph, { cfg: withMessageBits(cfg, W), exactLimit: 0, path: 'pairwise' });
      expect(chip.path).toBe('pairwise');
      const { format, graph: q } = chooseFormat(graph, W, defaultTableSize(W), Math.floor(W / 2), { code: 'signed' });
      const tolRaw = Math.floor(defaultTolerance(format) * format.scale);
      const ref = new PairwiseFixedBp(q, { tolRaw });
      const r = ref.run(100);
      const fl = new FloatScheduleBp(graph, q, scheduleUpdates(graph, 'flooding'), { sumProduct: true, lambda: 0, tol: tolRaw / format.scale }).runExactly(r.iterations);
      expect([chip.converged, chip.iterations, chip.format.F, chip.maxTV]).toEqual([r.converged, r.iterations, format.F, tvStats(ref.marginals(), fl.marginals).maxTV]);
    }
  });
});

// Parity brief task 4: where the structured path's extra error at W = 16 comes from. The cnu's
// box-plus uses the config's max* table at F (runtime/README.md "Parity factors", Accuracy): with
// the default 256 entries (buckets of 8 LSB = 1/32 nat) a small mixed tree is 3.3e-3 max TV from
// exact inference against 7.6e-4 on the dense path; with 2048 entries (1 LSB buckets) the
// structured path is as accurate as the dense one. F itself is not the limit.
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../../isa/index.js';
import { exactInference } from '../../golden/index.js';
import { inferOnChip, withMessageBits } from '../../runtime/index.js';
import { mixedTree } from '../parity/fixtures.js';

describe('structured parity accuracy at W = 16 follows the max* table, not F', () => {
  it('mixed tree: 3.3e-3 max TV with 256 entries, 1.5e-3 with 512, the dense path\'s 7.6e-4 with 2048', () => {
    const g = mixedTree();
    const exact = exactInference(g).marginals;
    const tv = (m: number[][]) => Math.max(...m.map((p, i) => p.reduce((s, x, c) => s + Math.abs(x - exact[i]![c]!), 0) / 2));
    const run = (tableSize: number, parityPath: 'structured' | 'dense') =>
      tv(inferOnChip(g, { cfg: { ...withMessageBits(makeConfig({ pes: 4 }), 16), maxStarTableSize: tableSize }, schedule: 'sequential', maxIter: 5, parityPath }).marginals);
    const dense = run(256, 'dense');
    expect(dense).toBeCloseTo(7.55e-4, 5);
    expect(run(256, 'structured')).toBeCloseTo(3.28e-3, 4);
    expect(run(512, 'structured')).toBeCloseTo(1.49e-3, 4);
    expect(run(2048, 'structured')).toBe(dense);
  });
});

// The iteration frame (runtime/codegen/loop.ts): the cap is a hardware `loop` (free back edge)
// when the body fits its end offset, else the branch form (bge on the cap, jal back); both run
// exactly maxIter iterations without convergence and none for maxIter = 0.
import { describe, it, expect } from 'vitest';
import { isingGrid, quantizeGraph } from '../../golden/index.js';
import { decode, makeConfig, makeFormat } from '../../isa/index.js';
import { compileGraph, compilePairwise, runOnChip, runPairwise } from '../../runtime/index.js';

const FORMAT = makeFormat(16, 8, 256);
const mnemonics = (words: Uint32Array) => Array.from(words, (w) => decode(w)?.def.mnemonic ?? '?');

describe('loop frame', () => {
  const cfg = makeConfig({ pes: 1, scratchpadBytes: 4 << 20 });
  const dense = (rows: number, maxIter: number) =>
    compileGraph(quantizeGraph(isingGrid({ rows, cols: rows, seed: 1 }), FORMAT), cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: -1, maxIter });

  it('a short body: one loop r5, no jal, the cap honoured', () => {
    for (const maxIter of [0, 1, 4]) {
      const p = dense(4, maxIter);
      const m = mnemonics(p.code[0]);
      expect(m.filter((x) => x === 'loop')).toHaveLength(1);
      expect(m).not.toContain('jal');
      expect(runOnChip(p).iterations).toBe(maxIter);
    }
    const pw = compilePairwise(quantizeGraph(isingGrid({ rows: 4, cols: 4, seed: 1 }), FORMAT), cfg, { semiring: 'sum-product', lambda: 0, tolRaw: -1, maxIter: 3 });
    expect(mnemonics(pw.code[0])).toContain('loop');
    expect(runPairwise(pw).iterations).toBe(3);
  });

  it('a body beyond loop’s end offset (80x80 dense on one PE: 6,400 vupds and 12,640 fupds, one per node): the branch form, same iteration count', () => {
    const p = dense(80, 2);
    const m = mnemonics(p.code[0]);
    expect(m.length).toBeGreaterThan(16383);
    expect(m).not.toContain('loop');
    expect(m).toContain('jal');
    expect(runOnChip(p).iterations).toBe(2);
  }, 60_000);
});

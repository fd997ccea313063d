// Issue 12, parity brief task 1: a structured parity factor costs O(d) scratchpad words — no 2^d
// table, no fupd descriptors — and the fit estimate counts exactly what the compiler allocates.
// Wide XOR checks (degree 20 and 24) compile into a few hundred words and run bit for bit like
// golden's fixed-parity reference.
import { describe, expect, it } from 'vitest';
import { checkDescriptorWords, factorDescriptorWords, makeConfig, makeFormat, variableDescriptorWords, type MachineConfig } from '../../isa/index.js';
import { FixedPointBp, parityFactor, quantizeGraph, type Factor, type FactorGraph } from '../../golden/index.js';
import { ldpcFrame } from './corpus.js';
import { referenceMismatches } from '../parity/fixtures.js';
import { compileGraph, estimateFit, estimateQuantizedFit, fitShapeOfGraph, runOnChip, STATUS_WORDS } from '../../runtime/index.js';

/** One XOR of degree d over d bits, each with a prior, and a dense pairwise factor on bits 0 and 1. */
function wideXor(d: number, parity: 0 | 1): FactorGraph {
  const variables = Array.from({ length: d }, () => ({ card: 2 }));
  const factors: Factor[] = [parityFactor(Array.from({ length: d }, (_, j) => j), parity)];
  for (let i = 0; i < d; i++) {
    const p = i % 3 === 0 ? 0.2 + 0.01 * i : 0.85 - 0.01 * i;
    factors.push({ scope: [i], table: Float64Array.of(p, 1 - p) });
  }
  factors.push({ scope: [0, 1], table: Float64Array.of(1, 0.5, 0.25, 1) });
  return { variables, factors };
}

function runBoth(g: FactorGraph, cfg: MachineConfig, iterations: number) {
  const q = quantizeGraph(g, makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
  const prog = compileGraph(q, cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: -1, maxIter: iterations });
  const chip = runOnChip(prog, { maxCycles: 10_000_000 });
  expect(chip.report.fault).toBeUndefined();
  expect(chip.iterations).toBe(iterations);
  const ref = new FixedPointBp(q, { tolRaw: 0, schedule: 'flooding' });
  let last = 0;
  for (let k = 0; k < iterations; k++) last = ref.iterate();
  expect(referenceMismatches(q, prog, chip, ref)).toBe(0);
  expect(chip.lastChange).toBe(last);
  return { q, prog, chip };
}

/**
 * The one-PE memory map of wideXor(d), from the allocation rules: status words; the pairwise
 * table (4); d priors (2 each); m of the 2 pairwise edges; n of all d + 2 edges; d beliefs; the
 * parity factor's c2v block (2d, its m), check descriptor (4 + d) and LLR mirror (2d); the
 * pairwise factor's all-outputs fupd descriptor; per bit one vupd descriptor per edge (bits 0 and 1, degree 2: one
 * all-outputs descriptor) plus its belief descriptor.
 */
function expectedWords(d: number): number {
  let vdesc = 0;
  for (let i = 0; i < d; i++) {
    const deg = i < 2 ? 2 : 1;
    vdesc += (deg === 2 ? variableDescriptorWords(deg + 1, true) : deg * variableDescriptorWords(deg + 1)) + variableDescriptorWords(deg + 1);
  }
  return STATUS_WORDS + 4 + 2 * d + 2 * 2 + 2 * (d + 2) + 2 * d + (2 * d + checkDescriptorWords(d) + 2 * d) + factorDescriptorWords(2, true) + vdesc;
}

describe('structured parity factors cost O(d) scratchpad words', () => {
  for (const [d, parity] of [[20, 0], [24, 1]] as const) {
    it(`a degree-${d} XOR (parity ${parity}) on one PE: ${expectedWords(d)} words, the fit estimate exact, bit-exact against golden`, () => {
      const cfg = makeConfig({ pes: 1, scratchpadBytes: 16 << 10 });
      const g = wideXor(d, parity);
      const { q, prog } = runBoth(g, cfg, 4);
      expect(prog.parity.count).toBe(1);
      expect(prog.memoryUsed[0]).toBe(expectedWords(d));
      expect(prog.memoryUsed[0]).toBeLessThan(40 * d); // the dense path needs 2^d + d·(6 + 3d) + … words
      expect(prog.parity.words[0]).toBe(2 * d + checkDescriptorWords(d) + 2 * d);
      // The dense table is in the quantised graph (host memory) but not on the chip.
      expect(q.tabOff[1]! - q.tabOff[0]!).toBe(2 ** d);
      expect(estimateQuantizedFit(q, cfg).perPeWords).toBe(prog.memoryUsed[0]);
      expect(estimateFit(fitShapeOfGraph(g), cfg).perPeWords).toBe(prog.memoryUsed[0]);
      // Forcing the dense path counts the table and is refused on this 16 KiB scratchpad.
      expect(estimateFit(fitShapeOfGraph(g, 'dense'), cfg).perPeWords).toBeGreaterThan(2 ** d);
      expect(() => compileGraph(q, cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 0, maxIter: 1, parityPath: 'dense' })).toThrow(/scratchpad words per PE/);
    });
  }

  it('an LDPC code with channel factors on one PE: the fit estimate is what the compiler allocates', () => {
    const cfg = makeConfig({ pes: 1 });
    const q = quantizeGraph(ldpcFrame('ldpc/96.3.963.alist', 2, 5), makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
    const prog = compileGraph(q, cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 0, maxIter: 1 });
    expect(prog.parity.count).toBe(48);
    expect(estimateQuantizedFit(q, cfg).perPeWords).toBe(prog.memoryUsed[0]);
    // 96 bits, 48 checks of degree 6 (288 edges): 4 + 192 priors + 576 n + 192 beliefs + 48·(12 + 10 + 12)
    // + per bit (degree 3, a prior) one all-outputs vupd descriptor and a belief descriptor.
    expect(prog.memoryUsed[0]).toBe(4 + 192 + 576 + 192 + 48 * 34 + 96 * (variableDescriptorWords(4, true) + variableDescriptorWords(4)));
  });

  it('inferOnChip\'s estimate before quantising: degree 20 fits the default 256 KiB PE; the dense count (what it said before for every parity factor) is 262,289 words per PE', () => {
    const cfg = makeConfig({ pes: 4 });
    const g = wideXor(20, 0);
    expect(estimateFit(fitShapeOfGraph(g), cfg).fits).toBe(true);
    expect(estimateFit(fitShapeOfGraph(g, 'dense'), cfg).perPeWords).toBe(262289);
  });

  it('degree 20 on 4 PEs: bit-exact, and no PE holds more than a few hundred words', () => {
    const { prog } = runBoth(wideXor(20, 0), makeConfig({ pes: 4 }), 3);
    expect(Math.max(...prog.memoryUsed)).toBeLessThan(400);
  });
});

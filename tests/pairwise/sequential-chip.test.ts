// The sequential schedule on the chip's pairwise path (runtime/pairwise/sequential.ts) equals
// golden's PairwiseFixedBp under the sequential list bit for bit: every m and n, every belief, the
// iteration count and the last change, for P ∈ {1, 4, 16} and W ∈ {8, 16}.
import { describe, expect, it } from 'vitest';
import { isingGrid, quantizeGraph, PairwiseFixedBp, type FactorGraph } from '../../golden/index.js';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { assemble } from '../../asm/index.js';
import { compilePairwiseSequential, runPairwise, chipPairwiseMessages, pairwiseAssembly, inferOnChip, placeByLevel, pairwiseUpdateLevels } from '../../runtime/index.js';
import { pairwiseUpdateOps, scheduleUpdates } from '../../golden/index.js';

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

describe('pairwise path, sequential: program', () => {
  it('--emit-asm text reassembles to the identical code and data words and names the schedule', () => {
    const q = quantizeGraph(isingGrid({ rows: 5, cols: 6, seed: 3 }), makeFormat(16, 8, 256));
    const prog = compilePairwiseSequential(q, makeConfig({ pes: 4 }), { semiring: 'min-sum', lambda: 64, tolRaw: 8, maxIter: 30, keepAssembly: true });
    const text = pairwiseAssembly(prog, 'grid 5x6');
    const obj = assemble(text, { fileName: 'grid.s' }).object;
    for (let pe = 0; pe < 4; pe++) {
      const code = obj.sections.find((s) => s.space === 'code' && Array.isArray(s.pes) && s.pes[0] === pe)!;
      expect(Array.from(code.words)).toEqual(Array.from(prog.code[pe]));
      const data = obj.sections.find((s) => s.space === 'scratchpad' && Array.isArray(s.pes) && s.pes[0] === pe)!;
      expect(Array.from(new Int32Array(data.words.buffer, data.words.byteOffset, data.words.length))).toEqual(Array.from(prog.data[pe]));
    }
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

// Shared fixtures of the pairwise-path tests: the small models, the chip-against-PairwiseFixedBp
// bit-exact check (flooding or sequential), and the --emit-asm round trip.
import { expect } from 'vitest';
import { isingGrid, quantizeGraph, PairwiseFixedBp, type FactorGraph } from '../../golden/index.js';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { assemble } from '../../asm/index.js';
import { compilePairwise, compilePairwiseSequential, runPairwise, chipPairwiseMessages, pairwiseAssembly, type PairwiseProgram } from '../../runtime/index.js';

/** A hub of degree `leaves` on a ring of leaves (cycles through the hub), with evidence on every leaf. */
export function wheel(leaves: number): FactorGraph {
  const variables = Array.from({ length: leaves + 1 }, () => ({ card: 2 }));
  const factors = [];
  for (let i = 1; i <= leaves; i++) {
    factors.push({ scope: [0, i], table: Float64Array.from([1.5, 0.5, 0.8, 1.2 + i / 10]) });
    factors.push({ scope: [i, (i % leaves) + 1], table: Float64Array.from([1, 0.4, 0.6, 1.1]) });
    factors.push({ scope: [i], table: Float64Array.from([0.3 + i / 20, 0.7]) });
  }
  return { variables, factors };
}

/** A binary chain with a forbidden pair (φ = 0) and a clamped variable (x0 = 1); `endEvidence`: a prior on the last one too. */
export function hardChain(n: number, endEvidence: boolean): FactorGraph {
  const variables = Array.from({ length: n }, () => ({ card: 2 }));
  const factors = [];
  for (let i = 0; i + 1 < n; i++) factors.push({ scope: [i, i + 1], table: Float64Array.from(i % 3 === 0 ? [1, 0, 0.5, 2] : [2, 0.7, 0.3, 1.5]) });
  factors.push({ scope: [0], table: Float64Array.from([0, 1]) });
  if (endEvidence) factors.push({ scope: [n - 1], table: Float64Array.from([0.2, 0.8]) });
  return { variables, factors };
}

/** The two grids every pairwise model list starts with: a plain one and a strongly coupled one (saturation at W = 8). */
export const ISING_MODELS: [string, FactorGraph][] = [
  ['ising 6x6', isingGrid({ rows: 6, cols: 6, seed: 3 })],
  ['ising 5x7 strong', isingGrid({ rows: 5, cols: 7, seed: 4, couplingSigma: 2, fieldSigma: 1.5 })],
];

/**
 * Compile `g` for the chip's pairwise path under `schedule` (W-bit messages, W/2 fraction bits), run
 * it, and check it against PairwiseFixedBp of the same list bit for bit: status, iteration count,
 * last change, every m and n, every belief. Returns the iterations and the most words a PE used.
 */
export function expectChipBitExact(
  schedule: 'flooding' | 'sequential', g: FactorGraph, W: number, pes: number, sumProduct: boolean, lambda: number, maxIter: number, scratchpadBytes?: number,
): { iterations: number; words: number } {
  const F = W / 2;
  const q = quantizeGraph(g, makeFormat(W, F, 256));
  const cfg = makeConfig({ pes, messageBits: W, fracBits: F, maxStarTableSize: 256, ...(scratchpadBytes ? { scratchpadBytes } : {}) });
  const tolRaw = 1;
  const compile = schedule === 'flooding' ? compilePairwise : compilePairwiseSequential;
  const prog = compile(q, cfg, { semiring: sumProduct ? 'sum-product' : 'min-sum', lambda, tolRaw, maxIter });
  const chip = runPairwise(prog);
  const ref = new PairwiseFixedBp(q, { sumProduct, lambda, tolRaw, ...(schedule === 'sequential' ? { schedule } : {}) });
  const r = ref.run(maxIter);
  expect(chip.report.status).toBe('halted');
  expect([chip.iterations, chip.lastChange]).toEqual([r.iterations, r.lastChange]);
  const { m, n } = chipPairwiseMessages(chip, prog);
  expect(Array.from(m)).toEqual(Array.from(ref.m));
  expect(Array.from(n)).toEqual(Array.from(ref.n));
  expect(Array.from(chip.beliefLlrs)).toEqual(Array.from(ref.beliefs()));
  return { iterations: r.iterations, words: Math.max(...prog.memoryUsed) };
}

/** `prog`'s --emit-asm text (kept assembly) reassembles to its code and data words on every PE; returns the text. */
export function expectAsmRoundTrip(prog: PairwiseProgram, title: string): string {
  const text = pairwiseAssembly(prog, title);
  const obj = assemble(text, { fileName: 'grid.s' }).object;
  for (let pe = 0; pe < prog.cfg.pes; pe++) {
    const code = obj.sections.find((s) => s.space === 'code' && Array.isArray(s.pes) && s.pes[0] === pe)!;
    expect(Array.from(code.words)).toEqual(Array.from(prog.code[pe]));
    const data = obj.sections.find((s) => s.space === 'scratchpad' && Array.isArray(s.pes) && s.pes[0] === pe)!;
    expect(Array.from(new Int32Array(data.words.buffer, data.words.byteOffset, data.words.length))).toEqual(Array.from(prog.data[pe]));
  }
  return text;
}

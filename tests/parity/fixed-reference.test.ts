// The fixed-point reference's structured parity update (golden/fixed-parity.ts): hand-checked
// messages, agreement with the dense table update, and accuracy against exact inference.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeFormat } from '../../isa/index.js';
import {
  addChannelFactors,
  exactInference,
  FixedPointBp,
  parityFactor,
  parityFactorGraph,
  parseAlist,
  Prng,
  quantizeGraph,
  structuredParityFactors,
  type FactorGraph,
} from '../../golden/index.js';
import { awgnFrame } from '../../runtime/index.js';
import { tvStats } from '../../runtime/infer.js';

const f16 = makeFormat(16, 8, 256);
const dataPath = (rel: string) => new URL(`../../../shared/data/${rel}`, import.meta.url);

function ldpcFrame(file: string, ebn0: number, seed: number): FactorGraph {
  const h = parseAlist(readFileSync(dataPath(file), 'utf8'), file);
  return addChannelFactors(parityFactorGraph(h), { llr: awgnFrame(h.n, (h.n - h.m) / h.n, ebn0, new Prng(seed)) });
}

describe('structured parity messages', () => {
  // b0 ⊕ b1 ⊕ b2 = 1 with priors; a dense pairwise factor b2—t (t ternary).
  const g: FactorGraph = {
    variables: [{ card: 2 }, { card: 2 }, { card: 2 }, { card: 3 }],
    factors: [
      parityFactor([0, 1, 2], 1),
      { scope: [0], table: Float64Array.of(0.8, 0.2) },
      { scope: [1], table: Float64Array.of(0.3, 0.7) },
      { scope: [2, 3], table: Float64Array.of(1, 2, 3, 1, 2, 5) },
      { scope: [3], table: Float64Array.of(0.5, 0.2, 0.3) },
    ],
  };

  it('the decision: parity factors of 2+ variables are structured unless dense is asked for', () => {
    const q = quantizeGraph(g, f16);
    expect(Array.from(q.parity)).toEqual([1, -1, -1, -1, -1]);
    expect(Array.from(structuredParityFactors(q, 'structured'))).toEqual([1, -1, -1, -1, -1]);
    expect(Array.from(structuredParityFactors(q, 'dense'))).toEqual([-1, -1, -1, -1, -1]);
  });

  it('one flooding iteration: m to b2 is the box-plus of the prior LLRs, negated for odd parity', () => {
    const q = quantizeGraph(g, f16);
    const bp = new FixedPointBp(q, { schedule: 'flooding', parityPath: 'structured' });
    bp.iterate();
    // n_{b0→a} = prior energies [0, round(256 ln 4)] = [0, 355]; n_{b1→a} = [round(256 ln(0.7/0.3)), 0] = [217, 0].
    expect(Array.from(bp.varToFactor(0, 0))).toEqual([0, 355]);
    expect(Array.from(bp.varToFactor(1, 0))).toEqual([217, 0]);
    // λ0 = 355, λ1 = −217: the even box-plus is negative, odd parity makes it positive.
    const llr = (x: Int32Array) => x[1]! - x[0]!;
    const m2 = bp.factorToVar(0, 2);
    // Odd parity flips the sign: the message favours b2 = 1 ⊕ (b0 ⊕ b1), b0 likely 0, b1 likely 1 → b2 likely 0.
    expect(llr(m2)).toBeGreaterThan(0);
    // Odd parity stores [out, 0] with out the even box-plus (negative here).
    expect(m2[1]).toBe(0);
    // Against the exact box-plus 2·atanh(tanh(λ0/2)·tanh(λ1/2)) in nats, within the max* table error.
    const exact = 2 * Math.atanh(Math.tanh(355 / 256 / 2) * Math.tanh(217 / 256 / 2));
    expect(Math.abs(llr(m2) / 256 - exact)).toBeLessThan(3 / 256);
  });

  it('degree-2 parity factors: structured and dense beliefs are identical', () => {
    const rng = new Prng(7);
    const vars = Array.from({ length: 6 }, () => ({ card: 2 }));
    const factors = [parityFactor([0, 1], 0), parityFactor([1, 2], 1), parityFactor([2, 3], 0), parityFactor([3, 4], 1), parityFactor([4, 5], 0)];
    for (let i = 0; i < 6; i++) factors.push({ scope: [i], table: Float64Array.of(rng.next() + 0.05, rng.next() + 0.05) } as never);
    const q = quantizeGraph({ variables: vars, factors }, f16);
    const a = new FixedPointBp(q, { parityPath: 'structured', tolRaw: 0 });
    const b = new FixedPointBp(q, { parityPath: 'dense', tolRaw: 0 });
    for (let it = 0; it < 8; it++) {
      a.iterate();
      b.iterate();
      expect(a.beliefEnergies().map((x) => Array.from(x))).toEqual(b.beliefEnergies().map((x) => Array.from(x)));
    }
  });

  it('a mixed tree: as close to exact inference as the dense path', () => {
    const q = quantizeGraph(g, f16);
    for (const schedule of ['flooding', 'sequential'] as const) {
      const bp = new FixedPointBp(q, { schedule, parityPath: 'structured', tolRaw: 0 });
      bp.run(20);
      const dense = new FixedPointBp(q, { schedule, parityPath: 'dense', tolRaw: 0 });
      dense.run(20);
      const ex = exactInference(g).marginals;
      // Measured 3.4e-4 (the dense path 5.9e-4): the parity path is no worse than the table here.
      const err = tvStats(bp.marginals(), ex).maxTV;
      expect(err).toBeLessThan(1e-3);
      expect(err).toBeLessThan(tvStats(dense.marginals(), ex).maxTV + 5e-4);
    }
  });
});

describe('LDPC frame as a factor graph', () => {
  it('structured and dense fixed-point BP decode 96.3.963 at 2 dB to the same bits, marginals close', () => {
    const g = ldpcFrame('ldpc/96.3.963.alist', 2, 5);
    const q = quantizeGraph(g, f16);
    const s = new FixedPointBp(q, { parityPath: 'structured', tolRaw: 0 });
    const d = new FixedPointBp(q, { parityPath: 'dense', tolRaw: 0 });
    s.run(30);
    d.run(30);
    const ms = s.marginals();
    const md = d.marginals();
    const bits = (m: number[][]) => m.map((p) => (p[1]! > p[0]! ? 1 : 0));
    expect(bits(ms)).toEqual(bits(md));
    expect(tvStats(ms, md).maxTV).toBeLessThan(0.02);
  });
});

// Fixed-point BP reference: hand-computed F/V updates, quantisation, schedules, zero handling,
// determinism. Expected integers are worked out by hand from ISA.md with the default format
// (W=16, F=8, T=256: s = 3, corr[0] = 176, corr[1] = 172, corr[9] = 142, corr[18] = 114). The factor
// unit works at F + G = 12 (G = 4): tables hold 16·E, input messages are read as 16·M, and its
// correction table corrW has 4096 entries of 16 LSB (corrW[6] = 2788, corrW[10] = 2756,
// corrW[72] = 2300, corrW[146] = 1833, corrW[150] = 1810); the output rounds ⌊(acc − min + 8)/16⌋.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import {
  applyEvidence,
  edgeIndex,
  FixedPointBp,
  fixedPointBp,
  floodingSchedule,
  parseEvidence,
  parseUai,
  quantizeGraph,
  randomTree,
  sequentialSchedule,
  type FactorGraph,
} from '../../golden/index.js';
import { makeFormat, maxStar } from '../../isa/index.js';
import { readData } from './helpers.js';

const f16 = makeFormat(16, 8, 256);
const MAX = f16.max;
/** A potential whose energy at F = 8 is exactly E (E = MAX: probability 0). */
const p = (E: number): number => (E === MAX ? 0 : Math.exp(-E / 256));

/**
 * x0 (card 2), x1 (card 3).
 * f0: unary x0 [1, e^(−50/256)]; f3: unary x0 [2, 2] → prior0 = [0, 50] (product, divided by max).
 * f2: unary x1 → prior1 = [10, 0, 0].
 * f1: scope [x1, x0] (x1 fastest), energies [0, 4, MAX, 100, 100, 0].
 * f4: scope [x0, x1] (x0 fastest), energies [0, 30, 30, 0, 60, 60].
 */
function handModel(): FactorGraph {
  return {
    variables: [{ card: 2 }, { card: 3 }],
    factors: [
      { scope: [0], table: Float64Array.from([1, p(50)]) },
      { scope: [1, 0], table: Float64Array.from([0, 4, MAX, 100, 100, 0].map(p)) },
      { scope: [1], table: Float64Array.from([p(10), 1, 1]) },
      { scope: [0], table: Float64Array.from([2, 2]) },
      { scope: [0, 1], table: Float64Array.from([0, 30, 30, 0, 60, 60].map(p)) },
    ],
  };
}

const F = (factor: number, variable: number) => ({ kind: 'F', factor, variable }) as const;
const V = (variable: number, factor: number) => ({ kind: 'V', variable, factor }) as const;
const arr = (a: Int32Array): number[] => Array.from(a);

describe('fixed-point BP: format facts used below', () => {
  it('default table and max*', () => {
    expect(f16.shift).toBe(3);
    expect([f16.guard, f16.tableMax, f16.wideShift]).toEqual([4, 2 ** 19 - 1, 4]);
    expect([6, 10, 72, 146, 150].map((k) => f16.wideCorr[k])).toEqual([2788, 2756, 2300, 1833, 1810]);
    expect([f16.corr[0], f16.corr[1], f16.corr[9], f16.corr[18]]).toEqual([176, 172, 142, 114]);
    expect(maxStar(f16, 100, 100)).toBe(-76);
    expect(maxStar(f16, 10, 4)).toBe(-172);
  });
});

describe('fixed-point BP: quantisation', () => {
  it('folds unary factors into priors and quantises tables in first-fastest order', () => {
    const qg = quantizeGraph(handModel(), f16);
    expect(qg.nEdges).toBe(4); // unary factors have no edges
    expect(arr(qg.fOff)).toEqual([0, 0, 2, 2, 2, 4]);
    // Tables at F + G = 12: 16 × the F = 8 energies; probability 0 is TMAX.
    expect(arr(qg.tables.subarray(qg.tabOff[1], qg.tabOff[2]))).toEqual([0, 64, f16.tableMax, 1600, 1600, 0]);
    expect(arr(qg.tables.subarray(qg.tabOff[4], qg.tabOff[5]))).toEqual([0, 480, 480, 0, 960, 960]);
    expect(arr(qg.priors.subarray(qg.priorOff[0], qg.priorOff[0]! + 2))).toEqual([0, 50]);
    expect(arr(qg.priors.subarray(qg.priorOff[1], qg.priorOff[1]! + 3))).toEqual([10, 0, 0]);
    // Edges: f1 (x1 pos 0, x0 pos 1), f4 (x0 pos 0, x1 pos 1).
    expect(arr(qg.edgeVar)).toEqual([1, 0, 0, 1]);
    expect(arr(qg.edgeStride)).toEqual([1, 3, 1, 2]);
    expect(arr(qg.mOff)).toEqual([0, 3, 5, 7, 10]);
    expect(arr(qg.vEdges)).toEqual([1, 2, 0, 3]); // x0: f1, f4; x1: f1, f4
    expect(edgeIndex(qg, 4, 1)).toBe(3);
    expect(edgeIndex(qg, 0, 0)).toBe(-1); // unary: folded
  });

  it('a variable without unary factors has no prior; an all-zero product is all MAX', () => {
    const g: FactorGraph = {
      variables: [{ card: 2 }, { card: 2 }],
      factors: [
        { scope: [0, 1], table: Float64Array.from([1, 2, 3, 4]) },
        { scope: [1], table: Float64Array.from([1, 0]) },
        { scope: [1], table: Float64Array.from([0, 1]) },
      ],
    };
    const qg = quantizeGraph(g, f16);
    expect(qg.priorOff[0]).toBe(-1);
    expect(arr(qg.priors)).toEqual([MAX, MAX]);
    // Table divided by its max (4): energies of 1/4, 2/4, 3/4, 1 at F + G = 12.
    expect(arr(qg.tables)).toEqual([5678, 2839, 1178, 0]);
  });
});

describe('fixed-point BP: hand-computed updates (W=16, F=8, T=256)', () => {
  it('V then F, sum-product: exact integers', () => {
    const bp = new FixedPointBp(quantizeGraph(handModel(), f16), { schedule: [] });
    // V(x0, f1): prior0 + m_{f4→x0} (= 0) → [0, 50]; V(x1, f1): prior1 → [10, 0, 0].
    expect(bp.applyUpdate(V(0, 1))).toBe(0);
    expect(bp.applyUpdate(V(1, 1))).toBe(0);
    expect(arr(bp.varToFactor(0, 1))).toEqual([0, 50]);
    expect(arr(bp.varToFactor(1, 1))).toEqual([10, 0, 0]);
    // F(f1, x0), o = 1, read at F + G. x0 = 0: e = 0+16·10, 64+0, TMAX (skipped) → max*(160, 64) =
    // 64 − corrW[96>>4 = 6] = −2724. x0 = 1: 1760, 1600, 0 → max*(1760,1600) = 1600 − corrW[10] = −1156,
    // max*(−1156, 0) = −1156 − corrW[1156>>4 = 72] = −3456. min = −3456 → [⌊(732+8)/16⌋, 0] = [46, 0].
    expect(bp.applyUpdate(F(1, 0))).toBe(46);
    expect(arr(bp.factorToVar(1, 0))).toEqual([46, 0]);
    // F(f1, x1), o = 0, n_{x0} = [0, 50]. x1 = 0: 0, 1600+800 → 0 − corrW[2400>>4 = 150] = −1810;
    // x1 = 1: 64, 2400 → 64 − corrW[2336>>4 = 146] = −1769; x1 = 2: TMAX, 0+800 → 800.
    // min = −1810 → [0, ⌊49/16⌋, ⌊2618/16⌋] = [0, 3, 163].
    expect(bp.applyUpdate(F(1, 1))).toBe(163);
    expect(arr(bp.factorToVar(1, 1))).toEqual([0, 3, 163]);
    // V excludes its own factor and includes the prior first: V(x0, f4) = [0,50] + [46,0] → [0, 4];
    // V(x0, f1) = [0,50] + m_{f4→x0} (still 0).
    bp.applyUpdate(V(0, 4));
    bp.applyUpdate(V(0, 1));
    expect(arr(bp.varToFactor(0, 4))).toEqual([0, 4]);
    expect(arr(bp.varToFactor(0, 1))).toEqual([0, 50]);
    // Beliefs: x0 = [0,50] + [46,0] + 0 → [0, 4]; x1 = [10,0,0] + [0,3,163] → [7, 0, 160].
    const be = bp.beliefEnergies();
    expect(arr(be[0]!)).toEqual([0, 4]);
    expect(arr(be[1]!)).toEqual([7, 0, 160]);
    const mar = bp.marginals();
    expect(mar[0]![0]! / mar[0]![1]!).toBeCloseTo(Math.exp(4 / 256), 12);
    // Same update again: same inputs, change 0.
    expect(bp.applyUpdate(F(1, 1))).toBe(0);
  });

  it('min-sum uses min and no table', () => {
    const bp = new FixedPointBp(quantizeGraph(handModel(), f16), { sumProduct: false, schedule: [] });
    bp.applyUpdate(V(0, 1));
    bp.applyUpdate(V(1, 1));
    expect(bp.applyUpdate(F(1, 0))).toBe(4);
    expect(arr(bp.factorToVar(1, 0))).toEqual([4, 0]); // min(10, 4, MAX) = 4; min(110, 100, 0) = 0
    bp.applyUpdate(F(1, 1));
    expect(arr(bp.factorToVar(1, 1))).toEqual([0, 4, 50]); // min(0,150), min(4,150), min(MAX,50)
  });

  it('damping λ = 128 blends with the old message, round half up', () => {
    const bp = new FixedPointBp(quantizeGraph(handModel(), f16), { lambda: 128, schedule: [] });
    bp.applyUpdate(V(0, 1));
    bp.applyUpdate(V(1, 1));
    // new [46, 0], old [0, 0]: 46 + ⌊(−46·128 + 128)/256⌋ = 46 − 23 = 23.
    expect(bp.applyUpdate(F(1, 0))).toBe(23);
    expect(arr(bp.factorToVar(1, 0))).toEqual([23, 0]);
    // again: 46 + ⌊(−23·128 + 128)/256⌋ = 46 − 11 = 35; change 12.
    expect(bp.applyUpdate(F(1, 0))).toBe(12);
    expect(arr(bp.factorToVar(1, 0))).toEqual([35, 0]);
    // [0, 3, 163] against 0: [0 + ⌊128/256⌋, 3 + ⌊−256/256⌋, 163 + ⌊−20736/256⌋] = [0, 2, 82].
    expect(bp.applyUpdate(F(1, 1))).toBe(82);
    expect(arr(bp.factorToVar(1, 1))).toEqual([0, 2, 82]);
  });

  it('schedule builders: flooding (all V, then all F) and sequential (per factor: V then F)', () => {
    const g = handModel();
    expect(floodingSchedule(g)).toEqual([V(0, 1), V(0, 4), V(1, 1), V(1, 4), F(1, 1), F(1, 0), F(4, 0), F(4, 1)]);
    expect(sequentialSchedule(g)).toEqual([V(1, 1), V(0, 1), F(1, 1), F(1, 0), V(0, 4), V(1, 4), F(4, 0), F(4, 1)]);
    // Running the named schedule equals running its list; iterate() returns the max F change.
    const qg = quantizeGraph(g, f16);
    const a = new FixedPointBp(qg, { schedule: 'sequential' });
    const b = new FixedPointBp(qg, { schedule: sequentialSchedule(g) });
    const c = new FixedPointBp(qg, { schedule: [] });
    let change = 0;
    for (const u of sequentialSchedule(g)) change = Math.max(change, c.applyUpdate(u));
    expect(a.iterate()).toBe(change);
    b.iterate();
    expect(arr(a.m)).toEqual(arr(c.m));
    expect(arr(a.n)).toEqual(arr(c.n));
    expect(arr(b.m)).toEqual(arr(c.m));
  });

  it('rejects updates that are not edges of a 2+-ary factor', () => {
    const qg = quantizeGraph(handModel(), f16);
    expect(() => new FixedPointBp(qg, { schedule: [F(0, 0)] })).toThrow(/not an edge/);
    expect(() => new FixedPointBp(qg, { schedule: [V(1, 7)] })).toThrow(/not an edge/);
    expect(() => new FixedPointBp(qg, { lambda: 257 })).toThrow(RangeError);
  });
});

describe('fixed-point BP: zeros and the all-MAX guard', () => {
  it('an all-zero prior gives all-MAX energies, a uniform belief, and no NaN anywhere', () => {
    const g: FactorGraph = {
      variables: [{ card: 2 }, { card: 3 }],
      factors: [
        { scope: [0, 1], table: Float64Array.from([1, 0, 0, 2, 3, 0]) },
        { scope: [0], table: Float64Array.from([1, 0]) },
        { scope: [0], table: Float64Array.from([0, 1]) },
      ],
    };
    const bp = new FixedPointBp(quantizeGraph(g, f16), { schedule: 'flooding' });
    const r = bp.run(50);
    expect(r.converged).toBe(true);
    const be = bp.beliefEnergies();
    expect(arr(be[0]!)).toEqual([0, 0]); // all MAX normalises to all 0
    const mar = bp.marginals();
    expect(mar[0]).toEqual([0.5, 0.5]);
    for (const m of mar) for (const x of m) expect(Number.isFinite(x)).toBe(true);
    // The all-MAX V message became uniform (0/0 guard), so x1 sees only the factor's column maxima.
    expect(arr(bp.varToFactor(0, 0))).toEqual([0, 0]);
  });

  it('Pedigree_11 with evidence at W=16: finite marginals that sum to 1 (flooding and sequential)', () => {
    const g = applyEvidence(
      parseUai(readData('uai2014/Pedigree_11.uai'), 'Pedigree_11.uai'),
      parseEvidence(readData('uai2014/Pedigree_11.uai.evid'), 'Pedigree_11.uai.evid'),
    );
    for (const schedule of ['flooding', 'sequential'] as const) {
      const r = fixedPointBp(g, { W: 16, schedule, maxIter: 60 });
      expect(r.marginals.length).toBe(g.variables.length);
      for (const m of r.marginals) {
        let s = 0;
        for (const x of m) {
          expect(Number.isNaN(x)).toBe(false);
          expect(x).toBeGreaterThanOrEqual(0);
          s += x;
        }
        expect(Math.abs(s - 1)).toBeLessThan(1e-12);
      }
    }
  });

  it('property: on random trees with zeros, messages stay in [0, MAX] and marginals are distributions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.constantFrom(8, 12, 16, 24),
        fc.boolean(),
        fc.constantFrom('flooding', 'sequential') as fc.Arbitrary<'flooding' | 'sequential'>,
        (seed, W, sumProduct, schedule) => {
          const g = randomTree({ nVars: 12, seed, maxCard: 4, zeroProb: 0.3 });
          const f = makeFormat(W, W >> 1, W <= 16 ? 256 : 4096);
          const bp = new FixedPointBp(quantizeGraph(g, f), { sumProduct, schedule, tolRaw: 0 });
          bp.run(30);
          for (const a of [bp.m, bp.n]) for (const x of a) if (x < 0 || x > f.max) return false;
          for (const m of bp.marginals()) {
            const s = m.reduce((x, y) => x + y, 0);
            if (!(Math.abs(s - 1) < 1e-12) || m.some((x) => !(x >= 0))) return false;
          }
          return true;
        },
      ),
      { numRuns: 150, seed: 20240601 },
    );
  });
});

describe('fixed-point BP: determinism', () => {
  it('two runs give identical Int32 messages and beliefs', () => {
    const g = randomTree({ nVars: 60, seed: 77, tripleProb: 0.3 });
    const qg = quantizeGraph(g, f16);
    const runs = [0, 1].map(() => {
      const bp = new FixedPointBp(quantizeGraph(g, f16), { schedule: 'flooding', lambda: 64 });
      bp.run(25);
      return bp;
    });
    expect(arr(runs[0]!.m)).toEqual(arr(runs[1]!.m));
    expect(arr(runs[0]!.n)).toEqual(arr(runs[1]!.n));
    expect(runs[0]!.beliefEnergies().map(arr)).toEqual(runs[1]!.beliefEnergies().map(arr));
    // reset() starts over from 0 messages and reproduces the run.
    const bp = new FixedPointBp(qg, { schedule: 'flooding', lambda: 64 });
    bp.run(7);
    bp.reset();
    bp.run(25);
    expect(arr(bp.m)).toEqual(arr(runs[0]!.m));
  });
});

describe('two-pass tree schedule', () => {
  it('is used for forests, covers every edge once per direction, and is refused for loopy graphs', async () => {
    const { treeSchedule, sequentialSchedule, fixedOrderSchedule, randomTree, readModelFile } = await import('../../golden/index.js');
    const tree = randomTree({ nVars: 40, seed: 5, maxCard: 4 });
    const list = treeSchedule(tree)!;
    expect(list).not.toBeNull();
    expect(sequentialSchedule(tree)).toEqual(list);
    const multi = tree.factors.filter((f) => f.scope.length >= 2);
    const edges = multi.reduce((n, f) => n + f.scope.length, 0);
    expect(list.filter((u) => u.kind === 'F')).toHaveLength(edges);
    expect(list.filter((u) => u.kind === 'V')).toHaveLength(edges);
    expect(new Set(list.map((u) => `${u.kind}${u.factor}:${u.variable}`)).size).toBe(2 * edges);
    const loopy = readModelFile(fileURLToPath(new URL('../../../shared/data/libdai/testfast.fg', import.meta.url)));
    expect(treeSchedule(loopy)).toBeNull();
    expect(sequentialSchedule(loopy)).toEqual(fixedOrderSchedule(loopy));
  });
});

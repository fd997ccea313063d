// Accuracy of the fixed-point BP reference against float BP (same schedule) on real models, and
// against exact inference on seeded trees. The error is the max over variables and states of
// |p_fixed − p_float| (max-abs marginal difference; for these binary models it equals the max TV).
import { describe, it, expect } from 'vitest';
import {
  applyEvidence,
  beliefPropagation,
  exactInference,
  fixedPointBp,
  parseEvidence,
  parseFg,
  parseUai,
  randomTree,
  type FactorGraph,
} from '../../golden/index.js';
import { defaultFracBits, defaultTableSize, makeFormat } from '../../isa/index.js';
import { readData } from './helpers.js';

function maxAbs(a: ArrayLike<ArrayLike<number>>, b: ArrayLike<ArrayLike<number>>): number {
  let d = 0;
  for (let v = 0; v < a.length; v++) {
    const x = a[v]!;
    const y = b[v]!;
    for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!));
  }
  return d;
}

const models: [string, FactorGraph][] = [
  ['testfast.fg', parseFg(readData('libdai/testfast.fg'), 'testfast.fg')],
  [
    'Promedus_24',
    applyEvidence(
      parseUai(readData('uai2014/Promedus_24.uai'), 'Promedus_24.uai'),
      parseEvidence(readData('uai2014/Promedus_24.uai.evid'), 'Promedus_24.uai.evid'),
    ),
  ],
];
const WIDTHS = [8, 12, 16, 24];

describe('fixed-point BP vs float BP (tol 1e-9, no damping, same schedule)', () => {
  for (const schedule of ['flooding', 'sequential'] as const) {
    it(`${schedule}: error shrinks with W and is <= 1e-2 at W=16`, () => {
      const lines: string[] = [`fixed-point vs float BP, ${schedule}: max |p_fixed - p_float| (iterations, c = converged at tolRaw 0)`];
      lines.push(['model'.padEnd(12), ...WIDTHS.map((W) => `W=${W}`.padEnd(18))].join(' '));
      for (const [name, g] of models) {
        const fl = beliefPropagation(g, { schedule, tol: 1e-9, maxIter: 1000 });
        expect(fl.converged).toBe(true);
        const errs: number[] = [];
        const cells: string[] = [];
        for (const W of WIDTHS) {
          // tolRaw = 0 (run to an exact fixed point, or 1000 iterations inside a limit cycle).
          const r = fixedPointBp(g, { W, schedule, tol: 0, maxIter: 1000 });
          const e = maxAbs(r.marginals, fl.marginals);
          errs.push(e);
          cells.push(`${e.toExponential(2)} (${r.iterations}${r.converged ? ' c' : ''})`.padEnd(18));
          if (!r.converged) {
            // Sum-product limit cycles stay within two max* table buckets.
            const fmt = makeFormat(W, defaultFracBits(W), defaultTableSize(W));
            expect(r.lastChange).toBeLessThanOrEqual(2 << fmt.shift);
          }
        }
        lines.push([name.padEnd(12), ...cells].join(' '));
        expect(errs[1]!).toBeLessThan(errs[0]!);
        expect(errs[2]!).toBeLessThan(errs[1]!);
        expect(errs[3]!).toBeLessThanOrEqual(errs[2]!);
        expect(errs[2]!).toBeLessThanOrEqual(1e-2);
      }
      console.log(lines.join('\n'));
    });
  }

  it('W=16 converges on both models with tol = 1/32 nat (tolRaw 8 = one max* bucket), error <= 1e-2', () => {
    const lines = ['fixed-point W=16, tol 1/32 nat: model schedule error iterations'];
    for (const [name, g] of models) {
      for (const schedule of ['flooding', 'sequential'] as const) {
        const fl = beliefPropagation(g, { schedule, tol: 1e-9, maxIter: 1000 });
        const r = fixedPointBp(g, { W: 16, schedule, tol: 1 / 32, maxIter: 1000 });
        expect(r.converged).toBe(true);
        const e = maxAbs(r.marginals, fl.marginals);
        expect(e).toBeLessThanOrEqual(1e-2);
        lines.push(`${name} ${schedule} ${e.toExponential(2)} ${r.iterations}`);
      }
    }
    console.log(lines.join('\n'));
  });

  it('Promedus_24 reaches an exact fixed point (tolRaw 0) at every W', () => {
    for (const W of WIDTHS) expect(fixedPointBp(models[1]![1], { W, tol: 0, maxIter: 1000 }).converged).toBe(true);
  });
});

describe('fixed-point BP vs exact inference on seeded random trees (sequential)', () => {
  it('20 trees of 40 variables (cards 2-8, 3-variable factors): max-abs error per W', () => {
    // Measured worst case over these seeds: W=8 9.7e-2, W=12 1.8e-2, W=16 5.9e-3, W=24 6.0e-4.
    const bound: Record<number, number> = { 8: 0.15, 12: 0.03, 16: 7.5e-3, 24: 1e-3 };
    const lines = ['fixed-point (sequential) vs exact on 20 random trees: W worst-max-abs max-iterations'];
    for (const W of WIDTHS) {
      let worst = 0;
      let maxIt = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const g = randomTree({ nVars: 40, seed });
        const ex = exactInference(g);
        const r = fixedPointBp(g, { W, schedule: 'sequential', tol: 0, maxIter: 100 });
        // On a tree the messages become exact fixed points: change 0 within a few sweeps.
        expect(r.converged).toBe(true);
        worst = Math.max(worst, maxAbs(r.marginals, ex.marginals));
        maxIt = Math.max(maxIt, r.iterations);
      }
      lines.push(`W=${W} ${worst.toExponential(2)} ${maxIt}`);
      expect(worst).toBeLessThanOrEqual(bound[W]!);
    }
    console.log(lines.join('\n'));
  });
});

// Error against the message width W (issue 13): the worst max TV over four shared models of the
// fixed-point reference (which the chip equals bit for bit) against the float reference of the
// same flooding schedule and iteration count, at the compiler's per-model format (code and F,
// calibrated for the run's iteration cap) and the default tolerance (what `gp5sim infer` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FixedPointBp, FloatScheduleBp, readModelFile, scheduleUpdates } from '../../golden/index.js';
import { defaultTableSize } from '../../isa/index.js';
import { chooseFormat, defaultTolerance, tvStats } from '../../runtime/index.js';
import type { BenchCase, FigureResult } from '../harness.js';

const MODELS = ['libdai/testfast.fg', 'libdai/alarm.fg', 'libdai/hoi1.fg', 'uai2014/Promedus_24.uai'];
const WIDTHS = [6, 8, 10, 12, 16, 20, 24];

function load(rel: string) {
  const file = fileURLToPath(new URL(`../../../shared/data/${rel}`, import.meta.url));
  return readModelFile(file, existsSync(`${file}.evid`) ? `${file}.evid` : undefined);
}

/** Max TV of `rel` at width W against float, with the fixed run's iteration count, within `cap` iterations. */
function errorAt(rel: string, W: number, cap: number): { maxTV: number; iterations: number; converged: boolean } {
  const graph = load(rel);
  const { format, graph: q } = chooseFormat(graph, W, defaultTableSize(W), Math.floor(W / 2), { calibrate: { maxIter: cap, sumProduct: true } });
  const updates = scheduleUpdates(graph, 'flooding');
  const tolRaw = Math.floor(defaultTolerance(format) * format.scale);
  const bp = new FixedPointBp(q, { schedule: updates, tolRaw });
  const r = bp.run(cap);
  const fl = new FloatScheduleBp(graph, q, updates, { sumProduct: true, lambda: 0, tol: tolRaw / format.scale }).runExactly(r.iterations);
  return { maxTV: tvStats(bp.marginals(), fl.marginals).maxTV, iterations: r.iterations, converged: r.converged };
}

/** Worst max TV over MODELS at width W. */
export function worstErrorAt(W: number): number {
  let worst = 0;
  for (const rel of MODELS) worst = Math.max(worst, errorAt(rel, W, 100).maxTV);
  return worst;
}

/** Promedus_11: float flooding needs 176-206 iterations (tests/runtime/w8-accuracy.test.ts), so it has its own cap. */
const PROMEDUS_11 = 'uai2014/Promedus_11.uai';
const PROMEDUS_11_CAP = 400;

/** Issue 13's bound at W, if it names one. */
const BOUND: Record<number, number> = { 8: 0.05, 16: 5e-3 };

export const accuracyCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'accuracy.errorVsW.w8',
    unit: 'max TV (target ≤ 0.05)',
    description: `worst max TV against the float reference of the same schedule over ${MODELS.join(', ')} at W = 8 (extra: W = ${WIDTHS.join(', ')}, each with its target: below the previous width, W = 8 ≤ 0.05, W = 16 ≤ 5e-3; decreasing = 1 when every step falls)`,
    measure: (): FigureResult => {
      const extra: Record<string, { value: number; unit: string }> = {};
      let w8 = 0;
      let prev = Infinity;
      let prevW = 0;
      let decreasing = 1;
      for (const W of WIDTHS) {
        const e = worstErrorAt(W);
        const targets = [...(prevW ? [`< W${prevW}`] : []), ...(BOUND[W] !== undefined ? [`≤ ${BOUND[W]}`] : [])];
        extra[`W${W}`] = { value: e, unit: `max TV${targets.length ? ` (target ${targets.join(', ')})` : ''}` };
        if (!(e < prev)) decreasing = 0;
        prev = e;
        prevW = W;
        if (W === 8) w8 = e;
      }
      extra.decreasing = { value: decreasing, unit: `(target 1: falls at every step W = ${WIDTHS[0]} … ${WIDTHS[WIDTHS.length - 1]})` };
      return { value: w8, extra };
    },
  },
  {
    kind: 'figure',
    name: 'accuracy.promedus11.w8',
    unit: 'max TV (target ≤ 0.05)',
    description: `max TV against the float reference of the same schedule on ${PROMEDUS_11} at W = 8, at most ${PROMEDUS_11_CAP} iterations (extra: W = 16 and both widths' iterations; converged = 1 when both do)`,
    measure: (): FigureResult => {
      const r8 = errorAt(PROMEDUS_11, 8, PROMEDUS_11_CAP);
      const r16 = errorAt(PROMEDUS_11, 16, PROMEDUS_11_CAP);
      return {
        value: r8.maxTV,
        extra: {
          W16: { value: r16.maxTV, unit: 'max TV (target ≤ 5e-3)' },
          iterationsW8: { value: r8.iterations, unit: 'iterations' },
          iterationsW16: { value: r16.iterations, unit: 'iterations' },
          converged: { value: r8.converged && r16.converged ? 1 : 0, unit: '(target 1)' },
        },
      };
    },
  },
];

// Issue 13 item 3: number formats that keep W = 8 and W = 16 accurate. With the wide datapath
// (exact accumulation, sticky zeros, the factor unit at F + G = 12 with a 4096-entry max* table,
// finite values never rounded to zero) and the compiler's per-model F, every shared model where
// float BP converges within the default 100 iterations is held against the float reference of the
// same schedule: W = 8 converges and is within 0.05 max TV, W = 16 within 5e-3 (issue 13's bounds).
// Promedus_11, where float needs 176-206 iterations, meets the W = 16 bound and misses the W = 8
// one (0.125); its figures are asserted as measured. Before: Promedus_24 0.163 at
// W = 8; DBN_11 did not converge at W = 8; testfast, alarm and ObjectDetection_11 were at 6.7e-3,
// 7.0e-3 and 8.5e-3 at W = 16.
//
// The bounds are checked on the fixed-point reference, which the chip equals bit for bit
// (tests/runtime/golden-bitexact.test.ts); one model also goes through the chip to tie the two.
import { describe, it, expect } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTableSize, makeConfig, makeFormat } from '../../isa/index.js';
import { FixedPointBp, FloatScheduleBp, quantizeGraph, readModelFile, scheduleUpdates, type FactorGraph } from '../../golden/index.js';
import { chooseFormat, defaultTolerance, inferOnChip, tvStats, withMessageBits } from '../../runtime/index.js';
import { dataPath } from './corpus.js';
import { gp5sim, tmp } from './cli-helpers.js';

// Every shared model the issue names except Promedus_11 (below: float needs more than 100 iterations).
const MODELS = [
  'libdai/testfast.fg',
  'libdai/alarm.fg',
  'libdai/hoi1.fg',
  'libdai/hoi2.fg',
  'libdai/hoi3.fg',
  'libdai/hoi4.fg',
  'uai2014/Promedus_24.uai',
  'uai2014/Segmentation_11.uai',
  'uai2014/ObjectDetection_11.uai',
  'uai2014/DBN_11.uai',
];
const MAX_ITER = 100; // inferOnChip's default
const PROMEDUS_11_CAP = 400;

const load = (rel: string) => {
  const file = dataPath(rel);
  return readModelFile(file, existsSync(`${file}.evid`) ? `${file}.evid` : undefined);
};

/**
 * What inferOnChip does at width W (4 PEs would give the same bits), on the fixed reference, within
 * `maxIter` iterations; `F` forces the fraction bits instead of the compiler's choice.
 */
function againstFloat(graph: FactorGraph, W: number, maxIter = MAX_ITER, F?: number) {
  const { format, graph: q } = F === undefined ? chooseFormat(graph, W, defaultTableSize(W)) : { format: makeFormat(W, F, defaultTableSize(W)), graph: quantizeGraph(graph, makeFormat(W, F, defaultTableSize(W))) };
  const updates = scheduleUpdates(graph, 'flooding');
  const tolRaw = Math.floor(defaultTolerance(format) * format.scale);
  const bp = new FixedPointBp(q, { schedule: updates, tolRaw });
  const r = bp.run(maxIter);
  const fl = new FloatScheduleBp(graph, q, updates, { sumProduct: true, lambda: 0, tol: tolRaw / format.scale }).runExactly(r.iterations);
  return { ...r, F: format.F, maxTV: tvStats(bp.marginals(), fl.marginals).maxTV, floatConverged: fl.converged };
}

describe('W = 8 and W = 16 accuracy against the float reference of the same schedule', () => {
  for (const rel of MODELS) {
    it(`${rel}: W = 8 converges with max TV ≤ 0.05, W = 16 converges with max TV ≤ 5e-3`, { timeout: 30_000 }, () => {
      const graph = load(rel);
      const r8 = againstFloat(graph, 8);
      expect(r8.converged).toBe(true);
      expect(r8.maxTV).toBeLessThanOrEqual(0.05);
      const r16 = againstFloat(graph, 16);
      expect(r16.converged).toBe(true);
      expect(r16.maxTV).toBeLessThanOrEqual(5e-3);
    });
  }

  // Promedus_11 (with its evidence) converges under float flooding BP, but slowly: at 176
  // iterations at W = 8's tolerance (1/8 nat at F = 3), at 206 at W = 16's (1/32 nat); so it is held
  // at a cap of 400 iterations (PROMEDUS_11_CAP), not the default 100. W = 16 meets the bound
  // there. W = 8 converges (188 iterations) but is 0.125 max TV from float, and no format choice of
  // the compiler fixes it: the error is set by the fraction bits F alone (F = 3 gives the same bits at
  // W = 16), F = 4 and 5 at W = 8 clip the 9.2-nat disease priors and are worse, and it takes F ≥ 5
  // with more than 8 nats of range (W ≥ 10) to get under 0.05. runtime/README.md "Number format per
  // model" has the figures and the cause.
  describe('Promedus_11 (float converges only after 100 iterations)', () => {
    const file = dataPath('uai2014/Promedus_11.uai');
    const graph = readModelFile(file, `${file}.evid`);
    const floatIterations = (W: number) => {
      const { format, graph: q } = chooseFormat(graph, W, defaultTableSize(W));
      const tol = Math.floor(defaultTolerance(format) * format.scale) / format.scale;
      return new FloatScheduleBp(graph, q, scheduleUpdates(graph, 'flooding'), { tol }).run(PROMEDUS_11_CAP);
    };

    it('float flooding BP converges at 176 iterations (W = 8 tolerance) and 206 (W = 16), not within 100', { timeout: 30_000 }, () => {
      const f8 = floatIterations(8);
      expect([f8.converged, f8.iterations]).toEqual([true, 176]);
      const f16 = floatIterations(16);
      expect([f16.converged, f16.iterations]).toEqual([true, 206]);
    });

    it('W = 16 converges with max TV ≤ 5e-3 at the cap', { timeout: 30_000 }, () => {
      const r16 = againstFloat(graph, 16, PROMEDUS_11_CAP);
      expect([r16.converged, r16.iterations, r16.F]).toEqual([true, 205, 8]);
      expect(r16.maxTV).toBeLessThanOrEqual(5e-3);
    });

    it('W = 8 converges (F = 3, 188 iterations) but misses 0.05: max TV 0.125, set by F alone', { timeout: 30_000 }, () => {
      const r8 = againstFloat(graph, 8, PROMEDUS_11_CAP);
      expect([r8.converged, r8.iterations, r8.F, r8.floatConverged]).toEqual([true, 188, 3, true]);
      expect(r8.maxTV).toBeCloseTo(0.125, 4);
      // The same F with the range of W = 16 gives the same figure: the range is not the cause.
      const wideRange = againstFloat(graph, 16, PROMEDUS_11_CAP, 3);
      expect([wideRange.iterations, wideRange.maxTV]).toEqual([r8.iterations, r8.maxTV]);
      // More fraction bits at W = 8 clip the priors and are worse.
      expect(againstFloat(graph, 8, PROMEDUS_11_CAP, 4).maxTV).toBeCloseTo(0.31, 2);
    });
  });

  it('the chip gives the reference figures (testfast: same iterations, same max TV)', { timeout: 30_000 }, () => {
    const graph = load('libdai/testfast.fg');
    const cfg = makeConfig({ pes: 4 });
    for (const W of [8, 16]) {
      const chip = inferOnChip(graph, { cfg: withMessageBits(cfg, W), exactLimit: 0, path: 'dense' }); // the dense reference's figures (testfast alone would take the pairwise path)
      const ref = againstFloat(graph, W);
      expect([chip.converged, chip.iterations, chip.format.F, chip.maxTV]).toEqual([ref.converged, ref.iterations, ref.F, ref.maxTV]);
    }
  });

  it('Promedus_24: the compiler lowers F to 3 at W = 8 and names what it still clips', () => {
    const r = inferOnChip(load('uai2014/Promedus_24.uai'), { cfg: withMessageBits(makeConfig({ pes: 4, scratchpadBytes: 1 << 22 }), 8), exactLimit: 0 });
    expect(r.format.F).toBe(3);
    expect(r.converged).toBe(true);
    expect(r.maxTV).toBeLessThanOrEqual(0.05);
    expect(r.warnings.some((w) => /^prior of variable \d+ \(unary factor \d+\): 1 non-zero entry down to −\d+\.\d\d nats .* range of 15\.75 nats: held at the smallest non-zero probability$/.test(w))).toBe(true);
  });
});

describe('a dynamic range the format cannot hold', () => {
  it('gp5sim infer warns naming the factor and the clipped range (never silently clipped)', () => {
    const file = join(tmp, 'clipped.json');
    // Factor 1 spans 69 nats: beyond every F at W = 8 (F = 1 holds 64 nats; a table word at F + G = 12,
    // (2^18 − 2) / 2^12 = 63.9995 nats).
    writeFileSync(file, JSON.stringify({ format: 'gp5-factor-graph', version: 1, variables: [{ card: 2 }, { card: 2 }], factors: [{ scope: [0], values: [0.3, 0.7] }, { scope: [0, 1], values: [1, 1e-30, 0.5, 1] }] }));
    const r = gp5sim('infer', file, '--bits', '8', '--pes', '1');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning: factor 1: 1 non-zero entry down to −69.08 nats (relative to its largest) beyond the W=8 F=1 range of 64.00 nats: held at the smallest non-zero probability');
    expect(r.stdout).toContain('format W=8 F=1');
    // At W = 16, F = 8 holds 128 nats: no warning.
    const r16 = gp5sim('infer', file, '--bits', '16', '--pes', '1');
    expect(r16.status).toBe(0);
    expect(r16.stderr).not.toContain('warning: factor');
  });
});

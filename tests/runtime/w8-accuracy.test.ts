// Issue 13 item 3: number formats that keep W = 8 and W = 16 accurate. With the wide datapath
// (exact accumulation, sticky zeros, the factor unit at F + G = 12 with a 4096-entry max* table,
// finite values never rounded to zero), the unsigned message code below W = 16 (twice the range at
// the same F, priors as wider prior words) and the compiler's per-model F (calibrated between the
// two finest admissible F on small models), every shared model where float BP converges is held
// against the float reference of the same schedule: W = 8 converges and is within 0.05 max TV,
// W = 16 within 5e-3 (issue 13's bounds). Promedus_11, where float needs 176-206 iterations, is
// held at a 400-iteration cap. Before the unsigned code: Promedus_11 0.125 at W = 8 (F = 3);
// before the wide datapath: Promedus_24 0.163 at W = 8, DBN_11 did not converge at W = 8.
//
// The bounds are checked on the fixed-point reference, which the chip equals bit for bit
// (tests/runtime/golden-bitexact.test.ts); models also go through the chip to tie the two.
import { describe, it, expect } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTableSize, makeConfig, makeFormat, type MessageCode } from '../../isa/index.js';
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
 * What inferOnChip does at width W on the dense path (4 PEs would give the same bits), on the fixed
 * reference, within `maxIter` iterations: the compiler's format choice (calibrated for that budget),
 * or `force` (a code, and optionally F).
 */
function againstFloat(graph: FactorGraph, W: number, maxIter = MAX_ITER, force?: { code: MessageCode; F?: number }) {
  const T = defaultTableSize(W);
  const { format, graph: q } =
    force?.F !== undefined
      ? { format: makeFormat(W, force.F, T, force.code), graph: quantizeGraph(graph, makeFormat(W, force.F, T, force.code)) }
      : chooseFormat(graph, W, T, Math.floor(W / 2), { code: force?.code ?? 'auto', calibrate: { maxIter, sumProduct: true } });
  const updates = scheduleUpdates(graph, 'flooding');
  const tolRaw = Math.floor(defaultTolerance(format) * format.scale);
  const bp = new FixedPointBp(q, { schedule: updates, tolRaw });
  const r = bp.run(maxIter);
  const fl = new FloatScheduleBp(graph, q, updates, { sumProduct: true, lambda: 0, tol: tolRaw / format.scale }).runExactly(r.iterations);
  return { ...r, F: format.F, code: format.code, maxTV: tvStats(bp.marginals(), fl.marginals).maxTV, floatConverged: fl.converged };
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
    // The chip itself (inferOnChip, 4 PEs, path auto): binary pairwise models too take the dense path
    // below W = 16 (on the pairwise LLR path DBN_11 did not converge at W = 8).
    it(`${rel}: the chip at W = 8 gives the reference's format, iterations and max TV`, { timeout: 30_000 }, () => {
      const graph = load(rel);
      const ref = againstFloat(graph, 8);
      const chip = inferOnChip(graph, { cfg: withMessageBits(makeConfig({ pes: 4, scratchpadBytes: 1 << 22 }), 8), exactLimit: 0 });
      expect(chip.path).toBe('dense');
      expect([chip.converged, chip.iterations, chip.format.F, chip.format.code, chip.maxTV]).toEqual([ref.converged, ref.iterations, ref.F, ref.code, ref.maxTV]);
    });
  }

  // Promedus_11 (with its evidence) converges under float flooding BP, but slowly: at 176
  // iterations at signed W = 8's tolerance (1/8 nat at F = 3), at 206 at W = 16's (1/32 nat); so it
  // is held at a cap of 400 iterations (PROMEDUS_11_CAP), not the default 100. Its error at W = 8 is
  // set by F (noisy-OR chains of 3-nat messages, runtime/README.md "Number format per model"): the
  // signed code's 15.75 nats of range at F = 3 give 0.125; F = 4 and 5 would clip its 9-16-nat
  // priors. The unsigned code holds the priors as prior words (4× the range) and its messages reach
  // 7.9 nats at F = 5, which gives 0.021.
  describe('Promedus_11 (float converges only after 100 iterations)', () => {
    const file = dataPath('uai2014/Promedus_11.uai');
    const graph = readModelFile(file, `${file}.evid`);
    const floatIterations = (W: number, code: MessageCode) => {
      const { format, graph: q } = chooseFormat(graph, W, defaultTableSize(W), Math.floor(W / 2), { code });
      const tol = Math.floor(defaultTolerance(format) * format.scale) / format.scale;
      return new FloatScheduleBp(graph, q, scheduleUpdates(graph, 'flooding'), { tol }).run(PROMEDUS_11_CAP);
    };

    it('float flooding BP converges at 176 iterations (signed W = 8 tolerance) and 206 (W = 16), not within 100', { timeout: 30_000 }, () => {
      const f8 = floatIterations(8, 'signed');
      expect([f8.converged, f8.iterations]).toEqual([true, 176]);
      const f16 = floatIterations(16, 'signed');
      expect([f16.converged, f16.iterations]).toEqual([true, 206]);
    });

    it('W = 16 converges with max TV ≤ 5e-3 at the cap', { timeout: 30_000 }, () => {
      const r16 = againstFloat(graph, 16, PROMEDUS_11_CAP);
      expect([r16.converged, r16.iterations, r16.F, r16.code]).toEqual([true, 205, 8, 'signed']);
      expect(r16.maxTV).toBeLessThanOrEqual(5e-3);
    });

    it('W = 8: the unsigned code at F = 5 converges (197 iterations) within 0.05 (0.021); the signed code could not', { timeout: 60_000 }, () => {
      const r8 = againstFloat(graph, 8, PROMEDUS_11_CAP);
      expect([r8.converged, r8.iterations, r8.F, r8.code]).toEqual([true, 197, 5, 'unsigned']);
      expect(r8.maxTV).toBeCloseTo(0.0211, 4);
      expect(r8.maxTV).toBeLessThanOrEqual(0.05);
      // The signed code: the range rule lowers F to 3, and that is 0.125 from float.
      const signed = againstFloat(graph, 8, PROMEDUS_11_CAP, { code: 'signed' });
      expect([signed.converged, signed.iterations, signed.F]).toEqual([true, 188, 3]);
      expect(signed.maxTV).toBeCloseTo(0.125, 4);
      // Unsigned at F = 4 (what calibration turned down): 0.055.
      expect(againstFloat(graph, 8, PROMEDUS_11_CAP, { code: 'unsigned', F: 4 }).maxTV).toBeCloseTo(0.0549, 3);
    });

    it('the chip runs it with the same figures (4 PEs)', { timeout: 60_000 }, () => {
      const r = inferOnChip(graph, { cfg: withMessageBits(makeConfig({ pes: 4 }), 8), maxIter: PROMEDUS_11_CAP, exactLimit: 0 });
      expect([r.converged, r.iterations, r.format.F, r.format.code]).toEqual([true, 197, 5, 'unsigned']);
      expect(r.maxTV).toBeCloseTo(0.0211, 4);
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

  it('Promedus_24: calibration keeps F = 4 at W = 8 (its messages span more than F = 5 holds)', { timeout: 60_000 }, () => {
    const graph = load('uai2014/Promedus_24.uai');
    const chosen = chooseFormat(graph, 8, defaultTableSize(8), 4, { calibrate: { maxIter: MAX_ITER, sumProduct: true } });
    expect([chosen.format.F, chosen.format.code]).toEqual([4, 'unsigned']);
    expect(chosen.calibration.map((c) => c.F)).toEqual([5, 4]);
    expect(chosen.calibration[0]!.maxTV).toBeCloseTo(0.0721, 3);
    expect(chosen.calibration[1]!.maxTV).toBeCloseTo(0.0125, 3);
    const r = inferOnChip(graph, { cfg: withMessageBits(makeConfig({ pes: 4, scratchpadBytes: 1 << 22 }), 8), exactLimit: 0 });
    expect([r.format.F, r.format.code, r.converged]).toEqual([4, 'unsigned', true]);
    expect(r.format.calibration).toEqual(chosen.calibration); // reported with the result
    expect(r.maxTV).toBeCloseTo(0.0125, 3);
    expect(r.warnings.filter((w) => /prior of variable/.test(w))).toEqual([]); // the prior words hold its 16-nat priors
  });
});

describe('a dynamic range the format cannot hold', () => {
  it('gp5sim infer warns naming the factor and the clipped range (never silently clipped)', () => {
    const file = join(tmp, 'clipped.json');
    // Factor 1 spans 149.7 nats: beyond every F at W = 8 (unsigned F = 1 holds 128 nats: a table word
    // at F + G = 12, (2^19 − 2) / 2^12 = 127.9995 nats); W = 16 holds it at F = 7 (256 nats).
    writeFileSync(file, JSON.stringify({ format: 'gp5-factor-graph', version: 1, variables: [{ card: 2 }, { card: 2 }], factors: [{ scope: [0], values: [0.3, 0.7] }, { scope: [0, 1], values: [1, 1e-65, 0.5, 1] }] }));
    const r = gp5sim('infer', file, '--bits', '8', '--pes', '1');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning: factor 1: 1 non-zero entry down to −149.67 nats (relative to its largest) beyond the W=8 F=1 range of 128.00 nats: held at the smallest non-zero probability');
    expect(r.stdout).toContain('format W=8 F=1 unsigned');
    // At W = 16 the compiler lowers F to 7 (256 nats): no warning.
    const r16 = gp5sim('infer', file, '--bits', '16', '--pes', '1');
    expect(r16.status).toBe(0);
    expect(r16.stderr).not.toContain('warning: factor');
  });
});

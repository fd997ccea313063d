import { describe, it, expect } from 'vitest';
import { applyEvidence, beliefPropagation, exactInference, parseEvidence, parseMar, parsePr, parseUai, type FactorGraph } from '../../golden/index.js';
import { matchesPrinted, readData, tv } from './helpers.js';

function load(name: string): FactorGraph {
  const m = parseUai(readData(`uai2014/${name}.uai`), `${name}.uai`);
  return applyEvidence(m, parseEvidence(readData(`uai2014/${name}.uai.evid`), `${name}.uai.evid`));
}

/** The printed tokens of a .MAR file (to compare to the printed digits). */
function marTokens(name: string): string[][] {
  const toks = readData(`uai2014/${name}.uai.MAR`).trim().split(/\s+/);
  expect(toks[0]).toBe('MAR');
  const n = Number(toks[1]);
  const out: string[][] = [];
  let i = 2;
  for (let v = 0; v < n; v++) {
    const c = Number(toks[i++]);
    out.push(toks.slice(i, i + c));
    i += c;
  }
  return out;
}

describe('UAI 2014: exact inference reproduces .PR and .MAR', () => {
  for (const name of ['Promedus_24', 'Pedigree_11', 'Grids_11', 'DBN_11']) {
    it(`${name}`, () => {
      const g = load(name);
      const ex = exactInference(g);
      const pr = readData(`uai2014/${name}.uai.PR`).trim().split(/\s+/)[1]!;
      expect(parsePr(readData(`uai2014/${name}.uai.PR`), 'x.PR')).toBe(Number(pr));
      expect(matchesPrinted(ex.logZ / Math.LN10, pr), `log10 Z ${ex.logZ / Math.LN10} vs ${pr}`).toBe(true);
      const mar = marTokens(name);
      expect(parseMar(readData(`uai2014/${name}.uai.MAR`), 'x.MAR').length).toBe(g.variables.length);
      expect(mar.length).toBe(g.variables.length);
      mar.forEach((ps, v) => {
        expect(ex.marginals[v]!.length).toBe(ps.length);
        ps.forEach((p, i) => expect(matchesPrinted(ex.marginals[v]![i]!, p), `${name} var ${v}[${i}]: ${ex.marginals[v]![i]} vs ${p}`).toBe(true));
      });
    });
  }
  it('Grids_11 log10 Z is 169.408 and Promedus_24 -5.86181 (README figures)', () => {
    expect((exactInference(load('Promedus_24')).logZ / Math.LN10).toPrecision(6)).toBe('-5.86181');
  });
});

describe('UAI 2014: what plain BP does', () => {
  it('Promedus_24: converges, max TV < 1e-2 against the published marginals', () => {
    const g = load('Promedus_24');
    const bp = beliefPropagation(g, { schedule: 'flooding', tol: 1e-9, maxIter: 1000 });
    expect(bp.converged).toBe(true);
    expect(bp.iterations).toBeLessThan(1000);
    const mar = parseMar(readData('uai2014/Promedus_24.uai.MAR'), 'Promedus_24.uai.MAR');
    const d = mar.map((m, v) => tv(bp.marginals[v]!, m));
    const max = Math.max(...d);
    expect(max).toBeLessThan(1e-2);
    expect(max).toBeGreaterThan(1e-3); // ~4e-3: BP is approximate here
  });

  it('Grids_11: reports non-convergence after 1000 iterations, with a finite last max change', () => {
    const g = load('Grids_11');
    for (const damping of [0, 0.5]) {
      const bp = beliefPropagation(g, { tol: 1e-9, maxIter: 1000, damping });
      expect(bp.converged).toBe(false);
      expect(bp.iterations).toBe(1000);
      expect(Number.isFinite(bp.maxChange)).toBe(true);
      expect(bp.maxChange).toBeGreaterThan(1e-9);
      expect(bp.updates).toBe(1000 * (100 + 2 * 200));
    }
  });

  it('Pedigree_11: deterministic entries never produce NaN (all schedules)', () => {
    const g = load('Pedigree_11');
    for (const schedule of ['flooding', 'sequential', 'residual'] as const) {
      const bp = beliefPropagation(g, { schedule, tol: 1e-9, maxIter: schedule === 'residual' ? 50 : 300 });
      expect(Number.isFinite(bp.logZ)).toBe(true);
      expect(Number.isNaN(bp.maxChange)).toBe(false);
      for (const m of bp.marginals) {
        for (const p of m) expect(Number.isFinite(p)).toBe(true);
        expect(Math.abs(m.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      }
      for (const b of bp.factorBeliefs) for (const p of b) expect(Number.isFinite(p)).toBe(true);
    }
  });

  it('Segmentation_11 converges to a wrong fixed point; DBN_11 converges with a large error', () => {
    const seg = load('Segmentation_11');
    const bs = beliefPropagation(seg, { tol: 1e-9, maxIter: 1000 });
    expect(bs.converged).toBe(true);
    const ms = parseMar(readData('uai2014/Segmentation_11.uai.MAR'), 'x');
    expect(Math.max(...ms.map((m, v) => tv(bs.marginals[v]!, m)))).toBeGreaterThan(0.9);
    const dbn = load('DBN_11');
    const bd = beliefPropagation(dbn, { tol: 1e-9, maxIter: 1000 });
    expect(bd.converged).toBe(true);
    const md = parseMar(readData('uai2014/DBN_11.uai.MAR'), 'x');
    const avg = md.reduce((a, m, v) => a + tv(bd.marginals[v]!, m), 0) / md.length;
    expect(avg).toBeGreaterThan(0.7);
  });

  it('exact inference refuses a model whose cliques exceed the table limit', () => {
    const g = load('CSP_11');
    expect(() => exactInference(g, { maxTableSize: 1 << 16 })).toThrow(/exact inference refused/);
    try {
      exactInference(g, { maxTableSize: 1 << 16 });
    } catch (err) {
      expect((err as { isUserError?: boolean }).isUserError).toBe(true);
      expect((err as Error).name).toBe('ExactTooLargeError');
    }
  });
});

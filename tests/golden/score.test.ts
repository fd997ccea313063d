// UAI-style scores: closed-form two-state values, and the UAI 2014 Grids_11 reference marginals
// against themselves and against uniform marginals (values checked independently in Python).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMar, scoreMarginals, log10ZError, ScoreInputError } from '../../golden/index.js';
import { UserError } from '../../errors/index.js';

const grids = fileURLToPath(new URL('../../../shared/data/uai2014/Grids_11.uai.MAR', import.meta.url));
const reference = parseMar(readFileSync(grids, 'utf8'), grids);

describe('scoreMarginals', () => {
  it('two states, result (0.5, 0.5) against reference (0.9, 0.1): TV 0.4, Hellinger and KL in closed form', () => {
    const s = scoreMarginals([[0.5, 0.5]], [[0.9, 0.1]]);
    expect(s.maxTV).toBeCloseTo(0.4, 15);
    expect(s.maxHellinger).toBeCloseTo(0.32491969623290634, 15);
    expect(s.maxKL).toBeCloseTo(0.9 * Math.log(1.8) + 0.1 * Math.log(0.2), 15);
    expect(s.meanTV).toBe(s.maxTV);
  });

  it('Grids_11 reference against itself scores 0 everywhere', () => {
    const s = scoreMarginals(reference, reference);
    expect(s).toMatchObject({ variables: 100, maxTV: 0, meanTV: 0, maxHellinger: 0, maxKL: 0 });
  });

  it('uniform marginals against the Grids_11 reference match an independent computation', () => {
    const uniform = reference.map((m) => m.map(() => 1 / m.length));
    const s = scoreMarginals(uniform, reference);
    expect(s.variables).toBe(100);
    expect(s.worstVariable).toBe(63);
    expect(s.maxTV).toBeCloseTo(0.49864601997292046, 12);
    expect(s.meanTV).toBeCloseTo(0.4056909473479162, 12);
    expect(s.maxHellinger).toBeCloseTo(0.5170619435185881, 12);
    expect(s.meanHellinger).toBeCloseTo(0.37650721258739717, 12);
    expect(s.maxKL).toBeCloseTo(0.6828514764105373, 12);
    expect(s.meanKL).toBeCloseTo(0.46551001686680465, 12);
  });

  it('a zero where the reference has mass makes KL infinite, never NaN', () => {
    const s = scoreMarginals([[1, 0]], [[0.5, 0.5]]);
    expect(s.maxKL).toBe(Infinity);
    expect(s.maxTV).toBeCloseTo(0.5, 15);
  });

  it('mismatched inputs are user errors naming the files', () => {
    expect(() => scoreMarginals([[1]], [[0.5, 0.5]], { result: 'a.MAR', reference: 'b.MAR' })).toThrow(/variable 0 has 1 states in a\.MAR but 2 in b\.MAR/);
    expect(() => scoreMarginals([[0.5, 0.5]], [[0.5, 0.5], [1]], { result: 'a.MAR', reference: 'b.MAR' })).toThrow(/a\.MAR has 1 variables but b\.MAR has 2/);
    expect(() => scoreMarginals([[0.7, 0.7]], [[0.5, 0.5]], { result: 'a.MAR', reference: 'b.MAR' })).toThrow(/a\.MAR: variable 0: the marginal sums to 1\.40000/);
    expect(() => scoreMarginals([], [])).toThrow(ScoreInputError);
    expect(new ScoreInputError('x')).toBeInstanceOf(UserError);
  });

  it('log10 Z error is the absolute difference (Grids_11: 169.408)', () => {
    expect(log10ZError(173.814, 169.408)).toBeCloseTo(4.406, 12);
    expect(log10ZError(169.408, 169.408)).toBe(0);
  });
});

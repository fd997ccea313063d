// Fixed-lag streaming (FactorGraphStream): software against exact inference on the truncated chain,
// the chip against software, and input errors.
import { describe, it, expect } from 'vitest';
import { exactInference, hmmChain, type FactorGraph } from '../../golden/index.js';
import { ChipHmmStream, HmmStream, ModelError, soundEventScores } from '../../model/index.js';

const O = { classes: 3, frames: 20, seed: 4 };

/** The chains over frames 0..last from the scores (prior 0.2, transitions as golden's hmmChain). */
function truncatedChain(scores: Float64Array[], last: number): FactorGraph {
  const C = O.classes;
  const T = last + 1;
  const variables = Array.from({ length: C * T }, () => ({ card: 2 }));
  const factors: { scope: number[]; table: Float64Array }[] = [];
  for (let c = 0; c < C; c++) {
    factors.push({ scope: [c * T], table: Float64Array.of(0.8, 0.2) });
    for (let t = 0; t < T; t++) {
      factors.push({ scope: [c * T + t], table: Float64Array.of(1 - scores[t]![c]!, scores[t]![c]!) });
      if (t > 0) factors.push({ scope: [c * T + t - 1, c * T + t], table: Float64Array.of(0.95, 0.1, 0.05, 0.9) });
    }
  }
  return { variables, factors };
}

describe('HmmStream (software fixed-lag smoothing)', () => {
  const scores = soundEventScores(O);

  it('the scores are those of golden hmmChain: a lag beyond the stream gives its exact marginals', () => {
    const s = new HmmStream({ classes: 3, lag: 50 });
    for (const f of scores) expect(s.push(f)).toBeNull();
    const out = s.flush();
    expect(out).toHaveLength(20);
    const exact = exactInference(hmmChain(O).graph).marginals;
    for (let t = 0; t < 20; t++) for (let c = 0; c < 3; c++) expect(out[t]![c]).toBeCloseTo(exact[c * 20 + t]![1]!, 12);
  });

  it('lag 4: frame t is reported when frame t+4 arrives, equal to exact inference on frames 0..t+4', () => {
    const s = new HmmStream({ classes: 3, lag: 4 });
    const got: Float64Array[] = [];
    scores.forEach((f, i) => {
      const r = s.push(f);
      expect(r === null).toBe(i < 4);
      if (r) got.push(r);
    });
    got.push(...s.flush());
    expect(got).toHaveLength(20);
    for (let t = 0; t < 20; t++) {
      const last = Math.min(t + 4, 19);
      const exact = exactInference(truncatedChain(scores, last)).marginals;
      for (let c = 0; c < 3; c++) expect(got[t]![c]).toBeCloseTo(exact[c * (last + 1) + t]![1]!, 12);
    }
  });

  it('rejects bad frames and options with typed errors', () => {
    const s = new HmmStream({ classes: 3, lag: 2 });
    expect(() => s.push([0.5, 0.5])).toThrow(/^stream frame 0: expected 3 scores, found 2$/);
    expect(() => s.push([0.5, NaN, 0.5])).toThrow(/^stream frame 0: class 1: expected a probability in \[0, 1\], found NaN$/);
    expect(() => new HmmStream({ classes: 0, lag: 2 })).toThrow(ModelError);
    expect(() => new HmmStream({ classes: 2, lag: 2, pOn: 1 })).toThrow(/pOn must be in \(0, 1\), got 1/);
  });
});

describe('ChipHmmStream (each window by BP on the simulated chip)', () => {
  it('agrees with the software stream within 0.01 and counts cycles', () => {
    const scores = soundEventScores({ classes: 3, frames: 8, seed: 2 });
    const sw = new HmmStream({ classes: 3, lag: 3 });
    const chip = new ChipHmmStream({ classes: 3, lag: 3, pes: 2 });
    const a: Float64Array[] = [];
    const b: Float64Array[] = [];
    for (const f of scores) {
      const x = sw.push(f);
      const y = chip.push(f);
      expect(y === null).toBe(x === null);
      if (x) a.push(x);
      if (y) b.push(y);
    }
    a.push(...sw.flush());
    b.push(...chip.flush());
    expect(b).toHaveLength(8);
    let max = 0;
    for (let t = 0; t < 8; t++) for (let c = 0; c < 3; c++) max = Math.max(max, Math.abs(a[t]![c]! - b[t]![c]!));
    expect(max).toBeLessThan(0.01);
    expect(chip.windows).toBe(8);
    expect(chip.cycles).toBeGreaterThan(0);
  });
});

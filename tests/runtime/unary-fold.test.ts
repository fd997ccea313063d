// Issue 10 item 3: many large unary factors on one variable are folded in log space, so the prior
// cannot overflow to Infinity (infer printed uniform marginals while solve gave the answer).
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFormat } from '../../isa/index.js';
import { quantizeGraph } from '../../golden/index.js';
import { gp5sim, tmp } from './cli-helpers.js';

/** Variable 0 gets 101 unary factors: 51 of [2e4, 1e4] and 50 of [1e4, 2e4] (net ratio 2:1). */
function manyUnaryUai(): string {
  const scopes: string[] = ['2 0 1'];
  const tables: string[] = ['4\n1 1 1 1'];
  for (let k = 0; k < 101; k++) {
    scopes.push('1 0');
    tables.push(k % 2 === 0 ? '2\n20000 10000' : '2\n10000 20000');
  }
  return `MARKOV\n2\n2 2\n${scopes.length}\n${scopes.join('\n')}\n\n${tables.join('\n\n')}\n`;
}

describe('unary factors fold in log space', () => {
  it('the quantised prior is ln 2 apart, not all MAX', () => {
    const factors: { scope: number[]; table: Float64Array }[] = [{ scope: [0, 1], table: new Float64Array([1, 1, 1, 1]) }];
    for (let k = 0; k < 101; k++) factors.push({ scope: [0], table: new Float64Array(k % 2 === 0 ? [2e4, 1e4] : [1e4, 2e4]) });
    const f = makeFormat(16, 8, 2048);
    const q = quantizeGraph({ variables: [{ card: 2 }, { card: 2 }], factors }, f);
    const p = q.priors.subarray(q.priorOff[0], q.priorOff[0] + 2);
    // energy 0 for the likelier state, round(ln 2 · 256) = 177 for the other.
    expect(Array.from(p)).toEqual([0, 177]);
  });

  it('infer gives the same marginals as solve (2/3, 1/3), exit 0', () => {
    const file = join(tmp, 'many-unary.uai');
    writeFileSync(file, manyUnaryUai());
    const s = gp5sim('solve', file, '--json');
    const i = gp5sim('infer', file, '--json', '--pes', '1');
    expect(s.status, s.stderr).toBe(0);
    expect(i.status, i.stderr).toBe(0);
    const sm = JSON.parse(s.stdout).marginals[0] as number[];
    const im = JSON.parse(i.stdout).marginals[0] as number[];
    expect(sm[0]).toBeCloseTo(2 / 3, 9);
    expect(im[0]).toBeCloseTo(sm[0], 3);
    expect(im[1]).toBeCloseTo(sm[1], 3);
  });
});

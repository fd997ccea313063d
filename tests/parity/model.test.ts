// The model layer's Xor built-in lowers to a marked parity factor (issue 16), so the compiler's
// structured check-node path picks it up.
import { describe, expect, it } from 'vitest';
import { Model } from '../../model/index.js';

describe('model Xor', () => {
  it('lowers to a parity factor; a non-parity built-in does not', () => {
    const m = new Model();
    const bits = [m.bit('a'), m.bit('b'), m.bit('c')];
    m.xor(bits, 'chk');
    m.factor([bits[0]!], [0.3, 0.7], 'prior');
    m.and(bits[0]!, [bits[1]!, bits[2]!], 'and');
    m.not(bits[0]!, bits[1]!, 'not');
    const g = m.toFactorGraph();
    expect(g.factors.map((f) => f.structure ?? null)).toEqual([{ kind: 'parity', parity: 0 }, null, null, { kind: 'parity', parity: 1 }]);
  });
});

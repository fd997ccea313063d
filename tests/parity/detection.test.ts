// Parity (XOR) factor detection: one function (golden/parity.ts) behind every reader, the JSON XOR
// form and its writer, and the quantiser's check of the marker.
import { describe, expect, it } from 'vitest';
import { makeFormat } from '../../isa/index.js';
import {
  detectParity,
  factorParity,
  ModelFormatError,
  parityConstraintTable,
  parseFg,
  parseJsonModel,
  parseUai,
  quantizeGraph,
  readAlistGraph,
  writeFg,
  writeJsonModel,
  writeUai,
  type FactorGraph,
} from '../../golden/index.js';

const json = (factors: unknown[], cards = [2, 2, 2, 3]) =>
  JSON.stringify({ format: 'gp5-factor-graph', version: 1, variables: cards.map((card) => ({ card })), factors });

function formatError(fn: () => unknown): ModelFormatError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ModelFormatError);
    return err as ModelFormatError;
  }
  throw new Error('expected a ModelFormatError');
}

describe('detectParity', () => {
  it('even and odd constraints, any uniform scale', () => {
    expect(detectParity([2, 2, 2], parityConstraintTable(3, 0))).toBe(0);
    expect(detectParity([2, 2, 2], parityConstraintTable(3, 1))).toBe(1);
    expect(detectParity([2, 2], [0.25, 0, 0, 0.25])).toBe(0); // equality of two bits
    expect(detectParity([2, 2], [0, 7, 7, 0])).toBe(1); // not
  });

  it('near misses and non-parity tables stay dense', () => {
    expect(detectParity([2, 2], [1, 1e-12, 0, 1])).toBe(-1);
    expect(detectParity([2, 2], [1, 0, 0, 1 + 2 ** -52])).toBe(-1);
    expect(detectParity([2, 2], [1, 0, 0, 0])).toBe(-1);
    expect(detectParity([2, 2], [1, 1, 1, 1])).toBe(-1);
    expect(detectParity([2, 3], [1, 0, 0, 1, 1, 0])).toBe(-1); // not binary
    expect(detectParity([2], [1, 0])).toBe(-1); // unary: evidence, not a check
    expect(detectParity([2, 2], [Infinity, 0, 0, Infinity])).toBe(-1);
  });

  it('the quantiser refuses a marker that its table contradicts', () => {
    const g: FactorGraph = { variables: [{ card: 2 }, { card: 2 }], factors: [{ scope: [0, 1], table: Float64Array.of(1, 0, 0, 0.5), structure: { kind: 'parity', parity: 0 } }] };
    expect(() => quantizeGraph(g, makeFormat(16, 8, 256))).toThrow(/marked as a parity-0 factor but its table is not a parity constraint/);
    expect(factorParity({ scope: [0, 1], table: parityConstraintTable(2, 1) }, [2, 2], 0)).toBe(1);
  });
});

describe('readers mark parity factors', () => {
  // x0 ⊕ x1 ⊕ x2 = 1 scaled by 0.5, a near miss, and a dense factor on a ternary variable.
  const odd = Array.from(parityConstraintTable(3, 1), (x) => x * 0.5);
  const near = [1, 0, 0, 1e-9];
  const dense = [1, 2, 3, 4, 5, 6];
  const graph: FactorGraph = {
    variables: [{ card: 2 }, { card: 2 }, { card: 2 }, { card: 3 }],
    factors: [
      { scope: [0, 1, 2], table: Float64Array.from(odd) },
      { scope: [1, 2], table: Float64Array.from(near) },
      { scope: [0, 3], table: Float64Array.from(dense) },
    ],
  };
  const markers = (g: FactorGraph) => g.factors.map((f) => (f.structure ? f.structure.parity : -1));

  it('.uai, .fg and JSON tables (first- and last-fastest)', () => {
    expect(markers(parseUai(writeUai(graph), 'm.uai'))).toEqual([1, -1, -1]);
    expect(markers(parseFg(writeFg(graph), 'm.fg'))).toEqual([1, -1, -1]);
    expect(markers(parseJsonModel(writeJsonModel(graph), 'm.json'))).toEqual([1, -1, -1]);
    const last = parseJsonModel(json([{ scope: [2, 0, 1], order: 'last-fastest', values: odd }]), 'l.json');
    expect(markers(last)).toEqual([1]);
  });

  it('alist checks are even parity factors', () => {
    const g = readAlistGraph('3 2\n2 2\n1 2 1\n2 2\n1 0\n1 2\n2 0\n1 2\n2 3\n', 'c.alist');
    expect(markers(g)).toEqual([0, 0]);
    expect(g.factors[1]!.scope).toEqual([1, 2]);
  });
});

describe('the JSON XOR factor', () => {
  it('reads to the parity table with its marker and writes back as the XOR form', () => {
    const text = json([{ type: 'xor', scope: [2, 0, 1], parity: 1 }, { type: 'xor', scope: [0, 1] }, { type: 'table', scope: [3], values: [1, 2, 3] }]);
    const g = parseJsonModel(text, 'x.json');
    expect(g.factors[0]!.scope).toEqual([2, 0, 1]);
    expect(Array.from(g.factors[0]!.table)).toEqual(Array.from(parityConstraintTable(3, 1)));
    expect(g.factors[0]!.structure).toEqual({ kind: 'parity', parity: 1 });
    expect(g.factors[1]!.structure).toEqual({ kind: 'parity', parity: 0 });
    expect(g.factors[2]!.structure).toBeUndefined();
    const out = writeJsonModel(g);
    expect(out).toContain('{"type":"xor","scope":[2,0,1],"parity":1}');
    expect(out).toContain('{"type":"xor","scope":[0,1],"parity":0}');
    const back = parseJsonModel(out, 'y.json');
    expect(back.factors.map((f) => [f.scope, Array.from(f.table), f.structure])).toEqual(g.factors.map((f) => [f.scope, Array.from(f.table), f.structure]));
  });

  it('a scaled parity table keeps its values when written', () => {
    const g = parseJsonModel(json([{ scope: [0, 1], values: [0.5, 0, 0, 0.5] }]), 's.json');
    expect(writeJsonModel(g)).toContain('"values":[0.5,0,0,0.5]');
  });

  it('bad XOR factors name the file, line and field', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'xor', scope: [0, 3] }, /factor 0: a "type": "xor" factor needs binary variables, variable 3 has card 3/],
      [{ type: 'xor', scope: [0, 1, 0] }, /factor 0: expected distinct variables in "scope", 0 is repeated/],
      [{ type: 'xor', scope: [0, 1], parity: 2 }, /factor 0: expected "parity": 0 \(even\) or 1 \(odd\), found 2/],
      [{ type: 'xor', scope: [0, 1], parity: '1' }, /expected "parity": 0 \(even\) or 1 \(odd\), found "1"/],
      [{ type: 'xor', scope: [] }, /factor 0: expected "scope": a non-empty array of binary variable ids/],
      [{ type: 'xor', scope: [0, 9] }, /factor 0: expected variable ids in range 0..3 in "scope", found 9/],
      [{ type: 'xor', scope: [0, 1], values: [1, 0, 0, 1] }, /factor 0: a "type": "xor" factor has no "values"/],
      [{ type: 'parity', scope: [0, 1] }, /factor 0: expected "type": "table" or "xor", found "parity"/],
    ];
    for (const [factor, re] of cases) {
      const text = JSON.stringify({ format: 'gp5-factor-graph', version: 1, variables: [{ card: 2 }, { card: 2 }, { card: 2 }, { card: 3 }], factors: [factor] }, null, 1);
      const e = formatError(() => parseJsonModel(text, 'bad.json'));
      expect(e.message).toMatch(re);
      expect(e.file).toBe('bad.json');
      expect(e.line).toBeGreaterThan(1);
    }
    const big = JSON.stringify({ format: 'gp5-factor-graph', version: 1, variables: Array.from({ length: 25 }, () => ({ card: 2 })), factors: [{ type: 'xor', scope: Array.from({ length: 25 }, (_, i) => i) }] });
    expect(formatError(() => parseJsonModel(big, 'big.json')).message).toMatch(/at most 24 variables \(its table has 2\^degree entries\), found 25/);
  });
});

import { describe, it, expect } from 'vitest';
import {
  addChannelFactors,
  applyEvidence,
  beliefPropagation,
  exactInference,
  formatG,
  ModelFormatError,
  parseAlist,
  parseEvidence,
  parseFg,
  parseJsonModel,
  parseMar,
  parsePr,
  parseUai,
  parityFactorGraph,
  Prng,
  readAlistGraph,
  writeFg,
  writeJsonModel,
  writeMar,
  writePr,
} from '../../golden/index.js';
import { readData } from './helpers.js';

function formatError(fn: () => unknown): ModelFormatError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ModelFormatError);
    expect((err as ModelFormatError).isUserError).toBe(true);
    return err as ModelFormatError;
  }
  throw new Error('expected a ModelFormatError');
}

describe('index order and conversions', () => {
  it('UAI tables (last variable fastest) are converted to first-fastest', () => {
    const g = parseUai('MARKOV\n2\n2 3\n1\n2 0 1\n6\n1 2 3\n4 5 6\n', 'm.uai');
    // UAI: (x0,x1) = (0,0)=1 (0,1)=2 (0,2)=3 (1,0)=4 (1,1)=5 (1,2)=6; ours: index x0 + 2*x1.
    expect(Array.from(g.factors[0]!.table)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(g.factors[0]!.scope).toEqual([0, 1]);
  });

  it('the same model in .uai, .fg and JSON (both orders) gives identical tables and answers', () => {
    const uai = parseUai('MARKOV\n3\n2 3 2\n2\n2 0 1\n3 2 1 0\n6\n1 2 3 4 5 6\n12\n1 2 3 4 5 6 7 8 9 10 11 12\n', 'm.uai');
    const fg = parseFg(writeFg(uai), 'm.fg');
    const js = parseJsonModel(writeJsonModel(uai), 'm.json');
    const jsLast = parseJsonModel(
      JSON.stringify({
        format: 'gp5-factor-graph',
        version: 1,
        variables: [{ card: 2 }, { card: 3 }, { card: 2 }],
        factors: [
          { scope: [0, 1], order: 'last-fastest', values: [1, 2, 3, 4, 5, 6] },
          { scope: [2, 1, 0], order: 'last-fastest', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
        ],
      }),
      'l.json',
    );
    for (const g of [fg, js, jsLast]) {
      expect(g.factors.map((f) => [...f.scope])).toEqual(uai.factors.map((f) => [...f.scope]));
      g.factors.forEach((f, i) => expect(Array.from(f.table)).toEqual(Array.from(uai.factors[i]!.table)));
    }
    const a = exactInference(uai);
    const b = exactInference(jsLast);
    expect(b.logZ).toBeCloseTo(a.logZ, 14);
    // log Z by hand: sum over x of f1(x0,x1) f2(x2,x1,x0)
    let Z = 0;
    for (let x0 = 0; x0 < 2; x0++)
      for (let x1 = 0; x1 < 3; x1++)
        for (let x2 = 0; x2 < 2; x2++) Z += (1 + x0 * 3 + x1) * (1 + x2 * 6 + x1 * 2 + x0);
    expect(a.logZ).toBeCloseTo(Math.log(Z), 12);
  });

  it('.fg round trip keeps every value bit for bit (testfast.fg, alarm.fg)', () => {
    for (const name of ['testfast', 'alarm']) {
      const g = parseFg(readData(`libdai/${name}.fg`), `${name}.fg`);
      const g2 = parseFg(writeFg(g), 'w.fg');
      const g3 = parseJsonModel(writeJsonModel(g), 'w.json');
      for (const h of [g2, g3]) {
        expect(h.variables.map((v) => v.card)).toEqual(g.variables.map((v) => v.card));
        h.factors.forEach((f, i) => {
          expect([...f.scope]).toEqual([...g.factors[i]!.scope]);
          expect(Array.from(f.table)).toEqual(Array.from(g.factors[i]!.table));
        });
      }
      expect(g3.variables[3]!.name).toBe('x3');
    }
  });

  it('libDAI labels that are not 0..n-1 become ids in label order', () => {
    const g = parseFg('2\n\n2\n7 3\n2 3\n6\n0 1\n1 2\n2 3\n3 4\n4 5\n5 6\n\n1\n3\n3\n1\n1 1\n', 'l.fg');
    expect(g.labels).toEqual([3, 7]);
    expect(g.variables.map((v) => v.name)).toEqual(['x3', 'x7']);
    expect(g.factors[0]!.scope).toEqual([1, 0]);
    expect(Array.from(g.factors[1]!.table)).toEqual([0, 1, 0]);
  });
});

describe('evidence, .MAR and .PR', () => {
  const model = parseUai('MARKOV\n3\n2 2 3\n1\n3 0 1 2\n12\n1 1 1 1 1 1 1 1 1 1 1 2\n', 'm.uai');

  it('accepts the current format and the older one with a sample count of 1', () => {
    expect(parseEvidence('2 0 1 2 2', 'e').entries.map((e) => [e.variable, e.value])).toEqual([[0, 1], [2, 2]]);
    expect(parseEvidence('1\n2 0 1 2 2\n', 'e').entries.map((e) => [e.variable, e.value])).toEqual([[0, 1], [2, 2]]);
    expect(parseEvidence('1 0 1', 'e').entries.map((e) => [e.variable, e.value])).toEqual([[0, 1]]);
    expect(parseEvidence('1 0', 'e').entries).toEqual([]);
    expect(parseEvidence('0', 'e').entries).toEqual([]);
    expect(parseEvidence('', 'e').entries).toEqual([]);
  });

  it('clamps by multiplying in delta factors', () => {
    const g = applyEvidence(model, parseEvidence('2 0 1 2 2', 'e'));
    expect(g.factors.length).toBe(3);
    const ex = exactInference(g);
    expect(Array.from(ex.marginals[0]!)).toEqual([0, 1]);
    expect(Array.from(ex.marginals[2]!)).toEqual([0, 0, 1]);
    expect(ex.marginals[1]![1]).toBeCloseTo(2 / 3, 14);
    expect(ex.logZ).toBeCloseTo(Math.log(3), 14);
  });

  it('evidence errors name the evidence file and line', () => {
    let e = formatError(() => applyEvidence(model, parseEvidence('2\n0 1\n5 0\n', 'x.evid')));
    expect(e.message).toBe('x.evid:3: error: expected a variable id in range 0..2, found 5');
    e = formatError(() => applyEvidence(model, parseEvidence('1 2 3', 'x.evid')));
    expect(e.message).toBe('x.evid:1: error: expected a value in range 0..2 for variable 2, found 3');
    e = formatError(() => applyEvidence(model, parseEvidence('2 0 1\n0 0', 'x.evid')));
    expect(e.message).toBe('x.evid:2: error: contradictory evidence: variable 0 observed as 1 and as 0');
    e = formatError(() => parseEvidence('3 0 1\n1 1', 'x.evid'));
    expect(e.line).toBe(2);
    expect(e.expected).toMatch(/unexpected end of file: expected observed variable id/);
  });

  it('writes and reads .MAR and .PR', () => {
    const mar = writeMar([Float64Array.of(0.25, 0.75), [1, 0, 2e-7]]);
    expect(mar).toBe('MAR\n2 2 0.25 0.75 3 1 0 2e-07\n');
    expect(parseMar(mar, 'x.MAR')).toEqual([[0.25, 0.75], [1, 0, 2e-7]]);
    expect(writePr(Math.log(10) * -5.86181)).toBe('PR\n-5.86181\n');
    expect(parsePr('PR\n169.408\n', 'x.PR')).toBe(169.408);
    expect(formatG(0.00955355)).toBe('0.00955355');
    expect(formatG(123456789)).toBe('1.23457e+08');
    expect(formatG(0.999999999)).toBe('1');
  });
});

describe('malformed input: file, line and what was expected', () => {
  it('uai', () => {
    expect(formatError(() => parseUai('MARKOW\n1\n2\n', 'a.uai')).message).toBe("a.uai:1: error: expected network type 'MARKOV' or 'BAYES', found 'MARKOW'");
    expect(formatError(() => parseUai('MARKOV\n2\n2 0\n0\n', 'a.uai')).message).toBe(
      "a.uai:3: error: expected cardinality of variable 1 in range 1..1048576, found 0",
    );
    expect(formatError(() => parseUai('MARKOV\n2\n2 2\n1\n2 0 2\n4\n1 1 1 1\n', 'a.uai')).message).toBe(
      'a.uai:5: error: expected variable id in the scope of factor 0 in range 0..1, found 2',
    );
    expect(formatError(() => parseUai('MARKOV\n2\n2 2\n1\n2 0 1\n3\n1 1 1\n', 'a.uai')).message).toBe(
      'a.uai:6: error: factor 0: expected 4 table entries (product of the scope cardinalities), found 3',
    );
    expect(formatError(() => parseUai('MARKOV\n2\n2 2\n1\n2 0 1\n4\n1 1\n1', 'a.uai')).message).toBe(
      'a.uai:8: error: unexpected end of file: expected table entry 3 of factor 0',
    );
    expect(formatError(() => parseUai('MARKOV\n2\n2 2\n1\n2 0 1\n4\n1 -1\n1 1', 'a.uai')).message).toBe(
      "a.uai:7: error: expected table entry 1 of factor 0 (a finite non-negative number), found '-1'",
    );
    expect(formatError(() => parseUai('MARKOV\n2\n2 2\n1\n2 0 1\n4\n1 nan\n1 1', 'a.uai')).line).toBe(7);
    expect(formatError(() => parseUai('MARKOV\n2\n2 2\n1\n2 0 1\n4\n0 0\n0 0\n', 'a.uai')).message).toBe(
      'a.uai:6: error: factor 0: expected at least one non-zero table entry (all entries are 0)',
    );
    expect(formatError(() => parseUai('MARKOV\n2\n2 2\n2\n2 0 1\n', 'a.uai')).message).toBe(
      'a.uai:5: error: unexpected end of file: expected number of variables in the scope of factor 1',
    );
    expect(formatError(() => parseUai('MARKOV\n1\n2\n1\n1 0\n2 1 1\n7\n', 'a.uai')).message).toBe("a.uai:7: error: expected end of file, found '7'");
  });

  it('fg', () => {
    const e = formatError(() => parseFg('# c\n1\n\n2\n0 1\n2 2\n4\n0 1\n1 1\n4 1\n3 1\n', 'b.fg'));
    expect(e.message).toBe('b.fg:10: error: expected entry index of factor 0 in range 0..3, found 4');
    expect(formatError(() => parseFg('2\n\n1\n0\n2\n1\n0 1\n\n1\n0\n3\n1\n0 1\n', 'b.fg')).message).toBe(
      'b.fg:11: error: factor 1: expected cardinality 2 for variable 0 (as on line 5), found 3',
    );
    expect(formatError(() => parseFg('1\n\n1\n0\n2\n1\n0 0\n', 'b.fg')).message).toBe(
      'b.fg:3: error: factor 0: expected at least one non-zero table entry (all entries are 0)',
    );
    expect(formatError(() => parseFg('1\n\n1\n0\n2\n1\n0 1e999\n', 'b.fg')).line).toBe(7);
    expect(formatError(() => parseFg('3\n\n1\n0\n2\n1\n0 1\n', 'b.fg')).message).toBe(
      'b.fg:7: error: unexpected end of file: expected number of variables of factor 1',
    );
  });

  it('alist', () => {
    const ok = '6 3\n2 4\n2 2 2 2 2 1\n4 4 3\n1 2\n1 2\n1 3\n1 2\n2 3\n3 0\n1 2 3 4\n1 2 4 5\n3 5 6 0\n';
    expect(parseAlist(ok, 'c.alist').rows).toEqual([[0, 1, 2, 3], [0, 1, 3, 4], [2, 4, 5]]);
    expect(parseAlist(ok.replace(/\n1 2 3 4\n[^]*$/, '\n'), 'c.alist').rows).toEqual([[0, 1, 2, 3], [0, 1, 3, 4], [2, 4, 5]]);
    expect(formatError(() => parseAlist(ok.replace('2 3\n3 0', '2 7\n3 0'), 'c.alist')).message).toBe(
      'c.alist:9: error: expected an index in range 1..3 for column 5, found 7',
    );
    expect(formatError(() => parseAlist(ok.replace('1 2 3 4\n', '1 2 3 5\n'), 'c.alist')).message).toBe(
      'c.alist:11: error: expected row 1 to list columns 1 2 3 4 (as the column lists say)',
    );
    expect(formatError(() => parseAlist('6 3\n2 4\n2 2 2 2 2 1\n4 4 3\n1 2\n1 2\n', 'c.alist')).message).toBe(
      'c.alist:6: error: unexpected end of file: expected the index line of column 3',
    );
  });

  it('json', () => {
    const base = (factors: string) => `{\n  "format": "gp5-factor-graph",\n  "version": 1,\n  "variables": [{"card": 2}, {"card": 2}],\n  "factors": [\n    ${factors}\n  ]\n}\n`;
    expect(formatError(() => parseJsonModel(base('{"scope": [0, 2], "values": [1, 1, 1, 1]}'), 'd.json')).message).toBe(
      'd.json:6: error: factor 0: expected variable ids in range 0..1 in "scope", found 2',
    );
    expect(formatError(() => parseJsonModel(base('{"scope": [0, 1], "values": [1, 1, 1]}'), 'd.json')).message).toBe(
      'd.json:6: error: factor 0: expected 4 entries in "values" (product of the scope cardinalities), found 3',
    );
    expect(formatError(() => parseJsonModel(base('{"scope": [0],\n "values": [1,\n -2]}'), 'd.json')).message).toBe(
      'd.json:8: error: factor 0: expected a finite non-negative number for values[1], found -2',
    );
    expect(formatError(() => parseJsonModel(base('{"scope": [0], "values": [0, 0]}'), 'd.json')).message).toBe(
      'd.json:6: error: factor 0: expected at least one non-zero entry in "values" (all entries are 0)',
    );
    expect(formatError(() => parseJsonModel(base('{"scope": [0], "values": [1, 1]'), 'd.json')).message).toBe(
      "d.json:7: error: expected ',' or '}' in an object, found ']'",
    );
    expect(formatError(() => parseJsonModel('{"format": "other", "version": 1}', 'd.json')).message).toBe(
      'd.json:1: error: expected "format": "gp5-factor-graph"',
    );
  });
});

describe('alist codes and LDPC decoding', () => {
  it('reads all four codes (comment lines, tabs, zero padding)', () => {
    const expectDims: Record<string, [number, number]> = {
      '96.3.963': [96, 48],
      CCSDS_64_128: [128, 64],
      WIMAX_288_576: [576, 288],
      MACKAY_504_1008: [1008, 504],
    };
    for (const [name, [n, m]] of Object.entries(expectDims)) {
      const h = parseAlist(readData(`ldpc/${name}.alist`), `${name}.alist`);
      expect([h.n, h.m]).toEqual([n, m]);
      const edges = h.rows.reduce((a, r) => a + r.length, 0);
      expect(edges).toBe(h.cols.reduce((a, c) => a + c.length, 0));
      const g = readAlistGraph(readData(`ldpc/${name}.alist`), `${name}.alist`);
      expect(g.variables.length).toBe(n);
      expect(g.factors.length).toBe(m);
    }
    expect(parseAlist(readData('ldpc/96.3.963.alist'), 'x').cols[0]).toEqual([9, 29, 39]);
  });

  it('sum-product BP decodes a noisy all-zero codeword of the (96,48) code (AWGN, BPSK, Eb/N0 4 dB)', () => {
    const h = parseAlist(readData('ldpc/96.3.963.alist'), '96.3.963.alist');
    const rng = new Prng(42);
    const rate = 0.5;
    const sigma = Math.sqrt(1 / (2 * rate * Math.pow(10, 4 / 10)));
    let frameErrors = 0;
    let hardErrors = 0;
    for (let frame = 0; frame < 20; frame++) {
      // bit 0 -> +1; LLR = 2y / sigma^2
      const llr = Array.from({ length: h.n }, () => (2 * (1 + rng.normal(0, sigma))) / (sigma * sigma));
      hardErrors += llr.filter((l) => l < 0).length;
      const g = addChannelFactors(parityFactorGraph(h), { llr });
      const bp = beliefPropagation(g, { maxIter: 100, tol: 1e-6 });
      if (bp.marginals.some((m) => m[1]! > m[0]!)) frameErrors++;
    }
    expect(hardErrors).toBeGreaterThan(20); // the channel really flipped bits
    expect(frameErrors).toBeLessThanOrEqual(1);
  });

  it('channel factors from probabilities equal those from LLRs', () => {
    const h = parseAlist('3 1\n1 3\n1 1 1\n3\n1\n1\n1\n1 2 3\n', 'p.alist');
    const p1 = [0.1, 0.8, 0.3];
    const a = addChannelFactors(parityFactorGraph(h), { p1 });
    const b = addChannelFactors(parityFactorGraph(h), { llr: p1.map((p) => Math.log((1 - p) / p)) });
    a.factors.slice(1).forEach((f, i) => f.table.forEach((x, j) => expect(x).toBeCloseTo(b.factors[i + 1]!.table[j]!, 14)));
    const ex = exactInference(a);
    // P(b0 = 1 | even parity): configurations 110, 101, 011, 000
    const w = (x: number[]) => x.reduce((acc, xi, i) => acc * (xi ? p1[i]! : 1 - p1[i]!), 1);
    const Z = w([0, 0, 0]) + w([1, 1, 0]) + w([1, 0, 1]) + w([0, 1, 1]);
    expect(ex.marginals[0]![1]).toBeCloseTo((w([1, 1, 0]) + w([1, 0, 1])) / Z, 14);
    const bp = beliefPropagation(a, { tol: 1e-14 });
    expect(bp.marginals[0]![1]).toBeCloseTo((w([1, 1, 0]) + w([1, 0, 1])) / Z, 14);
  });
});

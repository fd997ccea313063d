import { describe, it, expect } from 'vitest';
import { beliefPropagation, exactInference, parseFg, type FactorGraph } from '../../golden/index.js';
import { matchesPrinted, readData, tv } from './helpers.js';

interface OutMethod {
  name: string;
  figures: string[]; // MAX VAR ERR, AVG VAR ERR, MAX FAC ERR, AVG FAC ERR, LOGZ ERROR, MAXDIFF
  marginals: Map<string, string[]>;
}

/** Parse libDAI's testfast.out: a method line (name + tab-separated figures) then `# ({xN}, (p, q))` lines. */
function parseOut(text: string): Map<string, OutMethod> {
  const methods = new Map<string, OutMethod>();
  let cur: OutMethod | undefined;
  for (const line of text.split('\n')) {
    const m = /^# \(\{(x\d+)\}, \((.*)\)\)$/.exec(line);
    if (m) {
      cur!.marginals.set(m[1]!, m[2]!.split(',').map((s) => s.trim()));
      continue;
    }
    if (line.startsWith('#') || line.trim() === '') continue;
    const parts = line.split('\t').map((s) => s.trim());
    cur = { name: parts[0]!, figures: parts.slice(1).filter((s) => s !== ''), marginals: new Map() };
    if (!methods.has(cur.name)) methods.set(cur.name, cur);
  }
  return methods;
}

const out = parseOut(readData('libdai/testfast.out'));
const g = parseFg(readData('libdai/testfast.fg'), 'testfast.fg');

function errors(model: FactorGraph, bp: { marginals: Float64Array[]; logZ: number }, ex: { marginals: Float64Array[]; logZ: number }) {
  const d = model.variables.map((_, v) => tv(bp.marginals[v]!, ex.marginals[v]!));
  return { max: Math.max(...d), avg: d.reduce((a, b) => a + b, 0) / d.length, logZ: bp.logZ - ex.logZ };
}

describe('libDAI testfast.fg', () => {
  const ex = exactInference(g);

  it('parses 16 binary variables and 40 factors; testfast.out has the expected methods', () => {
    expect(g.variables.length).toBe(16);
    expect(g.factors.length).toBe(40);
    expect(g.variables[13]!.name).toBe('x13');
    for (const name of ['EXACT', 'BP', 'BP_SEQFIX', 'BP_SEQMAX', 'MP_SEQFIX']) expect(out.get(name)?.marginals.size).toBe(16);
  });

  it('exact marginals equal libDAI EXACT to the printed digits', () => {
    expect(ex.marginals[0]![0]!.toFixed(4)).toBe('0.3500');
    for (const [x, ps] of out.get('EXACT')!.marginals) {
      const v = Number(x.slice(1));
      ps.forEach((p, i) => expect(matchesPrinted(ex.marginals[v]![i]!, p), `${x}[${i}] ${ex.marginals[v]![i]} vs ${p}`).toBe(true));
    }
  });

  for (const [schedule, method] of [
    ['flooding', 'BP'],
    ['sequential', 'BP_SEQFIX'],
    ['residual', 'BP_SEQMAX'],
  ] as const) {
    it(`BP ${schedule}: error figures and marginals of libDAI ${method}`, () => {
      const bp = beliefPropagation(g, { schedule, tol: 1e-9, damping: 0, maxIter: 10000 });
      expect(bp.converged).toBe(true);
      expect(bp.maxChange).toBeLessThan(1e-9);
      const e = errors(g, bp, ex);
      const figs = out.get(method)!.figures;
      expect(e.max.toExponential(3)).toBe('8.924e-3');
      expect(e.avg.toExponential(3)).toBe('3.480e-3');
      expect(matchesPrinted(e.max, figs[0]!)).toBe(true);
      expect(matchesPrinted(e.avg, figs[1]!)).toBe(true);
      expect(figs[4]).toBe('+7.187e-04');
      expect(matchesPrinted(e.logZ, figs[4]!)).toBe(true);
      expect(bp.marginals[0]![0]!.toFixed(4)).toBe('0.3486');
      for (const [x, ps] of out.get(method)!.marginals) {
        const v = Number(x.slice(1));
        ps.forEach((p, i) => expect(matchesPrinted(bp.marginals[v]![i]!, p), `${x}[${i}] ${bp.marginals[v]![i]} vs ${p}`).toBe(true));
      }
    });
  }

  it('BP factor beliefs: max TV against exact factor marginals is libDAI MAX FAC ERR 5.619e-02', () => {
    const bp = beliefPropagation(g, { schedule: 'flooding', tol: 1e-9, maxIter: 10000 });
    // Exact factor marginals by brute force (16 binary variables).
    const fm = g.factors.map((f) => new Float64Array(f.table.length));
    let Z = 0;
    for (let s = 0; s < 1 << 16; s++) {
      let w = 1;
      const idx = g.factors.map((f) => f.scope.reduce((a, v, j) => a + (((s >> v) & 1) << j), 0));
      g.factors.forEach((f, i) => (w *= f.table[idx[i]!]!));
      Z += w;
      g.factors.forEach((_, i) => (fm[i]![idx[i]!]! += w));
    }
    const d = g.factors.map((_, i) => tv(bp.factorBeliefs[i]!, fm[i]!.map((x) => x / Z)));
    expect(Math.max(...d).toExponential(3)).toBe('5.619e-2');
    expect((d.reduce((a, b) => a + b, 0) / d.length).toExponential(3)).toBe('1.096e-2');
    expect(Math.abs(Math.log(Z) - ex.logZ)).toBeLessThan(1e-12);
  });

  for (const [schedule, method] of [
    ['sequential', 'MP_SEQFIX'],
    ['flooding', 'MP_PARALL'],
  ] as const) {
    it(`min-sum ${schedule}: normalised max-marginals equal libDAI ${method}`, () => {
      const bp = beliefPropagation(g, { schedule, semiring: 'min-sum', tol: 1e-9, maxIter: 10000 });
      expect(bp.converged).toBe(true);
      for (const [x, ps] of out.get(method)!.marginals) {
        const v = Number(x.slice(1));
        ps.forEach((p, i) => expect(matchesPrinted(bp.marginals[v]![i]!, p), `${x}[${i}] ${bp.marginals[v]![i]} vs ${p}`).toBe(true));
      }
    });
  }
});

describe('other libDAI graphs', () => {
  for (const name of ['alarm', 'hoi1', 'hoi2', 'hoi3', 'hoi4', 'twofactors', 'zeroes1', 'maxprodbug']) {
    it(`${name}.fg: BP (every schedule) and exact give finite, normalised beliefs`, () => {
      const m = parseFg(readData(`libdai/${name}.fg`), `${name}.fg`);
      const ex = exactInference(m);
      for (const schedule of ['flooding', 'sequential', 'residual'] as const) {
        const bp = beliefPropagation(m, { schedule, tol: 1e-9, maxIter: 2000 });
        expect(Number.isFinite(bp.logZ)).toBe(true);
        expect(Number.isFinite(bp.maxChange)).toBe(true);
        for (const mg of bp.marginals) {
          expect(Math.abs(mg.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
          for (const p of mg) expect(p >= 0 && p <= 1).toBe(true);
        }
      }
      for (const mg of ex.marginals) expect(Math.abs(mg.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(Number.isFinite(ex.logZ)).toBe(true);
    });
  }

  it('alarm.fg (Bayesian network, Z ~ 1): BP is close to exact', () => {
    const m = parseFg(readData('libdai/alarm.fg'), 'alarm.fg');
    expect(m.variables.length).toBe(37);
    const ex = exactInference(m);
    // A Bayesian network without evidence: Z = 1 up to the rounding of the printed CPT entries.
    expect(Math.abs(ex.logZ)).toBeLessThan(1e-3);
    const bp = beliefPropagation(m, { tol: 1e-12, maxIter: 1000 });
    expect(bp.converged).toBe(true);
    const d = m.variables.map((_, v) => tv(bp.marginals[v]!, ex.marginals[v]!));
    // ALARM has loops: BP is approximate (max TV ~0.2 on one variable) but close on average.
    expect(Math.max(...d)).toBeLessThan(0.25);
    expect(d.reduce((a, b) => a + b, 0) / d.length).toBeLessThan(0.02);
  });

  it('zeroes1.fg: the deterministic unary factor gives exactly P(x0 = 1) = 1', () => {
    const m = parseFg(readData('libdai/zeroes1.fg'), 'zeroes1.fg');
    const ex = exactInference(m);
    const bp = beliefPropagation(m, { tol: 1e-12, maxIter: 100 });
    expect(Array.from(ex.marginals[0]!)).toEqual([0, 1]);
    expect(Array.from(bp.marginals[0]!)).toEqual([0, 1]);
    bp.marginals.forEach((mg, v) => mg.forEach((p, i) => expect(Math.abs(p - ex.marginals[v]![i]!)).toBeLessThan(1e-12)));
  });
});

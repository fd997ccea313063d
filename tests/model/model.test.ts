// The modelling layer: domains, factors from tables / functions / built-ins, nesting, solvers,
// results by name, and typed errors that name the variable or factor.
import { describe, it, expect } from 'vitest';
import { Model, ModelError } from '../../model/index.js';
import { parityTable } from '../../golden/index.js';
import { UserError } from '../../errors/index.js';

const tableOf = (m: Model, name: string) => Array.from(m.factors.find((f) => f.name === name)!.table);

describe('built-in factors', () => {
  it('Xor is emitted as the parity table of the LDPC path (kind xor)', () => {
    const m = new Model();
    const bits = [m.bit('a'), m.bit('b'), m.bit('c')];
    const f = m.xor(bits, 'chk');
    expect(f.kind).toBe('xor');
    expect(Array.from(f.table)).toEqual(Array.from(parityTable(3)));
    expect(Array.from(f.table)).toEqual([1, 0, 0, 1, 0, 1, 1, 0]);
  });

  it('And, Or, Not, Equality tables (first scope variable fastest)', () => {
    const m = new Model();
    const [o, a, b] = [m.bit('o'), m.bit('a'), m.bit('b')];
    m.and(o, [a, b], 'and');
    m.or(o, [a, b], 'or');
    m.not(a, b, 'not');
    m.equality([a, b], 'eq');
    // index = o + 2a + 4b
    expect(tableOf(m, 'and')).toEqual([1, 0, 1, 0, 1, 0, 0, 1]);
    expect(tableOf(m, 'or')).toEqual([1, 0, 0, 1, 0, 1, 0, 1]);
    expect(tableOf(m, 'not')).toEqual([0, 1, 1, 0]);
    expect(tableOf(m, 'eq')).toEqual([1, 0, 0, 1]);
  });

  it('Sum and LinearEquation over integer ranges, Multiplexer over named values', () => {
    const m = new Model();
    const s = m.range('s', 0, 4);
    const x = m.range('x', 0, 2);
    const y = m.range('y', 0, 2);
    m.sum(s, [x, y], 'sum');
    const t = tableOf(m, 'sum');
    expect(t.reduce((a, b) => a + b, 0)).toBe(9); // one valid s per (x, y)
    expect(t[3 + 5 * (1 + 3 * 2)]).toBe(1); // s=3, x=1, y=2
    expect(t[2 + 5 * (1 + 3 * 2)]).toBe(0);
    m.linear([x, y], [2, -1], 1, 'lin'); // 2x - y = 1: (1,1), (2,3 no) -> only x=1,y=1
    expect(tableOf(m, 'lin')).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const out = m.discrete('out', ['r', 'g']);
    const sel = m.bit('sel');
    const i0 = m.discrete('i0', ['r', 'g']);
    const i1 = m.discrete('i1', ['r', 'g']);
    m.mux(out, sel, [i0, i1], 'mux');
    const mux = tableOf(m, 'mux'); // index = out + 2 sel + 4 i0 + 8 i1
    expect(mux[0 + 2 * 1 + 4 * 1 + 8 * 0]).toBe(1); // sel=1 picks i1='r'
    expect(mux[1 + 2 * 1 + 4 * 1 + 8 * 0]).toBe(0);
    expect(mux[1 + 2 * 0 + 4 * 1 + 8 * 0]).toBe(1); // sel=0 picks i0='g'
  });
});

describe('solvers and results by name', () => {
  function parityModel(): Model {
    // Three bits with priors under an even-parity constraint (a tree: BP is exact).
    const m = new Model('parity');
    const bits = ['a', 'b', 'c'].map((n) => m.bit(n));
    m.prior(bits[0]!, [0.9, 0.1]);
    m.prior(bits[1]!, [0.8, 0.2]);
    m.prior(bits[2]!, [0.3, 0.7]);
    m.xor(bits);
    return m;
  }
  // Even assignments: 000 .9*.8*.3=.216, 110 .1*.2*.3=.006, 101 .1*.8*.7=.056, 011 .9*.2*.7=.126; Z=.404
  const pA1 = (0.006 + 0.056) / 0.404;

  it('exact and BP give P(a=1) = 0.062/0.404; the chip within 0.02', () => {
    const m = parityModel();
    expect(m.setSolver('exact').solve().marginal('a')['1']).toBeCloseTo(pA1, 12);
    expect(m.setSolver('bp').solve().marginal('a')['1']).toBeCloseTo(pA1, 9);
    const chip = m.setSolver('chip', { pes: 2, bits: 16 }).solve();
    expect(Math.abs(chip.marginal('a')['1']! - pA1)).toBeLessThan(0.02);
    expect(chip.stats.cycles).toBeGreaterThan(0);
  });

  it('max-product: exact MAP and BP decode 0,0,0 (weight 0.216)', () => {
    const m = parityModel();
    for (const solver of ['exact', 'bp'] as const) {
      const s = m.setSolver(solver, { semiring: 'max-product', seed: 1 }).solve();
      expect(s.assignment()).toEqual({ a: 0, b: 0, c: 0 });
    }
  });

  it('Gibbs on a soft loopy model: marginals within 0.02 of exact at 20,000 samples, MAP found', () => {
    const m = new Model('soft');
    const [a, b, c] = ['a', 'b', 'c'].map((n) => m.range(n, 0, 2));
    m.fn([a!, b!], (x, y) => Math.exp(-Math.abs((x as number) - (y as number))));
    m.fn([b!, c!], (x, y) => (x === y ? 2 : 1));
    m.fn([c!, a!], (x, y) => 1 + (x as number) * (y as number));
    m.prior(a!, [1, 2, 3]);
    const exact = m.setSolver('exact').solve();
    const gibbs = m.setSolver('gibbs', { seed: 3, samples: 5000, restarts: 4, burnIn: 100 }).solve();
    for (const v of ['a', 'b', 'c']) for (const k of [0, 1, 2]) expect(Math.abs(gibbs.belief(v)[k]! - exact.belief(v)[k]!)).toBeLessThan(0.02);
    const map = m.setSolver('exact', { semiring: 'max-product' }).solve().assignment();
    expect(map).toEqual({ a: 2, b: 2, c: 2 });
    expect(m.setSolver('gibbs', { semiring: 'max-product', seed: 1 }).solve().assignment()).toEqual(map);
  });

  it('named values come back by name', () => {
    const m = new Model();
    const w = m.discrete('weather', ['sun', 'rain', 'snow']);
    m.prior(w, [1, 2, 1]);
    const s = m.setSolver('exact').solve();
    expect(s.marginal('weather')).toEqual({ sun: 0.25, rain: 0.5, snow: 0.25 });
    expect(s.value(w)).toBe('rain');
    expect(s.belief('weather')).toEqual([0.25, 0.5, 0.25]);
    expect(() => s.marginal('nope')).toThrow(/variable 'nope': not in the solved model/);
  });
});

describe('nested subgraphs', () => {
  it('a half-adder template nested twice: names prefixed, bound variables shared', () => {
    const ha = new Model('half-adder');
    const [x, y, s, c] = ['x', 'y', 's', 'c'].map((n) => ha.bit(n));
    ha.xor([s, x, y], 'sum');
    ha.and(c!, [x!, y!], 'carry');
    const m = new Model('top');
    const a = m.bit('a');
    const b = m.bit('b');
    const d = m.bit('d');
    m.nest(ha, { x: a, y: b }, 'h1');
    m.nest(ha, { x: m.get('h1.s'), y: d }, 'h2');
    expect(m.variables.map((v) => v.name)).toEqual(['a', 'b', 'd', 'h1.s', 'h1.c', 'h2.s', 'h2.c']);
    expect(m.factors.map((f) => `${f.name}:${f.kind}`)).toEqual(['h1.sum:xor', 'h1.carry:and', 'h2.sum:xor', 'h2.carry:and']);
    m.prior(a, [0, 1]);
    m.prior(b, [0, 1]);
    m.prior(d, [0, 1]);
    const r = m.setSolver('exact').solve().assignment();
    expect(r).toEqual({ a: 1, b: 1, d: 1, 'h1.s': 0, 'h1.c': 1, 'h2.s': 1, 'h2.c': 0 });
  });
});

describe('typed errors name the variable or factor and come at build time', () => {
  const m = new Model('m');
  const a = m.bit('a');
  const r = m.range('r', 1, 3);
  const cases: [string, () => unknown, RegExp][] = [
    ['duplicate variable', () => m.bit('a'), /^variable 'a': a variable of that name already exists$/],
    ['empty domain', () => m.discrete('e', []), /^variable 'e': expected a non-empty list of values$/],
    ['repeated value', () => m.discrete('d', ['x', 'x']), /^variable 'd': value "x" appears twice$/],
    ['reversed range', () => m.range('q', 3, 1), /^variable 'q': expected an integer range lo..hi with lo <= hi, found 3..1$/],
    ['NaN value', () => m.discrete('n', [NaN]), /expected values that are strings or finite numbers, found NaN/],
    ['repeated scope', () => m.factor([a, a], [1, 1, 1, 1], 'f'), /^factor 'f': variable 'a' appears twice in the scope$/],
    ['empty scope', () => m.factor([], [1], 'g'), /^factor 'g': expected a scope of at least one variable$/],
    ['wrong table size', () => m.factor([a, r], [1, 2], 'h'), /^factor 'h': expected 6 table entries \(product of the domain sizes\), found 2$/],
    ['negative entry', () => m.factor([a], [1, -1], 'i'), /^factor 'i': entry 1 must be a finite number >= 0, found -1$/],
    ['all zero', () => m.factor([a], [0, 0], 'j'), /^factor 'j': every entry is 0$/],
    ['NaN from a function', () => m.fn([a], () => NaN, 'k'), /^factor 'k': expected a finite weight >= 0 \(or a boolean\), got NaN at \(0\)$/],
    ['Xor over a non-bit', () => m.xor([a, r], 'x1'), /^factor 'x1': variable 'r' must be a Bit \(domain 0, 1\)$/],
    ['Sum over names', () => m.sum(m.discrete('nm', ['p', 'q']), [a], 's1'), /^factor 's1': variable 'nm' must have numeric values$/],
    ['mux arity', () => m.mux(m.bit('mo'), r, [a], 'mx'), /^factor 'mx': select variable 'r' has 3 values but there are 1 inputs$/],
    ['foreign variable', () => m.factor([new Model('other').bit('z')], [1, 1], 'fz'), /^factor 'fz': variable 'z' belongs to another model$/],
    ['unknown variable', () => m.get('zz'), /^variable 'zz': no such variable in model 'm'$/],
    ['bad solver', () => m.setSolver('magic' as 'bp'), /^solver: expected one of bp, exact, gibbs, chip, got 'magic'$/],
    ['bad damping', () => m.setSolver('bp', { damping: 1 }), /^option 'damping': expected a number in \[0, 1\), got 1$/],
    ['bad bits', () => m.setSolver('chip', { bits: 40 }), /^option 'bits': expected an integer in 8..16, got 40$/],
    ['bad binding', () => m.nest(new Model('t'), { nope: a }, 'p'), /^subgraph 'p': binds 'nope', which is not a variable of model 't'$/],
  ];
  for (const [what, fn, re] of cases)
    it(what, () => {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ModelError);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(re);
    });

  it('a rejected factor leaves the model unchanged', () => {
    expect(m.factors.length).toBe(0);
    expect(m.variables.map((v) => v.name)).toEqual(['a', 'r', 'nm', 'mo']);
  });
});

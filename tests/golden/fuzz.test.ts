// Seeded mutation fuzzing of every reader: mutated inputs either parse into a valid factor graph or
// throw ModelFormatError — never anything else, never a hang.
import { describe, it, expect } from 'vitest';
import {
  applyEvidence,
  ModelFormatError,
  parseEvidence,
  parseFg,
  parseJsonModel,
  parseUai,
  Prng,
  readAlistGraph,
  validateFactorGraph,
  writeJsonModel,
  type FactorGraph,
} from '../../golden/index.js';
import { readData } from './helpers.js';

const N = 5000;
const TOKENS = ['-1', '0', '1', '2', '3', '7', '1e309', '-0', 'NaN', 'inf', '#', '\n', '\t', ' ', '99999999', '4294967297', '2.5', '1e-320', 'x', '{', '}', '[', ']', ',', ':', '"', '"card"', '"scope"', '"values"', 'null', 'true', 'MARKOV', 'BAYES', '\n\n', '0x10', '1e3', '.5'];

function mutate(text: string, rng: Prng): string {
  let s = text;
  const k = 1 + rng.int(3);
  for (let m = 0; m < k; m++) {
    const op = rng.int(7);
    const i = rng.int(s.length + 1);
    switch (op) {
      case 0: // delete a span
        s = s.slice(0, i) + s.slice(Math.min(s.length, i + 1 + rng.int(8)));
        break;
      case 1: // insert a token
        s = s.slice(0, i) + rng.pick(TOKENS) + s.slice(i);
        break;
      case 2: {
        // replace a number
        const nums = [...s.matchAll(/[0-9.eE+-]+/g)];
        if (nums.length === 0) break;
        const t = rng.pick(nums);
        s = s.slice(0, t.index) + rng.pick(TOKENS) + s.slice(t.index! + t[0].length);
        break;
      }
      case 3: // truncate
        s = s.slice(0, i);
        break;
      case 4: {
        // duplicate or drop a line
        const lines = s.split('\n');
        const j = rng.int(lines.length);
        if (rng.next() < 0.5) lines.splice(j, 0, lines[j]!);
        else lines.splice(j, 1);
        s = lines.join('\n');
        break;
      }
      case 5: {
        // swap two lines
        const lines = s.split('\n');
        const a = rng.int(lines.length);
        const b = rng.int(lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        s = lines.join('\n');
        break;
      }
      default: // flip a character
        if (s.length > 0) {
          const j = rng.int(s.length);
          s = s.slice(0, j) + String.fromCharCode(32 + rng.int(95)) + s.slice(j + 1);
        }
    }
  }
  return s;
}

function fuzz(seeds: string[], parse: (text: string) => FactorGraph | void, seed: number): { ok: number; errors: number } {
  const rng = new Prng(seed);
  let ok = 0;
  let errors = 0;
  for (let t = 0; t < N; t++) {
    const input = mutate(rng.pick(seeds), rng);
    try {
      const g = parse(input);
      if (g) validateFactorGraph(g); // whatever a reader accepts is a valid model
      ok++;
    } catch (err) {
      if (!(err instanceof ModelFormatError)) {
        throw new Error(`non-ModelFormatError ${String(err)} for input:\n${JSON.stringify(input).slice(0, 2000)}`);
      }
      expect(err.message.startsWith(`${err.file}:${err.line}`)).toBe(true);
      expect(err.line).toBeGreaterThanOrEqual(1);
      errors++;
    }
  }
  return { ok, errors };
}

const UAI_SMALL = `MARKOV
3
2 2 3
3
1 0
2 0 1
2 1 2
2
 0.436 0.564
4
 0.128 0.872
 0.920 0.080
6
 0.210 0.333 0.457
 0.811 0.000 0.189
`;
const BAYES_SMALL = `BAYES
2
2 2
2
1 0
2 0 1
2 0.3 0.7
4 0.9 0.1 0.2 0.8
`;

describe(`fuzzing the readers (${N} mutated inputs per format)`, () => {
  it('uai', () => {
    const r = fuzz([UAI_SMALL, BAYES_SMALL], (t) => parseUai(t, 'f.uai'), 1);
    expect(r.ok + r.errors).toBe(N);
    expect(r.errors).toBeGreaterThan(N / 4);
  });

  it('evid', () => {
    const model = parseUai(UAI_SMALL, 'm.uai');
    const r = fuzz(['2 0 1 2 2\n', '1\n2 0 1 1 0\n', '0\n', '1 2 1'], (t) => applyEvidence(model, parseEvidence(t, 'f.evid')), 2);
    expect(r.ok + r.errors).toBe(N);
    expect(r.errors).toBeGreaterThan(N / 4);
  });

  it('fg', () => {
    const seeds = [readData('libdai/twofactors.fg'), readData('libdai/zeroes1.fg'), readData('libdai/hoi1.fg')];
    const r = fuzz(seeds, (t) => parseFg(t, 'f.fg'), 3);
    expect(r.ok + r.errors).toBe(N);
    expect(r.errors).toBeGreaterThan(N / 4);
  });

  it('alist', () => {
    const small = '# a comment\n6 3\n2 4\n2 2 2 2 2 1\n4 4 3\n1 2\n1 2\n1 3\n1 2\n2 3\n3 0\n1 2 3 4\n1 2 4 5\n3 5 6 0\n';
    expect(readAlistGraph(small, 's.alist').factors.length).toBe(3);
    const r = fuzz([small, readData('ldpc/96.3.963.alist')], (t) => readAlistGraph(t, 'f.alist'), 4);
    expect(r.ok + r.errors).toBe(N);
    expect(r.errors).toBeGreaterThan(N / 4);
  });

  it('json', () => {
    const g = parseFg(readData('libdai/twofactors.fg'), 'twofactors.fg');
    const seeds = [
      writeJsonModel(g),
      '{"format":"gp5-factor-graph","version":1,"variables":[{"card":2},{"card":3,"name":"y"}],"factors":[{"scope":[1,0],"order":"last-fastest","values":[1,2,3,4,5,6]}]}',
    ];
    const r = fuzz(seeds, (t) => parseJsonModel(t, 'f.json'), 5);
    expect(r.ok + r.errors).toBe(N);
    expect(r.errors).toBeGreaterThan(N / 4);
  });
});

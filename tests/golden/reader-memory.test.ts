// Issue 10 items 8 and 13: model readers use memory in proportion to the input (a 1M-variable,
// 12 MB JSON model took 532 MB peak before: a tree of the whole file with a line map per object),
// and echo numbers as the file writes them.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonModel } from '../../golden/index.js';
import { RSS_PROBE, splitRssLine } from '../cli/hostile-helpers.js';
import { root, tmp } from '../runtime/cli-helpers.js';

/** Peak RSS (MB) of a child that reads `file` with readModelFile and prints its size. */
function readPeakMB(file: string): { out: string; peakMB: number } {
  const script = join(tmp, 'read-model.ts');
  writeFileSync(script, `import { readModelFile } from ${JSON.stringify(join(root, 'golden/index.js'))};\nconst g = readModelFile(process.argv[2]!);\nconsole.log(g.variables.length, g.factors.length);\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', RSS_PROBE, script, file], { encoding: 'utf8', cwd: root });
  const { stderr, rssMb } = splitRssLine(r.stderr);
  expect(r.status, stderr).toBe(0);
  return { out: r.stdout.trim(), peakMB: rssMb };
}

describe('model reader memory', () => {
  it('a 1M-variable JSON model (12 MB) reads in under 300 MB peak RSS', { timeout: 120_000 }, () => {
    const n = 1_000_000;
    const parts: string[] = ['{"format":"gp5-factor-graph","version":1,"variables":[\n'];
    for (let i = 0; i < n; i++) parts.push(i ? ',\n{"card":2}' : '{"card":2}');
    parts.push('\n],"factors":[\n');
    for (let i = 0; i + 1 < n; i += 1000) parts.push(`${i ? ',\n' : ''}{"scope":[${i},${i + 1}],"values":[1,2,3,4]}`);
    parts.push('\n]}\n');
    const file = join(tmp, 'm1.json');
    writeFileSync(file, parts.join(''));
    expect(statSync(file).size).toBeGreaterThan(11e6);
    const r = readPeakMB(file);
    expect(r.out).toBe('1000000 1000');
    expect(r.peakMB).toBeLessThan(300);
  });
});

describe('numbers echoed from the source text', () => {
  const base = (factor: string) => `{"format": "gp5-factor-graph", "version": 1,\n "variables": [{"card": 2}, {"card": 2}],\n "factors": [${factor}]}`;
  it('an id beyond 2^53 is shown as written, not rounded', () => {
    expect(() => parseJsonModel(base('{"scope": [9007199254740993], "values": [1, 1]}'), 'n.json')).toThrow(
      'n.json:3: error: factor 0: expected variable ids in range 0..1 in "scope", found 9007199254740993',
    );
  });
  it('1e309 is out of range, not "null"', () => {
    expect(() => parseJsonModel(base('{"scope": [0], "values": [1e309, 1]}'), 'n.json')).toThrow(
      'n.json:3: error: expected a number within the float64 range (magnitude below 1.8e308), found 1e309',
    );
  });
  it('factors before variables still read (kept, then converted)', () => {
    const g = parseJsonModel('{"factors": [{"scope": [0], "values": [1, 3]}], "format": "gp5-factor-graph", "version": 1, "variables": [{"card": 2}]}', 'o.json');
    expect(Array.from(g.factors[0]!.table)).toEqual([1, 3]);
  });
  it('a repeated "variables" key is an error', () => {
    expect(() => parseJsonModel('{"format": "gp5-factor-graph", "version": 1, "variables": [{"card": 2}], "variables": [], "factors": []}', 'r.json')).toThrow(
      /expected one "variables" property, found two/,
    );
  });
});

describe('no argument spreads that grow with the model', () => {
  it('formatSolveTable of 200k variables does not overflow the stack', async () => {
    const { formatSolveTable } = await import('../../golden/index.js');
    const marginals = Array.from({ length: 200_000 }, () => [0.25, 0.75]);
    const text = formatSolveTable({ method: 'bp', marginals, semiring: 'sum-product', schedule: 'flooding', damping: 0, tol: 1e-9, maxIter: 10, converged: true, iterations: 1, maxChange: 0, logZ: 0, log10Z: 0 } as never);
    expect(text.split('\n')[200_000]).toBe('199999           2  0.250000 0.750000');
  });
});

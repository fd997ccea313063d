// Hostile model files through the real `gp5sim solve`: every reader (.uai, .evid, .fg, .alist,
// .json) refuses each bad variant with exit 1 and a message naming the file and line, no stack trace,
// under the stated time and memory bounds; a BOM or CRLF line ends are accepted.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gp5simAsync, expectRefused, expectWithinBounds, data } from './hostile-helpers.js';
import { hostileCases, type HostileCase } from './hostile-cases.js';

const tmp = mkdtempSync(join(tmpdir(), 'gp5hostile-'));
const UAI = 'MARKOV\n2\n2 2\n2\n1 0\n2 0 1\n\n2\n0.3 0.7\n\n4\n1 2 3 4\n';
const FG = '2\n\n1\n0\n2\n2\n0 0.3\n1 0.7\n\n2\n0 1\n2 2\n4\n0 1\n1 2\n2 3\n3 4\n';
const JSON_MODEL = JSON.stringify({ format: 'gp5-factor-graph', version: 1, variables: [{ card: 2 }, { card: 2 }], factors: [{ scope: [0, 1], order: 'first-fastest', values: [1, 2, 3, 4] }] }, null, 1) + '\n';
const ALIST = readFileSync(join(data, 'ldpc/96.3.963.alist'), 'utf8');
const EVID = '2\n0 1\n1 0\n';
const goodUai = join(tmp, 'good.uai');
writeFileSync(goodUai, UAI);

async function check(c: HostileCase, args: string[]): Promise<void> {
  const r = await gp5simAsync(args);
  if (c.expect === 'accepted') {
    expect(r.stderr, `${c.name}: ${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
    expectWithinBounds(r);
  } else expectRefused(r, c.path, c.expect === 'refused-at-line' ? ':\\d+' : '');
}

const readers: [string, string, string, string, string][] = [
  ['uai', '.uai', UAI, 'MARKOV\n999999999999\n', UAI.replace('0.3 0.7', 'NaN Infinity')],
  ['fg', '.fg', FG, '99999999999\n', FG.replace('0 0.3', '0 NaN')],
  ['json', '.json', JSON_MODEL, JSON.stringify({ format: 'gp5-factor-graph', version: 1, variables: Array(3).fill({ card: 1e12 }), factors: [] }), JSON_MODEL.replace('4\n', '1e999\n')],
  ['alist', '.alist', ALIST, '999999999 999999999\n3 6\n', ALIST.replace(/^96 48/, 'NaN 48')],
];

describe.each(readers)('hostile %s models via gp5sim solve', (name, ext, valid, huge, nonFinite) => {
  for (const c of hostileCases(join(tmp, name), ext, valid, huge, nonFinite)) {
    it.concurrent(c.name, () => check(c, ['solve', c.path, '--max-iter', '5']));
  }
});

describe('hostile .evid files via gp5sim solve --evid', () => {
  // An empty evidence file is valid UAI: no observations.
  for (const c of hostileCases(join(tmp, 'evid'), '.evid', EVID, '999999999999\n', '1\n0 NaN\n', { empty: 'accepted' })) {
    it.concurrent(c.name, () => check(c, ['solve', goodUai, '--evid', c.path, '--max-iter', '5']));
  }
});

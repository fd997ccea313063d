// Hostile machine configs (`gp5sim run --config`) and hostile .MAR/.PR inputs of `gp5sim score`:
// exit 1, the file and the position (config field, or line) named, no stack trace, bounded time and memory.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gp5simAsync, expectRefused, expectWithinBounds } from './hostile-helpers.js';
import { hostileCases, type HostileCase } from './hostile-cases.js';

const tmp = mkdtempSync(join(tmpdir(), 'gp5hostile2-'));
const MAR = 'MAR\n2 2 0.25 0.75 3 0.2 0.3 0.5\n';
const PR = 'PR\n1.5\n';
const goodMar = join(tmp, 'good.MAR');
const goodPr = join(tmp, 'good.PR');
writeFileSync(goodMar, MAR);
writeFileSync(goodPr, PR);

async function check(c: HostileCase, args: string[], where: string): Promise<void> {
  const r = await gp5simAsync(args);
  if (c.expect === 'accepted') {
    expect(r.stderr, `${c.name}: ${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
    expectWithinBounds(r);
  } else expectRefused(r, c.path, c.expect === 'refused-at-line' ? where : '');
}

describe('hostile machine configs via gp5sim run --config', () => {
  const cases = hostileCases(join(tmp, 'config'), '.json', '{ "pes": 4,\n  "lanes": 8 }\n', '{ "pes": 99999999999 }\n', '{ "clockMHz": 1e999 }\n');
  for (const c of cases) it.concurrent(c.name, () => check(c, ['run', 'examples/maxstar-reduce.s', '--config', c.path], ': config field "[^"]+"'));

  it('pes 0 says what is wrong with pes (not "meshWidth … got NaN")', async () => {
    const f = join(tmp, 'pes0.json');
    writeFileSync(f, '{ "pes": 0 }');
    const r = await gp5simAsync(['run', 'examples/maxstar-reduce.s', '--config', f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: ${f}: config field "pes": expected an integer 1 … 4096 (number of PEs P (must equal meshWidth × meshHeight)), got 0\n`);
  });
});

describe('hostile .MAR files via gp5sim score', () => {
  for (const c of hostileCases(join(tmp, 'mar'), '.MAR', MAR, 'MAR\n999999999999\n', 'MAR\n1 2 NaN 0.5\n')) {
    it.concurrent(c.name, () => check(c, ['score', c.path, goodMar], ':\\d+'));
  }
});

describe('hostile .PR files via gp5sim score --pr', () => {
  for (const c of hostileCases(join(tmp, 'pr'), '.PR', PR, 'PR\n1e999\n', 'PR\nNaN\n')) {
    it.concurrent(c.name, () => check(c, ['score', goodMar, goodMar, '--pr', c.path, '--pr-result', goodPr], ':\\d+'));
  }
});

// Issue 10 item 5: a check too wide for a dense table (degree 40) is a clean typed error naming the
// limit on every command that builds dense tables from an alist — infer and solve — never a
// RangeError trace. (`ldpc` runs checks on the LLR unit, which takes degree 40; its limit, 256, is
// tested in tests/ldpc/cli.test.ts.)
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gp5sim, noStack, tmp } from './cli-helpers.js';

/** One check over 40 bits. */
function wideAlist(): string {
  const n = 40;
  const cols = Array.from({ length: n }, () => '1').join(' ');
  const colLists = Array.from({ length: n }, () => '1').join('\n');
  const row = Array.from({ length: n }, (_, i) => String(i + 1)).join(' ');
  return `${n} 1\n1 ${n}\n${cols}\n${n}\n${colLists}\n${row}\n`;
}

describe('dense table limit', () => {
  const file = join(tmp, 'wide.alist');
  writeFileSync(file, wideAlist());
  for (const args of [['infer', file, '--pes', '1'], ['solve', file]]) {
    it(`${args[0]} refuses degree 40 with the limit 24`, () => {
      const r = gp5sim(...args);
      expect(r.status, r.stderr).toBe(1);
      expect(noStack(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(/40/);
      expect(r.stderr).toMatch(/24/);
      expect(r.stderr).not.toMatch(/RangeError/);
    });
  }
  it('ldpc decodes degree 40 on the LLR unit', () => {
    const r = gp5sim('ldpc', file, '--max-frames', '8', '--json');
    expect(r.status, r.stderr).toBe(0);
  });
});

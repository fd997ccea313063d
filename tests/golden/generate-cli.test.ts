// Issue 10 items 2 and 11: `gp5sim generate` streams to its file (peak RSS under 300 MB at a size
// that needed gigabytes when the whole model and text were built in memory), validates its options
// (no Infinity tables), and writes the format the output extension names or refuses.
import { describe, it, expect } from 'vitest';
import { readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseFg, parseJsonModel, parseUai, readModelFile, solve, writeFg, isingGrid } from '../../golden/index.js';
import { runTool } from '../cli/hostile-helpers.js';
import { gp5sim, noStack, tmp } from '../runtime/cli-helpers.js';

describe('gp5sim generate', () => {
  it('streams a 600 x 600 grid (1.08M factors) in under 300 MB peak RSS', { timeout: 120_000 }, () => {
    const out = join(tmp, 'big.fg');
    const r = runTool('gp5sim', ['generate', 'ising', '--size', '600', '-o', out], undefined, 120_000);
    expect(r.status, r.stderr).toBe(0);
    const bytes = statSync(out).size;
    unlinkSync(out);
    expect(bytes).toBeGreaterThan(90e6);
    expect(r.rssMb).toBeLessThan(300);
  });

  it('writes .uai, .fg and .json by extension; each reads back to the same model', () => {
    const models = ['uai', 'fg', 'json'].map((ext) => {
      const file = join(tmp, `g.${ext}`);
      const r = gp5sim('generate', 'ising', '--size', '4', '--seed', '7', '-o', file);
      expect(r.status, r.stderr).toBe(0);
      const text = readFileSync(file, 'utf8');
      return ext === 'uai' ? parseUai(text, file) : ext === 'fg' ? parseFg(text, file) : parseJsonModel(text, file);
    });
    expect(readFileSync(join(tmp, 'g.uai'), 'utf8').startsWith('MARKOV\n16\n')).toBe(true);
    const exact = models.map((g) => solve(g, { method: 'exact' }).marginals);
    expect(exact[0]).toEqual(exact[2]);
    expect(exact[1]).toEqual(exact[2]);
    // Same bits as the in-memory writer of the same seeded grid.
    expect(readFileSync(join(tmp, 'g.fg'), 'utf8')).toBe(writeFg(isingGrid({ rows: 4, cols: 4, seed: 7 })));
  });

  it('refuses an extension it cannot write (exit 2), before writing anything', () => {
    const r = gp5sim('generate', 'ising', '-o', join(tmp, 'x.txt'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/x\.txt.*expected a name ending in \.uai, \.fg or \.json/);
    expect(noStack(r.stderr)).toBe(true);
  });

  it('refuses --coupling 1e308 and --field 1e3 (tables would hold Infinity); accepts the largest finite sigma', () => {
    for (const [flag, v] of [['--coupling', '1e308'], ['--field', '1000']]) {
      const r = gp5sim('generate', 'ising', '--size', '3', flag, v, '-o', join(tmp, 'inf.json'));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${flag} expects a number 0 … 106`));
    }
    const file = join(tmp, 'edge.uai');
    expect(gp5sim('generate', 'ising', '--size', '30', '--coupling', '106', '--field', '106', '-o', file).status).toBe(0);
    // Its own reader accepts the extreme tables (all finite).
    expect(readModelFile(file).factors.length).toBe(3 * 900 - 60);
  });
});

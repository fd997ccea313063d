// Issue 10 item 9: a model that cannot fit is refused from a count of the graph, before anything
// big is built, with advice naming only configurations that exist; more PEs than graph nodes warns.
import { describe, it, expect } from 'vitest';
import { CONFIG_MAX, makeConfig, makeFormat } from '../../isa/index.js';
import { isingGrid, quantizeGraph, readModelFile } from '../../golden/index.js';
import { compileGraph, CompileError, estimateQuantizedFit, fitAdvice, inferOnChip } from '../../runtime/index.js';
import { dataPath } from './corpus.js';
import { gp5sim } from './cli-helpers.js';

describe('fit estimate', () => {
  it('on one PE it is exactly what the compiler allocates', () => {
    for (const file of ['libdai/alarm.fg', 'libdai/hoi4.fg', 'uai2014/Promedus_24.uai']) {
      const cfg = makeConfig({ pes: 1, scratchpadBytes: 4 << 20 });
      const q = quantizeGraph(readModelFile(dataPath(file)), makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
      const prog = compileGraph(q, cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 0, maxIter: 1 });
      const est = estimateQuantizedFit(q, cfg);
      expect(est.perPeWords).toBe(prog.memoryUsed[0]);
    }
  });

  it('a 300 x 300 grid on one 4 MiB PE is refused at once, advising a valid PE count only', () => {
    const g = isingGrid({ rows: 300, cols: 300, seed: 1 });
    const cfg = makeConfig({ pes: 1, scratchpadBytes: CONFIG_MAX.scratchpadBytes });
    const t0 = performance.now();
    let err: unknown;
    try {
      inferOnChip(g, { cfg });
    } catch (e) {
      err = e;
    }
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(err).toBeInstanceOf(CompileError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/needs at least \d+ scratchpad words per PE on 1 PEs .* use --pes (\d+) or more$/);
    const pes = Number(/--pes (\d+)/.exec(msg)![1]);
    expect(pes).toBeGreaterThan(1);
    expect(pes).toBeLessThanOrEqual(CONFIG_MAX.pes);
    expect(msg).not.toMatch(/scratchpadBytes/); // 4 MiB is already the maximum
  });

  it('advice: a valid scratchpad when one exists; "no configuration" when nothing can hold it', () => {
    const cfg = makeConfig({ pes: 16 });
    expect(fitAdvice(16 * 100_000, cfg)).toBe('use --pes 25 or more, or a config with scratchpadBytes >= 391 KiB');
    expect(fitAdvice(5e9, cfg)).toMatch(/^no configuration can hold it \(at most 4096 PEs of 4096 KiB/);
  });

  it('infer with more PEs than graph nodes warns (stderr in text mode, the warnings field in --json)', () => {
    const r = gp5sim('infer', dataPath('libdai/twofactors.fg'), '--pes', '64');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: 64 PEs for \d+ graph nodes/);
    const j = gp5sim('infer', dataPath('libdai/twofactors.fg'), '--pes', '64', '--json');
    expect(j.stderr).toBe('');
    expect(JSON.parse(j.stdout).warnings.join('\n')).toMatch(/64 PEs for \d+ graph nodes/);
  });
});

describe('compile progress', () => {
  it('reports every 4096 lowered updates and once at the end (done = total)', () => {
    const g = isingGrid({ rows: 40, cols: 40, seed: 1 });
    const calls: [number, number][] = [];
    inferOnChip(g, { cfg: makeConfig({ pes: 16 }), maxIter: 1, exactLimit: 0, onCompileProgress: (d, t) => calls.push([d, t]) });
    // 40x40 grid: 3120 pairwise factors, 6240 edges → one V and one F per edge = 12480 updates.
    expect(calls).toEqual([[4096, 12480], [8192, 12480], [12288, 12480], [12480, 12480]]);
  });
});

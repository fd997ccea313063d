// The gp5sim command line, end to end: the real entry point, bundled once per file (hostile-helpers:
// plain node, no tsx start-up per case); the tests and their independent spawns run side by side.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToolAsync } from './hostile-helpers.js';
import { exactMap, readModelFile } from '../../golden/index.js';

const data = (rel: string) => fileURLToPath(new URL(`../../../shared/data/${rel}`, import.meta.url));
const gp5sim = (...args: string[]) => runToolAsync('gp5sim', args);
const gp5asm = (...args: string[]) => runToolAsync('gp5asm', args);
const tmp = mkdtempSync(join(tmpdir(), 'gp5cli-'));

describe.concurrent('gp5sim run', () => {
  it('runs an assembly file and prints one JSON object', async () => {
    const r = await gp5sim('run', 'examples/maxstar-reduce.s', '--pes', '1', '--json');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(1);
    const j = JSON.parse(lines[0]);
    expect(j.status).toBe('halted');
    expect(j.cycles).toBeGreaterThan(0);
    expect(j.pes).toHaveLength(1);
    expect(Object.keys(j.stalls)).toContain('raw');
  });

  it('writes byte-identical traces on two runs', async () => {
    const files = (k: string) => ['--vcd', join(tmp, `${k}.vcd`), '--commit-log', join(tmp, `${k}.log`), '--profile', join(tmp, `${k}.json`)];
    const runs = await Promise.all(['a', 'b'].map((k) => gp5sim('run', 'examples/pe-exchange.s', '--pes', '2', ...files(k))));
    expect(runs.map((r) => r.status)).toEqual([0, 0]);
    for (const ext of ['vcd', 'log', 'json']) {
      expect(readFileSync(join(tmp, `a.${ext}`), 'utf8')).toBe(readFileSync(join(tmp, `b.${ext}`), 'utf8'));
    }
    expect(readFileSync(join(tmp, 'a.vcd'), 'utf8')).toMatch(/\$scope module pe1 \$end/);
    expect(JSON.parse(readFileSync(join(tmp, 'a.json'), 'utf8')).traceEvents.length).toBeGreaterThan(3);
  });

  it('reports a fault with exit 1 and no stack trace', async () => {
    const prog = join(tmp, 'fault.s');
    // PE 0 waits for PE 1 and PE 1 for PE 0: nobody ever sends.
    writeFileSync(prog, '        csrr r1, peid\n        xori r1, r1, 1\n        recv r1, r0, 4\n        halt\n');
    const r = await gp5sim('run', prog, '--pes', '2');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAULT fault \(deadlock\) on PE 0 at pc 2, cycle 2: deadlock: PE 0 waits for a message from PE 1/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('assembly errors: file:line:col with exit 1', async () => {
    const prog = join(tmp, 'bad.s');
    writeFileSync(prog, '  addd r1, r2, r3\n');
    const r = await gp5sim('run', prog);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.s:1:3: error: unknown mnemonic 'addd'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('usage errors exit 2', async () => {
    const runs = await Promise.all([
      gp5sim('run', 'examples/maxstar-reduce.s', '--max-cycles', 'lots'),
      gp5sim('run', 'examples/maxstar-reduce.s', '--pes', '0'),
      gp5sim('frobnicate'),
    ]);
    expect(runs.map((r) => r.status)).toEqual([2, 2, 2]);
  });

  it('a bad config names the field (exit 1)', async () => {
    const cfg = join(tmp, 'cfg.json');
    writeFileSync(cfg, '{ "lanes": 6 }');
    const r = await gp5sim('run', 'examples/maxstar-reduce.s', '--config', cfg);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/config field "lanes": expected a power of two, got 6/);
  });
});

describe.concurrent('gp5sim infer', () => {
  it('testfast.fg: JSON with marginals, convergence, cycles, utilisation and error against float BP', async () => {
    const r = await gp5sim('infer', data('libdai/testfast.fg'), '--pes', '4', '--json', '--emit-asm', join(tmp, 'tf.s'), '--out', join(tmp, 'tf.MAR'));
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.marginals).toHaveLength(16);
    for (const m of j.marginals) expect(m[0] + m[1]).toBeCloseTo(1, 9);
    expect(typeof j.converged).toBe('boolean');
    expect(j.iterations).toBeGreaterThan(0);
    expect(j.cycles).toBeGreaterThan(0);
    expect(j.utilization).toBeGreaterThan(0);
    expect(j.utilization).toBeLessThanOrEqual(1);
    expect(j.maxTV).toBeLessThanOrEqual(1e-2);
    expect(readFileSync(join(tmp, 'tf.MAR'), 'utf8')).toMatch(/^MAR\n16 2 /);
    // The emitted assembly reassembles.
    const a = await gp5asm(join(tmp, 'tf.s'), '-o', join(tmp, 'tf.gp5o'));
    expect(a.status).toBe(0);
    expect(existsSync(join(tmp, 'tf.gp5o'))).toBe(true);
    const rerun = await gp5sim('run', join(tmp, 'tf.gp5o'), '--pes', '4', '--json');
    expect(JSON.parse(rerun.stdout).cycles).toBe(j.cycles);
  });

  it('UAI with evidence: human table', async () => {
    const r = await gp5sim('infer', data('uai2014/Promedus_24.uai'), '--evid', data('uai2014/Promedus_24.uai.evid'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/converged after \d+ iterations/);
    expect(r.stdout).toMatch(/error vs float BP/);
    expect(r.stdout).toMatch(/error vs exact: max TV/);
  });

  it('residual schedule runs; clear errors: unknown schedule (2), missing file (1), malformed model (1)', async () => {
    const bad = join(tmp, 'bad.fg');
    writeFileSync(bad, '1\n\n2\n0 1\n2 2\n4\n0 1\n');
    const [res, splash, missing, r] = await Promise.all([
      gp5sim('infer', data('libdai/testfast.fg'), '--schedule', 'residual', '--json'),
      gp5sim('infer', data('libdai/testfast.fg'), '--schedule', 'splash'),
      gp5sim('infer', join(tmp, 'nope.uai')),
      gp5sim('infer', bad),
    ]);
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout).maxTV).toBeLessThan(2e-2);
    expect(splash.status).toBe(2);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.uai/);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.fg:\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.concurrent('gp5sim generate', () => {
  it('writes a seeded HMM chain that infer runs; same seed, same bytes', async () => {
    const a = join(tmp, 'hmm-a.json');
    const b = join(tmp, 'hmm-b.json');
    const gens = await Promise.all([a, b, ''].map((out) => (out ? gp5sim('generate', 'hmm', '--classes', '3', '--frames', '20', '--seed', '4', '-o', out) : gp5sim('generate', 'spiral'))));
    expect(gens.map((g) => g.status)).toEqual([0, 0, 2]);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    const r = await gp5sim('infer', a, '--pes', '2', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.marginals).toHaveLength(60);
    expect(j.exact.maxTV).toBeLessThan(2e-2); // chains are trees: BP is exact up to the format
  });
});

describe.concurrent('gp5sim ldpc', () => {
  it('ldpc: one JSON object with error rates and throughput', async () => {
    const r = await gp5sim('ldpc', data('ldpc/96.3.963.alist'), '--ebn0', '3', '--frames', '2', '--iters', '20', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.n).toBe(96);
    expect(j.points).toHaveLength(1);
    expect(j.points[0].frames).toBe(2);
    expect(j.points[0].mbps).toBeGreaterThan(0);
  });
});

describe.concurrent('gp5sim solve --method exact --semiring min-sum', () => {
  it('prints the exact MAP and max-marginals of the library; -o writes them as .MAR; --pr is refused (2)', async () => {
    const model = data('libdai/testfast.fg');
    const mar = join(tmp, 'map.MAR');
    const [json, table, pr] = await Promise.all([
      gp5sim('solve', model, '--method', 'exact', '--semiring', 'min-sum', '--json'),
      gp5sim('solve', model, '--method', 'exact', '--semiring', 'min-sum', '-o', mar),
      gp5sim('solve', model, '--method', 'exact', '--semiring', 'min-sum', '--pr', join(tmp, 'map.PR')),
    ]);
    const want = exactMap(readModelFile(model));
    expect(json.status, json.stderr).toBe(0);
    const j = JSON.parse(json.stdout);
    expect(j.assignment).toEqual(Array.from(want.assignment));
    expect(j.logWeight).toBe(want.logWeight);
    expect(j.marginals).toEqual(want.maxMarginals.map((m) => Array.from(m)));
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain(`log weight of the MAP assignment = ${want.logWeight.toPrecision(10)}\n`);
    expect(readFileSync(mar, 'utf8')).toMatch(/^MAR\n16 2 /);
    expect(pr.status).toBe(2);
    expect(pr.stderr).toContain('--pr writes log10 Z, which exact MAP');
  });
});

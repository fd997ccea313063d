import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../cli/hostile-helpers.js';
import {
  beliefPropagation,
  compileBpGraph,
  exactInference,
  formatSolveTable,
  hmmChain,
  isingGrid,
  mulberry32,
  parseFg,
  parseMar,
  randomTree,
  solve,
} from '../../golden/index.js';
import { dataPath, readData } from './helpers.js';

describe('solve()', () => {
  const g = parseFg(readData('libdai/testfast.fg'), 'testfast.fg');

  it('bp: JSON-ready result with honest convergence fields', () => {
    const r = solve(g, { method: 'bp', schedule: 'sequential', tol: 1e-9, maxIter: 10000 });
    const j = JSON.parse(JSON.stringify(r)) as typeof r;
    expect(j.method).toBe('bp');
    expect(j.schedule).toBe('sequential');
    expect(j.converged).toBe(true);
    expect(j.marginals.length).toBe(16);
    expect(j.marginals[0]![0]!.toFixed(4)).toBe('0.3486');
    expect(j.maxChange).toBeLessThan(1e-9);
    expect(j.edges).toBe(16 + 2 * 24);
    expect(j.log10Z).toBeCloseTo(j.logZ / Math.LN10, 14);
  });

  it('exact: marginals, log Z and width', () => {
    const r = solve(g, { method: 'exact' });
    expect(r.converged).toBe(true);
    expect(r.marginals[0]![0]!.toFixed(4)).toBe('0.3500');
    expect(r.inducedWidth).toBeGreaterThanOrEqual(4);
    expect(r.logZ).toBeCloseTo(exactInference(g).logZ, 12);
    expect(solve(g, { method: 'exact', semiring: 'min-sum' }).assignment).toHaveLength(16); // exact MAP: tests/golden/exact-map-solve.test.ts
  });

  it('non-convergence is reported, maxIter 0 gives null max change', () => {
    const r = solve(g, { method: 'bp', maxIter: 3, tol: 1e-12 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(3);
    expect(r.maxChange).toBeGreaterThan(0);
    const z = solve(g, { method: 'bp', maxIter: 0 });
    expect(z.iterations).toBe(0);
    expect(z.maxChange).toBeNull();
    expect(z.marginals.every((m) => m.every((p) => p === 0.5))).toBe(true);
  });

  it('formats a table', () => {
    const r = solve(g, { method: 'bp', maxIter: 1000 });
    const t = formatSolveTable(r, g);
    expect(t.split('\n')[1]).toBe('  0  x0       2  0.348601 0.651399');
    expect(t).toMatch(/converged after \d+ iterations/);
    expect(t).toContain('log Z =');
  });
});

describe('generators and PRNG', () => {
  it('mulberry32 is deterministic', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });

  it('Ising grid 200x200: 40,000 variables, 119,600 factors, 199,200 edges; seeded', () => {
    const g = isingGrid({ rows: 200, cols: 200, seed: 1 });
    expect(g.variables.length).toBe(40000);
    expect(g.factors.length).toBe(40000 + 2 * 200 * 199);
    const bg = compileBpGraph(g);
    expect(bg.nEdges).toBe(199200);
    const h = isingGrid({ rows: 200, cols: 200, seed: 1 });
    expect(Array.from(h.factors[50000]!.table)).toEqual(Array.from(g.factors[50000]!.table));
    expect(Array.from(isingGrid({ rows: 200, cols: 200, seed: 2 }).factors[50000]!.table)).not.toEqual(Array.from(g.factors[50000]!.table));
  });

  it('a small Ising grid: BP close to exact, flooding runs a fixed number of sweeps with tol 0', () => {
    const g = isingGrid({ rows: 5, cols: 5, seed: 3 });
    const ex = exactInference(g);
    const bp = beliefPropagation(g, { tol: 1e-10, maxIter: 1000 });
    expect(bp.converged).toBe(true);
    bp.marginals.forEach((m, v) => expect(Math.abs(m[0]! - ex.marginals[v]![0]!)).toBeLessThan(0.05));
    const fixed = beliefPropagation(g, { tol: 0, maxIter: 17 });
    expect(fixed.iterations).toBe(17);
    expect(fixed.updates).toBe(17 * (25 + 2 * 40));
  });

  it('random trees: cardinalities within bounds and a tree-shaped factor graph', () => {
    const g = randomTree({ nVars: 50, seed: 9, maxCard: 8 });
    expect(g.variables.length).toBe(50);
    const cards = g.variables.map((v) => v.card);
    expect(Math.min(...cards)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...cards)).toBeLessThanOrEqual(8);
    // factor graph is a tree: edges = nodes - 1 (nodes = variables + factors)
    const edges = g.factors.reduce((a, f) => a + f.scope.length, 0);
    expect(edges).toBe(g.variables.length + g.factors.length - 1);
  });

  it('HMM chain: C x T binary variables; BP on the chains is exact', () => {
    const { graph, truth } = hmmChain({ classes: 3, frames: 60, seed: 5 });
    expect(graph.variables.length).toBe(180);
    expect(graph.factors.length).toBe(3 * (1 + 60 + 59));
    expect(truth.length).toBe(3);
    const ex = exactInference(graph);
    const bp = beliefPropagation(graph, { schedule: 'sequential', tol: 1e-13, maxIter: 500 });
    expect(bp.converged).toBe(true);
    bp.marginals.forEach((m, v) => expect(Math.abs(m[1]! - ex.marginals[v]![1]!)).toBeLessThan(1e-9));
    expect(Math.abs(bp.logZ - ex.logZ)).toBeLessThan(1e-9);
    // smoothing recovers most of the true activity
    let correct = 0;
    truth.forEach((row, c) => row.forEach((x, t) => (correct += (bp.marginals[c * 60 + t]![1]! > 0.5 ? 1 : 0) === x ? 1 : 0)));
    expect(correct / 180).toBeGreaterThan(0.8);
  });
});

describe('gp5sim solve (CLI)', () => {
  const run = (...args: string[]) => runTool('gp5sim', ['solve', ...args]);

  it('--json prints exactly one object; --out writes a .MAR; bad flags exit 2; bad files exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp5-solve-'));
    const out = join(dir, 'p.MAR');
    const uai = dataPath('uai2014/Promedus_24.uai');
    const r = run(uai, '--evid', `${uai}.evid`, '--method', 'exact', '--json', '--out', out);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(1);
    const j = JSON.parse(lines[0]!) as { marginals: number[][]; log10Z: number; method: string };
    expect(j.method).toBe('exact');
    expect(j.log10Z.toPrecision(6)).toBe('-5.86181');
    const mar = parseMar(readFileSync(out, 'utf8'), out);
    expect(mar.length).toBe(200);
    expect(mar[0]![0]).toBeCloseTo(j.marginals[0]![0]!, 6);

    const bad = run(uai, '--damping', '1.5');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--damping expects a number in [0, 1), got '1.5'");
    expect(run(uai, '--max-iter', 'ten').status).toBe(2);
    expect(run(uai, '--schedule', 'random').status).toBe(2);

    const malformed = join(dir, 'bad.fg');
    execFileSync('sh', ['-c', `printf '1\\n\\n2\\n0 1\\n2 2\\n4\\n0 1\\n' > ${malformed}`]);
    const m = run(malformed);
    expect(m.status).toBe(1);
    expect(m.stderr).toContain(`${malformed}:7: error: unexpected end of file: expected entry index of factor 0`);
    expect(m.stderr).not.toContain('    at ');
  });

  it('table output for a non-converging model says so', () => {
    const r = run(dataPath('uai2014/Grids_11.uai'), '--max-iter', '50', '--schedule', 'residual');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('NOT converged after 50 iterations');
  });
});

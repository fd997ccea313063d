// Which models take the pairwise path, and the lane bound it reports: the compiler's static count
// of one iteration's lane-operations equals what the simulator counts per iteration.
import { describe, expect, it } from 'vitest';
import { isingGrid, quantizeGraph, type FactorGraph } from '../../golden/index.js';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { compilePairwise, inferOnChip, runPairwise, estimatePairwiseFit, PAIRWISE_WORDS_PER_EDGE, CompileError } from '../../runtime/index.js';
import { expectAsmRoundTrip } from './fixtures.js';

const grid = isingGrid({ rows: 6, cols: 6, seed: 1 });
const cfg = makeConfig({ pes: 4 });

/** The grid plus one all-ones 3-variable factor: not pairwise. */
const triple: FactorGraph = { variables: grid.variables, factors: [...grid.factors, { scope: [0, 1, 2], table: new Float64Array(8).fill(1) }] };
/** A ternary variable beside a binary one: not binary. */
const ternary: FactorGraph = { variables: [{ card: 3 }, { card: 2 }], factors: [{ scope: [0, 1], table: Float64Array.from([1, 2, 3, 4, 5, 6]) }] };

describe('pairwise dispatch', () => {
  it('binary pairwise + flooding, or sequential on ≥ 4 PEs → pairwise; gated-flooding, sequential on fewer PEs, other arities, cardinalities or path dense → dense', () => {
    expect(inferOnChip(grid, { cfg, maxIter: 3, exactLimit: 0 }).path).toBe('pairwise');
    expect(inferOnChip(grid, { cfg, maxIter: 3, exactLimit: 0, path: 'dense' }).path).toBe('dense');
    const seq4 = inferOnChip(grid, { cfg, maxIter: 3, exactLimit: 0, schedule: 'sequential' });
    expect([seq4.path, seq4.warnings.filter((w) => w.startsWith('binary pairwise'))]).toEqual(['pairwise', []]);
    expect(inferOnChip(grid, { cfg, maxIter: 3, exactLimit: 0, schedule: 'sequential', path: 'dense' }).path).toBe('dense');
    const seq2 = inferOnChip(grid, { cfg: makeConfig({ pes: 2 }), maxIter: 3, exactLimit: 0, schedule: 'sequential' });
    expect(seq2.path).toBe('dense');
    expect(seq2.warnings).toContain('binary pairwise model under the sequential schedule: it runs on the dense fupd/vupd path on 2 PEs (faster there; the pairwise LLR path, pfu, takes sequential from 4 PEs)');
    // A chain's two-pass list is one update per level: it does not pack, so it stays dense.
    const chain = inferOnChip(isingGrid({ rows: 1, cols: 40, seed: 1 }), { cfg, maxIter: 3, exactLimit: 0, schedule: 'sequential' });
    expect(chain.path).toBe('dense');
    expect(chain.warnings).toContain('binary pairwise model under the sequential schedule: it runs on the dense fupd/vupd path (its update list packs 1.0 updates per level, fewer than 4: the pairwise LLR path, pfu, is slower there)');
    const gated = inferOnChip(grid, { cfg, maxIter: 3, exactLimit: 0, schedule: 'gated-flooding' });
    expect(gated.path).toBe('dense');
    expect(gated.warnings).toContain('binary pairwise model under the gated-flooding schedule: it runs on the dense fupd/vupd path (the pairwise LLR path, pfu, has no per-factor gate)');
    expect(inferOnChip(triple, { cfg, maxIter: 3, exactLimit: 0 }).path).toBe('dense');
    expect(inferOnChip(ternary, { cfg: makeConfig({ pes: 1 }), maxIter: 3, exactLimit: 0 }).path).toBe('dense');
  });

  it("the lane bound's per-iteration count is the simulator's per-iteration lane-operations", () => {
    // 16x16 grid on 2 PEs: 128 variables per PE, more than a vector register, so no padding.
    const q = quantizeGraph(isingGrid({ rows: 16, cols: 16, seed: 2 }), makeFormat(16, 8, 256));
    const c = makeConfig({ pes: 2 });
    const prog = (maxIter: number) => compilePairwise(q, c, { semiring: 'sum-product', lambda: 0, tolRaw: -1, maxIter });
    const p3 = prog(3);
    const ops = (n: number) => runPairwise(prog(n)).report.laneOps;
    expect((ops(5) - ops(3)) / 2).toBe(p3.laneBound.laneOpsPerIteration);
    // 16x16 grid: 960 pfu lanes (one per message) + the variable phase's vld/vadd/vsub/vst lanes:
    // per variable of degree d, 1 + 4d → 256 + 4·960.
    expect(p3.laneBound.laneOpsPerIteration).toBe(960 + 256 + 4 * 960);
    expect(p3.laneBound.lanes).toBe(p3.laneBound.laneOpsPerIteration / (2 * c.lanes));
  });

  it('a PE whose variables fit one vector register pads them to one group: padding lanes are not counted', () => {
    // 8x8 grid on 4 PEs: 16 variables of degree 2 to 4 per PE, one padded group each.
    const q = quantizeGraph(isingGrid({ rows: 8, cols: 8, seed: 2 }), makeFormat(16, 8, 256));
    const c = makeConfig({ pes: 4 });
    const prog = (maxIter: number) => compilePairwise(q, c, { semiring: 'sum-product', lambda: 0, tolRaw: -1, maxIter });
    const p3 = prog(3);
    const ops = (n: number) => runPairwise(prog(n)).report.laneOps;
    // Useful: 224 pfu lanes + 64 + 4·224 as above; the simulator also counts the 32 padding slots'
    // vld/vadd/vsub/vst lanes (4 · 32 = 128).
    expect(p3.laneBound.laneOpsPerIteration).toBe(224 + 64 + 4 * 224);
    expect((ops(5) - ops(3)) / 2).toBe(p3.laneBound.laneOpsPerIteration + 128);
  });

  it('inferOnChip reports the path, its lane bound and lane utilisation', () => {
    const r = inferOnChip(grid, { cfg, maxIter: 20, exactLimit: 0 });
    expect(r.laneBound.cyclesPerIteration).toBeGreaterThan(0);
    expect(r.laneBound.ratio).toBeCloseTo(r.cyclesPerIteration / r.laneBound.cyclesPerIteration, 12);
    expect(r.report.laneUtilization).toBeGreaterThan(0);
    expect(r.report.bpMessages).toBe(r.iterations * 2 * 60); // 6x6 grid: 60 pairwise factors, 2 messages each per iteration
  });
});

describe('pairwise assembly', () => {
  it('--emit-asm text reassembles to the identical code and data words', () => {
    const q = quantizeGraph(isingGrid({ rows: 5, cols: 6, seed: 3 }), makeFormat(16, 8, 256));
    const prog = compilePairwise(q, makeConfig({ pes: 4 }), { semiring: 'min-sum', lambda: 64, tolRaw: 8, maxIter: 30, keepAssembly: true });
    const text = expectAsmRoundTrip(prog, 'grid 5x6');
    expect(text).toMatch(/pfu\.ms r1, \d+\(r0\)/);
    expect(inferOnChip(isingGrid({ rows: 3, cols: 3, seed: 1 }), { cfg, maxIter: 2, exactLimit: 0, emitAsm: true }).asm).toMatch(/binary pairwise LLR path/);
  });
});

describe('pairwise fit', () => {
  it('counts the pairwise layout, not the dense one: grid64 fits 4 PEs of 256 KiB only on this path', () => {
    const g = isingGrid({ rows: 64, cols: 64, seed: 1 });
    const c4 = makeConfig({ pes: 4 });
    expect(() => inferOnChip(g, { cfg: c4, maxIter: 1, exactLimit: 0, path: 'dense' })).toThrow(CompileError);
    expect(estimatePairwiseFit(g, c4)).toMatchObject({ totalWords: 2 * 4096 + PAIRWISE_WORDS_PER_EDGE * 2 * 8064, fits: true });
    const tiny = makeConfig({ pes: 1, scratchpadBytes: 4096 });
    expect(() => inferOnChip(isingGrid({ rows: 10, cols: 10, seed: 1 }), { cfg: tiny })).toThrow(/needs at least 2724 scratchpad words per PE on 1 PEs .*use --pes 3 or more/);
  });
});

describe('gp5sim infer --path', () => {
  it('says which code ran, and --path dense forces fupd/vupd on a binary pairwise model', async () => {
    const { gp5simAsync, data } = await import('../cli/hostile-helpers.js');
    const model = `${data}/libdai/testfast.fg`;
    const [auto, dense, bad] = await Promise.all([
      gp5simAsync(['infer', model, '--pes', '4', '--json']),
      gp5simAsync(['infer', model, '--pes', '4', '--path', 'dense']),
      gp5simAsync(['infer', model, '--path', 'pfu']),
    ]);
    expect(auto.status).toBe(0);
    expect(JSON.parse(auto.stdout).path).toBe('pairwise');
    expect(dense.status).toBe(0);
    expect(dense.stdout).toContain('code: dense fupd/vupd;');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--path expects auto, dense or pairwise, got 'pfu'");
  }, 60_000);

  it('below W = 16 auto takes the dense path with unsigned messages and says so; --path pairwise forces pfu; a model that cannot take it is refused', async () => {
    const { gp5simAsync, data } = await import('../cli/hostile-helpers.js');
    const [auto8, forced8, notPairwise] = await Promise.all([
      gp5simAsync(['infer', `${data}/libdai/testfast.fg`, '--pes', '4', '--bits', '8', '--json']),
      gp5simAsync(['infer', `${data}/libdai/testfast.fg`, '--pes', '4', '--bits', '8', '--path', 'pairwise', '--json']),
      gp5simAsync(['infer', `${data}/libdai/alarm.fg`, '--pes', '4', '--path', 'pairwise']),
    ]);
    expect(auto8.status).toBe(0);
    const a = JSON.parse(auto8.stdout);
    expect([a.path, a.format.code, a.format.F]).toEqual(['dense', 'unsigned', 5]);
    expect(a.format.calibration.map((c: { F: number }) => c.F)).toEqual([5, 4]); // F = 5 kept: 0.008 against 0.024
    expect(a.format.calibration[0].maxTV).toBeLessThan(a.format.calibration[1].maxTV);
    expect(a.warnings.some((w: string) => w.startsWith('binary pairwise model at W=8: it runs on the dense fupd/vupd path with unsigned messages'))).toBe(true);
    expect(forced8.status).toBe(0);
    const f = JSON.parse(forced8.stdout);
    expect([f.path, f.format.code, f.format.F]).toEqual(['pairwise', 'signed', 4]);
    expect(notPairwise.status).toBe(1);
    expect(notPairwise.stderr).toContain('path pairwise: the model is not binary pairwise');
    expect(notPairwise.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);
});

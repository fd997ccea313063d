// A worker's reuse across points (sweep/reuse.ts): machines built on kept memories, models parsed
// once, exact inference cached. Points run in an order that reuses everything must give rows
// byte-identical to fresh runs.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPoint, PointReuse, pointConfig, type PointTask, type SweepPoint } from '../../sweep/index.js';
import { MachineMemory } from '../../sim/index.js';
import { data } from './helpers.js';

const ising = (rows: number, seed: number) => ({ generate: 'ising' as const, params: { rows, cols: rows, seed } });
const tree = { generate: 'tree' as const, params: { nVars: 12, seed: 4 } };
const infer = (model: SweepPoint['model'], machine: SweepPoint['machine'], options: SweepPoint['options']): PointTask => ({
  key: 'k',
  point: { kind: 'infer', model, machine, options },
  payload: { kind: 'none' },
});

/** A row as the sweep writes it: JSON of the metrics and the per-PE figures. */
const row = (t: PointTask, reuse: PointReuse | null) => {
  const o = runPoint(t, undefined, reuse);
  return JSON.stringify({ metrics: o.metrics, perPe: o.perPe });
};

describe('reuse across points', () => {
  it('points in an order that reuses memories, models and exact results equal fresh runs, byte for byte', () => {
    const tasks: PointTask[] = [];
    // A larger model first, so the smaller ones after it run on memories it left dirty; both
    // schedules (flooding: the pairwise path; sequential on 1 PE: the dense path, with descriptor
    // marks), 1 and 4 PEs on one MachineMemory, then the first model again (cached graph and exact).
    for (const model of [ising(7, 2), ising(4, 1), tree, ising(7, 2)]) {
      for (const pes of [4, 1]) for (const schedule of ['flooding', 'sequential']) tasks.push(infer(model, { pes }, { schedule, maxIter: 20 }));
    }
    tasks.push(infer(ising(5, 3), { pes: 2, lanes: 4 }, { semiring: 'min-sum', damping: 0.25, maxIter: 15 }));
    // Another memory size, then back to the first.
    tasks.push(infer(ising(5, 3), { pes: 2, scratchpadBytes: 131072 }, { maxIter: 15 }), infer(ising(4, 1), { pes: 1 }, { maxIter: 15 }));
    const reuse = new PointReuse();
    const reused = tasks.map((t) => row(t, reuse));
    const fresh = tasks.map((t) => row(t, null));
    expect(reused).toEqual(fresh);
    // The rows are real: halted, converged runs with errors against exact inference.
    const m = JSON.parse(reused[0]).metrics;
    expect(m.status).toBe('halted');
    expect(m.cycles).toBeGreaterThan(500);
    expect(typeof m.exactMaxTV).toBe('number');
  });

  it('a file model (with its evidence) parses once per worker and gives the same rows', () => {
    const path = join(data, 'libdai/testfast.fg');
    if (!existsSync(path)) return;
    const payload = { kind: 'model' as const, name: 'testfast.fg', format: 'fg' as const, text: readFileSync(path, 'utf8') };
    const tasks = [1, 2, 1].map((pes): PointTask => ({ key: 'k', point: { kind: 'infer', model: { file: 'testfast.fg' }, machine: { pes }, options: { maxIter: 20 } }, payload }));
    const reuse = new PointReuse();
    expect(tasks.map((t) => row(t, reuse))).toEqual(tasks.map((t) => row(t, null)));
  });

  it('keeps one graph object per model and one memory per size, bounded', () => {
    const reuse = new PointReuse();
    let builds = 0;
    const build = () => (builds++, { variables: [] }) as never;
    const a = reuse.graph('a', build);
    expect(reuse.graph('a', build)).toBe(a);
    for (let i = 0; i < 16; i++) reuse.graph(`m${i}`, build);
    expect(builds).toBe(17);
    // 'a' was the least recently used of 17: dropped.
    expect(reuse.graph('a', build)).not.toBe(a);
    const m1 = reuse.memory(pointConfig({ pes: 1 }));
    expect(reuse.memory(pointConfig({ pes: 4 }))).toBe(m1);
    expect(reuse.memory(pointConfig({ pes: 1, scratchpadBytes: 131072 }))).not.toBe(m1);
    expect(reuse.memory(pointConfig({ pes: 1 }))).toBe(m1);
    // Too large to keep: 64 PEs x 4 MiB.
    expect(reuse.memory(pointConfig({ pes: 64, scratchpadBytes: 4 << 20 }))).toBeUndefined();
  });

  it('a MachineMemory hands out zeroed scratchpads and refuses another size', () => {
    const cfg = pointConfig({ pes: 1 });
    const mem = new MachineMemory(cfg);
    const first = mem.scratchpad(0, Int32Array.of(1, 2, 3));
    expect(first.length).toBe(3);
    const full = mem.fullScratchpad(0);
    expect(full.length).toBe(65536);
    expect([...full.subarray(0, 4)]).toEqual([1, 2, 3, 0]);
    full.fill(7);
    const again = mem.scratchpad(0, Int32Array.of(9));
    expect([...again]).toEqual([9]);
    expect(mem.fullScratchpad(0).every((w, i) => w === (i === 0 ? 9 : 0))).toBe(true);
    expect(mem.fits(pointConfig({ pes: 8 }))).toBe(true);
    expect(mem.fits(pointConfig({ pes: 1, sharedBytes: 1 << 19 }))).toBe(false);
  });
});

// A worker's reuse across points (sweep/reuse.ts): machines built on kept memories, models parsed
// once, exact inference cached. Points run in an order that reuses everything must give rows
// byte-identical to fresh runs.
import { describe, it, expect, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPoint, PointReuse, pointConfig, type PointTask, type SweepPoint } from '../../sweep/index.js';
import { MachineMemory } from '../../sim/index.js';
import { assemble, serializeObject } from '../../asm/index.js';
import { data, hasData } from './helpers.js';

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

/** A run point of an assembled program. */
const runTask = (name: string, source: string, machine: SweepPoint['machine']): PointTask => ({
  key: 'k',
  point: { kind: 'run', model: { file: name }, machine, options: {} },
  payload: { kind: 'object', name, base64: Buffer.from(serializeObject(assemble(source, { fileName: name }).object)).toString('base64') },
});

// Every PE leaves words 200 … 263 of its scratchpad (beyond any image prefix here) and 64 shared
// words at 0x100000 + 8·pe nonzero.
const DIRTY = `
.text
        addi    r1, r0, 7
        addi    r2, r0, 200
        addi    r3, r0, 264
        li      r4, 0x100000
        csrr    r5, peid
        slli    r5, r5, 3
        add     r4, r4, r5
        addi    r6, r4, 64
spm:    st      r1, 0(r2)
        addi    r2, r2, 1
        blt     r2, r3, spm
shm:    st      r1, 0(r4)
        addi    r4, r4, 1
        blt     r4, r6, shm
        halt
`;
// Counts down from scratchpad word 230 and shared word 0x100010, each 0 on fresh memories: a
// machine that saw DIRTY's words would run 7 more iterations of each loop.
const READ = `
.data
one:    .word   1
.text
        ld      r1, 230(r0)
        ld      r7, one(r0)
a:      beq     r1, r0, b
        sub     r1, r1, r7
        j       a
b:      li      r2, 0x100010
        ld      r1, 0(r2)
c:      beq     r1, r0, d
        sub     r1, r1, r7
        j       c
d:      halt
`;

const ldpc = (file: string, machine: SweepPoint['machine'], options: SweepPoint['options']): PointTask => ({
  key: 'k',
  point: { kind: 'ldpc', model: { file }, machine, options },
  payload: { kind: 'model', name: file, format: 'alist', text: readFileSync(join(data, 'ldpc', file), 'utf8') },
});

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

  it('run points on memories a larger point left dirty equal fresh runs, byte for byte', () => {
    const read1 = runTask('read.s', READ, { pes: 1 });
    const read2 = runTask('read.s', READ, { pes: 2 });
    // Readers after a 4-PE writer, after an infer point, and after a 1-PE writer: one memory size.
    const tasks = [
      runTask('dirty.s', DIRTY, { pes: 4 }),
      read1,
      read2,
      infer(ising(7, 2), { pes: 4 }, { maxIter: 10 }),
      read2,
      runTask('dirty.s', DIRTY, { pes: 1 }),
      read1,
    ];
    const reuse = new PointReuse();
    const reused = tasks.map((t) => row(t, reuse));
    const fresh = tasks.map((t) => row(t, null));
    expect(reused).toEqual(fresh);
    // The rows are real: the writer ran its loops on every PE (8 + 2 × 64 × 3 + halt each), and the
    // reader, on memories that writer left dirty just before, did not run its loops (7 × 3 more
    // instructions each): 2 loads, the li pair, a load, 2 taken branches, halt.
    const metrics = reused.map((r) => JSON.parse(r).metrics);
    expect(metrics.map((m) => m.status)).toEqual(tasks.map(() => 'halted'));
    expect(metrics[0].instructions).toBe(4 * 393);
    expect(metrics[5].instructions).toBe(393);
    expect([metrics[1], metrics[2], metrics[4], metrics[6]].map((m) => m.instructions)).toEqual([8, 16, 16, 8]);
  });

  it.skipIf(!hasData)('LDPC points (1, 2 and 4 PEs, both schedules, a shard) on kept memories equal fresh runs, byte for byte', () => {
    // The larger code first (n = 576, longer scratchpad images) dirties the memories the smaller
    // codes run on; an infer point on 4 PEs and a run point in between.
    const tasks: PointTask[] = [
      ldpc('WIMAX_288_576.alist', { pes: 4 }, { frames: 24, iters: 6, ebn0: 2 }),
      ldpc('96.3.963.alist', { pes: 1 }, { frames: 20, iters: 8, ebn0: 1.5 }),
      ldpc('96.3.963.alist', { pes: 4, messageBits: 8 }, { frames: 20, iters: 8, ebn0: 1.5, schedule: 'flooding', rule: 'ms' }),
      infer(ising(7, 2), { pes: 4 }, { maxIter: 10 }),
      ldpc('CCSDS_64_128.alist', { pes: 2 }, { frames: 12, iters: 10, ebn0: 2.5 }),
      runTask('dirty.s', DIRTY, { pes: 4 }),
      ldpc('96.3.963.alist', { pes: 1 }, { frames: 20, iters: 8, ebn0: 1.5 }),
    ];
    tasks.push({ ...tasks[1], shard: { index: 1, count: 2 }, point: { ...tasks[1].point, options: { ...tasks[1].point.options, shardFrames: 10 } } });
    // Machines built on kept memories, counted by their shared-memory loads.
    const built = vi.spyOn(MachineMemory.prototype, 'shared');
    const reuse = new PointReuse();
    const reused = tasks.map((t) => row(t, reuse));
    const builtReused = built.mock.calls.length;
    built.mockClear();
    const fresh = tasks.map((t) => row(t, null));
    const builtFresh = built.mock.calls.length;
    built.mockRestore();
    // Each LDPC point's chip runs (one 1-PE machine per VL frames) were built on kept memories; fresh ones on none.
    expect(builtReused).toBeGreaterThan(2 * tasks.length);
    expect(builtFresh).toBe(0);
    expect(reused).toEqual(fresh);
    // The rows are real decodes: every frame decoded, iterations and cycles counted; the same point
    // again gives the same row.
    const m = JSON.parse(reused[1]).metrics;
    expect(m.status).toBe('halted');
    expect(m.frames).toBe(20);
    expect(m.cycles).toBeGreaterThan(1000);
    expect(m.iterationSum).toBeGreaterThan(20);
    expect(reused[6]).toBe(reused[1]);
  }, 120_000);

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

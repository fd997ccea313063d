// The local process pool: the same outcomes as running in this process, payloads sent once per
// child, and clear errors (no hang) when a child is killed, hits a bug or cannot start.
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSweepSpec, planSweep, runSweep, inlineExecutor, processPoolExecutor, handSize, rowToJsonLine, PoolError, type PointTask } from '../../sweep/index.js';
import { withoutWall, data, hasData } from './helpers.js';

const pool = processPoolExecutor(2);
afterAll(() => pool.close());

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('process pool', () => {
  it('hands a child ~100 ms of tasks, one when they are long or unknown, shrinking to a quarter of what is left on 2 children', () => {
    expect(handSize(0, 128, 2)).toBe(1);
    expect(handSize(3.5, 128, 2)).toBe(28);
    expect(handSize(0.5, 1000, 2)).toBe(64);
    expect(handSize(3.5, 40, 2)).toBe(10);
    expect(handSize(3.5, 3, 2)).toBe(1);
    expect(handSize(19, 128, 2)).toBe(5);
    expect(handSize(20, 128, 2)).toBe(1);
    expect(handSize(3.5, 3, 1)).toBe(28);
  });

  it('gives the rows the calling process gives, for generated and file models (a payload shared by many points)', async () => {
    const gen = planSweep(
      parseSweepSpec('kind: infer\nmodels: [{ generate: ising, rows: 4, cols: 4, seed: 3 }, { generate: hmm, classes: 3, frames: 5 }]\nmachine: { pes: [1, 4] }\noptions: { schedule: [flooding, sequential], maxIter: 20 }\n', 'g.yaml'),
      () => ({ kind: 'none' }),
    );
    const fg = join(data, 'libdai/testfast.fg');
    const files = hasData
      ? planSweep(parseSweepSpec(`kind: infer\nmodels: [${fg}]\nmachine: { pes: [1, 2, 4] }\noptions: { maxIter: [5, 10] }\n`, 'f.yaml'), () => ({ kind: 'model', name: 'testfast.fg', format: 'fg', text: readFileSync(fg, 'utf8') }))
      : [];
    for (const plan of [gen, files]) {
      if (plan.length === 0) continue;
      const here = await runSweep(plan, inlineExecutor());
      const there = await runSweep(plan, pool);
      expect(withoutWall(there.map(rowToJsonLine).join(''))).toEqual(withoutWall(here.map(rowToJsonLine).join('')));
      expect(there.every((r) => r.metrics.status === 'halted')).toBe(true);
    }
    expect(pool.pids()).toHaveLength(2);
  }, 120_000);

  it('a child killed mid-point fails that point with a PoolError naming it; the pool replaces the child', async () => {
    const task: PointTask = { key: 'big-point', point: { kind: 'infer', model: { generate: 'ising', params: { rows: 10, cols: 10, seed: 1 } }, machine: { pes: 1 }, options: { maxIter: 200, tol: 0 } }, payload: { kind: 'none' } };
    const one = processPoolExecutor(1);
    try {
      // Warm: the child is up (and has loaded the simulator) before the point that gets killed.
      await one.run({ ...task, key: 'warm', point: { ...task.point, options: { maxIter: 1 } } });
      const [pid] = one.pids();
      // The pool sends waiting tasks on its next turn (setImmediate); killed on the turn after, the
      // child dies with the task in hand, whatever the machine's speed.
      const running = one.run(task);
      await new Promise((r) => setImmediate(r));
      process.kill(pid, 'SIGKILL');
      const err = await running.then(() => undefined, (e: unknown) => e as Error);
      expect(err).toBeInstanceOf(PoolError);
      expect(err!.message).toBe('the worker process running point big-point was killed by SIGKILL');
      const small = await one.run({ ...task, key: 'after', point: { ...task.point, options: { maxIter: 2 } } });
      expect(small.metrics.status).toBe('halted');
      expect(one.pids()).toHaveLength(1);
      expect(one.pids()[0]).not.toBe(pid);
    } finally {
      await one.close();
    }
  }, 60_000);

  it('a bug in a child rejects with the point and the message; close() ends every child', async () => {
    const bad: PointTask = { key: 'no-code', point: { kind: 'ldpc', model: { file: 'x.alist' }, machine: {}, options: {} }, payload: { kind: 'none' } };
    await expect(pool.run(bad)).rejects.toThrow(/^point no-code: an ldpc point needs its code text$/);
    const p = processPoolExecutor(2);
    await p.run({ key: 'k', point: { kind: 'infer', model: { generate: 'tree', params: { nVars: 4 } }, machine: {}, options: { maxIter: 2 } }, payload: { kind: 'none' } });
    const pids = p.pids();
    await p.close();
    expect(pids.map(alive)).toEqual([false, false]);
    await expect(p.run(bad)).rejects.toThrow(/pool is closed/);
  }, 60_000);

  it('children that cannot start are a PoolError, not a hang', async () => {
    const p = processPoolExecutor(1, { v8Flags: ['--no-such-v8-flag-for-gp5'] });
    try {
      const err = await p.run({ key: 'k', point: { kind: 'infer', model: { generate: 'tree', params: { nVars: 4 } }, machine: {}, options: {} }, payload: { kind: 'none' } }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err).toBeInstanceOf(PoolError);
      expect(err!.message).toMatch(/^a sweep worker process could not start \(exited with code 9\): .*no-such-v8-flag-for-gp5/);
    } finally {
      await p.close();
    }
  }, 30_000);
});

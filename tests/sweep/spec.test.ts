// Sweep specs: expansion into points, validation errors naming field and line, stable keys.
import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { parseSweepSpec, planSweep, pointConfig, stableHash, SweepSpecError, runPoint, tasksOf, mergeLdpcShards, type SweepPoint } from '../../sweep/index.js';
import { inferOnChip } from '../../runtime/index.js';
import { isingGrid } from '../../golden/index.js';
import { UserError } from '../../errors/index.js';

const spec = (body: string) => parseSweepSpec(body, 'spec.yaml');
const errorOf = (body: string): SweepSpecError => {
  try {
    spec(body);
  } catch (e) {
    return e as SweepSpecError;
  }
  throw new Error('expected a SweepSpecError');
};

describe('sweep spec', () => {
  it('is the product of every list, models outermost, in spec order', () => {
    const s = spec('kind: infer\nmodels: [{ generate: ising, rows: 3, cols: 3 }]\nmachine: { pes: [1, 4], messageBits: [12, 16] }\noptions: { schedule: [flooding, sequential] }\n');
    expect(s.points).toHaveLength(8);
    expect(s.points.map((p) => `${p.machine.pes}/${p.machine.messageBits}/${p.options.schedule}`)).toEqual([
      '1/12/flooding', '1/12/sequential', '1/16/flooding', '1/16/sequential', '4/12/flooding', '4/12/sequential', '4/16/flooding', '4/16/sequential',
    ]);
    expect(s.name).toBe('spec');
  });

  it('JSON works too, and `points` overrides replace base axes', () => {
    const s = parseSweepSpec(JSON.stringify({ kind: 'infer', models: [{ generate: 'tree', nVars: 5 }], machine: { pes: 4 }, points: [{ machine: { pes: [1, 2] } }, { options: { damping: 0.5 } }] }), 's.json');
    expect(s.points.map((p) => [p.machine.pes, p.options.damping])).toEqual([[1, undefined], [2, undefined], [4, 0.5]]);
  });

  it('W alone brings its default F and max* table, as --bits does', () => {
    expect(pointConfig({ messageBits: 24 })).toMatchObject({ messageBits: 24, fracBits: 12, maxStarTableSize: 4096 });
    expect(pointConfig({ mesh: '4x2' })).toMatchObject({ pes: 8, meshWidth: 4, meshHeight: 2 });
  });

  it('errors name the file, line, column and field, and are UserErrors', () => {
    const e = errorOf('kind: infer\nmodels: [a.fg]\nmachine:\n  pes: [1, 4]\n  lanez: 8\n');
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/^spec\.yaml:5:10: machine\.lanez: unknown field; expected one of pes, meshWidth/);
    expect(errorOf('kind: infer\nmodels: [a.fg]\noptions:\n  schedule: [flooding, randm]\n').message).toBe(
      "spec.yaml:4:24: options.schedule[1]: expected one of flooding, sequential, residual, got \"randm\"",
    );
    expect(errorOf('kind: decode\nmodels: [a]\n').message).toMatch(/^spec\.yaml:1:7: kind: expected one of infer, ldpc, run, got "decode"/);
    expect(errorOf('kind: infer\n').message).toMatch(/^spec\.yaml:1:1: models: expected a non-empty list/);
    expect(errorOf('kind: infer\nmodels: [{ generate: ising, rows: 3 }]\n').message).toMatch(/models\[0\]: ising needs cols/);
    expect(errorOf('kind: infer\nmodels: [a.fg]\nmachine: { pes: 3, mesh: 2x2 }\n').message).toMatch(/machine\.(pes|mesh): .* is not a valid machine/);
    expect(errorOf('kind: [infer\n').message).toMatch(/^spec\.yaml:\d+:\d+: \(syntax\):/);
    expect(errorOf('kind: ldpc\nmodels: [c.alist]\noptions: { frames: 0 }\n').message).toMatch(/options\.frames: expected an integer 1 … 1000000, got 0/);
  });

  it('a typo-sized product is refused before anything runs', () => {
    const axis = `[${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}]`;
    expect(errorOf(`kind: infer\nmodels: [a.fg]\noptions: { maxIter: ${axis}, damping: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] }\nmachine: { pes: ${axis}, lanes: [1, 2, 4, 8, 16, 32, 64, 1, 2, 4] }\n`).message).toMatch(
      /1020100 points is more than 1000000/,
    );
  });

  it('keys are stable: same point and model bytes, same key; any change, another key', () => {
    const s = spec('kind: infer\nmodels: [{ generate: ising, rows: 3, cols: 3 }]\nmachine: { pes: [1, 4] }\n');
    const a = planSweep(s, () => ({ kind: 'none' }));
    const b = planSweep(spec('machine: { pes: [1, 4] }\nmodels: [{ cols: 3, generate: ising, rows: 3 }]\nkind: infer\n'), () => ({ kind: 'none' }));
    expect(a.map((p) => p.key)).toEqual(b.map((p) => p.key));
    expect(a[0].key).not.toBe(a[1].key);
    expect(a[0].key).toMatch(/^[0-9a-f]{16}$/);
    expect(stableHash({ x: 1, y: [2, { b: 1, a: 2 }] })).toBe(stableHash({ y: [2, { a: 2, b: 1 }], x: 1 }));
  });
});

describe('the point adapter', () => {
  it('an infer point gives exactly what inferOnChip gives', () => {
    const point: SweepPoint = { kind: 'infer', model: { generate: 'ising', params: { rows: 4, cols: 4, seed: 3 } }, machine: { pes: 4 }, options: { maxIter: 30 } };
    const out = runPoint({ key: 'k', point, payload: { kind: 'none' } });
    const direct = inferOnChip(isingGrid({ rows: 4, cols: 4, seed: 3 }), { cfg: pointConfig({ pes: 4 }), maxIter: 30 });
    expect(out.metrics.cycles).toBe(direct.cycles);
    expect(out.metrics.iterations).toBe(direct.iterations);
    expect(out.metrics.maxTV).toBe(direct.maxTV);
    expect(out.metrics['stall.busy']).toBe(direct.report.stalls.busy);
    expect(out.perPe).toHaveLength(4);
    expect(out.perPe![2].stalls.recv).toBe(direct.report.pes[2].stalls.recv);
  });

  it('a point that does not fit is an error row, not a crash', () => {
    const point: SweepPoint = { kind: 'infer', model: { generate: 'ising', params: { rows: 40, cols: 40, seed: 1 } }, machine: { pes: 1, scratchpadBytes: 4096 }, options: {} };
    const out = runPoint({ key: 'k', point, payload: { kind: 'none' } });
    expect(out.metrics.status).toBe('error');
    expect(String(out.metrics.error)).toMatch(/scratchpad|fit/i);
  });
});

const code963 = new URL('../../../shared/data/ldpc/96.3.963.alist', import.meta.url);
describe.skipIf(!existsSync(code963))('LDPC shards', () => {
  it('each shard has its own noise stream, and the merge sums the shards exactly', () => {
    const point: SweepPoint = { kind: 'ldpc', model: { file: 'c.alist' }, machine: { pes: 4 }, options: { ebn0: 1, frames: 12, shardFrames: 4, iters: 10, seed: 5 } };
    const payload = { kind: 'model' as const, name: 'c.alist', format: 'alist' as const, text: readFileSync(code963, 'utf8') };
    const [plan] = planSweep({ name: 's', kind: 'ldpc', points: [point] }, () => payload);
    const tasks = tasksOf(plan);
    expect(tasks.map((t) => [t.key.endsWith(`.${t.shard!.index}`), t.shard!.count])).toEqual([[true, 3], [true, 3], [true, 3]]);
    const shards = tasks.map((t) => runPoint(t).metrics);
    expect(shards.map((m) => m.frames)).toEqual([4, 4, 4]);
    // Same frame count, different streams: the shards' channel noise differs.
    expect(new Set(shards.map((m) => `${m.bitErrors}/${m.cycles}`)).size).toBe(3);
    const merged = mergeLdpcShards(shards, pointConfig({ pes: 4 }));
    const bitErrors = shards.reduce((a, m) => a + Number(m.bitErrors), 0);
    // BER on the k = 50 information bits of this rank-deficient code (as gp5sim ldpc counts it).
    expect(merged).toMatchObject({ frames: 12, k: 50, bitErrors, ber: bitErrors / (12 * 50), cycles: shards.reduce((a, m) => a + Number(m.cycles), 0) });
    // Host I/O sums over the shards too: the words each shard moved.
    expect(merged['hostIo.bytes']).toBe(shards.reduce((a, m) => a + Number(m.hostWordsIn) + Number(m.hostWordsOut), 0) * 4);
  }, 60_000);
});

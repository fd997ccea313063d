// `gp5sim sweep` through the real CLI: rows, resumption, determinism across worker counts, LDPC
// shards, and hostile specs.
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gp5sim, tempDir, writeSpec, withoutWall, noStack, data, hasData } from './helpers.js';

const tmp = tempDir('gp5sweep-');
const SPEC = `name: small
kind: infer
models:
  - { generate: ising, rows: 4, cols: 4, seed: 2 }
  - { generate: tree, nVars: 12, seed: 5 }
machine: { pes: [1, 4] }
options: { schedule: [flooding, sequential], maxIter: 30 }
`;

describe('gp5sim sweep', () => {
  const spec = writeSpec(tmp, 'small.yaml', SPEC);

  it('writes one row per point; a rerun skips them all; 2 workers give the same bytes (wall fields aside)', () => {
    const a = join(tmp, 'a');
    const r1 = gp5sim('sweep', spec, '-o', a, '--workers', '1', '--json');
    expect(r1.stderr).toBe('');
    expect(r1.status).toBe(0);
    expect(JSON.parse(r1.stdout)).toMatchObject({ name: 'small', points: 8, skipped: 0, errors: 0 });
    const rows = readFileSync(join(a, 'results.jsonl'), 'utf8');
    const parsed = rows.trim().split('\n').map((l) => JSON.parse(l));
    expect(parsed.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(parsed[0]).toMatchObject({ kind: 'infer', model: 'ising(rows=4,cols=4,seed=2)', machine: { pes: 1 }, options: { schedule: 'flooding', maxIter: 30 } });
    // More PEs, fewer cycles per iteration, on the same model and schedule.
    expect(parsed[2].metrics.cyclesPerIteration).toBeLessThan(parsed[0].metrics.cyclesPerIteration);
    expect(parsed[0].perPe).toHaveLength(1);
    expect(parsed[2].perPe).toHaveLength(4);
    const csv = readFileSync(join(a, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(9);
    expect(csv[0]).toMatch(/^index,key,kind,model,machine\.pes,option\.schedule,option\.maxIter,status,/);
    expect(csv[0]).toMatch(/,wall\.ms,wall\.simMs$/);

    const r2 = gp5sim('sweep', spec, '-o', a, '--workers', '1', '--json');
    expect(JSON.parse(r2.stdout)).toMatchObject({ points: 8, skipped: 8 });
    expect(readFileSync(join(a, 'results.jsonl'), 'utf8')).toBe(rows);

    const b = join(tmp, 'b');
    const r3 = gp5sim('sweep', spec, '-o', b, '--workers', '2', '--json');
    expect(r3.status).toBe(0);
    expect(withoutWall(readFileSync(join(b, 'results.jsonl'), 'utf8'))).toEqual(withoutWall(rows));
    const strip = (t: string) => t.trim().split('\n').map((l) => l.split(',').slice(0, -2).join(','));
    expect(strip(readFileSync(join(b, 'results.csv'), 'utf8'))).toEqual(strip(csv.join('\n')));
  }, 120_000);

  it('resumes an interrupted sweep: a cut-off last line reruns only that point', () => {
    const c = join(tmp, 'c');
    gp5sim('sweep', spec, '-o', c, '--workers', '1');
    const full = readFileSync(join(c, 'results.jsonl'), 'utf8');
    const lines = full.split('\n');
    writeFileSync(join(c, 'results.jsonl'), lines.slice(0, 3).join('\n') + '\n' + lines[3].slice(0, 40));
    const r = gp5sim('sweep', spec, '-o', c, '--workers', '1', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ points: 8, skipped: 3 });
    expect(withoutWall(readFileSync(join(c, 'results.jsonl'), 'utf8'))).toEqual(withoutWall(full));
  }, 120_000);

  it.skipIf(!hasData)('LDPC frames sharded over 2 workers merge to the one-process result', () => {
    const code = join(data, 'ldpc/96.3.963.alist');
    const ldpc = writeSpec(tmp, 'ldpc.yaml', `kind: ldpc\nmodels: [${code}]\nmachine: { pes: 4 }\noptions: { ebn0: [1, 2], frames: 12, shardFrames: 4, iters: 20, seed: 7 }\n`);
    const one = gp5sim('sweep', ldpc, '-o', join(tmp, 'l1'), '--workers', '1');
    const two = gp5sim('sweep', ldpc, '-o', join(tmp, 'l2'), '--workers', '2');
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    const a = withoutWall(readFileSync(join(tmp, 'l1/results.jsonl'), 'utf8'));
    expect(withoutWall(readFileSync(join(tmp, 'l2/results.jsonl'), 'utf8'))).toEqual(a);
    const m = a.map((l) => JSON.parse(l).metrics);
    expect(m[0]).toMatchObject({ frames: 12, n: 96, ebn0: 1 });
    expect(m[0].ber).toBe(m[0].bitErrors / (12 * m[0].k)); // information bits
    // At 1 dB this short code fails often; at 2 dB less often.
    expect(m[0].bitErrors).toBeGreaterThan(0);
    expect(m[1].bitErrors).toBeLessThan(m[0].bitErrors);
  }, 120_000);
});

describe('gp5sim sweep: hostile input', () => {
  it('a bad field is exit 1 naming file, line, column and field; no stack trace', () => {
    const bad = writeSpec(tmp, 'bad.yaml', 'kind: infer\nmodels: [{ generate: ising, rows: 2, cols: 2 }]\noptions:\n  maxIter: -1\n');
    const r = gp5sim('sweep', bad, '-o', join(tmp, 'bad'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*bad\.yaml:4:12: options\.maxIter: expected an integer 0 … 1000000, got -1\n$/);
    expect(noStack(r.stderr)).toBe(true);
  });

  it('a missing model file names its field', () => {
    const bad = writeSpec(tmp, 'missing.yaml', 'kind: infer\nmodels: [nowhere.fg]\n');
    const r = gp5sim('sweep', bad, '-o', join(tmp, 'missing'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/missing\.yaml: models\[0\]: no such model file 'nowhere\.fg'/);
  });

  it('usage errors exit 2', () => {
    expect(gp5sim('sweep', spec0()).status).toBe(2); // no -o
    const r = gp5sim('sweep', spec0(), '-o', join(tmp, 'u'), '--workers', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--workers expects an integer 1 … 256, got '0'/);
    expect(gp5sim('sweep', spec0(), '-o', join(tmp, 'u'), '--queue', 'http://x').status).toBe(2);
  });
});

function spec0(): string {
  return writeSpec(tmp, 'tiny.yaml', 'kind: infer\nmodels: [{ generate: ising, rows: 2, cols: 2 }]\n');
}

describe('gp5sim sweep: run points', () => {
  it('a run point gives what gp5sim run gives; a program that does not assemble is exit 1', () => {
    const r = gp5sim('sweep', 'examples/sweeps/run-lanes.yaml', '-o', join(tmp, 'run'), '--workers', '1', '--no-report');
    expect(r.status).toBe(0);
    const rows = readFileSync(join(tmp, 'run/results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.model, x.machine.lanes])).toEqual([['../factor-update.s', 4], ['../factor-update.s', 8], ['../pe-exchange.s', 4], ['../pe-exchange.s', 8]]);
    const direct = JSON.parse(gp5sim('run', 'examples/factor-update.s', '--pes', '4', '--json').stdout);
    expect(rows[1].metrics).toMatchObject({ status: 'halted', cycles: direct.cycles, instructions: direct.instructions, bpMessages: direct.bpMessages });
    writeFileSync(join(tmp, 'bad.s'), 'halt\nfrobnicate r1\n');
    const bad = writeSpec(tmp, 'badrun.yaml', 'kind: run\nmodels: [bad.s]\n');
    const e = gp5sim('sweep', bad, '-o', join(tmp, 'badrun'));
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/bad\.s: assembly failed/);
    expect(noStack(e.stderr)).toBe(true);
  }, 120_000);
});

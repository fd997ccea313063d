// `gp5sim sweep`: rows, resumption, determinism across worker counts, LDPC shards, run points and
// hostile specs. One spawned binary proves the entry point and the worker pool; the other cases
// run the same command in this process (gp5simHere), since a process start proves nothing new.
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gp5sim, gp5simHere, tempDir, writeSpec, withoutWall, noStack, data, hasData, root } from './helpers.js';
import { parseSweepSpec, planSweep, runSweep, inlineExecutor, poolExecutor, rowToJsonLine, pointConfig } from '../../sweep/index.js';
import { simulate } from '../../sim/index.js';
import { loadProgram } from '../../cli/load-program.js';

const tmp = tempDir('gp5sweep-');
// One 2-thread pool for the file: its threads load the modules once.
let shared: ReturnType<typeof poolExecutor> | undefined;
const pool2 = () => (shared ??= poolExecutor(2));
afterAll(() => shared?.close());
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

  it('the binary on 2 worker processes writes one row per point, the same bytes as a 2-thread pool and as one process (wall fields aside); a rerun skips finished points and resumes a cut-off one', async () => {
    const a = join(tmp, 'a');
    const r1 = gp5sim('sweep', spec, '-o', a, '--workers', '2', '--json', '--no-report');
    expect(r1.stderr).toBe('');
    expect(r1.status).toBe(0);
    expect(JSON.parse(r1.stdout)).toMatchObject({ name: 'small', points: 8, skipped: 0, errors: 0 });
    const rows = readFileSync(join(a, 'results.jsonl'), 'utf8');
    const parsed = rows.trim().split('\n').map((l) => JSON.parse(l));
    expect(parsed.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(parsed[0]).toMatchObject({ kind: 'infer', model: 'ising(rows=4,cols=4,seed=2)', machine: { pes: 1 }, options: { schedule: 'flooding', maxIter: 30 } });
    expect(parsed[0].metrics['est.areaSource']).toMatch(/per-unit estimate|synthesis/);
    // More PEs, fewer cycles per iteration, on the same model and schedule.
    expect(parsed[2].metrics.cyclesPerIteration).toBeLessThan(parsed[0].metrics.cyclesPerIteration);
    expect(parsed[0].perPe).toHaveLength(1);
    expect(parsed[2].perPe).toHaveLength(4);
    const csv = readFileSync(join(a, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(9);
    expect(csv[0]).toMatch(/^index,key,kind,model,machine\.pes,option\.schedule,option\.maxIter,status,/);
    expect(csv[0]).toMatch(/,wall\.ms,wall\.simMs$/);

    // Two worker threads, through the library: the same rows (area aside: the binary reads
    // rtl/synth/cells.json when the repository has it).
    const plan = planSweep(parseSweepSpec(SPEC, spec), () => ({ kind: 'none' }));
    const inline = await runSweep(plan, pool2());
    const noArea = (jsonl: string) => withoutWall(jsonl).map((l) => l.replace(/,"est\.areaMm2":[^,]*,"est\.areaSource":"[^"]*"/, ''));
    expect(noArea(inline.map(rowToJsonLine).join(''))).toEqual(noArea(rows));

    // Interrupted after 3 rows and in the middle of the 4th: the rerun skips 3 and gives the same bytes.
    const lines = rows.split('\n');
    writeFileSync(join(a, 'results.jsonl'), lines.slice(0, 3).join('\n') + '\n' + lines[3].slice(0, 40));
    const r2 = await gp5simHere('sweep', spec, '-o', a, '--workers', '1', '--json', '--no-report');
    expect(r2.stderr).toBe('');
    expect(JSON.parse(r2.stdout)).toMatchObject({ points: 8, skipped: 3 });
    expect(withoutWall(readFileSync(join(a, 'results.jsonl'), 'utf8'))).toEqual(withoutWall(rows));
    // And a rerun of a finished sweep skips everything and leaves the bytes as they were.
    const done = readFileSync(join(a, 'results.jsonl'), 'utf8');
    const r3 = await gp5simHere('sweep', spec, '-o', a, '--workers', '1', '--json', '--no-report');
    expect(JSON.parse(r3.stdout)).toMatchObject({ points: 8, skipped: 8 });
    expect(readFileSync(join(a, 'results.jsonl'), 'utf8')).toBe(done);
    const strip = (t: string) => t.trim().split('\n').map((l) => l.split(',').slice(0, -2).join(','));
    expect(strip(readFileSync(join(a, 'results.csv'), 'utf8'))).toEqual(strip(csv.join('\n')));
  }, 120_000);

  it.skipIf(!hasData)('LDPC frames sharded over 2 worker threads merge to the one-thread result', async () => {
    const code = join(data, 'ldpc/96.3.963.alist');
    const text = `kind: ldpc\nmodels: [${code}]\nmachine: { pes: 4 }\noptions: { ebn0: [1, 2], frames: 32, shardFrames: 16, iters: 20, seed: 7, rule: [spa, ms] }\n`;
    const spec = parseSweepSpec(text, 'ldpc.yaml');
    const plan = planSweep(spec, () => ({ kind: 'model', name: code, format: 'alist', text: readFileSync(code, 'utf8') }));
    const one = await runSweep(plan, inlineExecutor());
    const two = await runSweep(plan, pool2());
    expect(withoutWall(two.map(rowToJsonLine).join(''))).toEqual(withoutWall(one.map(rowToJsonLine).join('')));
    const m = one.map((r) => r.metrics);
    expect(one.map((r) => [r.options.ebn0, r.options.rule])).toEqual([[1, 'spa'], [1, 'ms'], [2, 'spa'], [2, 'ms']]);
    expect(m[0]).toMatchObject({ frames: 32, n: 96, k: 50, ebn0: 1 });
    expect(m[0].ber).toBe(Number(m[0].bitErrors) / (32 * 50)); // information bits
    // At 1 dB this short code fails often; at 2 dB less often; the float decoder decodes the same frames.
    expect(m[0].bitErrors).toBeGreaterThan(0);
    expect(m[2].bitErrors).toBeLessThan(Number(m[0].bitErrors));
    expect(Math.abs(Number(m[0]['float.frameErrors']) - Number(m[0].frameErrors))).toBeLessThanOrEqual(4);
    expect(m[0]['est.pjPerInfoBit']).toBeGreaterThan(0);
  }, 120_000);
});

describe('gp5sim sweep: hostile input', () => {
  it('a bad field is exit 1 naming file, line, column and field; no stack trace', async () => {
    const bad = writeSpec(tmp, 'bad.yaml', 'kind: infer\nmodels: [{ generate: ising, rows: 2, cols: 2 }]\noptions:\n  maxIter: -1\n');
    const r = await gp5simHere('sweep', bad, '-o', join(tmp, 'bad'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*bad\.yaml:4:12: options\.maxIter: expected an integer 0 … 1000000, got -1\n$/);
    expect(noStack(r.stderr)).toBe(true);
  });

  it('a missing model file names its field; a malformed --synth file names its field', async () => {
    const bad = writeSpec(tmp, 'missing.yaml', 'kind: infer\nmodels: [nowhere.fg]\n');
    const r = await gp5simHere('sweep', bad, '-o', join(tmp, 'missing'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/missing\.yaml: models\[0\]: no such model file 'nowhere\.fg'/);
    const cells = join(tmp, 'cells.json');
    writeFileSync(cells, '{"tool":"yosys 0.23","configs":[{"lanes":8,"bits":16}]}');
    const s = await gp5simHere('sweep', spec0(), '-o', join(tmp, 's'), '--synth', cells);
    expect(s.status).toBe(1);
    expect(s.stderr).toBe(`error: ${cells}: configs[0].units: expected an object\n`);
  });

  it('usage errors exit 2', async () => {
    expect((await gp5simHere('sweep', spec0())).status).toBe(2); // no -o
    const r = await gp5simHere('sweep', spec0(), '-o', join(tmp, 'u'), '--workers', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--workers expects an integer 1 … 256, got '0'/);
    const p = await gp5simHere('sweep', spec0(), '-o', join(tmp, 'u'), '--pool', 'fibres');
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/--pool expects process or thread, got 'fibres'/);
    expect((await gp5simHere('sweep', spec0(), '-o', join(tmp, 'u'), '--queue', 'http://x')).status).toBe(2);
  });
});

function spec0(): string {
  return writeSpec(tmp, 'tiny.yaml', 'kind: infer\nmodels: [{ generate: ising, rows: 2, cols: 2 }]\n');
}

describe('gp5sim sweep: run points', () => {
  it('a run point gives what simulating the assembled program gives; a program that does not assemble is exit 1', async () => {
    const r = await gp5simHere('sweep', join(root, 'examples/sweeps/run-lanes.yaml'), '-o', join(tmp, 'run'), '--workers', '1', '--no-report');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = readFileSync(join(tmp, 'run/results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.model, x.machine.lanes])).toEqual([['../factor-update.s', 4], ['../factor-update.s', 8], ['../pe-exchange.s', 4], ['../pe-exchange.s', 8]]);
    const cfg = pointConfig(rows[1].machine);
    const { report } = simulate(loadProgram(join(root, 'examples/factor-update.s'), cfg), cfg, { source: 'factor-update.s', maxCycles: 100_000_000 });
    expect(rows[1].metrics).toMatchObject({ status: 'halted', cycles: report.cycles, instructions: report.instructions, bpMessages: report.bpMessages });
    expect(report.cycles).toBeGreaterThan(0);
    writeFileSync(join(tmp, 'bad.s'), 'halt\nfrobnicate r1\n');
    const bad = writeSpec(tmp, 'badrun.yaml', 'kind: run\nmodels: [bad.s]\n');
    const e = await gp5simHere('sweep', bad, '-o', join(tmp, 'badrun'));
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/bad\.s: assembly failed/);
    expect(noStack(e.stderr)).toBe(true);
  }, 120_000);
});

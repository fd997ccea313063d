// `gp5sim diff-runs` through the real CLI, on real --json outputs and sweep rows.
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gp5sim, tempDir, noStack, data, hasData } from './helpers.js';

const tmp = tempDir('gp5diff-');

describe.skipIf(!hasData)('gp5sim diff-runs', () => {
  it('infer --json of two schedules: every total and per-PE delta is B − A of the runs themselves', () => {
    const model = join(data, 'libdai/testfast.fg');
    const a = gp5sim('infer', model, '--pes', '4', '--json');
    const b = gp5sim('infer', model, '--pes', '4', '--schedule', 'sequential', '--json');
    expect(a.status).toBe(0);
    writeFileSync(join(tmp, 'a.json'), a.stdout);
    writeFileSync(join(tmp, 'b.json'), b.stdout);
    const ja = JSON.parse(a.stdout);
    const jb = JSON.parse(b.stdout);
    const r = gp5sim('diff-runs', join(tmp, 'a.json'), join(tmp, 'b.json'), '--json');
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    const total = (name: string) => d.totals.find((l: { name: string }) => l.name === name);
    expect(total('cycles')).toEqual({ name: 'cycles', a: ja.simulator.cycles, b: jb.simulator.cycles, delta: jb.simulator.cycles - ja.simulator.cycles });
    expect(total('maxTV')).toMatchObject({ a: ja.maxTV, b: jb.maxTV });
    expect(total('stall.recv').delta).toBe(jb.simulator.stalls.recv - ja.simulator.stalls.recv);
    expect(d.perPe).toHaveLength(4);
    const pe3 = d.perPe[3].lines.find((l: { name: string }) => l.name === 'stall.barrier');
    expect(pe3.delta).toBe(jb.simulator.pes[3].stalls.barrier - ja.simulator.pes[3].stalls.barrier);
    const text = gp5sim('diff-runs', join(tmp, 'a.json'), join(tmp, 'b.json'));
    expect(text.stdout).toMatch(new RegExp(`cycles\\s+${ja.simulator.cycles.toLocaleString('en-US')}\\s+${jb.simulator.cycles.toLocaleString('en-US')}`));
    expect(text.stdout).toMatch(/\nPE 3\n/);
  }, 60_000);

  it('bad inputs: not JSON names file and line (exit 1); a multi-row file needs :INDEX; a missing file is exit 1', () => {
    writeFileSync(join(tmp, 'bad.json'), '{"cycles": 1}\n{oops\n');
    let r = gp5sim('diff-runs', join(tmp, 'bad.json') + ':0', join(tmp, 'bad.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.json:2: not JSON/);
    expect(noStack(r.stderr)).toBe(true);
    writeFileSync(join(tmp, 'rows.jsonl'), '{"index":0,"key":"a","metrics":{"cycles":5}}\n{"index":1,"key":"b","metrics":{"cycles":7}}\n');
    r = gp5sim('diff-runs', join(tmp, 'rows.jsonl'), join(tmp, 'rows.jsonl') + ':1');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/rows\.jsonl: 2 rows; name one as .*rows\.jsonl:INDEX/);
    r = gp5sim('diff-runs', join(tmp, 'rows.jsonl:0'), join(tmp, 'rows.jsonl') + ':1', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).totals[0]).toEqual({ name: 'cycles', a: 5, b: 7, delta: 2 });
    writeFileSync(join(tmp, 'other.json'), '{"hello": 1}\n');
    r = gp5sim('diff-runs', join(tmp, 'other.json'), join(tmp, 'other.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/expected the --json output of gp5sim run, infer or ldpc, or a sweep row/);
    expect(gp5sim('diff-runs', join(tmp, 'nope.json'), join(tmp, 'other.json')).status).toBe(1);
    expect(gp5sim('diff-runs', join(tmp, 'other.json')).status).toBe(2);
  }, 60_000);
});

// UAI evidence in sweeps: an infer point on a .uai model applies FILE.uai.evid beside it, or the
// spec's `evid`, exactly as `gp5sim infer MODEL --evid FILE` does; `evid: false` runs without.
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gp5simHere, tempDir, writeSpec, noStack, data, hasData } from './helpers.js';

const tmp = tempDir('gp5sweep-evid-');
// A 3-variable chain; the evidence observes x2 = 1 (against its pairwise factor's preference).
const UAI = 'MARKOV\n3\n2 2 2\n3\n1 0\n2 0 1\n2 1 2\n\n2\n0.6 0.4\n\n4\n0.9 0.1 0.1 0.9\n\n4\n0.8 0.2 0.3 0.7\n';
writeFileSync(join(tmp, 'chain.uai'), UAI);
writeFileSync(join(tmp, 'chain.uai.evid'), '1 2 1\n');
writeFileSync(join(tmp, 'other.evid'), '1 0 1\n');

const rowsOf = (dir: string) =>
  readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

/** `gp5sim infer --json` with the sweep's options, as the reference. */
async function infer(model: string, ...flags: string[]) {
  const r = await gp5simHere('infer', model, '--json', '--max-iter', '30', ...flags);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('gp5sim sweep: UAI evidence', () => {
  it('applies FILE.uai.evid beside the model, or the spec\'s evid, as gp5sim infer --evid does; evid: false runs without', async () => {
    const spec = writeSpec(
      tmp,
      'evid.yaml',
      'kind: infer\nmodels:\n  - chain.uai\n  - { file: chain.uai, evid: other.evid }\n  - { file: chain.uai, evid: false }\noptions: { maxIter: 30 }\n',
    );
    const out = join(tmp, 'out');
    const r = await gp5simHere('sweep', spec, '-o', out, '--workers', '1', '--json', '--no-report');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [beside, explicit, none] = rowsOf(out);
    expect([beside.model, explicit.model, none.model]).toEqual(['chain.uai', 'chain.uai + other.evid', 'chain.uai']);
    expect(beside.metrics.evidence).toBe('chain.uai.evid');
    expect(explicit.metrics.evidence).toBe('other.evid');
    expect(none.metrics.evidence).toBeUndefined();
    const model = join(tmp, 'chain.uai');
    const withBeside = await infer(model, '--evid', join(tmp, 'chain.uai.evid'));
    const withOther = await infer(model, '--evid', join(tmp, 'other.evid'));
    const without = await infer(model);
    for (const [row, ref] of [[beside, withBeside], [explicit, withOther], [none, without]]) {
      expect(row.metrics).toMatchObject({
        cycles: ref.simulator.cycles,
        instructions: ref.simulator.instructions,
        bpMessages: ref.simulator.bpMessages,
        iterations: ref.iterations,
        maxTV: ref.maxTV,
        exactMaxTV: ref.exact.maxTV,
      });
    }
    // The evidence changes the answer (its clamped factor folds into the priors: the same program
    // size, other marginals), so matching each reference exactly tells the three apart.
    expect(new Set([withBeside.maxTV, withOther.maxTV, without.maxTV]).size).toBe(3);
    expect(new Set([withBeside.exact.maxTV, withOther.exact.maxTV, without.exact.maxTV]).size).toBe(3);
    // Three different points: three keys (the evidence's bytes are part of the key).
    expect(new Set([beside.key, explicit.key, none.key]).size).toBe(3);

    // Editing the evidence beside the model reruns that point only.
    writeFileSync(join(tmp, 'chain.uai.evid'), '1 2 0\n');
    const again = await gp5simHere('sweep', spec, '-o', out, '--workers', '1', '--json', '--no-report');
    expect(JSON.parse(again.stdout)).toMatchObject({ points: 3, skipped: 2 });
    writeFileSync(join(tmp, 'chain.uai.evid'), '1 2 1\n');
  }, 60_000);

  it('a bad evid is exit 1 naming the file and line (no stack); evid on a non-UAI model is a spec error', async () => {
    writeFileSync(join(tmp, 'bad.evid'), '1 7 0\n');
    const bad = writeSpec(tmp, 'bad.yaml', 'kind: infer\nmodels: [{ file: chain.uai, evid: bad.evid }]\n');
    const r = await gp5simHere('sweep', bad, '-o', join(tmp, 'bad'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.evid:1: .*variable id in range 0\.\.2, found 7/);
    expect(noStack(r.stderr)).toBe(true);
    const missing = writeSpec(tmp, 'missing.yaml', 'kind: infer\nmodels: [{ file: chain.uai, evid: nowhere.evid }]\n');
    const m = await gp5simHere('sweep', missing, '-o', join(tmp, 'missing'));
    expect(m.status).toBe(1);
    expect(m.stderr).toMatch(/missing\.yaml: models\[0\]\.evid: no such evidence file 'nowhere\.evid'/);
    const fg = writeSpec(tmp, 'fg.yaml', 'kind: infer\nmodels:\n  - { file: a.fg, evid: x.evid }\n');
    const f = await gp5simHere('sweep', fg, '-o', join(tmp, 'fg'));
    expect(f.status).toBe(1);
    expect(f.stderr).toMatch(/fg\.yaml:3:25: models\[0\]\.evid: evidence applies to \.uai models, not 'a\.fg'/);
  });

  it.skipIf(!hasData)('a UAI 2014 instance with evidence beside it (Promedus_24) gives what gp5sim infer --evid gives', async () => {
    const model = join(data, 'uai2014/Promedus_24.uai');
    const spec = writeSpec(tmp, 'promedus.yaml', `kind: infer\nmodels: [${model}]\nmachine: { pes: 4 }\noptions: { maxIter: 30 }\n`);
    const out = join(tmp, 'promedus');
    const r = await gp5simHere('sweep', spec, '-o', out, '--workers', '1', '--json', '--no-report');
    expect(r.status).toBe(0);
    const [row] = rowsOf(out);
    const ref = await infer(model, '--evid', `${model}.evid`, '--pes', '4');
    expect(row.metrics.evidence).toBe(`${model}.evid`);
    expect(row.metrics).toMatchObject({ cycles: ref.simulator.cycles, iterations: ref.iterations, maxTV: ref.maxTV });
  }, 120_000);
});

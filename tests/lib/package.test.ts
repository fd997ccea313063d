// The package as a library: build, `npm pack`, install the tarball into a scratch project, then
// typecheck and run the examples/library programs against `import … from 'gp5-toolchain'`.
import { describe, it, expect } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const run = (cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
const npmAvailable = run('npm', ['--version'], root).status === 0;
if (!npmAvailable) console.warn('\n*** WARNING: npm is not available: the installed-package test is SKIPPED ***\n');

const CONSUMER_TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
  include: ['*.ts'],
};

// A misuse the declarations must reject: if the package shipped no types (everything `any`),
// the @ts-expect-error would itself be an error.
const TYPE_PROBE = `import { Model, isingGrid } from 'gp5-toolchain';
// @ts-expect-error rows must be a number
isingGrid({ rows: 'three', cols: 3, seed: 1 });
// @ts-expect-error bit() takes a name
new Model().bit(42);
`;

describe.skipIf(!npmAvailable)('installed package', () => {
  it('installs from its tarball and its examples typecheck and run against the declarations', () => {
    const build = run('npm', ['run', 'build'], root);
    expect(build.status, build.stderr).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'gp5pkg-'));
    const pack = run('npm', ['pack', '--pack-destination', dir], root);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(dir, pack.stdout.trim().split('\n').pop()!);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', type: 'module', private: true }));
    const flags = ['install', '--no-audit', '--no-fund', tarball];
    let inst = run('npm', [...flags, '--offline'], dir);
    // Fall back to the registry only when a dependency is not cached yet.
    if (inst.status !== 0 && /ENOTCACHED/.test(inst.stderr)) inst = run('npm', [...flags, '--prefer-offline'], dir);
    expect(inst.status, inst.stderr).toBe(0);
    const examples = readdirSync(join(root, 'examples/library')).filter((f) => f.endsWith('.ts'));
    expect(examples.length).toBeGreaterThan(0);
    for (const f of examples) copyFileSync(join(root, 'examples/library', f), join(dir, f));
    writeFileSync(join(dir, 'type-probe.ts'), TYPE_PROBE);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG));
    const tsc = run(bin('tsc'), ['-p', 'tsconfig.json'], dir);
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    const ex = run(bin('tsx'), ['marginals.ts'], dir);
    expect(ex.status, ex.stderr).toBe(0);
    // Exact: 0.3 / (0.3 + 0.7 * 0.5). The graph has a loop (two factors share sprinkler and
    // weather), so loopy BP and the chip (16-bit fixed point of the same BP) settle near 0.41.
    expect(ex.stdout).toMatch(/^exact: P\(rain \| wet\) = 0\.462$/m);
    expect(ex.stdout).toMatch(/^bp: P\(rain \| wet\) = 0\.415$/m);
    expect(ex.stdout).toMatch(/^gibbs: P\(rain \| wet\) = 0\.4[4-7]\d$/m);
    expect(ex.stdout).toMatch(/^chip: P\(rain \| wet\) = 0\.41\d$/m);
  }, 240_000);
});

describe('README Library section', () => {
  it('shows examples/library/marginals.ts verbatim (from its import on)', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Library'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    const example = readFileSync(join(root, 'examples/library/marginals.ts'), 'utf8');
    expect(block).toBe(example.slice(example.indexOf('import ')));
  });
});

// The package as a library: build, `npm pack`, unpack the tarball into a scratch project's
// node_modules beside its declared dependencies, then typecheck and run the examples/library
// programs against `import … from 'gp5-toolchain'`, and run the installed bins.
//
// Time (this was the slowest file of `npm test`): the build is tsc's incremental build with its
// state kept in the OS temp directory (a later run re-emits only what changed); the scratch project
// gets the tarball's contents as npm would unpack them and links to the declared dependencies
// instead of an `npm install` (which resolved and copied them all from the cache); the consumer
// typecheck and the example run side by side.
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const ENV = { ...process.env, NO_COLOR: '1' };
const run = (cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> => spawnSync(cmd, args, { cwd, encoding: 'utf8', env: ENV, timeout: 120_000 });
const runAsync = (cmd: string, args: string[], cwd: string) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: ENV, timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
const npmAvailable = run('npm', ['--version'], root).status === 0;
if (!npmAvailable) console.warn('\n*** WARNING: npm is not available: the installed-package test is SKIPPED ***\n');

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};

/** What `npm run build` does, which this test repeats with tsc's incremental state (see above). */
const BUILD_SCRIPT = 'tsc -p tsconfig.build.json && node dist/cli/bundle.js';

function build(): SpawnSyncReturns<string> {
  const info = join(tmpdir(), `gp5-build-${createHash('sha1').update(root).digest('hex').slice(0, 12)}.tsbuildinfo`);
  // tsc's incremental state does not notice deleted outputs: without dist/ it starts afresh.
  if (!existsSync(join(root, 'dist/index.js'))) rmSync(info, { force: true });
  const r = run(bin('tsc'), ['-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', info], root);
  // The bundled commands (dist/bin/, what `bin` names) and the grammar copy.
  return r.status === 0 ? run(process.execPath, ['dist/cli/bundle.js'], root) : r;
}

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
  it('the build script is the one this test repeats', () => {
    expect(pkg.scripts.build).toBe(BUILD_SCRIPT);
  });

  it('packs into a tarball whose examples typecheck and run against the declarations, and whose bins run', async () => {
    const b = build();
    expect(b.status, b.stdout + b.stderr).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'gp5pkg-'));
    const pack = run('npm', ['pack', '--pack-destination', dir], root);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(dir, pack.stdout.trim().split('\n').pop()!);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', type: 'module', private: true }));
    // Unpacked as npm installs it (the tarball's package/ is the package directory) ...
    const installed = join(dir, 'node_modules/gp5-toolchain');
    mkdirSync(installed, { recursive: true });
    const tar = run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], dir);
    expect(tar.status, tar.stderr).toBe(0);
    // ... beside its declared dependencies only (a missing declaration fails to resolve here).
    for (const dep of Object.keys(pkg.dependencies)) {
      const target = join(dir, 'node_modules', dep);
      mkdirSync(join(target, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', dep), target, 'dir');
    }
    const examples = readdirSync(join(root, 'examples/library')).filter((f) => f.endsWith('.ts'));
    expect(examples.length).toBeGreaterThan(0);
    for (const f of examples) copyFileSync(join(root, 'examples/library', f), join(dir, f));
    writeFileSync(join(dir, 'type-probe.ts'), TYPE_PROBE);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG));
    const bins = Object.entries(pkg.bin);
    expect(bins.map(([name]) => name).sort()).toEqual(['gp5asm', 'gp5sim']);
    const [tsc, ex, ...versions] = await Promise.all([
      runAsync(bin('tsc'), ['-p', 'tsconfig.json'], dir),
      runAsync(bin('tsx'), ['marginals.ts'], dir),
      ...bins.map(([, path]) => runAsync(process.execPath, [join(installed, path), '--version'], dir)),
    ]);
    expect(tsc!.status, tsc!.stdout + tsc!.stderr).toBe(0);
    expect(ex!.status, ex!.stderr).toBe(0);
    // Exact: 0.3 / (0.3 + 0.7 * 0.5). The graph has a loop (two factors share sprinkler and
    // weather), so loopy BP and the chip (16-bit fixed point of the same BP) settle near 0.41.
    expect(ex!.stdout).toMatch(/^exact: P\(rain \| wet\) = 0\.462$/m);
    expect(ex!.stdout).toMatch(/^bp: P\(rain \| wet\) = 0\.415$/m);
    expect(ex!.stdout).toMatch(/^gibbs: P\(rain \| wet\) = 0\.4[4-7]\d$/m);
    expect(ex!.stdout).toMatch(/^chip: P\(rain \| wet\) = 0\.41\d$/m);
    // The installed bins find the package version (--version, as installed).
    expect(versions.map((v) => v.stdout)).toEqual(bins.map(() => `${pkg.version}\n`));
  }, 240_000);
});

describe('README Library section', () => {
  it('shows examples/library/marginals.ts verbatim (from its import on)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Library'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    const example = readFileSync(join(root, 'examples/library/marginals.ts'), 'utf8');
    expect(block).toBe(example.slice(example.indexOf('import ')));
  });
});

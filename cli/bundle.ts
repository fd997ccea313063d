// The installed commands as bundles (start-up time: Node's ES-module loader reading ~40 modules plus
// commander and chalk was most of `gp5sim solve`'s wall time). esbuild bundles gp5sim and gp5asm
// as ES modules with code splitting, so a command's code is still loaded only by the import() that
// runs it, and the sweep pools' thread and child-process entries beside them; then gp5sim's program once more as one
// CommonJS file, which the entry runs with a V8 code cache written by a warm-up run here
// (cli/code-cache.ts). Everything lands flat in one folder one level below the package root
// (dist/bin/), so each module's import.meta.url-relative reads resolve as they do from dist/cli/:
// ./gp5.ohm (copied beside), ../../package.json, ../../rtl/synth/cells.json, ./thread.js, ./process-child.js.
// `npm run build` runs this as dist/cli/bundle.js after tsc.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, type BuildOptions } from 'esbuild';
import { CACHED_BUNDLE, CACHED_ENTRY, WRITE_CACHE_ENV } from './code-cache.js';

/** Dependencies bundled in (small, on the start-up path); the others stay imports of node_modules
 * (piscina and bullmq read their own files beside their modules). */
export const BUNDLED_DEPENDENCIES: readonly string[] = ['commander', 'chalk', 'ohm-js', 'yaml'];

export interface BundleOptions {
  /** The checkout (or unpacked package) root holding cli/, package.json and node_modules/. */
  root: string;
  /** Output folder (emptied first). */
  outdir: string;
  /** Write the code cache with a warm-up run (default true; off, gp5sim compiles as it runs). */
  codeCache?: boolean;
}

/** The warm-up run's model: a loop of three binary variables (BP iterates; every .fg path is used). */
const WARM_UP_FG = '4\n\n1\n0\n2\n2\n0 0.3\n1 0.7\n\n2\n0 1\n2 2\n4\n0 2\n1 1\n2 1\n3 2\n\n2\n1 2\n2 2\n4\n0 2\n1 1\n2 1\n3 2\n\n2\n0 2\n2 2\n4\n0 1\n1 2\n2 2\n3 1\n';

/**
 * Bundle gp5sim, gp5asm and the sweep pools' entries into `outdir`; returns the entry paths. The
 * folder must sit inside the package (the external dependencies resolve from its node_modules).
 */
export function bundleCli({ root, outdir, codeCache = true }: BundleOptions): { gp5sim: string; gp5asm: string } {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const common: BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: Object.keys(pkg.dependencies ?? {}).filter((d) => !BUNDLED_DEPENDENCIES.includes(d)),
    // Whitespace and syntax only: identifiers keep their names (error class names are printed).
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'silent',
  };
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  buildSync({
    ...common,
    entryPoints: [
      { in: 'cli/gp5sim.ts', out: 'gp5sim' },
      { in: 'cli/gp5asm.ts', out: 'gp5asm' },
      { in: 'sweep/thread.ts', out: 'thread' },
      { in: 'sweep/process-child.ts', out: 'process-child' },
    ],
    outdir,
    splitting: true,
    format: 'esm',
    // Bundled CommonJS dependencies (commander) call require() for Node's built-ins.
    banner: { js: "import { createRequire as __gp5cr } from 'node:module'; const require = __gp5cr(import.meta.url);" },
  });
  const cached = join(outdir, CACHED_BUNDLE);
  buildSync({
    ...common,
    stdin: { contents: CACHED_ENTRY, resolveDir: join(root, 'cli'), sourcefile: 'gp5sim-cached.ts', loader: 'ts' },
    outfile: cached,
    format: 'cjs',
    // The modules' import.meta.url, as the ES-module build has it: the bundle's own file.
    define: { 'import.meta.url': '__gp5ImportMetaUrl' },
    banner: { js: "const __gp5ImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  // The assembler reads its grammar beside its module (asm/grammar.ts), here the bundle's chunk.
  copyFileSync(join(root, 'asm/gp5.ohm'), join(outdir, 'gp5.ohm'));
  const gp5sim = join(outdir, 'gp5sim.js');
  if (codeCache) {
    const model = join(outdir, 'warm-up.fg');
    writeFileSync(model, WARM_UP_FG);
    const r = spawnSync(process.execPath, [gp5sim, 'solve', model], { encoding: 'utf8', env: { ...process.env, [WRITE_CACHE_ENV]: '1' } });
    rmSync(model);
    if (r.status !== 0) throw new Error(`the code cache's warm-up run failed: ${r.stderr}`);
  }
  return { gp5sim, gp5asm: join(outdir, 'gp5asm.js') };
}

// `node dist/cli/bundle.js` (npm run build): the package root is two levels up from dist/cli/.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  // tsc does not copy non-TypeScript files: the unbundled dist/asm/ reads its grammar too.
  copyFileSync(join(root, 'asm/gp5.ohm'), join(root, 'dist/asm/gp5.ohm'));
  bundleCli({ root, outdir: join(root, 'dist/bin') });
}

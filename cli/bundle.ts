// The installed commands as bundles (start-up time: Node's ES-module loader reading ~40 modules plus
// commander and chalk was most of `gp5sim solve`'s wall time). esbuild bundles gp5sim and gp5asm
// with code splitting, so a command's code is still loaded only by the import() that runs it, and
// the sweep pool's thread entry beside them. Everything lands flat in one folder one level below
// the package root (dist/bin/), so each module's import.meta.url-relative reads resolve as they do
// from dist/cli/: ./gp5.ohm (copied beside), ../../package.json, ../../rtl/synth/cells.json,
// ./thread.js. `npm run build` runs this as dist/cli/bundle.js after tsc.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/** Dependencies bundled in (small, on the start-up path); the others stay imports of node_modules
 * (piscina and bullmq read their own files beside their modules). */
export const BUNDLED_DEPENDENCIES: readonly string[] = ['commander', 'chalk', 'ohm-js', 'yaml'];

export interface BundleOptions {
  /** The checkout (or unpacked package) root holding cli/, package.json and node_modules/. */
  root: string;
  /** Output folder (emptied first). */
  outdir: string;
}

/**
 * Bundle gp5sim, gp5asm and the sweep thread entry into `outdir`; returns the entry paths. The
 * folder must sit inside the package (the external dependencies resolve from its node_modules).
 */
export function bundleCli({ root, outdir }: BundleOptions): { gp5sim: string; gp5asm: string } {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const external = Object.keys(pkg.dependencies ?? {}).filter((d) => !BUNDLED_DEPENDENCIES.includes(d));
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  buildSync({
    absWorkingDir: root,
    entryPoints: [
      { in: 'cli/gp5sim.ts', out: 'gp5sim' },
      { in: 'cli/gp5asm.ts', out: 'gp5asm' },
      { in: 'sweep/thread.ts', out: 'thread' },
    ],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    // Whitespace and syntax only: identifiers keep their names (error class names are printed).
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'silent',
    // Bundled CommonJS dependencies (commander) call require() for Node's built-ins.
    banner: { js: "import { createRequire as __gp5cr } from 'node:module'; const require = __gp5cr(import.meta.url);" },
  });
  // The assembler reads its grammar beside its module (asm/grammar.ts), here the bundle's chunk.
  copyFileSync(join(root, 'asm/gp5.ohm'), join(outdir, 'gp5.ohm'));
  return { gp5sim: join(outdir, 'gp5sim.js'), gp5asm: join(outdir, 'gp5asm.js') };
}

// `node dist/cli/bundle.js` (npm run build): the package root is two levels up from dist/cli/.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  // tsc does not copy non-TypeScript files: the unbundled dist/asm/ reads its grammar too.
  copyFileSync(join(root, 'asm/gp5.ohm'), join(root, 'dist/asm/gp5.ohm'));
  bundleCli({ root, outdir: join(root, 'dist/bin') });
}

// Running gp5sim's CommonJS bundle with V8's code cache (start-up time; cli/gp5sim.ts decides when,
// cli/bundle.ts writes both files). The bundle runs as a vm.Script wrapped like a CommonJS module;
// with cachedData V8 skips parsing and compiling the functions the warm-up run compiled. V8 checks
// the cache against its version, flags and the source, and ignores one that does not fit (the run
// is then only slower, never different).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';

/** File names beside the entry in dist/bin/. */
export const CACHED_BUNDLE = 'gp5sim-cached.cjs';
export const CODE_CACHE = 'gp5sim-cached.v8cache';
/** Set to 1 by the build: the run writes the code cache at exit instead of reading it. */
export const WRITE_CACHE_ENV = 'GP5_WRITE_CODE_CACHE';
/**
 * Commands that run from the ES modules only: they reach the sweep report renderer, which imports
 * vega-lite, an ES module with top-level await that CommonJS cannot require.
 */
export const ESM_ONLY_COMMANDS: readonly string[] = ['sweep', 'diff-runs', 'worker'];
/** Source of the CommonJS bundle's entry (resolved in cli/). */
export const CACHED_ENTRY = "import { main } from './program.js';\nvoid main();\n";

/** The CommonJS bundle at `bundle` as a vm.Script (wrapped like a module), with `cachedData` if given. */
export function compileBundle(bundle: string, cachedData?: Buffer): Script {
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
  return new Script(wrapped, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

/** Run the CommonJS bundle at `bundle`, with its code cache beside it when there is one. */
export function runCached(bundle: string): void {
  const here = dirname(bundle);
  const cachePath = join(here, CODE_CACHE);
  const writeCache = process.env[WRITE_CACHE_ENV] === '1';
  const script = compileBundle(bundle, !writeCache && existsSync(cachePath) ? readFileSync(cachePath) : undefined);
  if (writeCache) process.once('exit', () => writeFileSync(cachePath, script.createCachedData()));
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, here);
}

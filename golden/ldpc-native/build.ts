// Builds the native decoder (ldpc_native.cpp) with g++ against Node's own headers, once per source
// and flag hash, into the cache that defaultNativeAddonPath() names. Used by `npm run native:build`
// (prebuild.ts) and by the tests; the library (index.ts) never imports it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NATIVE_FILE, NATIVE_FLAGS, NATIVE_SOURCE, defaultNativeAddonPath } from './addon-path.js';

/** Node's C headers (node_api.h): <prefix>/include/node beside the running node binary, else /usr/include/node. */
export function nodeIncludeDir(): string {
  const beside = join(dirname(process.execPath), '..', 'include', 'node');
  return existsSync(join(beside, 'node_api.h')) ? beside : '/usr/include/node';
}

/** Build (or reuse) the addon; returns its path. Throws with g++'s output when the compile fails. */
export function buildNativeAddon(compiler = process.env.CXX ?? 'g++'): string {
  const out = defaultNativeAddonPath();
  if (out === undefined) throw new Error(`the native decoder's source ${NATIVE_SOURCE} is missing`);
  if (existsSync(out)) return out;
  const dir = dirname(out);
  const tmp = `${dir}.tmp${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const args = [...NATIVE_FLAGS, `-I${nodeIncludeDir()}`, '-o', join(tmp, NATIVE_FILE), NATIVE_SOURCE];
  const r = spawnSync(compiler, args, { encoding: 'utf8', stdio: 'pipe' });
  if (r.error || r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`${compiler} ${args.join(' ')} failed: ${r.error?.message ?? `exit ${r.status}`}\n${r.stderr ?? ''}`);
  }
  // Publish atomically: concurrent builders of the same key each build, one wins the rename.
  mkdirSync(dirname(dir), { recursive: true });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

// Where the prebuilt native decoder lives: node_modules/.cache/gp5-native/<key>/ldpc_native.node
// (GP5_NATIVE_CACHE overrides the directory), the key a hash of the C++ source and the compiler
// flags, so an edit to either is a new build. Reads the source to hash it; builds nothing.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The addon's one C++ source file. */
export const NATIVE_SOURCE = fileURLToPath(new URL('./ldpc_native.cpp', import.meta.url));
export const NATIVE_FILE = 'ldpc_native.node';

/**
 * g++ flags (before the include path and the output). -ffp-contract=off: no fused multiply-add, so
 * every float32 operation is rounded as the WebAssembly kernel rounds it; no -ffast-math. The
 * baseline is plain x86-64: AVX2 and AVX-512 code is compiled per function (target attributes)
 * and chosen at run time.
 */
export const NATIVE_FLAGS = ['-O3', '-std=c++17', '-shared', '-fPIC', '-ffp-contract=off', '-fno-fast-math', '-DNODE_GYP_MODULE_NAME=ldpc_native'];

export function nativeCacheDir(): string {
  return process.env.GP5_NATIVE_CACHE ?? fileURLToPath(new URL('../../node_modules/.cache/gp5-native', import.meta.url));
}

/** The cache key: source text, flags, platform and Node-API version. undefined when the source is not shipped (a dist build). */
export function nativeBuildKey(): string | undefined {
  if (!existsSync(NATIVE_SOURCE)) return undefined;
  const h = createHash('sha256');
  h.update(readFileSync(NATIVE_SOURCE));
  h.update(NATIVE_FLAGS.join(' '));
  h.update(`${process.platform}-${process.arch}-napi${process.versions.napi}`);
  return h.digest('hex').slice(0, 16);
}

/** Where `npm run native:build` puts the addon for the current source (the file may not exist). */
export function defaultNativeAddonPath(): string | undefined {
  const key = nativeBuildKey();
  return key === undefined ? undefined : join(nativeCacheDir(), key, NATIVE_FILE);
}

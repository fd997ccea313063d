// `npm run native:build`: compile the optional native LDPC decoder once (cached by source hash), so
// the tests and the bench find it; .ci/run calls it. Prints the path; exit 1 when the build fails.
import { buildNativeAddon } from './build.js';

const t0 = Date.now();
try {
  const path = buildNativeAddon();
  process.stdout.write(`native LDPC decoder: ${path} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
} catch (e) {
  process.stderr.write(`native LDPC decoder not built: ${(e as Error).message}\n`);
  process.exitCode = 1;
}

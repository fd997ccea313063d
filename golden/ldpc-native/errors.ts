// Typed errors of the native decoder's loader.
import { UserError } from '../../errors/index.js';

/** The prebuilt addon is absent or does not load: names the path and what to run. */
export class NativeAddonMissingError extends UserError {
  override name = 'NativeAddonMissingError';
  constructor(
    readonly path: string | undefined,
    readonly reason: string,
  ) {
    super(`the native LDPC decoder is not available${path ? ` at ${path}` : ''}: ${reason}; build it with \`npm run native:build\` (needs g++)`);
  }
}

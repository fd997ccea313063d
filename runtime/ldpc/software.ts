// The software side of LDPC simulation from golden/ldpc-float (branch h-ldpcsw): information
// positions by GF(2) elimination and the float decoder. TODO(lead): once h-ldpcsw is merged,
// replace this lookup with `import { informationPositions, decodeLdpcFloat } from '../../golden/index.js'`.
import * as golden from '../../golden/index.js';
import type { ParityCheckMatrix } from '../../golden/index.js';
import type { FloatDecoder } from './simulate.js';

export interface LdpcSoftware {
  informationPositions: (h: ParityCheckMatrix) => Int32Array;
  decodeLdpcFloat: FloatDecoder;
}

/** golden's float decoder and information positions, or undefined on a branch without them. */
export function ldpcSoftware(): LdpcSoftware | undefined {
  const g = golden as unknown as Partial<LdpcSoftware>;
  return g.informationPositions && g.decodeLdpcFloat ? { informationPositions: g.informationPositions, decodeLdpcFloat: g.decodeLdpcFloat } : undefined;
}

/**
 * Information bit positions: golden's GF(2) elimination when present; without it (a branch
 * lacking h-ldpcsw) the first n − m bits stand in, which is right in number for full-rank H only.
 */
export function informationPositionsOf(h: ParityCheckMatrix): Int32Array {
  return ldpcSoftware()?.informationPositions(h) ?? Int32Array.from({ length: h.n - h.m }, (_, i) => i);
}

// The software side of LDPC simulation, from golden/ldpc-float: information positions by GF(2)
// elimination and the float decoder of the same schedule (for `--decoder float` and BER ratios).
import { informationPositions, decodeLdpcFloat, type ParityCheckMatrix } from '../../golden/index.js';
import type { FloatDecoder } from './simulate.js';

export interface LdpcSoftware {
  informationPositions: (h: ParityCheckMatrix) => Int32Array;
  decodeLdpcFloat: FloatDecoder;
}

export function ldpcSoftware(): LdpcSoftware {
  return { informationPositions, decodeLdpcFloat };
}

/** Sorted 0-based positions of the k information bits (golden's GF(2) elimination). */
export function informationPositionsOf(h: ParityCheckMatrix): Int32Array {
  return informationPositions(h);
}

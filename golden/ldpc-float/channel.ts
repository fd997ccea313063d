// BPSK over AWGN for LDPC tests and benches: bit 0 → +1, bit 1 → −1, y = x + σ·N(0, 1),
// σ² = 1 / (2 · rate · Eb/N0), channel LLR = 2y/σ² (= ln p(0|y)/p(1|y)).
import type { Prng } from '../prng.js';

/** Noise standard deviation for a code rate and Eb/N0 in dB. */
export function awgnSigma(rate: number, ebn0Db: number): number {
  return Math.sqrt(1 / (2 * rate * 10 ** (ebn0Db / 10)));
}

/** Write the channel LLRs of one transmitted codeword (0/1 bytes) into `out` at `offset`. */
export function awgnLlr(codeword: ArrayLike<number>, sigma: number, rng: Prng, out: Float64Array, offset = 0): void {
  const s2 = sigma * sigma;
  for (let i = 0; i < codeword.length; i++) {
    const x = codeword[i]! & 1 ? -1 : 1;
    out[offset + i] = (2 * (x + sigma * rng.normal(0, 1))) / s2;
  }
}

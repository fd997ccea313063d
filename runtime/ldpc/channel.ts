// Channel frames for LDPC decoding: BPSK over AWGN with the all-zero codeword (exact for linear
// codes under a symmetric channel and sign-symmetric decoders).
import { awgnLlr, awgnSigma, type Prng } from '../../golden/index.js';

/** `frames` all-zero frames of channel LLRs (n × frames, frame-major) at Eb/N0 `ebn0` dB. */
export function awgnFrames(n: number, rate: number, ebn0: number, frames: number, rng: Prng): Float64Array {
  const out = new Float64Array(n * frames);
  const zero = new Uint8Array(n);
  const sigma = awgnSigma(rate, ebn0);
  for (let f = 0; f < frames; f++) awgnLlr(zero, sigma, rng, out, f * n);
  return out;
}

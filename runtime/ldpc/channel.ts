// Channel frames for LDPC decoding: BPSK over AWGN with the all-zero codeword (exact for linear
// codes under a symmetric channel and sign-symmetric decoders), and their quantisation.
import { llrFromNats, type FixedFormat } from '../../isa/index.js';
import type { Prng } from '../../golden/index.js';
import { awgnFrame } from '../ldpc.js';

/** `frames` all-zero frames of channel LLRs (n × frames, frame-major) at Eb/N0 `ebn0` dB. */
export function awgnFrames(n: number, rate: number, ebn0: number, frames: number, rng: Prng): Float64Array {
  const out = new Float64Array(n * frames);
  for (let f = 0; f < frames; f++) out.set(awgnFrame(n, rate, ebn0, rng), f * n);
  return out;
}

/** Channel LLRs → raw LLRs of the chip's format (round half up, symmetric saturation). */
export function quantizeLlrs(f: FixedFormat, llr: Float64Array): Int32Array {
  const out = new Int32Array(llr.length);
  for (let i = 0; i < llr.length; i++) out[i] = llrFromNats(f, llr[i]);
  return out;
}

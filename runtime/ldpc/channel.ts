// Channel frames for LDPC decoding: BPSK over AWGN with the all-zero codeword (exact for linear
// codes under a symmetric channel and sign-symmetric decoders).
import { configFormat, type MachineConfig } from '../../isa/index.js';
import { awgnLlr, awgnSigma, quantizeChannel, type Prng } from '../../golden/index.js';
import type { LdpcLayout } from './layout.js';

/** `frames` all-zero frames of channel LLRs (n × frames, frame-major) at Eb/N0 `ebn0` dB. */
export function awgnFrames(n: number, rate: number, ebn0: number, frames: number, rng: Prng): Float64Array {
  const out = new Float64Array(n * frames);
  const zero = new Uint8Array(n);
  const sigma = awgnSigma(rate, ebn0);
  for (let f = 0; f < frames; f++) awgnLlr(zero, sigma, rng, out, f * n);
  return out;
}

/**
 * Channel LLRs in nats → the raw words the chip decoder loads: the layout's scale α (ISA's
 * llrChannelScale) and channel clamp (golden's ldpcCaps). The one quantiser of the chip path: the
 * runtime's decoder and the RTL co-simulation case both call it.
 */
export function quantizeForChip(cfg: MachineConfig, layout: Pick<LdpcLayout, 'caps'>, llr: ArrayLike<number>): Int32Array {
  const { caps } = layout;
  return quantizeChannel(configFormat(cfg), llr, caps.channel, caps.scale);
}

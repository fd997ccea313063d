// Saturation plan of the fixed-point LDPC decoders (chip and reference): check-node outputs are
// capped so that a posterior app = ch + Σ c2v can never saturate. A saturating app loses the
// identity app − c2v = ch + Σ other c2v; layered decoding then drifts, even on a clean codeword.
import { llrFromNats, type FixedFormat } from '../../isa/index.js';

export interface LdpcCaps {
  /** Largest |c2v| (raw). */
  c2v: number;
  /** Largest |channel LLR| (raw): channel + dv_max · c2v ≤ MAX. */
  channel: number;
  /** Channel LLR scale α: raw = ⌊α·LLR·2^F + 1/2⌋ (ldpcChannelScale). */
  scale: number;
}

/**
 * The channel LLR scale α the chip decoders quantise with, by message width. At W = 8 (Q5.2, caps
 * of 4.5 nats per c2v and 4.75 nats of channel on WiMAX) α = 7/8 keeps more of the LLR
 * distribution inside the caps and damps sum-product's overconfidence on short cycles: layered SPA
 * on WiMAX (576,288) at 2.0 dB went from a BER 1.15× the float decoder's to 1.02×, at 2.5 dB from
 * 2.1× to about 1 (runtime/README.md, "LDPC decoding"; α = 0.75 and 0.625 were worse at 2.0 dB).
 * Wider formats have range to spare and keep α = 1 (W = 16: 0.99× at 2.0 dB).
 */
export function ldpcChannelScale(W: number): number {
  return W <= 8 ? 0.875 : 1;
}

/** Caps for a code whose bits are in at most `maxVarDegree` checks: c2v = ⌊MAX / (dv + 1)⌋, the channel gets the rest. */
export function ldpcCaps(f: FixedFormat, maxVarDegree: number): LdpcCaps {
  const c2v = Math.floor(f.max / (maxVarDegree + 1));
  return { c2v, channel: f.max - maxVarDegree * c2v, scale: ldpcChannelScale(f.W) };
}

/** Channel LLRs (nats) → raw: scaled by α (default 1), round half up (llrFromNats), clamped to ±channel. */
export function quantizeChannel(f: FixedFormat, llr: ArrayLike<number>, channelCap: number, scale = 1): Int32Array {
  const out = new Int32Array(llr.length);
  for (let i = 0; i < llr.length; i++) {
    const x = llrFromNats(f, scale === 1 ? llr[i] : llr[i] * scale);
    out[i] = x > channelCap ? channelCap : x < -channelCap ? -channelCap : x;
  }
  return out;
}

// Saturation plan of the fixed-point LDPC decoders (chip and reference): check-node outputs are
// capped so that a posterior app = ch + Σ c2v can never saturate. A saturating app loses the
// identity app − c2v = ch + Σ other c2v; layered decoding then drifts, even on a clean codeword.
import { llrFromNats, type FixedFormat } from '../../isa/index.js';

export interface LdpcCaps {
  /** Largest |c2v| (raw). */
  c2v: number;
  /** Largest |channel LLR| (raw): channel + dv_max · c2v ≤ MAX. */
  channel: number;
}

/** Caps for a code whose bits are in at most `maxVarDegree` checks: c2v = ⌊MAX / (dv + 1)⌋, the channel gets the rest. */
export function ldpcCaps(f: FixedFormat, maxVarDegree: number): LdpcCaps {
  const c2v = Math.floor(f.max / (maxVarDegree + 1));
  return { c2v, channel: f.max - maxVarDegree * c2v };
}

/** Channel LLRs (nats) → raw: round half up (llrFromNats), clamped to ±channel. */
export function quantizeChannel(f: FixedFormat, llr: ArrayLike<number>, channelCap: number): Int32Array {
  const out = new Int32Array(llr.length);
  for (let i = 0; i < llr.length; i++) {
    const x = llrFromNats(f, llr[i]);
    out[i] = x > channelCap ? channelCap : x < -channelCap ? -channelCap : x;
  }
  return out;
}

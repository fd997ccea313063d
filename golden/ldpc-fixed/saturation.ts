// Saturation plan of the fixed-point LDPC decoders (chip and reference): check-node outputs are
// capped so that a posterior app = ch + Σ c2v can never saturate. A saturating app loses the
// identity app − c2v = ch + Σ other c2v; layered decoding then drifts, even on a clean codeword.
import { llrChannelScale, llrFromNats, type FixedFormat } from '../../isa/index.js';

export interface LdpcCaps {
  /** Largest |c2v| (raw). */
  c2v: number;
  /** Largest |channel LLR| (raw): channel + dv_max · c2v ≤ MAX. */
  channel: number;
  /** Channel LLR scale α: raw = ⌊α·LLR·2^F + 1/2⌋ (ISA's llrChannelScale, whose reasons are there; ISA.md states the rule). */
  scale: number;
}

/** Caps for a code whose bits are in at most `maxVarDegree` checks: c2v = ⌊MAX / (dv + 1)⌋, the channel gets the rest. */
export function ldpcCaps(f: FixedFormat, maxVarDegree: number): LdpcCaps {
  const c2v = Math.floor(f.max / (maxVarDegree + 1));
  return { c2v, channel: f.max - maxVarDegree * c2v, scale: llrChannelScale(f.W) };
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

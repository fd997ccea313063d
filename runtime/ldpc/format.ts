// The LLR format for LDPC decoding when only the width W is given: F = min(W/2, W − 6), so at
// least 5 integer bits remain (W = 8: F = 2). With F = W/2 an 8-bit LLR spans ±8 nats and the
// c2v cap that keeps posteriors exact (golden's ldpcCaps) falls to about 1 nat.
import { defaultTableSize, type MachineConfig } from '../../isa/index.js';

export function ldpcFracBits(W: number): number {
  return Math.max(0, Math.min(Math.floor(W / 2), W - 6));
}

/** cfg with W-bit messages in the LDPC format (F = ldpcFracBits(W), the default max* table for W). */
export function withLdpcBits(cfg: MachineConfig, W: number): MachineConfig {
  return { ...cfg, messageBits: W, fracBits: ldpcFracBits(W), maxStarTableSize: defaultTableSize(W) };
}

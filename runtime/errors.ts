// The runtime's user-facing error.
import { UserError } from '../errors/index.js';

/** The model does not fit the machine (scratchpad too small, arity too large …). */
export class CompileError extends UserError {
  override name = 'CompileError';
}

/**
 * The LLR paths (pairwise pfu, LDPC cnu/vnu, structured parity factors) compute signed log-ratios:
 * refuse a config with the unsigned message code (isa/fixed.ts MessageCode) rather than saturate them at 0.
 */
export function requireSignedMessages(cfg: { unsignedMessages: number }, what: string): void {
  if (cfg.unsignedMessages !== 0) {
    throw new CompileError(`${what} computes signed log-ratios and needs the signed message code (config unsignedMessages: 0)`);
  }
}

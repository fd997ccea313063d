// What the factor-graph compiler is asked to build (shared by compile.ts and codegen/).
import type { ChipSchedule, ParityPath } from '../golden/index.js';

/**
 * golden's chip schedule vocabulary: flooding and sequential run golden's update lists as they
 * are; gated-flooding gates the flooding list (golden's ResidualGatedBp): a factor is recomputed
 * only when its inputs moved by more than the tolerance since it last ran.
 */
export type RuntimeSchedule = ChipSchedule;

export interface CompileOptions {
  schedule: RuntimeSchedule;
  semiring: 'sum-product' | 'min-sum';
  /** Damping λ ∈ [0, 256] on factor→variable messages (weight λ/256 on the old message). */
  lambda: number;
  /** Converged when the iteration's max factor→variable change (raw energy units) ≤ tolRaw. */
  tolRaw: number;
  maxIter: number;
  /** Keep the data needed to print the program as assembly. */
  keepAssembly?: boolean;
  /**
   * Decoder mode (binary variables, flooding): after each variable phase, stop if the hard
   * decisions of the current beliefs satisfy every factor as a parity check (LDPC syndrome = 0).
   * Each factor's PE has n_{i→a} + m_{a→i} = the belief of i, so the check needs no extra traffic.
   */
  stopOnParity?: boolean;
  /** Parity factors: 'structured' (default; one cnu per factor, parity-lowering.ts) or 'dense' (their table through fupd). */
  parityPath?: ParityPath;
  /** Called every few thousand message updates lowered to code, and at the end (done = total). */
  onProgress?: (done: number, total: number) => void;
}

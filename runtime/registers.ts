// The one register map of generated code (runtime/README.md, "Register use").
export const REG = {
  /** Hard-wired zero (r0): the `rd` of instructions whose result is unused, and the zero operand. */
  zero: 0,
  /** fupd's running max change of the iteration. */
  change: 1,
  /** The change after barmax over all PEs. */
  reduced: 2,
  tol: 3,
  iter: 4,
  maxIter: 5,
  /**
   * send/recv partner PE and local address (dense path: the operands not held elsewhere, reused
   * while they hold the value; codegen/operands.ts). Those of r8–r15 a program leaves free hold
   * its most used operands for the whole run.
   */
  pe: 6,
  addr: 7,
  /** Address base for descriptors beyond the 18-bit offset. */
  base: 8,
  /** gated-flooding: a factor's input residual. */
  residual: 9,
  /** stopOnParity: OR of all checks' parities, and the parity of one check. */
  syndrome: 10,
  parity: 11,
  /** stopOnParity scratch: belief energies E(0), E(1) as n + m. */
  n0: 12,
  n1: 13,
  m0: 14,
  m1: 15,
} as const;

/** Vector registers of generated code (gated-flooding's residual gate). */
export const VREG = {
  /** The message n_{i→a} as the factor's PE sees it now. */
  input: 1,
  /** Its snapshot from the factor's last run. */
  snapshot: 2,
} as const;

/**
 * Registers of the LLR-unit LDPC decoder (runtime/ldpc/program.ts), a separate program that shares
 * nothing with the factor-graph code but r0.
 */
export const LDPC_REG = {
  /** The slot's active-lane mask (lanes whose frame is not yet stable). */
  mask: 2,
  /** cnu's accumulator: lanes whose checks are not yet all satisfied. */
  acc: 3,
  /** Descriptor address of the current cnu/vnu. */
  desc: 4,
  /** Address of the next mask-log word. */
  log: 6,
  /** Iterations left. */
  iter: 7,
  /** The mask passed to cnu: mask | first-pass on the first pass. */
  pass: 8,
  tmp: 9,
} as const;

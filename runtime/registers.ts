// The one register map of generated code (runtime/README.md, "Register use"). r0 is zero.
export const REG = {
  /** fupd's running max change of the iteration. */
  change: 1,
  /** The change after barmax over all PEs. */
  reduced: 2,
  tol: 3,
  iter: 4,
  maxIter: 5,
  /** send/recv partner PE and local address. */
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

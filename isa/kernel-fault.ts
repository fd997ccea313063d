// The fault every descriptor kernel raises (fupd/vupd, cnu/vnu, pfu); the simulator turns it into a
// bad-descriptor or memory-range fault.

/** A descriptor or message address outside memory, or a malformed descriptor field. */
export class KernelFault extends Error {
  override name = 'KernelFault';
  constructor(
    message: string,
    /** The offending address, when the fault is an address. */
    readonly address?: number,
  ) {
    super(message);
  }
}

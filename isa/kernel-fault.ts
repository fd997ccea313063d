// The fault every descriptor kernel raises (fupd/vupd, cnu/vnu, pfu), and the range check they share;
// the simulator turns the fault into a bad-descriptor or memory-range fault.

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

/**
 * Fault unless words [addr, addr + len) lie in `mem`. `what` (and `index`, when ≥ 0) name the
 * block only when the fault is raised: no string work on the hot path.
 */
export function checkRange(mem: Int32Array, addr: number, len: number, what: string, index = -1): void {
  if (!(addr >= 0 && len >= 0 && addr + len <= mem.length)) {
    const name = index >= 0 ? `${what} ${index}` : what;
    throw new KernelFault(`${name} [${addr}, ${addr + len}) outside scratchpad (${mem.length} words)`, addr);
  }
}

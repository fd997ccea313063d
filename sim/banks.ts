// The banked shared message memory: word-interleaved banks, each serving one word per cycle.

export class SharedBanks {
  /** Per bank: the cycle it is next free. */
  readonly free: Float64Array;
  private readonly count: Int32Array;
  /** After a failed claim: the cycle every requested bank is free. */
  busyUntil = 0;

  constructor(
    readonly banks: number,
    readonly lanes: number,
  ) {
    this.free = new Float64Array(banks);
    this.count = new Int32Array(banks);
  }

  /**
   * Claim the banks touched by words [off, off + n) at cycle t. An access needs all its banks at
   * once and holds each for as many cycles as it has words there. Returns the beats the access
   * takes (≥ ⌈n / lanes⌉), or 0 if a bank is busy (see busyUntil).
   */
  claim(t: number, off: number, n: number): number {
    const B = this.banks;
    let freeAt = 0;
    for (let i = 0; i < n && i < B; i++) {
      const bank = (off + i) & (B - 1);
      if (this.free[bank] > freeAt) freeAt = this.free[bank];
    }
    if (freeAt > t) {
      this.busyUntil = freeAt;
      return 0;
    }
    const counts = this.count;
    counts.fill(0);
    let worst = 1;
    for (let i = 0; i < n; i++) {
      const bank = (off + i) & (B - 1);
      if (++counts[bank] > worst) worst = counts[bank];
    }
    for (let bank = 0; bank < B; bank++) if (counts[bank] > 0) this.free[bank] = t + counts[bank];
    return Math.max(worst, Math.ceil(n / this.lanes));
  }
}

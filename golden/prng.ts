// A small seeded PRNG (mulberry32) for generators, fuzzers and tests. Deterministic across platforms.

/** Largest |z| `Prng.normal` can return: u >= 2^-32, so sqrt(-2 ln u) <= sqrt(64 ln 2) ≈ 6.66. */
export const NORMAL_MAX = Math.sqrt(64 * Math.LN2);

export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1) with 32 bits of randomness. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Uniform integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  /** Standard normal (Box-Muller). */
  normal(mean = 0, sigma = 1): number {
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    return mean + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

/** mulberry32 as a plain function returning uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  const p = new Prng(seed);
  return () => p.next();
}

// Compact per-signal value tracks for the comparison: each signal's changes bucketed by cycle in
// typed arrays (no per-cycle objects), a monotone cursor, and the first cycle two tracks differ.

export const XZ = -1; // a value with x or z bits
export const WIDE = -2; // wider than 53 bits: not representable, compared as equal only to itself
export const NONE = -3; // no value yet

/** Value changes of one signal bucketed by cycle: only the value in effect at each sample. */
export class Track {
  c = new Float64Array(16);
  v = new Float64Array(16);
  n = 0;
  push(cycle: number, value: number): void {
    const n = this.n;
    if (n > 0 && this.c[n - 1] === cycle) {
      // A later change in the same cycle wins; drop the entry if it returns to the previous value.
      if (n > 1 && this.v[n - 2] === value) this.n--;
      else this.v[n - 1] = value;
      return;
    }
    if (n > 0 && this.v[n - 1] === value) return;
    if (n === this.c.length) {
      const c = new Float64Array(n * 2);
      c.set(this.c);
      this.c = c;
      const v = new Float64Array(n * 2);
      v.set(this.v);
      this.v = v;
    }
    this.c[n] = cycle;
    this.v[n] = value;
    this.n = n + 1;
  }
  /** Value in effect at cycle c (binary search). */
  at(cycle: number): number {
    let lo = 0;
    let hi = this.n - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.c[mid] <= cycle) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans < 0 ? NONE : this.v[ans];
  }
}

/** Monotone cursor over a track (for walking cycles in increasing order). */
export class Cursor {
  private i = -1;
  constructor(private readonly t: Track | undefined) {}
  at(cycle: number): number {
    const t = this.t;
    if (!t) return NONE;
    while (this.i + 1 < t.n && t.c[this.i + 1] <= cycle) this.i++;
    return this.i < 0 ? NONE : t.v[this.i];
  }
}

/** First cycle < limit where the two tracks differ (compared on the low `width` bits if masked). */
export function firstDiff(te: Track, ta: Track, width: number, masked: boolean, limit: number): number {
  const ec = te.c;
  const ev = te.v;
  const ac = ta.c;
  const av = ta.v;
  const en = te.n;
  const an = ta.n;
  let i = 0;
  let j = 0;
  let ve = NONE;
  let va = NONE;
  const mod = 2 ** width;
  for (;;) {
    const ci = i < en ? ec[i] : Infinity;
    const cj = j < an ? ac[j] : Infinity;
    const c = ci < cj ? ci : cj;
    if (c >= limit) return Infinity;
    if (ci === c) ve = ev[i++];
    if (cj === c) va = av[j++];
    if (ve !== va) {
      if (!masked || ve < 0 || va < 0) return c;
      if (width <= 32 ? ((ve & (mod - 1)) >>> 0) !== ((va & (mod - 1)) >>> 0) : ve % mod !== va % mod) return c;
    }
  }
}

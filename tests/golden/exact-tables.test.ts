// The junction-tree table kernels against a naive digit-decoding reference, on random layouts
// (every inner-block kind: contiguous, broadcast and gathered, small and large cliques).
import { describe, it, expect } from 'vitest';
import { addFrom, assignFrom, embed, InnerKind, maxOnto, multiplyBy, sumOnto } from '../../golden/exact-tables.js';
import { Prng } from '../../golden/index.js';

/** Index in `small`'s first-fastest layout of clique entry l. */
function naiveIndex(l: number, vars: number[], small: number[], card: number[]): number {
  const x = new Map<number, number>();
  for (const v of vars) {
    x.set(v, l % card[v]!);
    l = Math.floor(l / card[v]!);
  }
  let j = 0;
  let s = 1;
  for (const v of small) {
    j += x.get(v)! * s;
    s *= card[v]!;
  }
  return j;
}

describe('table embeddings', () => {
  it('assign, multiply, add, sum and max agree with digit decoding', () => {
    const rng = new Prng(7);
    const kinds = new Set<number>();
    for (let trial = 0; trial < 300; trial++) {
      const k = 1 + Math.floor(rng.next() * 9);
      const card = Array.from({ length: k }, () => 1 + Math.floor(rng.next() * 4));
      const vars = [...Array(k).keys()].sort(() => rng.next() - 0.5);
      const small = vars.filter(() => rng.next() < 0.5).sort(() => rng.next() - 0.5);
      const cards = Int32Array.from(vars, (v) => card[v]!);
      const size = cards.reduce((a, b) => a * b, 1);
      const e = embed(vars, cards, small, card, new Int32Array(k));
      kinds.add(e.kind);
      const smallSize = small.reduce((a, v) => a * card[v]!, 1);
      expect(e.smallSize).toBe(smallSize);
      const s = Float64Array.from({ length: smallSize }, () => rng.next());
      const big = Float64Array.from({ length: size }, () => rng.next());
      const idx = Array.from({ length: size }, (_, l) => naiveIndex(l, vars, small, card));
      const a = new Float64Array(size);
      assignFrom(a, e, s);
      expect(Array.from(a)).toEqual(idx.map((j) => s[j]!));
      const m = Float64Array.from(big);
      multiplyBy(m, e, s);
      expect(Array.from(m)).toEqual(Array.from(big, (w, l) => w * s[idx[l]!]!));
      const p = Float64Array.from(big);
      addFrom(p, e, s);
      expect(Array.from(p)).toEqual(Array.from(big, (w, l) => w + s[idx[l]!]!));
      const sum = new Float64Array(smallSize).fill(NaN);
      const mx = new Float64Array(smallSize).fill(NaN);
      sumOnto(big, e, sum);
      maxOnto(big, e, mx);
      const wantSum = new Float64Array(smallSize);
      const wantMax = new Float64Array(smallSize).fill(-Infinity);
      big.forEach((w, l) => {
        wantSum[idx[l]!]! += w;
        wantMax[idx[l]!] = Math.max(wantMax[idx[l]!]!, w);
      });
      for (let j = 0; j < smallSize; j++) expect(sum[j]).toBeCloseTo(wantSum[j]!, 12);
      expect(Array.from(mx)).toEqual(Array.from(wantMax));
    }
    expect([...kinds].sort()).toEqual([InnerKind.Gather, InnerKind.Contiguous, InnerKind.Broadcast]);
  });
});

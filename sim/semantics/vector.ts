// Vector message arithmetic and reductions on VL lanes in the message number format.
import { absDiff, dampBlend, maxStar, type FixedFormat } from '../../isa/index.js';
import type { ArchState, Semantic } from './state.js';

/** vd[i] ← sat(op(va[i], vb[i])) for i < VL. */
const lanewise = (x: ArchState, op: (f: FixedFormat, p: number, q: number, imm: number) => number): void => {
  const V = x.V;
  const n = x.vl;
  const d = x.a * x.vlmax;
  const s = x.b * x.vlmax;
  const t = x.c * x.vlmax;
  const { fmt, imm } = x;
  const max = fmt.max;
  const min = fmt.min;
  for (let i = 0; i < n; i++) {
    const r = op(fmt, V[s + i], V[t + i], imm);
    V[d + i] = r > max ? max : r < min ? min : r;
  }
};

export const vadd: Semantic = (x) => lanewise(x, (_, p, q) => p + q);
export const vsub: Semantic = (x) => lanewise(x, (_, p, q) => p - q);
export const vmin: Semantic = (x) => lanewise(x, (_, p, q) => (p < q ? p : q));
export const vmaxs: Semantic = (x) => lanewise(x, (f, p, q) => maxStar(f, p, q));
export const vdamp: Semantic = (x) => lanewise(x, (f, p, q, lambda) => dampBlend(f, p, q, lambda));

/** Two passes: the minimum, then subtract it (all-MAX becomes all 0). */
export const vnorm: Semantic = (x) => {
  const V = x.V;
  const n = x.vl;
  const d = x.a * x.vlmax;
  const s = x.b * x.vlmax;
  const max = x.fmt.max;
  let m = V[s];
  for (let i = 1; i < n; i++) if (V[s + i] < m) m = V[s + i];
  for (let i = 0; i < n; i++) {
    const r = V[s + i] - m;
    V[d + i] = r > max ? max : r;
  }
};

export const vbcast: Semantic = (x) => {
  const v = x.R[x.b];
  const { max, min } = x.fmt;
  x.V.fill(v > max ? max : v < min ? min : v, x.a * x.vlmax, x.a * x.vlmax + x.vl);
};

export const vrmin: Semantic = (x) => {
  const V = x.V;
  const s = x.b * x.vlmax;
  let m = V[s];
  for (let i = 1; i < x.vl; i++) if (V[s + i] < m) m = V[s + i];
  x.sValue = m;
};

/** Left fold in lane order (bit-exact, independent of L). */
export const vrmaxs: Semantic = (x) => {
  const V = x.V;
  const s = x.b * x.vlmax;
  let m = V[s];
  for (let i = 1; i < x.vl; i++) m = maxStar(x.fmt, m, V[s + i]);
  x.sValue = m;
};

/** rd accumulates the largest lane difference. */
export const vmaxad: Semantic = (x) => {
  const V = x.V;
  const s = x.b * x.vlmax;
  const t = x.c * x.vlmax;
  let m = x.R[x.a];
  for (let i = 0; i < x.vl; i++) {
    const d = absDiff(V[s + i], V[t + i]);
    if (d > m) m = d;
  }
  x.sValue = m;
};

export const vext: Semantic = (x) => {
  if (x.imm >= x.vlmax) x.fault('invalid-instruction', `lane ${x.imm} ≥ vregLanes (${x.vlmax})`);
  x.sValue = x.V[x.b * x.vlmax + x.imm];
};

// Gibbs sampling: seeded, with burn-in, restarts (independent chains) and simulated annealing
// during burn-in. Flat layout: each variable's factors in CSR form and each factor's strides, log
// tables in one Float64Array; the sweep loop allocates nothing.
import type { FactorGraph } from './model.js';
import { Prng } from './prng.js';

export interface GibbsOptions {
  /** Seed of the sampler (same seed, same samples). Default 1. */
  seed?: number;
  /** Sweeps discarded at the start of each chain. Default 100. */
  burnIn?: number;
  /** Sweeps recorded per chain. Default 1000. */
  samples?: number;
  /** Independent chains (each from its own random start). Default 1. */
  restarts?: number;
  /**
   * Annealing: the burn-in starts at this temperature and cools geometrically to 1 (potentials
   * raised to 1/T, so T > 1 flattens them and helps the chain leave a poor start). Default 1 (off).
   */
  initialTemperature?: number;
}

export interface GibbsResult {
  /** Sample frequencies per variable (variable-id order). */
  marginals: Float64Array[];
  /** The highest-weight assignment visited (after burn-in) and its natural-log weight. */
  best: Int32Array;
  bestLogWeight: number;
  /** Recorded sweeps in total (restarts × samples). */
  sweeps: number;
}

interface Flat {
  card: Int32Array;
  vOff: Int32Array; // factors of variable v: vFac[vOff[v]..vOff[v+1]), with v's stride in vStride
  vFac: Int32Array;
  vStride: Int32Array;
  fOff: Int32Array; // scope of factor a: fVar[fOff[a]..fOff[a+1]), strides in fStride
  fVar: Int32Array;
  fStride: Int32Array;
  tOff: Int32Array;
  logT: Float64Array;
}

function flatten(graph: FactorGraph): Flat {
  const n = graph.variables.length;
  const F = graph.factors.length;
  const card = Int32Array.from(graph.variables, (v) => v.card);
  const fOff = new Int32Array(F + 1);
  const tOff = new Int32Array(F + 1);
  graph.factors.forEach((f, a) => {
    fOff[a + 1] = fOff[a]! + f.scope.length;
    tOff[a + 1] = tOff[a]! + f.table.length;
  });
  const fVar = new Int32Array(fOff[F]!);
  const fStride = new Int32Array(fOff[F]!);
  const logT = new Float64Array(tOff[F]!);
  const deg = new Int32Array(n + 1);
  graph.factors.forEach((f, a) => {
    let s = 1;
    f.scope.forEach((v, j) => {
      fVar[fOff[a]! + j] = v;
      fStride[fOff[a]! + j] = s;
      s *= card[v]!;
      deg[v + 1]!++;
    });
    for (let l = 0; l < f.table.length; l++) logT[tOff[a]! + l] = Math.log(f.table[l]!);
  });
  const vOff = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) vOff[v + 1] = vOff[v]! + deg[v + 1]!;
  const fill = vOff.slice(0, n);
  const vFac = new Int32Array(vOff[n]!);
  const vStride = new Int32Array(vOff[n]!);
  for (let a = 0; a < F; a++)
    for (let e = fOff[a]!; e < fOff[a + 1]!; e++) {
      const v = fVar[e]!;
      vFac[fill[v]!] = a;
      vStride[fill[v]!++] = fStride[e]!;
    }
  return { card, vOff, vFac, vStride, fOff, fVar, fStride, tOff, logT };
}

/** Gibbs sampling of the joint distribution; marginals are sample frequencies over all chains. */
export function gibbsSampling(graph: FactorGraph, options: GibbsOptions = {}): GibbsResult {
  const burnIn = options.burnIn ?? 100;
  const samples = options.samples ?? 1000;
  const restarts = options.restarts ?? 1;
  const t0 = options.initialTemperature ?? 1;
  for (const [k, x] of [['burnIn', burnIn], ['samples', samples], ['restarts', restarts]] as const)
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`${k} must be a non-negative integer, got ${x}`);
  if (!(t0 >= 1 && Number.isFinite(t0))) throw new RangeError(`initialTemperature must be a finite number >= 1, got ${t0}`);
  const g = flatten(graph);
  const n = g.card.length;
  let maxCard = 1;
  for (let v = 0; v < n; v++) if (g.card[v]! > maxCard) maxCard = g.card[v]!;
  const rng = new Prng(options.seed ?? 1);
  const x = new Int32Array(n);
  // idx[a] = table index of factor a at the current assignment (kept up to date incrementally).
  const F = g.tOff.length - 1;
  const idx = new Int32Array(F);
  const logp = new Float64Array(maxCard);
  const counts = Array.from({ length: n }, (_, v) => new Float64Array(g.card[v]!));
  const best = new Int32Array(n);
  let bestLogWeight = -Infinity;
  const cool = burnIn > 0 ? Math.pow(1 / t0, 1 / burnIn) : 1;

  const sweep = (beta: number): void => {
    for (let v = 0; v < n; v++) {
      const c = g.card[v]!;
      const xv = x[v]!;
      let mx = -Infinity;
      for (let k = 0; k < c; k++) {
        let s = 0;
        for (let e = g.vOff[v]!; e < g.vOff[v + 1]!; e++) {
          const a = g.vFac[e]!;
          s += g.logT[g.tOff[a]! + idx[a]! + (k - xv) * g.vStride[e]!]!;
        }
        s *= beta;
        logp[k] = s;
        if (s > mx) mx = s;
      }
      let k: number;
      if (mx === -Infinity) k = rng.int(c); // every state has weight 0 here: move uniformly
      else {
        let z = 0;
        for (let j = 0; j < c; j++) z += logp[j] = Math.exp(logp[j]! - mx);
        let u = rng.next() * z;
        k = 0;
        while (k < c - 1 && (u -= logp[k]!) >= 0) k++;
      }
      if (k !== xv) {
        for (let e = g.vOff[v]!; e < g.vOff[v + 1]!; e++) idx[g.vFac[e]!]! += (k - xv) * g.vStride[e]!;
        x[v] = k;
      }
    }
  };
  const logWeight = (): number => {
    let s = 0;
    for (let a = 0; a < F; a++) s += g.logT[g.tOff[a]! + idx[a]!]!;
    return s;
  };

  for (let r = 0; r < restarts; r++) {
    for (let v = 0; v < n; v++) x[v] = rng.int(g.card[v]!);
    for (let a = 0; a < F; a++) {
      let l = 0;
      for (let e = g.fOff[a]!; e < g.fOff[a + 1]!; e++) l += x[g.fVar[e]!]! * g.fStride[e]!;
      idx[a] = l;
    }
    let T = t0;
    for (let s = 0; s < burnIn; s++) {
      sweep(1 / T);
      T *= cool;
    }
    for (let s = 0; s < samples; s++) {
      sweep(1);
      for (let v = 0; v < n; v++) counts[v]![x[v]!]!++;
      const w = logWeight();
      if (w > bestLogWeight) {
        bestLogWeight = w;
        best.set(x);
      }
    }
  }
  const total = restarts * samples;
  for (const m of counts) {
    if (total > 0) for (let k = 0; k < m.length; k++) m[k]! /= total;
    else m.fill(1 / m.length);
  }
  return { marginals: counts, best, bestLogWeight, sweeps: total };
}

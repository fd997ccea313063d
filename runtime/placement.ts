// Placement of factors and variables on PEs: balance per-PE datapath work and keep neighbours
// together. Nodes (factors and variables) are ordered by a breadth-first walk of the factor graph,
// which keeps graph neighbourhoods contiguous, and the order is cut into P runs of equal work.
import { cnuBeatsFor, fupdAllBeatsFor, fupdBeatsFor, vupdAllBeatsFor, vupdBeatsFor } from '../isa/index.js';
import { takesAllOutputs } from './descriptors.js';
import type { QuantizedGraph } from '../golden/index.js';

export interface Placement {
  pes: number;
  /** Home PE of each factor (−1 for unary factors, which are folded into priors). */
  factorPe: Int32Array;
  /**
   * Per edge: the PE that computes its F update m_{a→i}. The factor's home PE unless the factor is
   * split (splitHeavyFactors): then each PE that takes some of its edges holds its own table copy.
   */
  edgePe: Int32Array;
  /** Factors whose edge updates are spread over more than one PE. */
  splitFactors: number;
  /** PE of each variable. */
  varPe: Int32Array;
  /** Datapath beats per iteration per PE (fupd + vupd). */
  load: Float64Array;
  /** max load / mean load (1 = perfect balance). */
  imbalance: number;
  /** Factor-variable edges whose two ends are on different PEs. */
  cutEdges: number;
}

/**
 * Per-iteration beats of each factor (all its F updates) and each variable (all its V updates). A
 * structured parity factor (`structured[a]` ≥ 0) is one cnu of its degree on two-word vectors;
 * with `allOutputs` a variable of degree 2 or more is one all-outputs vupd (descriptors.ts). A
 * factor counts one fupd per edge even when it will be one all-outputs fupd: so weighted, the
 * heavy factors are split over PEs (splitHeavyFactors), one fupd per edge each, which the short
 * factor phase of a small model needs (alarm: 90.4 cycles per iteration, 96.4 when the placement
 * weighs the all-outputs fupd and splits one factor fewer). `allFactor(a)`: factor a is one
 * all-outputs fupd (the compiler's datapath bound, once the descriptors are written).
 */
export function nodeWork(q: QuantizedGraph, lanes: number, structured?: Int8Array, allOutputs = false, allFactor?: (a: number) => boolean): { factor: Float64Array; variable: Float64Array } {
  const factor = new Float64Array(q.nFactors);
  const variable = new Float64Array(q.nVars);
  for (let a = 0; a < q.nFactors; a++) {
    const k = q.fOff[a + 1] - q.fOff[a];
    if (k === 0) continue;
    const scope = q.scopes[a];
    let cards = 0;
    for (const v of scope) cards += Math.ceil(q.card[v] / lanes);
    const n = q.tabOff[a + 1] - q.tabOff[a];
    if (structured !== undefined && structured[a] >= 0) factor[a] = cnuBeatsFor(k, 2, lanes);
    else factor[a] = allFactor?.(a) ? fupdAllBeatsFor(n, k, 2 * cards, lanes) : k * fupdBeatsFor(n, cards, lanes);
  }
  for (let i = 0; i < q.nVars; i++) {
    const d = q.vOff[i + 1] - q.vOff[i];
    const inputs = d + (q.priorOff[i] >= 0 ? 1 : 0);
    variable[i] = allOutputs && takesAllOutputs(q, i) ? vupdAllBeatsFor(q.card[i], inputs, d, lanes) : d * vupdBeatsFor(q.card[i], inputs - 1, lanes);
  }
  return { factor, variable };
}

/**
 * `split`: allow splitting a heavy factor's edge updates over several PEs (splitHeavyFactors). Only
 * the flooding schedule without stopOnParity takes split placements (compile.ts), since the other
 * schedules read a factor's messages on its home PE.
 */
export function placeGraph(q: QuantizedGraph, pes: number, lanes: number, structured?: Int8Array, split = false, allOutputs = false): Placement {
  const { factor: fw, variable: vw } = nodeWork(q, lanes, structured, allOutputs);
  const nF = q.nFactors;
  const nV = q.nVars;
  // Breadth-first order over the bipartite graph; node id < nF is a factor, else a variable.
  const order = new Int32Array(nF + nV);
  const seen = new Uint8Array(nF + nV);
  let head = 0;
  let tail = 0;
  const visit = (node: number) => {
    if (!seen[node]) {
      seen[node] = 1;
      order[tail++] = node;
    }
  };
  for (let start = 0; start < nF + nV; start++) {
    if (seen[start]) continue;
    visit(start);
    while (head < tail) {
      const node = order[head++];
      if (node < nF) {
        for (let e = q.fOff[node]; e < q.fOff[node + 1]; e++) visit(nF + q.edgeVar[e]);
      } else {
        const i = node - nF;
        for (let k = q.vOff[i]; k < q.vOff[i + 1]; k++) visit(q.edgeFactor[q.vEdges[k]]);
      }
    }
  }
  let totalF = 0;
  let totalV = 0;
  for (let a = 0; a < nF; a++) totalF += fw[a];
  for (let i = 0; i < nV; i++) totalV += vw[i];
  const total = totalF + totalV;
  const factorPe = new Int32Array(nF).fill(-1);
  const varPe = new Int32Array(nV);
  const load = new Float64Array(pes);
  // Factor updates and variable updates run in separate phases between exchanges, so each phase
  // is balanced on its own: factors and variables are cut into P runs of equal work separately,
  // both along the same walk so that run k of each covers the same region. A node goes to the PE
  // whose share contains the midpoint of its work.
  let prefixF = 0;
  let prefixV = 0;
  for (let k = 0; k < order.length; k++) {
    const node = order[k];
    let pe: number;
    if (node < nF) {
      const w = fw[node];
      pe = totalF > 0 ? Math.min(pes - 1, Math.floor(((prefixF + w / 2) / totalF) * pes)) : 0;
      prefixF += w;
      if (q.fOff[node + 1] > q.fOff[node]) factorPe[node] = pe;
      load[pe] += w;
    } else {
      const w = vw[node - nF];
      pe = totalV > 0 ? Math.min(pes - 1, Math.floor(((prefixV + w / 2) / totalV) * pes)) : 0;
      prefixV += w;
      varPe[node - nF] = pe;
      load[pe] += w;
    }
  }
  const edgePe = new Int32Array(q.nEdges);
  for (let e = 0; e < q.nEdges; e++) edgePe[e] = factorPe[q.edgeFactor[e]];
  const splitFactors = split ? splitHeavyFactors(q, fw, factorPe, edgePe, load, pes, structured) : 0;
  let cut = 0;
  for (let e = 0; e < q.nEdges; e++) if (edgePe[e] !== varPe[q.edgeVar[e]]) cut++;
  let max = 0;
  for (let p = 0; p < pes; p++) max = Math.max(max, load[p]);
  const mean = total / pes;
  return { pes, factorPe, edgePe, varPe, load, imbalance: mean > 0 ? max / mean : 1, cutEdges: cut, splitFactors };
}

/**
 * Factor updates of one flooding phase run between two syncs, so the phase takes as long as its
 * busiest PE. A factor heavier than half a PE's fair share of that phase can be that PE on its own
 * (alarm: one 5-variable factor, 100 beats, on one of 16 PEs). Such factors, heaviest first, have
 * their edge updates dealt one at a time to the PE with the least factor work (ties: the home PE,
 * then the lowest index); the split is kept only if every PE it touches ends cooler than the home PE
 was (so one hot spot goes without making another as hot). Returns
 * the number of factors split; updates edgePe and load in place.
 */
function splitHeavyFactors(q: QuantizedGraph, fw: Float64Array, factorPe: Int32Array, edgePe: Int32Array, load: Float64Array, pes: number, structured?: Int8Array): number {
  if (pes < 2) return 0;
  const fLoad = new Float64Array(pes);
  let totalF = 0;
  for (let a = 0; a < q.nFactors; a++) {
    if (factorPe[a] < 0) continue;
    fLoad[factorPe[a]] += fw[a];
    totalF += fw[a];
  }
  const heavy: number[] = [];
  for (let a = 0; a < q.nFactors; a++) {
    const k = q.fOff[a + 1] - q.fOff[a];
    if (factorPe[a] >= 0 && k >= 2 && !(structured !== undefined && structured[a] >= 0) && fw[a] > totalF / pes / 2) heavy.push(a);
  }
  heavy.sort((x, y) => fw[y] - fw[x] || x - y);
  let split = 0;
  for (const a of heavy) {
    const home = factorPe[a];
    const k = q.fOff[a + 1] - q.fOff[a];
    const w = fw[a] / k;
    const trial = fLoad.slice();
    trial[home] -= fw[a];
    const pick = new Int32Array(k);
    for (let j = 0; j < k; j++) {
      let best = home;
      for (let p = 0; p < pes; p++) if (trial[p] < trial[best]) best = p;
      pick[j] = best;
      trial[best] += w;
    }
    // Keep the split only if it cools the home PE without heating any PE it touches as much.
    let hottest = trial[home];
    for (let j = 0; j < k; j++) hottest = Math.max(hottest, trial[pick[j]]);
    if (hottest >= fLoad[home]) continue;
    let spread = false;
    for (let j = 0; j < k; j++) {
      edgePe[q.fOff[a] + j] = pick[j];
      if (pick[j] !== home) spread = true;
    }
    for (let p = 0; p < pes; p++) load[p] += trial[p] - fLoad[p];
    fLoad.set(trial);
    if (spread) split++;
  }
  return split;
}

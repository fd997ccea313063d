// Scratchpad layout of the pairwise path, per PE. Local variables are grouped by degree d; a
// group of g variables holds its priors π, beliefs, incoming m (factor→variable) and outgoing n
// (variable→factor) LLRs as vectors: slot j (the variable's j-th edge in increasing factor id)
// of variable k is at base + j·g + k, so the variable phase is straight vector code. A directed
// message a→i (source variable j, the other end of a) is computed on j's PE by a pfu lane that
// gathers n_{j→a} and writes m_{a→i} either into i's slot (same PE) or into a send buffer laid out
// in the receiver's slot order, so every transfer is one contiguous send/recv. Variables inside a
// group are sorted by the PEs their slots come from, which keeps those runs long.
import { PAIRWISE_MAX_LANES, PD, type MachineConfig } from '../../isa/index.js';
import { otherEdge, pairwiseTableWords, variablePriorLlr, type QuantizedGraph } from '../../golden/index.js';
import type { PairwisePlacement } from './placement.js';
import { BumpMemory } from '../layout.js';

/**
 * Variables of one degree on one PE — or, when a PE's variables fit one vector register, all of
 * them padded to the largest degree (`slotUse[j]` < the group size: slot j of a variable with
 * fewer edges is a padding word that holds m = 0 forever, so the sum is unchanged bit for bit).
 */
export interface DegreeGroup {
  degree: number;
  vars: Int32Array;
  /** Per slot j: how many of the group's variables have an edge there (the rest are padding). */
  slotUse: Int32Array;
  prior: number;
  belief: number;
  m: number;
  n: number;
}

/** One pfu: its descriptor address and lane count. */
export interface PfuCall {
  desc: number;
  lanes: number;
}

/** One contiguous transfer of m values: sender buffer address → receiver slot address. */
export interface Transfer {
  src: number;
  dst: number;
  from: number;
  to: number;
  len: number;
}

export interface PairwiseLayout {
  mem: BumpMemory[];
  groups: DegreeGroup[][];
  /** Per PE: pfus that fill its send buffer (run first), and pfus of local messages. */
  remotePfus: PfuCall[][];
  localPfus: PfuCall[][];
  /** All transfers, in send order (by source PE, destination PE, receiver address). */
  transfers: Transfer[];
  /** Per edge e = (a, i): where m_{a→i} and n_{i→a} live (on i's PE). */
  mAddr: Int32Array;
  nAddr: Int32Array;
  beliefAddr: Int32Array;
}

export function layoutPairwise(q: QuantizedGraph, cfg: MachineConfig, place: PairwisePlacement, lambda: number): PairwiseLayout {
  const P = cfg.pes;
  const vp = place.varPe;
  const mem = Array.from({ length: P }, () => new BumpMemory());
  const groups: DegreeGroup[][] = Array.from({ length: P }, () => []);
  const mAddr = new Int32Array(q.nEdges);
  const nAddr = new Int32Array(q.nEdges);
  const beliefAddr = new Int32Array(q.nVars);
  const srcPe = (e: number) => vp[q.edgeVar[otherEdge(q, e)]];

  // ---- degree groups and their vectors
  const byPe: number[][][] = Array.from({ length: P }, () => []);
  const degreeOf = (i: number) => q.vOff[i + 1] - q.vOff[i];
  for (let i = 0; i < q.nVars; i++) {
    const g = byPe[vp[i]];
    (g[degreeOf(i)] ??= []).push(i);
  }
  for (let p = 0; p < P; p++) {
    // A PE whose variables with edges fit one vector register takes them as one group padded to
    // the largest degree: one chain of D vadds instead of one per degree (small models are bound
    // by that chain, not by lanes).
    const withEdges = byPe[p].reduce((n, list, d) => n + (d > 0 && list ? list.length : 0), 0);
    const kinds = byPe[p].reduce((n, list, d) => n + (d > 0 && list && list.length > 0 ? 1 : 0), 0);
    if (kinds > 1 && withEdges <= cfg.vregLanes) {
      const merged: number[] = [];
      byPe[p].forEach((list, d) => {
        if (d > 0 && list) merged.push(...list);
      });
      const top = byPe[p].length - 1;
      byPe[p] = [byPe[p][0] ?? []];
      byPe[p][top] = merged;
    }
  }
  for (let p = 0; p < P; p++) {
    const m = mem[p];
    byPe[p].forEach((list, d) => {
      if (!list || list.length === 0) return;
      // Sort by the source PE of each slot (local = P, padding P + 1: last), then id: long receive and local runs.
      const key = (i: number, j: number) => {
        if (j >= degreeOf(i)) return P + 1;
        const s = srcPe(q.vEdges[q.vOff[i] + j]);
        return s === p ? P : s;
      };
      list.sort((x, y) => {
        for (let j = 0; j < d; j++) {
          const c = key(x, j) - key(y, j);
          if (c !== 0) return c;
        }
        return x - y;
      });
      const g = list.length;
      const slotUse = new Int32Array(d);
      for (const i of list) for (let j = 0; j < degreeOf(i); j++) slotUse[j]++;
      const grp: DegreeGroup = { degree: d, vars: Int32Array.from(list), slotUse, prior: m.alloc(g), belief: m.alloc(g), m: m.alloc(d * g), n: m.alloc(d * g) };
      list.forEach((i, k) => {
        m.words[grp.prior + k] = variablePriorLlr(q, i);
        beliefAddr[i] = grp.belief + k;
        for (let j = 0; j < degreeOf(i); j++) {
          const e = q.vEdges[q.vOff[i] + j];
          mAddr[e] = grp.m + j * g + k;
          nAddr[e] = grp.n + j * g + k;
        }
      });
      groups[p].push(grp);
    });
  }

  // ---- pfu lanes: directed message toward edge e is computed on its source variable's PE.
  const local: number[][] = Array.from({ length: P }, () => []);
  const remote: number[][] = Array.from({ length: P }, () => []);
  for (let e = 0; e < q.nEdges; e++) {
    const s = srcPe(e);
    (s === vp[q.edgeVar[e]] ? local : remote)[s].push(e);
  }
  const remotePfus: PfuCall[][] = Array.from({ length: P }, () => []);
  const localPfus: PfuCall[][] = Array.from({ length: P }, () => []);
  const transfers: Transfer[] = [];
  /** One pfu over edges (in lane order) writing outputs at out … out + len − 1. */
  const pfu = (p: number, edges: number[], out: number, into: PfuCall[]) => {
    const m = mem[p];
    for (let k0 = 0; k0 < edges.length; k0 += PAIRWISE_MAX_LANES) {
      const len = Math.min(PAIRWISE_MAX_LANES, edges.length - k0);
      const desc = m.alloc(PD.words);
      const src = m.alloc(len);
      const tab = m.alloc(PD.perLane * len);
      for (let k = 0; k < len; k++) {
        const e = edges[k0 + k];
        m.words[src + k] = nAddr[otherEdge(q, e)];
        pairwiseTableWords(q, e, m.words, tab + PD.perLane * k);
      }
      m.words[desc + PD.count] = len;
      m.words[desc + PD.src] = src;
      m.words[desc + PD.table] = tab;
      m.words[desc + PD.out] = out + k0;
      m.words[desc + PD.lambda] = lambda;
      into.push({ desc, lanes: len });
    }
  };
  for (let p = 0; p < P; p++) {
    // Remote: one send buffer in (receiver PE, receiver address) order; runs of consecutive
    // receiver addresses are one transfer each.
    const r = remote[p].sort((x, y) => vp[q.edgeVar[x]] - vp[q.edgeVar[y]] || mAddr[x] - mAddr[y]);
    if (r.length > 0) {
      const buf = mem[p].alloc(r.length);
      let k = 0;
      while (k < r.length) {
        const dst = vp[q.edgeVar[r[k]]];
        let j = k + 1;
        while (j < r.length && vp[q.edgeVar[r[j]]] === dst && mAddr[r[j]] === mAddr[r[k]] + (j - k) && j - k < 4096) j++;
        transfers.push({ src: p, dst, from: buf + k, to: mAddr[r[k]], len: j - k });
        k = j;
      }
      pfu(p, r, buf, remotePfus[p]);
    }
    // Local: runs of consecutive slot addresses.
    const l = local[p].sort((x, y) => mAddr[x] - mAddr[y]);
    let k = 0;
    while (k < l.length) {
      let j = k + 1;
      while (j < l.length && mAddr[l[j]] === mAddr[l[k]] + (j - k)) j++;
      pfu(p, l.slice(k, j), mAddr[l[k]], localPfus[p]);
      k = j;
    }
  }
  return { mem, groups, remotePfus, localPfus, transfers, mAddr, nAddr, beliefAddr };
}

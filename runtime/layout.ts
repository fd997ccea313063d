// Compiler phase 2: the memory map. Every table, prior, message (and its copy on the other PE of a
// cut edge) and belief gets a scratchpad address; descriptors and gate snapshots follow in later
// phases on the same bump allocators. Allocation order fixes the addresses, so it must not change.
// A structured parity factor (parity-lowering.ts) gets no table and no m here: allocParity gives
// it O(d) words (its cnu block, which holds its m, its LLR mirror and its check descriptor).
import { scratchpadWords, type MachineConfig } from '../isa/index.js';
import type { QuantizedGraph } from '../golden/index.js';
import { STATUS_WORDS, fitAdvice } from './fit.js';
import { CompileError } from './errors.js';
import type { Placement } from './placement.js';

/** A scratchpad image under construction: bump allocation from the status words up, growing by doubling. */
export class BumpMemory {
  used = STATUS_WORDS;
  words = new Int32Array(1024);
  alloc(n: number): number {
    const at = this.used;
    this.used += n;
    if (this.used > this.words.length) {
      const grown = new Int32Array(Math.max(this.used, this.words.length * 2));
      grown.set(this.words);
      this.words = grown;
    }
    return at;
  }
}

/** A PE's scratchpad image for the dense compiler (knows its PE and its limit). */
export class PeMemory extends BumpMemory {
  constructor(
    readonly pe: number,
    readonly limit: number,
  ) {
    super();
  }
  set(addr: number, values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.words[addr + i] = values[i];
  }
}

export interface Layout {
  mem: PeMemory[];
  /** Per factor: its table's address on its PE (−1: unary). */
  tabAddr: Int32Array;
  /** Per variable: its prior's address on its PE (−1: none). */
  priorAddr: Int32Array;
  /** Per edge: m_{a→i} on the factor's PE, n_{i→a} on the variable's PE. */
  mAddr: Int32Array;
  nAddr: Int32Array;
  /** Per edge: the copy of m on the variable's PE / of n on the factor's home PE (−1: same PE or not needed). */
  mCopy: Int32Array;
  nCopy: Int32Array;
  /** Per edge: every PE that holds a copy of n (the home copy first, then a split factor's others). */
  nDests: (e: number) => readonly number[];
  /** Address of n_e as PE p reads it (p: the variable's PE or one of nDests(e)). */
  nSeenOn: (e: number, p: number) => number;
  /** Address of factor a's table copy on PE p (a split factor has one on each PE of its edges). */
  tabOn: (a: number, p: number) => number;
  /** Per variable: its belief energies on its PE. */
  beliefAddr: Int32Array;
  /** PE of edge e's F update (placement.edgePe) / of its variable. */
  edgeA: (e: number) => number;
  edgeV: (e: number) => number;
  /** Cardinality of edge e's variable. */
  card: (e: number) => number;
  /** Address of m_e as the variable's PE reads it, and of n_e as the factor's PE reads it. */
  mSeenByVar: (e: number) => number;
  nSeenByFactor: (e: number) => number;
}

/**
 * `structured[a]` ≥ 0 (golden's structuredParityFactors): factor a takes the cnu path, so neither
 * its 2^d table nor its m messages are allocated here (its mAddr stay −1 until allocParity).
 */
export function layoutMemory(q: QuantizedGraph, cfg: MachineConfig, place: Placement, structured?: Int8Array): Layout {
  const isStructured = (a: number) => structured !== undefined && structured[a] >= 0;
  const P = cfg.pes;
  const fPe = place.factorPe;
  const vPe = place.varPe;
  const mem = Array.from({ length: P }, (_, p) => new PeMemory(p, scratchpadWords(cfg)));
  const E = q.nEdges;
  const ePe = place.edgePe;
  // A split factor (its edges on several PEs): the PEs other than home that compute some of its edges.
  const splitPes = (a: number): number[] => {
    const ps: number[] = [];
    for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) if (ePe[e] !== fPe[a] && !ps.includes(ePe[e])) ps.push(ePe[e]);
    return ps.sort((x, y) => x - y);
  };
  const isSplit = new Uint8Array(q.nFactors);
  for (let e = 0; e < E; e++) if (ePe[e] !== fPe[q.edgeFactor[e]]) isSplit[q.edgeFactor[e]] = 1;
  const tabAddr = new Int32Array(q.nFactors).fill(-1);
  const tabExtra = new Map<number, number>();
  for (let a = 0; a < q.nFactors; a++) {
    const p = fPe[a];
    if (p < 0 || isStructured(a)) continue;
    const n = q.tabOff[a + 1] - q.tabOff[a];
    const table = q.tables.subarray(q.tabOff[a], q.tabOff[a + 1]);
    tabAddr[a] = mem[p].alloc(n);
    mem[p].set(tabAddr[a], table);
    if (!isSplit[a]) continue;
    for (const x of splitPes(a)) {
      const at = mem[x].alloc(n);
      mem[x].set(at, table);
      tabExtra.set(a * P + x, at);
    }
  }
  const priorAddr = new Int32Array(q.nVars).fill(-1);
  for (let i = 0; i < q.nVars; i++) {
    if (q.priorOff[i] < 0) continue;
    priorAddr[i] = mem[vPe[i]].alloc(q.card[i]);
    mem[vPe[i]].set(priorAddr[i], q.priors.subarray(q.priorOff[i], q.priorOff[i] + q.card[i]));
  }
  // Messages: outputs grouped by destination PE, receive buffers grouped by source PE, both in
  // edge order, so a whole block between two PEs moves with one send.
  const edgeA = (e: number) => ePe[e];
  const edgeV = (e: number) => vPe[q.edgeVar[e]];
  const mAddr = new Int32Array(E).fill(-1);
  const nAddr = new Int32Array(E);
  const mCopy = new Int32Array(E).fill(-1);
  const nCopy = new Int32Array(E).fill(-1);
  const byPair = (src: (e: number) => number, dst: (e: number) => number) => {
    const pairs = new Map<number, number[]>();
    for (let e = 0; e < E; e++) {
      const key = src(e) * P + dst(e);
      let list = pairs.get(key);
      if (!list) pairs.set(key, (list = []));
      list.push(e);
    }
    return [...pairs.entries()].sort((x, y) => x[0] - y[0]);
  };
  const card = (e: number) => q.card[q.edgeVar[e]];
  for (const [key, edges] of byPair(edgeA, edgeV)) {
    const src = Math.floor(key / P);
    const dst = key % P;
    for (const e of edges) if (!isStructured(q.edgeFactor[e])) mAddr[e] = mem[src].alloc(card(e));
    if (src !== dst) for (const e of edges) mCopy[e] = mem[dst].alloc(card(e));
  }
  // PE p reads n_e iff it computes another edge of e's factor (an unsplit factor: its home PE).
  const needsN = (e: number, p: number): boolean => {
    const a = q.edgeFactor[e];
    if (!isSplit[a]) return p === fPe[a];
    for (let j = q.fOff[a]; j < q.fOff[a + 1]; j++) if (j !== e && ePe[j] === p) return true;
    return false;
  };
  const homeA = (e: number) => fPe[q.edgeFactor[e]];
  for (const [key, edges] of byPair(edgeV, homeA)) {
    const src = Math.floor(key / P);
    const dst = key % P;
    for (const e of edges) nAddr[e] = mem[src].alloc(card(e));
    if (src !== dst) for (const e of edges) if (needsN(e, dst)) nCopy[e] = mem[dst].alloc(card(e));
  }
  // A split factor's other PEs get their own n copies, after every unsplit allocation.
  const nExtra = new Map<number, number>();
  const extraPairs = new Map<number, number[]>();
  for (let e = 0; e < E; e++) {
    const a = q.edgeFactor[e];
    if (!isSplit[a]) continue;
    for (const x of splitPes(a)) {
      if (x === edgeV(e) || !needsN(e, x)) continue;
      const key = edgeV(e) * P + x;
      let list = extraPairs.get(key);
      if (!list) extraPairs.set(key, (list = []));
      list.push(e);
    }
  }
  for (const [key, edges] of [...extraPairs.entries()].sort((x, y) => x[0] - y[0])) {
    const dst = key % P;
    for (const e of edges) nExtra.set(e * P + dst, mem[dst].alloc(card(e)));
  }
  // Destinations of n per edge: one shared list per PE for the common case, built lists for split factors.
  const onePe = Array.from({ length: P }, (_, p) => [p] as const);
  const none: readonly number[] = [];
  const splitDests = new Map<number, number[]>();
  for (const k of [...nExtra.keys()].sort((x, y) => x - y)) {
    const e = Math.floor(k / P);
    let list = splitDests.get(e);
    if (!list) splitDests.set(e, (list = nCopy[e] >= 0 ? [homeA(e)] : []));
    list.push(k % P);
  }
  const nDestsOf = (e: number): readonly number[] => splitDests.get(e) ?? (nCopy[e] >= 0 ? onePe[homeA(e)] : none);
  const beliefAddr = new Int32Array(q.nVars);
  for (let i = 0; i < q.nVars; i++) beliefAddr[i] = mem[vPe[i]].alloc(q.card[i]);
  return {
    mem,
    tabAddr,
    priorAddr,
    mAddr,
    nAddr,
    mCopy,
    nCopy,
    nDests: nDestsOf,
    nSeenOn: (e, p) => {
      if (p === edgeV(e)) return nAddr[e];
      if (p === homeA(e) && nCopy[e] >= 0) return nCopy[e];
      const at = nExtra.get(e * P + p);
      if (at === undefined) throw new Error(`runtime: PE ${p} holds no copy of n on edge ${e}`);
      return at;
    },
    tabOn: (a, p) => {
      if (p === fPe[a]) return tabAddr[a];
      const at = tabExtra.get(a * P + p);
      if (at === undefined) throw new Error(`runtime: PE ${p} holds no copy of factor ${a}'s table`);
      return at;
    },
    beliefAddr,
    edgeA,
    edgeV,
    card,
    mSeenByVar: (e) => (mCopy[e] >= 0 ? mCopy[e] : mAddr[e]),
    nSeenByFactor: (e) => (nCopy[e] >= 0 ? nCopy[e] : nAddr[e]),
  };
}

/** gated-flooding: per edge, a snapshot of n as the factor last used it (initially MAX). */
export function allocSnapshots(q: QuantizedGraph, layout: Layout, gated: boolean): Int32Array {
  const snapAddr = new Int32Array(gated ? q.nEdges : 0);
  for (let e = 0; e < snapAddr.length; e++) {
    const m = layout.mem[layout.edgeA(e)];
    snapAddr[e] = m.alloc(layout.card(e));
    m.words.fill(q.format.max, snapAddr[e], snapAddr[e] + layout.card(e));
  }
  return snapAddr;
}

/** Where everything lives, for reading results back out of simulated memory. */
export interface MemoryMap {
  /** Per edge: PE and address of m_{a→i} as computed (on the factor's PE). */
  mPe: Int32Array;
  mAddr: Int32Array;
  /** Per edge: PE and address of n_{i→a} as computed (on the variable's PE). */
  nPe: Int32Array;
  nAddr: Int32Array;
  /** Per variable: address of its belief energies (on its PE). */
  beliefAddr: Int32Array;
  /** Per variable: address of its prior (on its PE), or −1 (lets a frame's evidence be patched in). */
  priorAddr: Int32Array;
  /** PE 0 status words: iterations run, last iteration change. */
  statusIterations: number;
  statusChange: number;
}

/** The read-back view of a layout; `status` gives PE 0's status word addresses. */
export function memoryMap(q: QuantizedGraph, L: Layout, status: { iterations: number; change: number }): MemoryMap {
  return {
    mPe: Int32Array.from({ length: q.nEdges }, (_, e) => L.edgeA(e)),
    mAddr: L.mAddr,
    nPe: Int32Array.from({ length: q.nEdges }, (_, e) => L.edgeV(e)),
    nAddr: L.nAddr,
    beliefAddr: L.beliefAddr,
    priorAddr: L.priorAddr,
    statusIterations: status.iterations,
    statusChange: status.change,
  };
}

/** Refuse a layout that overflows a scratchpad, naming the ways out that exist. */
export function checkScratchpads(L: Layout, cfg: MachineConfig): void {
  for (const m of L.mem) {
    if (m.used > m.limit) {
      let total = 0;
      for (const x of L.mem) total += x.used - STATUS_WORDS;
      throw new CompileError(`the model needs ${m.used} scratchpad words on PE ${m.pe} but the machine has ${m.limit}: ${fitAdvice(total, cfg)}`);
    }
  }
}

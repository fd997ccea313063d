// Messages crossing PEs: which copies are stale, and the send/recv pairs that refresh them.
// Copies of one kind between one pair of PEs that lie contiguously on both sides move as one
// send (up to the ISA's message length limit); receives follow in the order of the sends. Their
// operands (partner PE, address) come from operands.ts: held across the loop or reused in r6/r7.
import { instructionByMnemonic } from '../../isa/index.js';
import type { QuantizedGraph } from '../../golden/index.js';
import type { Layout } from '../layout.js';
import { MEM_OFFSET_MAX, type ProgramBuilder } from './builder.js';
import { PeOperands, freeOperandRegisters, type OperandRegisterUse } from './operands.js';

/** The longest message one send moves (from the ISA table's `send`). */
function sendLenMax(): number {
  const op = instructionByMnemonic('send')?.operands.find((o) => o.name === 'len');
  if (!op || op.kind !== 'imm') throw new Error('runtime: the ISA table has no send with a len operand');
  return op.max;
}

const MAX_MSG = sendLenMax();

/** A send of one synced phase, planned before its updates are emitted (beginPhase). */
interface PlannedRun {
  kind: 'm' | 'n';
  src: number;
  dst: number;
  from: number;
  to: number;
  len: number;
  /** Copies of the run whose update is not emitted yet. */
  unwritten: number;
  sent: boolean;
  edges: number[];
}

export class MessageExchange {
  /** Send/recv pairs emitted (per iteration, since the loop body is emitted once). */
  transfers = 0;
  /** Per PE: cycles its sends of one iteration occupy it injecting flits (⌈len/L⌉ each). */
  readonly inject: Float64Array;
  /** Per edge: the copy of m on the variable's PE / the copies of n on the factor side are out of date. */
  private readonly mStale: Uint8Array;
  private readonly nStale: Uint8Array;
  /** Per destination PE: receives owed for sends emitted so far, as (source, address, length). */
  private readonly pendingRecv: [number, number, number][][];
  /** Per destination PE: the absolute position of pendingRecv[p][0], and per edge whose n copy is pending there, its recv's position. */
  private readonly recvBase: number[];
  private readonly nCopyRecv: Map<number, number>[];
  /** Per edge: some PE has owed a recv of its n copy (a filter before nCopyRecv). */
  private readonly nOwed: Uint8Array;
  /** Per PE: where its send/recv operands live. */
  private readonly operands: PeOperands[];
  /** The synced phase under way (beginPhase): its runs, per edge the runs its copy is in, and per PE the runs to send after its next update. */
  private phase: { runs: PlannedRun[]; runsOf: Map<number, number[]>; sends: Uint8Array; ready: number[][] } | undefined;

  /**
   * `lazy`: the schedule moves copies one edge at a time right before their use (sequential);
   * otherwise only `sync` moves them, a phase at a time.
   */
  constructor(
    private readonly q: QuantizedGraph,
    private readonly layout: Layout,
    private readonly out: ProgramBuilder,
    use: OperandRegisterUse,
    lazy: boolean,
    constants: ReadonlyMap<number, number>,
  ) {
    const P = out.cfg.pes;
    this.inject = new Float64Array(P);
    this.mStale = new Uint8Array(q.nEdges);
    this.nStale = new Uint8Array(q.nEdges);
    this.pendingRecv = Array.from({ length: P }, () => []);
    this.recvBase = new Array<number>(P).fill(0);
    this.nCopyRecv = Array.from({ length: P }, () => new Map());
    this.nOwed = new Uint8Array(q.nEdges);
    const uses = this.planOperandUses(lazy);
    this.operands = uses.map((u, p) => new PeOperands(u, freeOperandRegisters(use, layout.mem[p].used <= MEM_OFFSET_MAX + 1), !lazy, constants));
  }

  /** Before the loop on PE p: load the operands held for the whole run. */
  loadHeld(p: number): void {
    this.operands[p].loadHeld(this.out.code[p]);
  }

  /** At a label of PE p: r6/r7 may hold anything. */
  forget(p: number): void {
    this.operands[p].forget();
  }

  /**
   * Per PE: the operand values of one iteration's transfers, in first-use order, with their use
   * counts. Exact for the phase-synced schedules (the n copies after the variable phase, then the
   * m copies, as `sync` will group them); per edge for the lazy one.
   */
  private planOperandUses(lazy: boolean): Map<number, number>[] {
    const L = this.layout;
    const E = this.q.nEdges;
    const uses = Array.from({ length: this.out.cfg.pes }, () => new Map<number, number>());
    const count = (p: number, v: number) => uses[p].set(v, (uses[p].get(v) ?? 0) + 1);
    const note = (src: number, dst: number, from: number, to: number) => {
      count(src, dst);
      count(src, from);
      count(dst, src);
      count(dst, to);
    };
    const mCut = Uint8Array.from({ length: E }, (_, e) => (L.mCopy[e] >= 0 ? 1 : 0));
    const nCut = Uint8Array.from({ length: E }, (_, e) => (L.nDests(e).length > 0 ? 1 : 0));
    if (lazy) {
      for (let e = 0; e < E; e++) {
        if (nCut[e]) for (const dst of L.nDests(e)) note(L.edgeV(e), dst, L.nAddr[e], L.nSeenOn(e, dst));
        if (mCut[e]) note(L.edgeA(e), L.edgeV(e), L.mAddr[e], L.mCopy[e]);
      }
      return uses;
    }
    const none = new Uint8Array(E);
    for (const [m, n] of [[none, nCut], [mCut, none]]) {
      this.eachGroup(m, n, (src, dst, edges, from, to) => this.eachRun(edges, from, to, (f, t) => note(src, dst, f, t)));
    }
    return uses;
  }

  /**
   * A synced phase begins whose updates write m (kind 'm') or n copies of `edges`: plan the runs
   * `sync` would send, so each is sent on its PE right after the update that follows its last write.
   */
  beginPhase(kind: 'm' | 'n', edges: readonly number[]): void {
    const E = this.q.nEdges;
    const m = new Uint8Array(E);
    const n = new Uint8Array(E);
    for (const e of edges) {
      if (kind === 'm' && this.layout.mCopy[e] >= 0) m[e] = 1;
      if (kind === 'n' && this.layout.nDests(e).length > 0) n[e] = 1;
    }
    const phase = { runs: [] as PlannedRun[], runsOf: new Map<number, number[]>(), sends: kind === 'm' ? m : n, ready: Array.from({ length: this.out.cfg.pes }, () => [] as number[]) };
    this.eachGroup(m, n, (src, dst, group, from, to) =>
      this.eachRun(group, from, to, (f, t, len, runEdges) => {
        const r = phase.runs.length;
        phase.runs.push({ kind, src, dst, from: f, to: t, len, unwritten: runEdges.length, sent: false, edges: runEdges });
        for (const e of runEdges) {
          const list = phase.runsOf.get(e);
          if (list) list.push(r);
          else phase.runsOf.set(e, [r]);
        }
      }),
    );
    this.phase = phase;
  }

  /** Whether the phase under way sends e's copy to another PE. */
  sendsInPhase(e: number): boolean {
    return this.phase !== undefined && this.phase.sends[e] === 1;
  }

  /**
   * After an update on PE p: send the runs that earlier updates completed. Their last write is
   * then one update back, done or nearly so, while this one streams on the factor unit: a send
   * waits only for writes that overlap its words (ISA.md, "Timing model").
   */
  sendReady(p: number): void {
    const ready = this.phase?.ready[p];
    if (!ready || ready.length === 0) return;
    for (const r of ready) this.sendRun(r);
    ready.length = 0;
  }

  private sendRun(r: number): void {
    const run = this.phase!.runs[r];
    run.sent = true;
    this.send(run.kind, run.src, run.dst, run.from, run.to, run.len, run.edges);
  }

  /** e's message was just written: the runs it completes go after the PE's next update. */
  private wrote(e: number): void {
    const phase = this.phase;
    if (phase === undefined || phase.sends[e] === 0) return;
    for (const r of phase.runsOf.get(e) ?? []) {
      const run = phase.runs[r];
      if (--run.unwritten === 0) phase.ready[run.src].push(r);
    }
  }

  /** m_e was just computed; its copy (if the edge is cut) is stale. */
  wroteM(e: number): void {
    if (this.layout.mCopy[e] >= 0) this.mStale[e] = 1;
    this.wrote(e);
  }

  /** n_e was just computed; its copy (if the edge is cut) is stale. */
  wroteN(e: number): void {
    if (this.layout.nDests(e).length > 0) this.nStale[e] = 1;
    this.wrote(e);
  }

  /** Before the variable's PE reads m_e: bring its copy up to date now. */
  needM(e: number): void {
    if (!this.mStale[e]) return;
    const L = this.layout;
    this.transfer('m', L.edgeA(e), L.edgeV(e), [e], (x) => L.mAddr[x], (x) => L.mCopy[x]);
    this.flushRecvs(L.edgeV(e));
    this.mStale[e] = 0;
  }

  /** Before a factor-side PE reads n_e: bring every copy of it up to date now. */
  needN(e: number): void {
    if (!this.nStale[e]) return;
    const L = this.layout;
    for (const dst of L.nDests(e)) {
      this.transfer('n', L.edgeV(e), dst, [e], (x) => L.nAddr[x], (x) => L.nSeenOn(x, dst));
      this.flushRecvs(dst);
    }
    this.nStale[e] = 0;
  }

  /**
   * Bring every stale copy up to date: all sends first (per PE, per destination), then all recvs —
   * or, with `deferReceives`, the recvs wait on their PE until `receiveFor` asks for their words.
   */
  sync(deferReceives = false): void {
    if (this.phase) {
      // The phase's runs not sent yet go now, in plan order (a copy whose update the phase did not
      // emit after all is sent unchanged, which is harmless); stale copies outside the plan below.
      this.phase.runs.forEach((run, r) => {
        if (!run.sent) this.sendRun(r);
        for (const e of run.edges) {
          this.mStale[e] = 0;
          this.nStale[e] = 0;
        }
      });
      this.phase = undefined;
    }
    this.eachGroup(this.mStale, this.nStale, (src, dst, edges, from, to, kind) => this.transfer(kind, src, dst, edges, from, to));
    if (!deferReceives) for (let p = 0; p < this.out.cfg.pes; p++) this.flushRecvs(p);
    this.mStale.fill(0);
    this.nStale.fill(0);
  }

  /** The stale copies (flags per edge) grouped by (source PE, destination PE) and kind, in that order. */
  private eachGroup(mStale: Uint8Array, nStale: Uint8Array, fn: (src: number, dst: number, edges: number[], from: (e: number) => number, to: (e: number) => number, kind: 'm' | 'n') => void): void {
    const P = this.out.cfg.pes;
    const L = this.layout;
    const groups = new Map<number, { m: number[]; n: number[] }>();
    const group = (src: number, dst: number) => {
      const key = src * P + dst;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { m: [], n: [] }));
      return g;
    };
    for (let e = 0; e < this.q.nEdges; e++) {
      if (mStale[e]) group(L.edgeA(e), L.edgeV(e)).m.push(e);
      if (nStale[e]) for (const dst of L.nDests(e)) group(L.edgeV(e), dst).n.push(e);
    }
    for (const [key, g] of [...groups.entries()].sort((x, y) => x[0] - y[0])) {
      const src = Math.floor(key / P);
      const dst = key % P;
      if (g.m.length) fn(src, dst, g.m, (x) => L.mAddr[x], (x) => L.mCopy[x], 'm');
      if (g.n.length) fn(src, dst, g.n, (x) => L.nAddr[x], (x) => L.nSeenOn(x, dst), 'n');
    }
  }

  /** Contiguous runs (on both sides, up to the longest send) of an edge list's copies. */
  private eachRun(edges: number[], from: (e: number) => number, to: (e: number) => number, fn: (from: number, to: number, len: number, runEdges: number[]) => void): void {
    const card = this.layout.card;
    edges.sort((x, y) => from(x) - from(y));
    let k = 0;
    while (k < edges.length) {
      let len = card(edges[k]);
      let j = k + 1;
      while (j < edges.length && from(edges[j]) === from(edges[k]) + len && to(edges[j]) === to(edges[k]) + len && len + card(edges[j]) <= MAX_MSG) {
        len += card(edges[j]);
        j++;
      }
      fn(from(edges[k]), to(edges[k]), len, edges.slice(k, j));
      k = j;
    }
  }

  /** Move copies (edge list) of one kind from src to dst: contiguous runs become one send/recv. */
  private transfer(kind: 'm' | 'n', src: number, dst: number, edges: number[], from: (e: number) => number, to: (e: number) => number): void {
    this.eachRun(edges, from, to, (f, t, len, runEdges) => this.send(kind, src, dst, f, t, len, runEdges));
  }

  /** One send of `len` words from src's `from` to dst's `to`; dst owes the matching recv. */
  private send(kind: 'm' | 'n', src: number, dst: number, from: number, to: number, len: number, edges: readonly number[]): void {
    const c = this.out.code[src];
    const [rpe, raddr] = this.operands[src].pair(c, dst, from);
    c.emit('send', rpe, raddr, len);
    this.inject[src] += Math.ceil(len / this.out.cfg.lanes);
    const pending = this.pendingRecv[dst];
    if (kind === 'n') {
      for (const e of edges) {
        this.nCopyRecv[dst].set(e, this.recvBase[dst] + pending.length);
        this.nOwed[e] = 1;
      }
    }
    pending.push([src, to, len]);
    this.transfers++;
  }

  /**
   * Before PE p reads the n copies of edges [first, end) but `except` (an fupd's inputs): emit its
   * deferred recvs up to the last one that carries any of them (in order: a PE's receives from one
   * source arrive in order).
   */
  receiveFor(p: number, first: number, end: number, except: number): void {
    let last = -1;
    for (let e = first; e < end; e++) {
      if (this.nOwed[e] === 0) continue;
      const at = e === except ? undefined : this.nCopyRecv[p].get(e);
      if (at !== undefined && at > last) last = at;
    }
    if (last >= this.recvBase[p]) this.emitRecvs(p, last + 1 - this.recvBase[p]);
  }

  private flushRecvs(dst: number): void {
    this.emitRecvs(dst, this.pendingRecv[dst].length);
  }

  /** The first `count` recvs PE p owes. */
  private emitRecvs(p: number, count: number): void {
    const c = this.out.code[p];
    for (const [src, addr, len] of this.pendingRecv[p].splice(0, count)) {
      const [rpe, raddr] = this.operands[p].pair(c, src, addr);
      c.emit('recv', rpe, raddr, len);
    }
    this.recvBase[p] += count;
    if (this.pendingRecv[p].length === 0) this.nCopyRecv[p].clear();
  }

}

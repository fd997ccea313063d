// Messages crossing PEs: which copies are stale, and the send/recv pairs that refresh them.
// Copies of one kind between one pair of PEs that lie contiguously on both sides move as one
// send (up to the ISA's message length limit); receives follow in the order of the sends.
import { instructionByMnemonic } from '../../isa/index.js';
import type { QuantizedGraph } from '../../golden/index.js';
import type { Layout } from '../layout.js';
import { REG } from '../registers.js';
import type { ProgramBuilder } from './builder.js';

/** The longest message one send moves (from the ISA table's `send`). */
function sendLenMax(): number {
  const op = instructionByMnemonic('send')?.operands.find((o) => o.name === 'len');
  if (!op || op.kind !== 'imm') throw new Error('runtime: the ISA table has no send with a len operand');
  return op.max;
}

const MAX_MSG = sendLenMax();

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

  constructor(
    private readonly q: QuantizedGraph,
    private readonly layout: Layout,
    private readonly out: ProgramBuilder,
  ) {
    const P = out.cfg.pes;
    this.inject = new Float64Array(P);
    this.mStale = new Uint8Array(q.nEdges);
    this.nStale = new Uint8Array(q.nEdges);
    this.pendingRecv = Array.from({ length: P }, () => []);
  }

  /** m_e was just computed; its copy (if the edge is cut) is stale. */
  wroteM(e: number): void {
    if (this.layout.mCopy[e] >= 0) this.mStale[e] = 1;
  }

  /** n_e was just computed; its copy (if the edge is cut) is stale. */
  wroteN(e: number): void {
    if (this.layout.nDests(e).length > 0) this.nStale[e] = 1;
  }

  /** Before the variable's PE reads m_e: bring its copy up to date now. */
  needM(e: number): void {
    if (!this.mStale[e]) return;
    const L = this.layout;
    this.transfer(L.edgeA(e), L.edgeV(e), [e], (x) => L.mAddr[x], (x) => L.mCopy[x]);
    this.flushRecvs(L.edgeV(e));
    this.mStale[e] = 0;
  }

  /** Before a factor-side PE reads n_e: bring every copy of it up to date now. */
  needN(e: number): void {
    if (!this.nStale[e]) return;
    const L = this.layout;
    for (const dst of L.nDests(e)) {
      this.transfer(L.edgeV(e), dst, [e], (x) => L.nAddr[x], (x) => L.nSeenOn(x, dst));
      this.flushRecvs(dst);
    }
    this.nStale[e] = 0;
  }

  /** Bring every stale copy up to date: all sends first (per PE, per destination), then all recvs. */
  sync(): void {
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
      if (this.mStale[e]) group(L.edgeA(e), L.edgeV(e)).m.push(e);
      if (this.nStale[e]) for (const dst of L.nDests(e)) group(L.edgeV(e), dst).n.push(e);
    }
    for (const [key, g] of [...groups.entries()].sort((x, y) => x[0] - y[0])) {
      const src = Math.floor(key / P);
      const dst = key % P;
      if (g.m.length) this.transfer(src, dst, g.m, (x) => L.mAddr[x], (x) => L.mCopy[x]);
      if (g.n.length) this.transfer(src, dst, g.n, (x) => L.nAddr[x], (x) => L.nSeenOn(x, dst));
    }
    for (let p = 0; p < P; p++) this.flushRecvs(p);
    this.mStale.fill(0);
    this.nStale.fill(0);
  }

  /** Move copies (edge list) of one kind from src to dst: contiguous runs become one send/recv. */
  private transfer(src: number, dst: number, edges: number[], from: (e: number) => number, to: (e: number) => number): void {
    const card = this.layout.card;
    const c = this.out.code[src];
    edges.sort((x, y) => from(x) - from(y));
    let k = 0;
    while (k < edges.length) {
      let len = card(edges[k]);
      let j = k + 1;
      while (j < edges.length && from(edges[j]) === from(edges[k]) + len && to(edges[j]) === to(edges[k]) + len && len + card(edges[j]) <= MAX_MSG) {
        len += card(edges[j]);
        j++;
      }
      c.li(REG.pe, dst);
      c.li(REG.addr, from(edges[k]));
      c.emit('send', REG.pe, REG.addr, len);
      this.inject[src] += Math.ceil(len / this.out.cfg.lanes);
      this.pendingRecv[dst].push([src, to(edges[k]), len]);
      this.transfers++;
      k = j;
    }
  }

  private flushRecvs(dst: number): void {
    const c = this.out.code[dst];
    for (const [src, addr, len] of this.pendingRecv[dst]) {
      c.li(REG.pe, src);
      c.li(REG.addr, addr);
      c.emit('recv', REG.pe, REG.addr, len);
    }
    this.pendingRecv[dst].length = 0;
  }
}

// The factor-graph compiler: quantised graph + placement → per-PE memory layout, descriptors,
// schedule and code. Every message update is one fupd/vupd whose descriptor is built here, in the
// update order of golden's fixed-point reference, so the chip's messages equal the reference's bit
// for bit. Messages crossing PEs move with send/recv at the points the schedule needs them.
import { codeWords, type MachineConfig } from '../isa/index.js';
import { edgeIndex, scheduleUpdates, type ChipSchedule, type QuantizedGraph, type Update } from '../golden/index.js';
import { CodeEmitter } from './emitter.js';
import { placeGraph, type Placement } from './placement.js';
import { fitAdvice, STATUS_WORDS } from './fit.js';
import { CompileError } from './errors.js';
import { validateForChip } from './validate.js';
import { allocSnapshots, layoutMemory } from './layout.js';
import { writeDescriptors } from './descriptors.js';
import { REG } from './registers.js';

export { CompileError } from './errors.js';

/**
 * golden's chip schedule vocabulary: flooding and sequential run golden's update lists as they
 * are; gated-flooding gates the flooding list (golden's ResidualGatedBp): a factor is recomputed
 * only when its inputs moved by more than the tolerance since it last ran.
 */
export type RuntimeSchedule = ChipSchedule;

export interface CompileOptions {
  schedule: RuntimeSchedule;
  semiring: 'sum-product' | 'min-sum';
  /** Damping λ ∈ [0, 256] on factor→variable messages (weight λ/256 on the old message). */
  lambda: number;
  /** Converged when the iteration's max factor→variable change (raw energy units) ≤ tolRaw. */
  tolRaw: number;
  maxIter: number;
  /** Keep the data needed to print the program as assembly. */
  keepAssembly?: boolean;
  /**
   * Decoder mode (binary variables, flooding): after each variable phase, stop if the hard
   * decisions of the current beliefs satisfy every factor as a parity check (LDPC syndrome = 0).
   * Each factor's PE has n_{i→a} + m_{a→i} = the belief of i, so the check needs no extra traffic.
   */
  stopOnParity?: boolean;
  /** Called every few thousand message updates lowered to code, and at the end (done = total). */
  onProgress?: (done: number, total: number) => void;
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

export interface CompiledProgram {
  cfg: MachineConfig;
  graph: QuantizedGraph;
  placement: Placement;
  options: CompileOptions;
  code: Uint32Array[];
  data: Int32Array[];
  map: MemoryMap;
  /** One iteration's update list, as compiled (the float and fixed references run this list). */
  updates: readonly Update[];
  /** Datapath beats per iteration (all fupd/vupd) and the compiler's per-iteration lower bound. */
  beatsPerIteration: number;
  lowerBound: { cyclesPerIteration: number; datapath: number; memoryBanks: number };
  /** Words of scratchpad used per PE. */
  memoryUsed: number[];
  /** Per-PE send/recv instruction counts per iteration. */
  transfersPerIteration: number;
  emitters?: CodeEmitter[];
}

const MAX_OFFSET = 131071;
const MAX_MSG = 4096;

/** The message for a model that overflows a scratchpad, with the ways out that exist. */
function tooBig(used: number, pe: number, limit: number, cfg: MachineConfig, totalWords: number): string {
  return `the model needs ${used} scratchpad words on PE ${pe} but the machine has ${limit}: ${fitAdvice(totalWords, cfg)}`;
}

export function compileGraph(q: QuantizedGraph, cfg: MachineConfig, options: CompileOptions, placement?: Placement): CompiledProgram {
  const P = cfg.pes;
  const L = cfg.lanes;
  validateForChip(q, cfg);
  const place = placement ?? placeGraph(q, P, L);
  const fPe = place.factorPe;
  const vPe = place.varPe;
  const E = q.nEdges;
  const layout = layoutMemory(q, cfg, place);
  const { mem, mAddr, nAddr, mCopy, nCopy, beliefAddr, priorAddr, edgeA, edgeV, card, nSeenByFactor } = layout;
  const { fDesc, vDesc, bDesc } = writeDescriptors(q, place, layout, options.lambda);
  const snapAddr = allocSnapshots(q, layout, options.schedule === 'gated-flooding');
  for (const m of mem) {
    if (m.used > m.limit) {
      let total = 0;
      for (const x of mem) total += x.used - STATUS_WORDS;
      throw new CompileError(tooBig(m.used, m.pe, m.limit, cfg, total));
    }
  }

  // ---- code
  const code = Array.from({ length: P }, (_, p) => new CodeEmitter(p));
  const mStale = new Uint8Array(E);
  const nStale = new Uint8Array(E);
  const fupd = options.semiring === 'sum-product' ? 'fupd.sp' : 'fupd.ms';
  const baseKnown = new Int32Array(P).fill(-1);
  const mem18 = (p: number, addr: number) => {
    // Addresses beyond the 18-bit offset go through a base register.
    if (addr <= MAX_OFFSET) return { base: 0, offset: addr };
    const base = addr & ~0xffff;
    if (baseKnown[p] !== base) {
      code[p].li(REG.base, base);
      baseKnown[p] = base;
    }
    return { base: REG.base, offset: addr - base };
  };
  let transfers = 0;
  /** Move copies (edge list) of one kind from src to dst: contiguous runs become one send/recv. */
  const transfer = (src: number, dst: number, edges: number[], from: Int32Array, to: Int32Array) => {
    edges.sort((x, y) => from[x] - from[y]);
    let k = 0;
    while (k < edges.length) {
      let len = card(edges[k]);
      let j = k + 1;
      while (j < edges.length && from[edges[j]] === from[edges[k]] + len && to[edges[j]] === to[edges[k]] + len && len + card(edges[j]) <= MAX_MSG) {
        len += card(edges[j]);
        j++;
      }
      code[src].li(REG.pe, dst);
      code[src].li(REG.addr, from[edges[k]]);
      code[src].emit('send', REG.pe, REG.addr, len);
      pendingRecv[dst].push([src, to[edges[k]], len]);
      transfers++;
      k = j;
    }
  };
  const pendingRecv: [number, number, number][][] = Array.from({ length: P }, () => []);
  const flushRecvs = (dst: number) => {
    for (const [src, addr, len] of pendingRecv[dst]) {
      code[dst].li(REG.pe, src);
      code[dst].li(REG.addr, addr);
      code[dst].emit('recv', REG.pe, REG.addr, len);
    }
    pendingRecv[dst].length = 0;
  };
  const needM = (e: number) => {
    if (!mStale[e]) return;
    transfer(edgeA(e), edgeV(e), [e], mAddr, mCopy);
    flushRecvs(edgeV(e));
    mStale[e] = 0;
  };
  const needN = (e: number) => {
    if (!nStale[e]) return;
    transfer(edgeV(e), edgeA(e), [e], nAddr, nCopy);
    flushRecvs(edgeA(e));
    nStale[e] = 0;
  };
  /** Bring every stale copy up to date: all sends first (per PE, per destination), then all recvs. */
  const sync = () => {
    const groups = new Map<number, { m: number[]; n: number[] }>();
    const group = (src: number, dst: number) => {
      const key = src * P + dst;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { m: [], n: [] }));
      return g;
    };
    for (let e = 0; e < E; e++) {
      if (mStale[e]) group(edgeA(e), edgeV(e)).m.push(e);
      if (nStale[e]) group(edgeV(e), edgeA(e)).n.push(e);
    }
    for (const [key, g] of [...groups.entries()].sort((x, y) => x[0] - y[0])) {
      const src = Math.floor(key / P);
      const dst = key % P;
      if (g.m.length) transfer(src, dst, g.m, mAddr, mCopy);
      if (g.n.length) transfer(src, dst, g.n, nAddr, nCopy);
    }
    for (let p = 0; p < P; p++) flushRecvs(p);
    mStale.fill(0);
    nStale.fill(0);
  };
  let lowered = 0;
  const progressEvery = 4096;
  const doUpdate = (u: Update, lazy: boolean) => {
    if (options.onProgress && ++lowered % progressEvery === 0) options.onProgress(lowered, updates.length);
    const e = edgeIndex(q, u.factor, u.variable);
    if (e < 0) throw new Error(`runtime: variable ${u.variable} is not in factor ${u.factor}`);
    if (u.kind === 'F') {
      const p = fPe[u.factor];
      if (lazy) for (let j = q.fOff[u.factor]; j < q.fOff[u.factor + 1]; j++) if (j !== e) needN(j);
      code[p].emit(fupd, REG.change, mem18(p, fDesc[e]));
      if (mCopy[e] >= 0) mStale[e] = 1;
    } else {
      const i = u.variable;
      const p = vPe[i];
      if (lazy) for (let k = q.vOff[i]; k < q.vOff[i + 1]; k++) if (q.vEdges[k] !== e) needM(q.vEdges[k]);
      code[p].emit('vupd', 0, mem18(p, vDesc[e]));
      if (nCopy[e] >= 0) nStale[e] = 1;
    }
  };

  /** Syndrome of the current hard decisions, OR-reduced over PEs; all satisfied → leave the loop. */
  const parityCheck = () => {
    if (q.maxCard !== 2 || options.schedule !== 'flooding') throw new CompileError('stopOnParity needs binary variables and the flooding schedule');
    for (let p = 0; p < P; p++) {
      const c = code[p];
      c.emit('addi', REG.syndrome, 0, 0);
      for (let a = 0; a < q.nFactors; a++) {
        if (fPe[a] !== p || q.fOff[a + 1] === q.fOff[a]) continue;
        c.emit('addi', REG.parity, 0, 0);
        for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) {
          // Belief energies of variable i: n_{i→a} + m_{a→i}; decided 1 when E(1) < E(0).
          c.emit('ld', REG.n0, mem18(p, nSeenByFactor(e)));
          c.emit('ld', REG.n1, mem18(p, nSeenByFactor(e) + 1));
          c.emit('ld', REG.m0, mem18(p, mAddr[e]));
          c.emit('ld', REG.m1, mem18(p, mAddr[e] + 1));
          c.emit('add', REG.n0, REG.n0, REG.m0);
          c.emit('add', REG.n1, REG.n1, REG.m1);
          c.emit('slt', REG.n0, REG.n1, REG.n0);
          c.emit('xor', REG.parity, REG.parity, REG.n0);
        }
        c.emit('or', REG.syndrome, REG.syndrome, REG.parity);
      }
      c.emit('barmax', REG.syndrome, REG.syndrome);
      c.emitTo('done', 'beq', 2, REG.syndrome, 0);
    }
  };

  const updates = scheduleUpdates({ variables: { length: q.nVars }, factors: q.scopes.map((scope) => ({ scope })) }, options.schedule);
  /** Residual gate of factor a: skip its F updates unless max |n − snapshot| > tolRaw. */
  const gatedFactor = (a: number) => {
    const p = fPe[a];
    const c = code[p];
    const vlmax = cfg.vregLanes;
    let vl = -1;
    const setVl = (n: number) => {
      if (n !== vl) c.emit('setvli', 0, n);
      vl = n;
    };
    const chunks = (e: number, body: (off: number, len: number) => void) => {
      for (let off = 0; off < card(e); off += vlmax) body(off, Math.min(vlmax, card(e) - off));
    };
    c.emit('addi', REG.residual, 0, 0);
    for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) {
      chunks(e, (off, len) => {
        setVl(len);
        c.emit('vld', 1, mem18(p, nSeenByFactor(e) + off));
        c.emit('vld', 2, mem18(p, snapAddr[e] + off));
        c.emit('vmaxad', REG.residual, 1, 2);
      });
    }
    c.emitTo(`skip${a}`, 'bge', 2, REG.tol, REG.residual);
    for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) {
      chunks(e, (off, len) => {
        setVl(len);
        c.emit('vld', 1, mem18(p, nSeenByFactor(e) + off));
        c.emit('vst', 1, mem18(p, snapAddr[e] + off));
      });
    }
    for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) doUpdate({ kind: 'F', factor: a, variable: q.edgeVar[e] }, false);
    c.label(`skip${a}`);
    baseKnown[p] = -1; // r8 may or may not have been set on the skipped path
  };
  for (let p = 0; p < P; p++) {
    const c = code[p];
    c.li(REG.tol, options.tolRaw);
    c.li(REG.maxIter, options.maxIter);
    c.emit('addi', REG.iter, 0, 0);
    c.emit('addi', REG.reduced, 0, 0);
    c.emitTo('done', 'beq', 2, REG.maxIter, 0);
    c.label('loop');
    baseKnown[p] = -1;
    c.emit('addi', REG.change, 0, 0);
  }
  if (options.schedule === 'flooding' || options.schedule === 'gated-flooding') {
    // V phase, exchange n, F phase, exchange m (golden's flooding order: all V then all F).
    let k = 0;
    while (k < updates.length && updates[k].kind === 'V') doUpdate(updates[k++], false);
    sync();
    if (options.stopOnParity) parityCheck();
    if (options.schedule === 'flooding') while (k < updates.length) doUpdate(updates[k++], false);
    else for (let a = 0; a < q.nFactors; a++) if (q.fOff[a + 1] > q.fOff[a]) gatedFactor(a);
    sync();
  } else {
    for (const u of updates) doUpdate(u, true);
    sync();
  }
  for (let p = 0; p < P; p++) {
    const c = code[p];
    c.emit('barmax', REG.reduced, REG.change);
    c.emit('addi', REG.iter, REG.iter, 1);
    c.emitTo('done', 'bge', 2, REG.tol, REG.reduced);
    c.emitTo('done', 'bge', 2, REG.iter, REG.maxIter);
    c.emitTo('loop', 'jal', 1, 0);
    c.label('done');
    baseKnown[p] = -1;
  }
  options.onProgress?.(updates.length, updates.length);
  for (let i = 0; i < q.nVars; i++) code[vPe[i]].emit('vupd', 0, mem18(vPe[i], bDesc[i]));
  code[0].emit('st', REG.iter, { base: 0, offset: 0 });
  code[0].emit('st', REG.reduced, { base: 0, offset: 1 });
  for (const c of code) c.emit('halt');
  const imem = codeWords(cfg);
  for (const c of code) {
    if (c.pc > imem) throw new CompileError(`the program for PE ${c.pe} has ${c.pc} instructions but instruction memory holds ${imem} (config codeBytes ${cfg.codeBytes}): use more PEs or a larger codeBytes`);
  }

  // ---- bound: every fupd/vupd of an iteration on the busiest possible spread (beats / P).
  let beats = 0;
  for (let p = 0; p < P; p++) beats += place.load[p];
  const datapath = beats / P;
  const data = mem.map((m) => m.words.slice(0, m.used));
  return {
    cfg,
    graph: q,
    placement: place,
    options,
    code: code.map((c) => c.finish()),
    data,
    map: {
      mPe: Int32Array.from({ length: E }, (_, e) => edgeA(e)),
      mAddr,
      nPe: Int32Array.from({ length: E }, (_, e) => edgeV(e)),
      nAddr,
      beliefAddr,
      priorAddr,
      statusIterations: 0,
      statusChange: 1,
    },
    updates,
    beatsPerIteration: beats,
    lowerBound: { cyclesPerIteration: datapath, datapath, memoryBanks: 0 },
    memoryUsed: mem.map((m) => m.used),
    transfersPerIteration: transfers,
    ...(options.keepAssembly ? { emitters: code } : {}),
  };
}

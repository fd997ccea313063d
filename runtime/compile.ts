// The factor-graph compiler: quantised graph + placement → per-PE memory layout, descriptors,
// schedule and code. Every message update is one fupd/vupd whose descriptor is built here, in the
// update order of golden's fixed-point reference, so the chip's messages equal the reference's bit
// for bit. Messages crossing PEs move with send/recv at the points the schedule needs them.
import {
  FD,
  VD,
  factorDescriptorWords,
  variableDescriptorWords,
  scratchpadWords,
  codeWords,
  type MachineConfig,
} from '../isa/index.js';
import { edgeIndex, scheduleUpdates, type QuantizedGraph, type Update } from '../golden/index.js';
import { CodeEmitter } from './emitter.js';
import { placeGraph, type Placement } from './placement.js';
import { UserError } from '../errors/index.js';

/**
 * flooding and sequential follow golden's fixed-point update lists; residual is residual-gated
 * flooding (golden's ResidualGatedBp): a factor is recomputed only when its inputs moved by more
 * than the tolerance since it last ran.
 */
export type RuntimeSchedule = 'flooding' | 'sequential' | 'residual';

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
  /** Datapath beats per iteration (all fupd/vupd) and the compiler's per-iteration lower bound. */
  beatsPerIteration: number;
  lowerBound: { cyclesPerIteration: number; datapath: number; memoryBanks: number };
  /** Words of scratchpad used per PE. */
  memoryUsed: number[];
  /** Per-PE send/recv instruction counts per iteration. */
  transfersPerIteration: number;
  emitters?: CodeEmitter[];
}

/** The model does not fit the machine (scratchpad too small, arity too large …). */
export class CompileError extends UserError {
  override name = 'CompileError';
}

const R_CHANGE = 1;
const R_REDUCED = 2;
const R_TOL = 3;
const R_ITER = 4;
const R_MAXITER = 5;
const R_PE = 6;
const R_ADDR = 7;
const R_BASE = 8;
const R_RESIDUAL = 9;
const R_SYNDROME = 10;
const R_PARITY = 11;
const STATUS_WORDS = 4;
const MAX_OFFSET = 131071;
const MAX_MSG = 4096;

/** A PE's scratchpad image under construction (bump allocation from the status words up). */
class PeMemory {
  used = STATUS_WORDS;
  words = new Int32Array(1024);
  constructor(
    readonly pe: number,
    readonly limit: number,
  ) {}
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
  set(addr: number, values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.words[addr + i] = values[i];
  }
}

/** The message for a model that overflows a scratchpad, with the two ways out. */
function tooBig(used: number, pe: number, limit: number, pes: number): string {
  // Per-PE memory shrinks roughly as 1/P; suggest a little headroom.
  const suggest = Math.ceil((pes * used * 1.2) / limit);
  return `the model needs ${used} scratchpad words on PE ${pe} but the machine has ${limit}: use about ${suggest} or more PEs (--pes), or a config with scratchpadBytes >= ${Math.ceil((used * 4) / 1024)} KiB`;
}

export function compileGraph(q: QuantizedGraph, cfg: MachineConfig, options: CompileOptions, placement?: Placement): CompiledProgram {
  const P = cfg.pes;
  const L = cfg.lanes;
  if (q.maxArity > FD.maxArity) throw new CompileError(`a factor has arity ${q.maxArity}; fupd supports at most ${FD.maxArity}`);
  if (q.maxCard > 65536) throw new CompileError(`a variable has cardinality ${q.maxCard}; fupd/vupd support at most 65536`);
  for (let i = 0; i < q.nVars; i++) {
    const inputs = q.vOff[i + 1] - q.vOff[i] + (q.priorOff[i] >= 0 ? 1 : 0);
    if (inputs > VD.maxInputs) {
      throw new CompileError(`variable ${i} is in ${inputs - (q.priorOff[i] >= 0 ? 1 : 0)} factors; vupd combines at most ${VD.maxInputs} messages (prior included)`);
    }
  }
  const place = placement ?? placeGraph(q, P, L);
  const fPe = place.factorPe;
  const vPe = place.varPe;
  const mem = Array.from({ length: P }, (_, p) => new PeMemory(p, scratchpadWords(cfg)));
  const E = q.nEdges;

  // ---- tables and priors
  const tabAddr = new Int32Array(q.nFactors).fill(-1);
  for (let a = 0; a < q.nFactors; a++) {
    const p = fPe[a];
    if (p < 0) continue;
    const n = q.tabOff[a + 1] - q.tabOff[a];
    tabAddr[a] = mem[p].alloc(n);
    mem[p].set(tabAddr[a], q.tables.subarray(q.tabOff[a], q.tabOff[a + 1]));
  }
  const priorAddr = new Int32Array(q.nVars).fill(-1);
  for (let i = 0; i < q.nVars; i++) {
    if (q.priorOff[i] < 0) continue;
    priorAddr[i] = mem[vPe[i]].alloc(q.card[i]);
    mem[vPe[i]].set(priorAddr[i], q.priors.subarray(q.priorOff[i], q.priorOff[i] + q.card[i]));
  }

  // ---- messages: outputs grouped by destination PE, receive buffers grouped by source PE, both
  // in edge order, so a whole block between two PEs moves with one send.
  const edgeA = (e: number) => fPe[q.edgeFactor[e]];
  const edgeV = (e: number) => vPe[q.edgeVar[e]];
  const mAddr = new Int32Array(E); // on the factor's PE
  const nAddr = new Int32Array(E); // on the variable's PE
  const mCopy = new Int32Array(E).fill(-1); // copy of m on the variable's PE (remote edges)
  const nCopy = new Int32Array(E).fill(-1); // copy of n on the factor's PE
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
    for (const e of edges) mAddr[e] = mem[src].alloc(card(e));
    if (src !== dst) for (const e of edges) mCopy[e] = mem[dst].alloc(card(e));
  }
  for (const [key, edges] of byPair(edgeV, edgeA)) {
    const src = Math.floor(key / P);
    const dst = key % P;
    for (const e of edges) nAddr[e] = mem[src].alloc(card(e));
    if (src !== dst) for (const e of edges) nCopy[e] = mem[dst].alloc(card(e));
  }
  const beliefAddr = new Int32Array(q.nVars);
  for (let i = 0; i < q.nVars; i++) beliefAddr[i] = mem[vPe[i]].alloc(q.card[i]);
  // Address of m_e / n_e as seen from the PE that reads it.
  const mSeenByVar = (e: number) => (mCopy[e] >= 0 ? mCopy[e] : mAddr[e]);
  const nSeenByFactor = (e: number) => (nCopy[e] >= 0 ? nCopy[e] : nAddr[e]);

  // ---- descriptors
  const fDesc = new Int32Array(E);
  for (let e = 0; e < E; e++) {
    const a = q.edgeFactor[e];
    const p = fPe[a];
    const k = q.fOff[a + 1] - q.fOff[a];
    const d = mem[p].alloc(factorDescriptorWords(k));
    fDesc[e] = d;
    const w: number[] = [q.tabOff[a + 1] - q.tabOff[a], k, q.edgePos[e], tabAddr[a], mAddr[e], options.lambda];
    for (let j = 0; j < k; j++) {
      const ej = q.fOff[a] + j;
      w.push(card(ej), q.edgeStride[ej], ej === e ? 0 : nSeenByFactor(ej));
    }
    mem[p].set(d, w);
  }
  const vDesc = new Int32Array(E);
  const bDesc = new Int32Array(q.nVars);
  for (let i = 0; i < q.nVars; i++) {
    const p = vPe[i];
    const hasPrior = priorAddr[i] >= 0 ? 1 : 0;
    const first = q.vOff[i];
    const deg = q.vOff[i + 1] - first;
    const inputs: number[] = [];
    if (hasPrior) inputs.push(priorAddr[i]);
    for (let k = 0; k < deg; k++) inputs.push(mSeenByVar(q.vEdges[first + k]));
    for (let k = 0; k < deg; k++) {
      const e = q.vEdges[first + k];
      const d = mem[p].alloc(variableDescriptorWords(inputs.length));
      vDesc[e] = d;
      mem[p].set(d, [q.card[i], inputs.length, hasPrior + k, nAddr[e], 0, ...inputs]);
    }
    const d = mem[p].alloc(variableDescriptorWords(inputs.length));
    bDesc[i] = d;
    mem[p].set(d, [q.card[i], inputs.length, -1, beliefAddr[i], 0, ...inputs]);
  }
  // Residual gating: per edge, a snapshot of n as the factor last used it (initially MAX).
  const snapAddr = new Int32Array(options.schedule === 'residual' ? E : 0);
  for (let e = 0; e < snapAddr.length; e++) {
    const p = edgeA(e);
    snapAddr[e] = mem[p].alloc(card(e));
    mem[p].words.fill(q.format.max, snapAddr[e], snapAddr[e] + card(e));
  }
  for (const m of mem) {
    if (m.used > m.limit) {
      throw new CompileError(tooBig(m.used, m.pe, m.limit, P));
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
      code[p].li(R_BASE, base);
      baseKnown[p] = base;
    }
    return { base: R_BASE, offset: addr - base };
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
      code[src].li(R_PE, dst);
      code[src].li(R_ADDR, from[edges[k]]);
      code[src].emit('send', R_PE, R_ADDR, len);
      pendingRecv[dst].push([src, to[edges[k]], len]);
      transfers++;
      k = j;
    }
  };
  const pendingRecv: [number, number, number][][] = Array.from({ length: P }, () => []);
  const flushRecvs = (dst: number) => {
    for (const [src, addr, len] of pendingRecv[dst]) {
      code[dst].li(R_PE, src);
      code[dst].li(R_ADDR, addr);
      code[dst].emit('recv', R_PE, R_ADDR, len);
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
  const doUpdate = (u: Update, lazy: boolean) => {
    const e = edgeIndex(q, u.factor, u.variable);
    if (e < 0) throw new Error(`runtime: variable ${u.variable} is not in factor ${u.factor}`);
    if (u.kind === 'F') {
      const p = fPe[u.factor];
      if (lazy) for (let j = q.fOff[u.factor]; j < q.fOff[u.factor + 1]; j++) if (j !== e) needN(j);
      code[p].emit(fupd, R_CHANGE, mem18(p, fDesc[e]));
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
      c.emit('addi', R_SYNDROME, 0, 0);
      for (let a = 0; a < q.nFactors; a++) {
        if (fPe[a] !== p || q.fOff[a + 1] === q.fOff[a]) continue;
        c.emit('addi', R_PARITY, 0, 0);
        for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) {
          // Belief energies of variable i: n_{i→a} + m_{a→i}; decided 1 when E(1) < E(0).
          c.emit('ld', 12, mem18(p, nSeenByFactor(e)));
          c.emit('ld', 13, mem18(p, nSeenByFactor(e) + 1));
          c.emit('ld', 14, mem18(p, mAddr[e]));
          c.emit('ld', 15, mem18(p, mAddr[e] + 1));
          c.emit('add', 12, 12, 14);
          c.emit('add', 13, 13, 15);
          c.emit('slt', 12, 13, 12);
          c.emit('xor', R_PARITY, R_PARITY, 12);
        }
        c.emit('or', R_SYNDROME, R_SYNDROME, R_PARITY);
      }
      c.emit('barmax', R_SYNDROME, R_SYNDROME);
      c.emitTo('done', 'beq', 2, R_SYNDROME, 0);
    }
  };

  const updates = scheduleUpdates(
    { variables: { length: q.nVars }, factors: q.scopes.map((scope) => ({ scope })) },
    options.schedule === 'sequential' ? 'sequential' : 'flooding',
  );
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
    c.emit('addi', R_RESIDUAL, 0, 0);
    for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) {
      chunks(e, (off, len) => {
        setVl(len);
        c.emit('vld', 1, mem18(p, nSeenByFactor(e) + off));
        c.emit('vld', 2, mem18(p, snapAddr[e] + off));
        c.emit('vmaxad', R_RESIDUAL, 1, 2);
      });
    }
    c.emitTo(`skip${a}`, 'bge', 2, R_TOL, R_RESIDUAL);
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
    c.li(R_TOL, options.tolRaw);
    c.li(R_MAXITER, options.maxIter);
    c.emit('addi', R_ITER, 0, 0);
    c.emit('addi', R_REDUCED, 0, 0);
    c.emitTo('done', 'beq', 2, R_MAXITER, 0);
    c.label('loop');
    baseKnown[p] = -1;
    c.emit('addi', R_CHANGE, 0, 0);
  }
  if (options.schedule === 'flooding' || options.schedule === 'residual') {
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
    c.emit('barmax', R_REDUCED, R_CHANGE);
    c.emit('addi', R_ITER, R_ITER, 1);
    c.emitTo('done', 'bge', 2, R_TOL, R_REDUCED);
    c.emitTo('done', 'bge', 2, R_ITER, R_MAXITER);
    c.emitTo('loop', 'jal', 1, 0);
    c.label('done');
    baseKnown[p] = -1;
  }
  for (let i = 0; i < q.nVars; i++) code[vPe[i]].emit('vupd', 0, mem18(vPe[i], bDesc[i]));
  code[0].emit('st', R_ITER, { base: 0, offset: 0 });
  code[0].emit('st', R_REDUCED, { base: 0, offset: 1 });
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
    beatsPerIteration: beats,
    lowerBound: { cyclesPerIteration: datapath, datapath, memoryBanks: 0 },
    memoryUsed: mem.map((m) => m.used),
    transfersPerIteration: transfers,
    ...(options.keepAssembly ? { emitters: code } : {}),
  };
}

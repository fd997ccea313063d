// The cycle-accurate PE-array model. Time advances event to event: a PE that cannot issue
// computes when its own hazards clear and sleeps until then (its stall cycles are attributed in
// bulk, exactly as a cycle-by-cycle loop would attribute them), so long multi-beat instructions
// cost one step, not one step per cycle. PEs are visited in id order within a cycle, which fixes
// the arbitration of shared banks and mesh links.
import {
  makeFormat,
  maxStar,
  dampBlend,
  absDiff,
  factorUpdateUnchecked,
  variableUpdateUnchecked,
  lastDescriptorBeats,
  factorDescriptorWords,
  variableDescriptorWords,
  FD,
  VD,
  checkFactorDescriptor,
  checkVariableDescriptor,
  KernelFault,
  SHARED_BASE,
  STALL_CAUSE_NAMES,
  disassembleWord,
  type FixedFormat,
  type MachineConfig,
  type StallCause,
} from '../isa/index.js';
import { issueLlr, denseLaneOps, LlrUnitState, type LlrIssue } from './llr-unit.js';
import { predecode, SEM, UNIT_LIST, defOf, type DecodedProgram } from './predecode.js';
import type { ProgramImage } from './image.js';
import { Mesh } from './mesh.js';
import { SharedBanks } from './banks.js';
import type { TraceSink, WriteRecord } from './trace.js';
import type { FaultCause, FaultReport } from './faults.js';

const NUM_UNITS = UNIT_LIST.length;
const NUM_CAUSES = STALL_CAUSE_NAMES.length;
const C_BRANCH = STALL_CAUSE_NAMES.indexOf('branch');
const C_RAW = STALL_CAUSE_NAMES.indexOf('raw');
const C_WAW = STALL_CAUSE_NAMES.indexOf('waw');
const C_BUSY = STALL_CAUSE_NAMES.indexOf('busy');
const C_MEMORD = STALL_CAUSE_NAMES.indexOf('mem-order');
const C_BANK = STALL_CAUSE_NAMES.indexOf('bank');
const C_RECV = STALL_CAUSE_NAMES.indexOf('recv');
const C_BARRIER = STALL_CAUSE_NAMES.indexOf('barrier');
const BEAT_ONE = 0;
const BEAT_VL = 1;
const BEAT_VL2 = 2;
const BEAT_FUPD = 3;
const BEAT_VUPD = 4;
const BEAT_MSG = 5;

const DESC_BEATS_SCALE = 2 ** 17;
/** Result record of the LLR unit, reused by every cnu/vnu. */
const LLR: LlrIssue = { beats: 0, latency: 0, value: 0, writeAddr: -1, writeLen: 0, laneOps: 0 };
/**
 * Pre-decoded instruction memories by identity: code is never written, so PEs sharing a program,
 * and machines built again from the same image (LDPC frames, benchmarks), decode it once.
 */
const decodedPrograms = new WeakMap<Uint32Array, DecodedProgram>();
const SLEEP_NONE = 0;
const SLEEP_RECV = 1;
const SLEEP_BARRIER = 2;

interface InFlightMessage {
  arrival: number;
  data: Int32Array;
}

/** Architectural and timing state of one PE. */
export class PEState {
  pc: number;
  halted = false;
  haltCycle = -1;
  readonly sreg = new Int32Array(16);
  readonly sReady = new Float64Array(16);
  /** Unit that last wrote each scalar register (accumulators forward within a unit). */
  readonly sWriter = new Int8Array(16).fill(-1);
  readonly vreg: Int32Array;
  readonly vReady = new Float64Array(8);
  readonly unitFree = new Float64Array(NUM_UNITS);
  readonly memWriteDone = new Float64Array(NUM_UNITS);
  /** Per unit u: latest completion of a memory write issued by any unit other than u. */
  readonly memWriteOthers = new Float64Array(NUM_UNITS);
  branchUntil = 0;
  vl: number;
  readonly loopStart: Int32Array;
  readonly loopEnd: Int32Array;
  readonly loopCount: Float64Array;
  loopDepth = 0;
  nextTry = 0;
  /** Own hazards of the instruction at clearPc are known to be clear at cycle clearAt. */
  clearPc = -1;
  clearAt = -1;
  sleep = SLEEP_NONE;
  waitStart = 0;
  recvFrom = -1;
  barrierValue = 0;
  /** Validated fupd/vupd descriptors (key desc·2 + isVupd → outLen + beats·2^17) and their words. */
  readonly descCache = new Map<number, number>();
  descMark: Uint8Array | null = null;
  // Counters.
  instret = 0;
  readonly stalls = new Float64Array(NUM_CAUSES);
  bankConflicts = 0;
  flitsSent = 0;
  flitHops = 0;
  messagesSent = 0;
  msgs = 0;
  /** Useful lane-operations (vector elements streamed through the datapath). */
  laneOps = 0;
  readonly llr = new LlrUnitState();

  constructor(
    readonly id: number,
    readonly prog: DecodedProgram,
    readonly spm: Int32Array,
    entry: number,
    vregLanes: number,
    loopDepthMax: number,
  ) {
    this.pc = entry;
    this.vreg = new Int32Array(8 * vregLanes);
    this.vl = vregLanes;
    this.loopStart = new Int32Array(loopDepthMax);
    this.loopEnd = new Int32Array(loopDepthMax);
    this.loopCount = new Float64Array(loopDepthMax);
  }
}

export interface RunOptions {
  /** Stop with a cycle-limit fault when the run reaches this many cycles. */
  maxCycles?: number;
  sink?: TraceSink;
  /** Visit every PE every cycle it is due instead of running ahead (same results; for tests). */
  lockstep?: boolean;
  /** Called now and then with the current cycle (for progress bars). */
  onProgress?: (cycle: number) => void;
}

export interface RunResult {
  status: 'halted' | 'fault';
  fault?: FaultReport;
  cycles: number;
}

export class Machine {
  readonly pes: PEState[];
  readonly shared: Int32Array;
  readonly fmt: FixedFormat;
  readonly banks: SharedBanks;
  readonly mesh: Mesh;
  private readonly channels: InFlightMessage[][];
  private readonly L: number;
  private readonly vlmax: number;
  private running: number;
  private barrierWaiting = 0;
  private maxCycles = Infinity;
  private runAhead = true;
  /** Earliest nextTry set on another PE during the current scheduler pass. */
  private wakeMin = Infinity;
  private sink: TraceSink | undefined;
  cycle = 0;

  constructor(
    readonly cfg: MachineConfig,
    image: ProgramImage,
  ) {
    this.fmt = makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize);
    this.L = cfg.lanes;
    this.vlmax = cfg.vregLanes;
    this.pes = image.code.map((words, id) => {
      let prog = decodedPrograms.get(words);
      if (!prog) {
        prog = predecode(words);
        decodedPrograms.set(words, prog);
      }
      return new PEState(id, prog, image.scratchpad[id].slice(), image.entry[id], cfg.vregLanes, cfg.loopDepth);
    });
    this.shared = image.shared.slice();
    this.banks = new SharedBanks(cfg.sharedBanks, cfg.lanes);
    this.mesh = new Mesh(cfg.meshWidth, cfg.pes, cfg.hopLatency);
    this.channels = Array.from({ length: cfg.pes * cfg.pes }, () => []);
    this.running = cfg.pes;
  }

  run(opts: RunOptions = {}): RunResult {
    const maxCycles = opts.maxCycles ?? 10_000_000;
    this.maxCycles = maxCycles;
    this.sink = opts.sink;
    // Sinks receive each PE's events in cycle order and merge PEs below the `advance` mark, so
    // run-ahead is safe with tracing too (every later event is at or after the global cycle).
    this.runAhead = opts.lockstep !== true;
    this.sink?.begin?.({ pes: this.cfg.pes, clockMHz: this.cfg.clockMHz, messageBits: this.cfg.messageBits, lanes: this.cfg.lanes });
    const pes = this.pes;
    const P = pes.length;
    let progressAt = 20_000;
    try {
      let tmin = 0;
      for (;;) {
        if (this.running === 0) break;
        if (tmin === Infinity) this.deadlock();
        if (tmin >= maxCycles) {
          this.cycle = maxCycles;
          const s = pes.find((p) => !p.halted)!;
          throw this.faultAt(s, 'cycle-limit', `cycle limit of ${maxCycles} reached before every PE halted`);
        }
        this.cycle = tmin;
        this.sink?.advance?.(tmin);
        // Visit the PEs due now in id order and find the next due time in the same pass; PEs
        // woken by others (send, barrier release) report through wakeMin.
        this.wakeMin = Infinity;
        let next = Infinity;
        for (let i = 0; i < P; i++) {
          const s = pes[i];
          if (s.halted) continue;
          if (s.nextTry === tmin) this.step(s, tmin);
          if (!s.halted && s.nextTry < next) next = s.nextTry;
        }
        tmin = next < this.wakeMin ? next : this.wakeMin;
        if (opts.onProgress && tmin >= progressAt) {
          opts.onProgress(tmin);
          progressAt = tmin + 20_000;
        }
      }
    } catch (e) {
      if (e instanceof FaultReportError) {
        this.sink?.end?.(this.cycle);
        return { status: 'fault', fault: e.report, cycles: this.cycle };
      }
      throw e;
    }
    let cycles = 0;
    for (const s of pes) cycles = Math.max(cycles, s.haltCycle + 1);
    this.cycle = cycles;
    this.sink?.end?.(cycles);
    return { status: 'halted', cycles };
  }

  // ---------------------------------------------------------------- issue

  /**
   * Visit PE s at cycle t. Without a trace sink the PE then runs ahead through instructions that
   * touch nothing shared (scratchpad, registers, its own units), stopping before any instruction
   * that does (shared memory, send/recv, barriers, halt): those still execute in global (cycle, PE)
   * order, so results and timing are identical to visiting every PE every cycle.
   */
  private step(s: PEState, t: number): void {
    const prog = s.prog;
    const globalCycle = this.cycle;
    for (;;) {
      const pc = s.pc;
      if (pc < 0 || pc >= prog.length) throw this.faultAt(s, 'pc-out-of-range', `pc ${pc} is outside the program (0 … ${prog.length - 1})`);
      const sem = prog.sem[pc];
      if (sem < 0) throw this.faultAt(s, 'invalid-instruction', `invalid instruction word 0x${prog.words[pc].toString(16).padStart(8, '0')}`);
      // The look-ahead after the previous issue already cleared this instruction's own hazards for t.
      if (s.clearPc !== pc || s.clearAt !== t) {
        const ready = this.ownHazards(s, t, pc, sem);
        if (ready > t) {
          s.nextTry = ready;
          s.clearPc = pc;
          s.clearAt = ready;
          break;
        }
      }
      this.execute(s, t, pc, sem);
      if (!this.runAhead || s.halted || s.sleep !== SLEEP_NONE) break;
      const u = s.nextTry;
      if (u >= this.maxCycles || u <= t) break;
      const npc = s.pc;
      if (npc < 0 || npc >= prog.length || prog.sem[npc] < 0 || this.touchesShared(s, npc)) break;
      t = u;
      this.cycle = t; // for fault reports
    }
    this.cycle = globalCycle;
  }

  /** Whether the instruction at pc interacts with other PEs or shared state. */
  private touchesShared(s: PEState, pc: number): boolean {
    const prog = s.prog;
    const sem = prog.sem[pc];
    if (sem === SEM.ld || sem === SEM.st || sem === SEM.vld || sem === SEM.vst) {
      return ((s.sreg[prog.fb[pc]] + prog.imm[pc]) | 0) >= SHARED_BASE;
    }
    return sem === SEM.send || sem === SEM.recv || sem === SEM.bar || sem === SEM.barmax || sem === SEM.halt;
  }

  /**
   * The first cycle ≥ t at which the instruction at pc is free of this PE's own hazards
   * (branch bubbles, register dependencies, its unit, memory ordering). Only this PE's earlier
   * instructions can clear them, so the stall cycles until then are attributed now, by cause.
   */
  private ownHazards(s: PEState, t: number, pc: number, sem: number): number {
    const prog = s.prog;

    // Hazards that only this PE's own earlier instructions resolve: attribute in bulk.
    const uBranch = s.branchUntil;
    let uRaw = 0;
    const s0 = prog.sSrc0[pc];
    if (s0 >= 0) {
      uRaw = s.sReady[s0];
      const s1 = prog.sSrc1[pc];
      if (s1 >= 0) {
        if (s.sReady[s1] > uRaw) uRaw = s.sReady[s1];
        const s2 = prog.sSrc2[pc];
        if (s2 >= 0 && s.sReady[s2] > uRaw) uRaw = s.sReady[s2];
      }
    }
    const v0 = prog.vSrc0[pc];
    if (v0 >= 0) {
      if (s.vReady[v0] > uRaw) uRaw = s.vReady[v0];
      const v1 = prog.vSrc1[pc];
      if (v1 >= 0 && s.vReady[v1] > uRaw) uRaw = s.vReady[v1];
    }
    let uWaw = 0;
    const sd = prog.sDst[pc];
    const unit = prog.unit[pc];
    if (sd >= 0) {
      // An accumulating destination (fupd/vupd/vmaxad rd) is read and written by its unit in
      // order, so a pending write from the same unit is forwarded, not waited for.
      if (prog.accum[pc] === 0) uWaw = s.sReady[sd];
      else if (s.sWriter[sd] !== unit) {
        uWaw = s.sReady[sd];
        if (uWaw > uRaw) uRaw = uWaw; // it is also a source
        uWaw = 0;
      }
    }
    const vd = prog.vDst[pc];
    if (vd >= 0 && s.vReady[vd] > uWaw) uWaw = s.vReady[vd];
    let uBusy = s.unitFree[unit];
    if (sem === SEM.halt) {
      // halt drains: it issues once every earlier instruction has completed.
      for (let u = 0; u < NUM_UNITS; u++) {
        if (s.unitFree[u] > uBusy) uBusy = s.unitFree[u];
        if (s.memWriteDone[u] > uBusy) uBusy = s.memWriteDone[u];
      }
      for (let r = 0; r < 16; r++) if (s.sReady[r] > uBusy) uBusy = s.sReady[r];
      for (let r = 0; r < 8; r++) if (s.vReady[r] > uBusy) uBusy = s.vReady[r];
    }
    let uMem = 0;
    if (prog.mem[pc] !== 0) {
      // Memory ordering: wait for memory writes still in flight on other units.
      uMem = s.memWriteOthers[unit];
    } else if (sem === SEM.bar || sem === SEM.barmax) {
      // Barriers are fences: every earlier memory write must be complete.
      for (let u = 0; u < NUM_UNITS; u++) if (s.memWriteDone[u] > uMem) uMem = s.memWriteDone[u];
    }
    if (uBranch > t || uRaw > t || uWaw > t || uBusy > t || uMem > t) {
      let cursor = t;
      if (uBranch > cursor) cursor = this.stallSpan(s, cursor, uBranch, C_BRANCH);
      if (uRaw > cursor) cursor = this.stallSpan(s, cursor, uRaw, C_RAW);
      if (uWaw > cursor) cursor = this.stallSpan(s, cursor, uWaw, C_WAW);
      if (uBusy > cursor) cursor = this.stallSpan(s, cursor, uBusy, C_BUSY);
      if (uMem > cursor) cursor = this.stallSpan(s, cursor, uMem, C_MEMORD);
      return cursor;
    }
    return t;
  }

  /** Count stall cycles [from, to); `traced` is false when the sink already saw the span open. */
  private stallSpan(s: PEState, from: number, to: number, cause: number, traced = true): number {
    s.stalls[cause] += to - from;
    if (traced) this.sink?.stall(s.id, from, to, STALL_CAUSE_NAMES[cause]);
    return to;
  }

  private execute(s: PEState, t: number, pc: number, sem: number): void {
    const prog = s.prog;
    const R = s.sreg;
    const a = prog.fa[pc];
    const b = prog.fb[pc];
    const c = prog.fc[pc];
    const imm = prog.imm[pc];
    const fmt = this.fmt;
    let beats = 1;
    const beatRule = prog.beats[pc];
    if (beatRule === BEAT_VL) beats = Math.ceil(s.vl / this.L);
    else if (beatRule === BEAT_VL2) beats = 2 * Math.ceil(s.vl / this.L);
    let latency = prog.latency[pc];
    let nextPc = pc + 1;
    let taken = false;
    let sValue = 0; // value for the scalar destination, if any
    const writesS = prog.sDst[pc] >= 0;
    const writesV = prog.vDst[pc] >= 0;
    let memWriteAddr = -1;
    let memWriteLen = 0;
    const sink = this.sink;
    const laneOps0 = s.laneOps;

    switch (sem) {
      case SEM.add: sValue = (R[b] + R[c]) | 0; break;
      case SEM.sub: sValue = (R[b] - R[c]) | 0; break;
      case SEM.and: sValue = R[b] & R[c]; break;
      case SEM.or: sValue = R[b] | R[c]; break;
      case SEM.xor: sValue = R[b] ^ R[c]; break;
      case SEM.sll: sValue = R[b] << (R[c] & 31); break;
      case SEM.srl: sValue = (R[b] >>> (R[c] & 31)) | 0; break;
      case SEM.sra: sValue = R[b] >> (R[c] & 31); break;
      case SEM.slt: sValue = R[b] < R[c] ? 1 : 0; break;
      case SEM.min: sValue = R[b] < R[c] ? R[b] : R[c]; break;
      case SEM.max: sValue = R[b] > R[c] ? R[b] : R[c]; break;
      case SEM.mul: sValue = Math.imul(R[b], R[c]); break;
      case SEM.addi: sValue = (R[b] + imm) | 0; break;
      case SEM.andi: sValue = R[b] & imm; break;
      case SEM.ori: sValue = R[b] | imm; break;
      case SEM.xori: sValue = R[b] ^ imm; break;
      case SEM.slli: sValue = R[b] << imm; break;
      case SEM.srli: sValue = (R[b] >>> imm) | 0; break;
      case SEM.srai: sValue = R[b] >> imm; break;
      case SEM.slti: sValue = R[b] < imm ? 1 : 0; break;
      case SEM.lui: sValue = (imm << 10) | 0; break;
      case SEM.beq: taken = R[a] === R[b]; if (taken) nextPc = pc + imm; break;
      case SEM.bne: taken = R[a] !== R[b]; if (taken) nextPc = pc + imm; break;
      case SEM.blt: taken = R[a] < R[b]; if (taken) nextPc = pc + imm; break;
      case SEM.bge: taken = R[a] >= R[b]; if (taken) nextPc = pc + imm; break;
      case SEM.jal: sValue = pc + 1; taken = true; nextPc = pc + imm; break;
      case SEM.jalr: sValue = pc + 1; taken = true; nextPc = (R[b] + imm) | 0; break;
      case SEM.loop: {
        // loop rc, end  |  loopi count, end
        const isImm = prog.variant[pc] === 1;
        const count = isImm ? imm : R[a] >>> 0;
        const end = pc + (isImm ? prog.imm2[pc] : imm);
        if (count === 0) nextPc = end;
        else {
          if (s.loopDepth >= s.loopStart.length) throw this.faultAt(s, 'loop-overflow', `loop stack overflow (depth ${s.loopStart.length})`);
          s.loopStart[s.loopDepth] = pc + 1;
          s.loopEnd[s.loopDepth] = end;
          s.loopCount[s.loopDepth] = count;
          s.loopDepth++;
        }
        break;
      }
      case SEM.ld: {
        const addr = (R[b] + imm) | 0;
        if (addr >= SHARED_BASE) {
          const off = this.sharedRange(s, addr, 1);
          if (!this.claimBanks(s, t, off, 1)) return;
          latency += this.cfg.sharedLatency;
          sValue = this.shared[off];
        } else {
          this.spmRange(s, addr, 1);
          sValue = s.spm[addr];
        }
        break;
      }
      case SEM.st: {
        const addr = (R[b] + imm) | 0;
        if (addr >= SHARED_BASE) {
          const off = this.sharedRange(s, addr, 1);
          if (!this.claimBanks(s, t, off, 1)) return;
          latency += this.cfg.sharedLatency;
          this.shared[off] = R[a];
        } else {
          this.spmRange(s, addr, 1);
          s.spm[addr] = R[a];
        }
        memWriteAddr = addr;
        memWriteLen = 1;
        break;
      }
      case SEM.vld:
      case SEM.vst: {
        const addr = (R[b] + imm) | 0;
        const n = s.vl;
        const base = a * this.vlmax;
        const V = s.vreg;
        let mem: Int32Array;
        let off: number;
        if (addr >= SHARED_BASE) {
          off = this.sharedRange(s, addr, n);
          const worst = this.claimBanks(s, t, off, n);
          if (!worst) return;
          if (worst > beats) beats = worst;
          latency += this.cfg.sharedLatency;
          mem = this.shared;
        } else {
          this.spmRange(s, addr, n);
          off = addr;
          mem = s.spm;
        }
        if (sem === SEM.vld) {
          const max = fmt.max;
          const min = fmt.min;
          for (let i = 0; i < n; i++) {
            const w = mem[off + i];
            V[base + i] = w > max ? max : w < min ? min : w;
          }
        } else {
          for (let i = 0; i < n; i++) mem[off + i] = V[base + i];
          memWriteAddr = addr;
          memWriteLen = n;
        }
        break;
      }
      case SEM.vadd:
      case SEM.vsub:
      case SEM.vmin:
      case SEM.vmaxs:
      case SEM.vdamp: {
        const V = s.vreg;
        const n = s.vl;
        const d = a * this.vlmax;
        const x = b * this.vlmax;
        const y = c * this.vlmax;
        const max = fmt.max;
        const min = fmt.min;
        for (let i = 0; i < n; i++) {
          const p = V[x + i];
          const q = V[y + i];
          let r: number;
          if (sem === SEM.vadd) r = p + q;
          else if (sem === SEM.vsub) r = p - q;
          else if (sem === SEM.vmin) r = p < q ? p : q;
          else if (sem === SEM.vmaxs) r = maxStar(fmt, p, q);
          else r = dampBlend(fmt, p, q, imm);
          V[d + i] = r > max ? max : r < min ? min : r;
        }
        break;
      }
      case SEM.vnorm: {
        const V = s.vreg;
        const n = s.vl;
        const d = a * this.vlmax;
        const x = b * this.vlmax;
        let m = V[x];
        for (let i = 1; i < n; i++) if (V[x + i] < m) m = V[x + i];
        for (let i = 0; i < n; i++) {
          const r = V[x + i] - m;
          V[d + i] = r > fmt.max ? fmt.max : r;
        }
        break;
      }
      case SEM.vbcast: {
        const v = R[b] > fmt.max ? fmt.max : R[b] < fmt.min ? fmt.min : R[b];
        s.vreg.fill(v, a * this.vlmax, a * this.vlmax + s.vl);
        break;
      }
      case SEM.vrmin:
      case SEM.vrmaxs: {
        const V = s.vreg;
        const x = b * this.vlmax;
        let m = V[x];
        for (let i = 1; i < s.vl; i++) m = sem === SEM.vrmin ? (V[x + i] < m ? V[x + i] : m) : maxStar(fmt, m, V[x + i]);
        sValue = m;
        break;
      }
      case SEM.vmaxad: {
        const V = s.vreg;
        const x = b * this.vlmax;
        const y = c * this.vlmax;
        let m = R[a];
        for (let i = 0; i < s.vl; i++) {
          const dd = absDiff(V[x + i], V[y + i]);
          if (dd > m) m = dd;
        }
        sValue = m;
        break;
      }
      case SEM.vext: {
        if (imm >= this.vlmax) throw this.faultAt(s, 'invalid-instruction', `lane ${imm} ≥ vregLanes (${this.vlmax})`);
        sValue = s.vreg[b * this.vlmax + imm];
        break;
      }
      case SEM.fupd:
      case SEM.vupd: {
        const desc = (R[b] + imm) | 0;
        let outAddr: number;
        let outLen: number;
        try {
          // Validated descriptors are cached until a store touches their words (descMark).
          const key = sem === SEM.fupd ? desc * 2 : desc * 2 + 1;
          const cached = s.descCache.get(key);
          if (cached !== undefined) {
            outLen = cached % DESC_BEATS_SCALE;
            beats = Math.floor(cached / DESC_BEATS_SCALE);
          } else {
            let words: number;
            if (sem === SEM.fupd) {
              outLen = checkFactorDescriptor(s.spm, desc, this.L);
              words = factorDescriptorWords(s.spm[desc + FD.arity]);
            } else {
              outLen = checkVariableDescriptor(s.spm, desc, this.L);
              words = variableDescriptorWords(s.spm[desc + VD.inputs]);
            }
            beats = lastDescriptorBeats;
            if (!s.descMark) s.descMark = new Uint8Array(s.spm.length);
            s.descMark.fill(1, desc, desc + words);
            s.descCache.set(key, outLen + beats * DESC_BEATS_SCALE);
          }
          outAddr = s.spm[desc + (sem === SEM.fupd ? FD.out : VD.out)];
          const change =
            sem === SEM.fupd
              ? factorUpdateUnchecked(fmt, s.spm, desc, prog.variant[pc] === 1, outLen)
              : variableUpdateUnchecked(fmt, s.spm, desc, outLen);
          sValue = change > R[a] ? change : R[a];
        } catch (e) {
          throw this.kernelFault(s, e);
        }
        s.laneOps += denseLaneOps(s.spm, desc, sem === SEM.fupd);
        s.msgs++;
        memWriteAddr = outAddr;
        memWriteLen = outLen;
        break;
      }
      case SEM.cnu:
      case SEM.vnu: {
        try {
          issueLlr(fmt, s.spm, sem === SEM.cnu ? prog.variant[pc] : -1, R[b], R[c], R[a], s.vl, this.L, t, s.llr, LLR);
        } catch (e) {
          throw this.kernelFault(s, e);
        }
        beats = LLR.beats;
        latency = LLR.latency;
        sValue = LLR.value;
        memWriteAddr = LLR.writeAddr;
        memWriteLen = LLR.writeLen;
        s.laneOps += LLR.laneOps;
        break;
      }
      case SEM.send: {
        const dest = R[a];
        const addr = R[b];
        const len = imm;
        if (dest < 0 || dest >= this.pes.length || dest === s.id) {
          throw this.faultAt(s, 'bad-pe', `send to PE ${dest}: expected another PE id in 0 … ${this.pes.length - 1}`);
        }
        this.spmRange(s, addr, len);
        beats = Math.ceil(len / this.L);
        const arrival = this.route(s, dest, t, beats);
        const msg: InFlightMessage = { arrival, data: s.spm.slice(addr, addr + len) };
        this.channels[s.id * this.pes.length + dest].push(msg);
        s.messagesSent++;
        const d = this.pes[dest];
        if (d.sleep === SLEEP_RECV && d.recvFrom === s.id) {
          d.sleep = SLEEP_NONE;
          this.stallSpan(d, d.waitStart, arrival, C_RECV, false);
          d.nextTry = arrival;
          if (arrival < this.wakeMin) this.wakeMin = arrival;
        }
        break;
      }
      case SEM.recv: {
        const src = R[a];
        const addr = R[b];
        const len = imm;
        if (src < 0 || src >= this.pes.length || src === s.id) {
          throw this.faultAt(s, 'bad-pe', `recv from PE ${src}: expected another PE id in 0 … ${this.pes.length - 1}`);
        }
        const q = this.channels[src * this.pes.length + s.id];
        if (q.length === 0) {
          s.sleep = SLEEP_RECV;
          s.recvFrom = src;
          s.waitStart = t;
          s.nextTry = Infinity;
          this.sink?.stall(s.id, t, Infinity, 'recv');
          return;
        }
        const msg = q[0];
        if (msg.arrival > t) {
          s.nextTry = this.stallSpan(s, t, msg.arrival, C_RECV);
          return;
        }
        if (msg.data.length !== len) {
          throw this.faultAt(s, 'message-length', `recv expects ${len} words but PE ${src} sent ${msg.data.length}`);
        }
        this.spmRange(s, addr, len);
        q.shift();
        s.spm.set(msg.data, addr);
        beats = Math.ceil(len / this.L);
        memWriteAddr = addr;
        memWriteLen = len;
        break;
      }
      case SEM.bar:
      case SEM.barmax: {
        // Arrive; the barrier completes in the cycle the last running PE arrives.
        if (s.sleep !== SLEEP_BARRIER) {
          s.sleep = SLEEP_BARRIER;
          s.waitStart = t;
          s.barrierValue = R[b];
          s.nextTry = Infinity;
          this.sink?.stall(s.id, t, Infinity, 'barrier');
          this.barrierWaiting++;
          if (this.barrierWaiting === this.running) this.releaseBarrier(t);
        }
        return; // releaseBarrier issues the barrier instruction of every participant
      }
      case SEM.csrr: sValue = this.csr(s, imm, t); break;
      case SEM.setvl: {
        const want = prog.variant[pc] === 1 ? imm : R[b];
        s.vl = want < 1 ? 1 : want > this.vlmax ? this.vlmax : want;
        sValue = s.vl;
        break;
      }
      case SEM.nop: break;
      case SEM.halt: {
        s.instret++;
        if (sink) this.traceIssue(s, t, pc, -1, 0, false, 0, 0);
        s.halted = true;
        s.haltCycle = t;
        this.running--;
        sink?.halt(s.id, t);
        if (this.barrierWaiting > 0 && this.barrierWaiting === this.running) this.releaseBarrier(t);
        return;
      }
      default:
        throw new Error(`unimplemented semantic ${sem}`);
    }

    // Retire bookkeeping: timing of results, unit occupancy, pc.
    s.instret++;
    if (beatRule === BEAT_VL) s.laneOps += s.vl;
    else if (beatRule === BEAT_VL2) s.laneOps += 2 * s.vl;
    const unit = prog.unit[pc];
    s.unitFree[unit] = t + beats;
    const readyAt = t + beats - 1 + (latency > 1 ? latency : 1);
    if (writesS) {
      const rd = prog.sDst[pc];
      R[rd] = sValue;
      s.sReady[rd] = readyAt;
      s.sWriter[rd] = unit;
    }
    if (writesV) s.vReady[prog.vDst[pc]] = readyAt;
    if (memWriteLen > 0) {
      if (s.descMark && memWriteAddr < SHARED_BASE) {
        const mark = s.descMark;
        for (let i = memWriteAddr, end = memWriteAddr + memWriteLen; i < end; i++) {
          if (mark[i]) {
            s.descCache.clear();
            mark.fill(0);
            break;
          }
        }
      }
      s.memWriteDone[unit] = readyAt;
      const others = s.memWriteOthers;
      for (let u = 0; u < NUM_UNITS; u++) if (u !== unit && others[u] < readyAt) others[u] = readyAt;
    }
    if (sink) this.traceIssue(s, t, pc, writesS ? prog.sDst[pc] : -1, sValue, writesV, memWriteAddr, memWriteLen, s.laneOps - laneOps0);

    s.pc = taken ? nextPc : fallThrough(s, nextPc);
    // A taken branch's bubbles are attributed with the next instruction's hazards (stall `branch`).
    if (taken) s.branchUntil = t + 1 + prog.penalty[pc];
    s.nextTry = t + 1;
    // Look ahead: if the next instruction must wait on this PE's own hazards, sleep until then
    // (saves the scheduler a wasted visit; attribution is the same as a visit at t + 1).
    if (nextPc >= 0 && nextPc < prog.length) {
      const nsem = prog.sem[nextPc];
      if (nsem >= 0) {
        s.nextTry = this.ownHazards(s, t + 1, nextPc, nsem);
        s.clearPc = nextPc;
        s.clearAt = s.nextTry;
      }
    }
  }

  private releaseBarrier(t: number): void {
    let value = -0x80000000;
    for (const p of this.pes) if (p.sleep === SLEEP_BARRIER && p.barrierValue > value) value = p.barrierValue;
    this.barrierWaiting = 0;
    for (const p of this.pes) {
      if (p.sleep !== SLEEP_BARRIER) continue;
      if (t > p.waitStart) this.stallSpan(p, p.waitStart, t, C_BARRIER, false);
      // Issue the barrier instruction of every participant in this cycle.
      p.instret++;
      const pc = p.pc;
      const isMax = p.prog.sem[pc] === SEM.barmax;
      const readyAt = t + Math.max(1, p.prog.latency[pc]);
      if (isMax && p.prog.sDst[pc] >= 0) {
        p.sreg[p.prog.sDst[pc]] = value;
        p.sReady[p.prog.sDst[pc]] = readyAt;
        p.sWriter[p.prog.sDst[pc]] = p.prog.unit[pc];
      }
      p.sleep = SLEEP_NONE;
      if (this.sink) this.traceIssue(p, t, pc, isMax ? p.prog.sDst[pc] : -1, value, false, -1, 0);
      p.pc = fallThrough(p, pc + 1);
      p.nextTry = t + 1;
    }
    if (t + 1 < this.wakeMin) this.wakeMin = t + 1;
  }

  // ---------------------------------------------------------------- memory and network

  private spmRange(s: PEState, addr: number, len: number): void {
    if (addr < 0 || addr + len > s.spm.length) {
      throw this.faultAt(s, 'memory-range', `access [${addr}, ${addr + len}) is outside the scratchpad (0 … ${s.spm.length - 1}) and shared memory`);
    }
  }

  private sharedRange(s: PEState, addr: number, len: number): number {
    const off = addr - SHARED_BASE;
    if (off + len > this.shared.length) {
      throw this.faultAt(s, 'memory-range', `access [${addr}, ${addr + len}) is outside shared memory (${SHARED_BASE} … ${SHARED_BASE + this.shared.length - 1})`);
    }
    return off;
  }

  /**
   * Claim the shared-memory banks for words [off, off + n) at cycle t: the beats the access needs,
   * or 0 after recording a bank stall until the banks free up.
   */
  private claimBanks(s: PEState, t: number, off: number, n: number): number {
    const beats = this.banks.claim(t, off, n);
    if (beats > 0) return beats;
    s.bankConflicts++;
    s.nextTry = this.stallSpan(s, t, this.banks.busyUntil, C_BANK);
    return 0;
  }

  /** Send `flits` flits from s to dest at cycle t over the mesh; returns when the last arrives. */
  private route(s: PEState, dest: number, t: number, flits: number): number {
    const arrival = this.mesh.send(s.id, dest, t, flits);
    s.flitsSent += flits;
    s.flitHops += flits * this.mesh.hops(s.id, dest);
    return arrival;
  }

  private csr(s: PEState, n: number, t: number): number {
    switch (n) {
      case 0: return s.id;
      case 1: return this.pes.length;
      case 2: return t | 0;
      case 3: return s.instret | 0;
      case 4: {
        let sum = 0;
        for (let i = 0; i < NUM_CAUSES; i++) sum += s.stalls[i];
        return sum | 0;
      }
      case 5: return s.vl;
      case 6: return this.vlmax;
      case 7: return s.msgs | 0;
      case 8: return s.id % this.cfg.meshWidth;
      case 9: return Math.floor(s.id / this.cfg.meshWidth);
      default: return 0;
    }
  }

  // ---------------------------------------------------------------- faults and traces

  private faultAt(s: PEState, cause: FaultCause, message: string): FaultReportError {
    const pc = s.pc;
    const word = pc >= 0 && pc < s.prog.length ? s.prog.words[pc] : 0;
    return new FaultReportError({
      cause,
      pe: s.id,
      pc,
      cycle: this.cycle,
      instruction: pc >= 0 && pc < s.prog.length ? disassembleWord(word, pc) : '(no instruction)',
      message,
    });
  }

  /** A KernelFault from a descriptor-driven unit as a fault report; anything else is a bug. */
  private kernelFault(s: PEState, e: unknown): unknown {
    if (e instanceof KernelFault) return this.faultAt(s, e.message.startsWith('descriptor field') ? 'bad-descriptor' : 'memory-range', e.message);
    return e;
  }

  private deadlock(): never {
    const s = this.pes.find((p) => !p.halted && p.sleep === SLEEP_RECV) ?? this.pes.find((p) => !p.halted)!;
    const waiting = this.pes.filter((p) => !p.halted && p.sleep === SLEEP_BARRIER).map((p) => p.id);
    const why =
      s.sleep === SLEEP_RECV
        ? `deadlock: PE ${s.id} waits for a message from PE ${s.recvFrom} that can never be sent`
        : `deadlock: PEs ${waiting.join(', ')} wait at a barrier that can never complete`;
    throw this.faultAt(s, 'deadlock', why);
  }

  private traceIssue(s: PEState, t: number, pc: number, sDst: number, sValue: number, writesV: boolean, memAddr: number, memLen: number, laneOps = 0): void {
    const writes: WriteRecord[] = [];
    if (sDst >= 0) writes.push({ kind: 'sreg', reg: sDst, value: sValue });
    if (writesV) {
      const vd = s.prog.vDst[pc];
      writes.push({ kind: 'vreg', reg: vd, lanes: s.vreg.subarray(vd * this.vlmax, vd * this.vlmax + s.vl) });
    }
    if (memLen > 0) {
      const values = memAddr >= SHARED_BASE ? this.shared.subarray(memAddr - SHARED_BASE, memAddr - SHARED_BASE + memLen) : s.spm.subarray(memAddr, memAddr + memLen);
      writes.push({ kind: 'mem', addr: memAddr, values });
    }
    const word = s.prog.words[pc];
    const text = s.prog.text[pc] ?? (s.prog.text[pc] = disassembleWord(word, pc));
    this.sink!.issue({ cycle: t, pe: s.id, pc, word, text, group: defOf(s.prog.defIndex[pc]).group, writes, laneOps });
  }
}

/**
 * The pc after falling through to nextPc: reaching a loop end with iterations left returns to
 * the body start (zero-overhead loops); finished loops pop, so nested ends close in turn.
 */
function fallThrough(s: PEState, nextPc: number): number {
  while (s.loopDepth > 0 && nextPc === s.loopEnd[s.loopDepth - 1]) {
    const top = s.loopDepth - 1;
    if (--s.loopCount[top] > 0) return s.loopStart[top];
    s.loopDepth--;
  }
  return nextPc;
}

export class FaultReportError extends Error {
  constructor(readonly report: FaultReport) {
    super(report.message);
  }
}

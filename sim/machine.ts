// The cycle-accurate PE-array model. Time advances event to event: a PE that cannot issue
// computes when its own hazards clear and sleeps until then (its stall cycles are attributed in
// bulk, exactly as a cycle-by-cycle loop would attribute them), so long multi-beat instructions
// cost one step, not one step per cycle. PEs are visited in id order within a cycle, which fixes
// the arbitration of shared banks and mesh links.
import {
  configFormat,
  storedDenseDescriptorWords,
  denseLaneOps,
  checkFactorDescriptor,
  checkVariableDescriptor,
  KernelFault,
  SHARED_BASE,
  STALL_CAUSE_NAMES,
  STALL_INDEX,
  SEM_INDEX,
  UNIT_NAMES,
  BEAT_RULES,
  ruleBeats,
  scratchpadWords,
  disassembleWord,
  BEAT_INDEX,
  type DescriptorCheck,
  type FixedFormat,
  type MachineConfig,
} from '../isa/index.js';
import { predecode, defOf, type DecodedProgram } from './predecode.js';
import type { ProgramImage } from './image.js';
import { Mesh } from './mesh.js';
import { SharedBanks } from './banks.js';
import type { IssueEvent, RetireLogTarget, TraceSink, WriteRecord } from './trace.js';
import type { FaultCause, FaultReport } from './faults.js';
import { SEMANTIC_BY_INDEX, type ArchState } from './semantics/index.js';
import { issueLlr, LlrUnitState, type LlrIssue } from './llr-unit.js';
import { issuePairwise, type PairwiseIssue } from './pairwise-unit.js';
import type { MachineMemory } from './machine-memory.js';
import { DescriptorCache } from './descriptor-cache.js';

const NUM_UNITS = UNIT_NAMES.length;
const NUM_CAUSES = STALL_CAUSE_NAMES.length;

const BEAT_VL = BEAT_INDEX.vl;
const BEAT_VL2 = BEAT_INDEX.vl2;
/** Result record of the LLR unit, reused by every cnu/vnu. */
const LLR: LlrIssue = { beats: 0, latency: 0, value: 0, writeAddr: -1, writeLen: 0, laneOps: 0 };
const PFU: PairwiseIssue = { beats: 0, value: 0, writeAddr: -1, writeLen: 0, messages: 0 };
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
  /** Tracing: views of vector register vd's first vl lanes, by vd·(vlmax + 1) + vl (made on first use). */
  vregViews?: Int32Array[];
  /** Tracing: the view of the memory words the instruction at each pc last wrote (reused while they stay the same). */
  memViews?: { of: Int32Array; off: number; view: Int32Array }[];
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
  /**
   * Latest completion of a memory write by any unit (memWriteTop, by unit memWriteTopUnit) and by
   * any unit but that one (memWriteSecond): a unit waits for the latest write of the others.
   */
  memWriteTop = 0;
  memWriteTopUnit = -1;
  memWriteSecond = 0;
  /**
   * Per unit: the words [memLastLo, memLastHi) of its last memory write, and the latest completion
   * of its earlier writes (memOlderDone): a send or recv waits only for a write that overlaps its
   * own words, and for any older one (whose words are not kept).
   */
  readonly memLastLo = new Int32Array(NUM_UNITS);
  readonly memLastHi = new Int32Array(NUM_UNITS);
  readonly memOlderDone = new Float64Array(NUM_UNITS);
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
  /** Validated fupd/vupd descriptors (key desc·2 + isVupd); descMark marks their words. */
  descCache: DescriptorCache | null = null;
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
    /** The scratchpad: starts as the initialised prefix, extended to full size on first use beyond it. */
    public spm: Int32Array,
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
  /**
   * Stop with an instruction-limit fault once this many instructions have retired (all PEs).
   * The run is then visited in lockstep, so the stop point is the Nth retirement in (cycle, PE) order.
   */
  maxInstructions?: number;
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

/**
 * The machine. It is also the ArchState of the instruction executing (see sim/semantics/): the
 * semantic functions read its operand fields and call its services; it keeps hazards, banks, the
 * network, sleep/wake, the descriptor cache and tracing.
 */
export class Machine implements ArchState {
  readonly pes: PEState[];
  readonly shared: Int32Array;
  readonly fmt: FixedFormat;
  readonly banks: SharedBanks;
  readonly mesh: Mesh;
  /** Message queues by src × P + dest, created on first send (P² empty queues would dominate large machines). */
  private readonly channels = new Map<number, InFlightMessage[]>();
  private readonly spmWords: number;
  private readonly L: number;
  readonly vlmax: number;
  /** Beats by beat rule and VL (index rule × vlStride + VL) for the rules that depend on VL alone. */
  private readonly vlBeats: Uint16Array;
  private readonly vlStride: number;
  // ---- the instruction executing (ArchState) and its retirement
  private cur!: PEState;
  private t = 0;
  R: Int32Array = new Int32Array(16);
  V: Int32Array = new Int32Array(0);
  pc = 0;
  a = 0;
  b = 0;
  c = 0;
  imm = 0;
  imm2 = 0;
  sValue = 0;
  taken = false;
  nextPc = 0;
  memory: Int32Array = new Int32Array(0);
  private beats = 1;
  private latency = 0;
  private memWriteAddr = -1;
  private memWriteLen = 0;
  /** Set when the instruction does not retire through execute (it waits, or its service retired it). */
  private held = false;
  private running: number;
  private barrierWaiting = 0;
  private maxCycles = Infinity;
  private maxInstructions = Infinity;
  /** Instructions retired by all PEs. */
  retired = 0;
  private runAhead = true;
  /** Earliest nextTry set on another PE during the current scheduler pass. */
  private wakeMin = Infinity;
  private sink: TraceSink | undefined;
  /** The sink's retirement log, when it takes issues in batches (then `issue` is not called). */
  private log: RetireLogTarget | undefined;
  cycle = 0;
  private readonly memories: MachineMemory | undefined;

  /**
   * `memory`: build on these reusable memories (zeroed and loaded here) instead of fresh arrays; the
   * run is the same. They stay this machine's until another machine is built on them.
   */
  constructor(
    readonly cfg: MachineConfig,
    image: ProgramImage,
    memory?: MachineMemory,
  ) {
    if (memory && !memory.fits(cfg)) throw new Error(`machine memories of ${memory.scratchpadWords} scratchpad and ${memory.sharedWords} shared words do not fit this configuration`);
    this.memories = memory;
    this.fmt = configFormat(cfg);
    this.L = cfg.lanes;
    this.vlmax = cfg.vregLanes;
    this.vlStride = cfg.vregLanes + 1;
    this.vlBeats = new Uint16Array(BEAT_RULES.length * this.vlStride);
    BEAT_RULES.forEach((rule, r) => {
      const args: readonly string[] = rule.args;
      // Rules with other inputs (descriptors, message length) are set by their service; 1 until then.
      const byVl = args.length === 0 || (args.length === 1 && args[0] === 'VL');
      for (let vl = 0; vl <= cfg.vregLanes; vl++) this.vlBeats[r * this.vlStride + vl] = byVl ? ruleBeats(rule.name, cfg.lanes, vl) : 1;
    });
    this.pes = image.code.map((words, id) => {
      let prog = decodedPrograms.get(words);
      if (!prog) {
        prog = predecode(words);
        decodedPrograms.set(words, prog);
      }
      const spm = memory ? memory.scratchpad(id, image.scratchpad[id]) : image.scratchpad[id].slice();
      return new PEState(id, prog, spm, image.entry[id], cfg.vregLanes, cfg.loopDepth);
    });
    this.spmWords = scratchpadWords(cfg);
    this.shared = memory ? memory.shared(image.shared) : image.shared.slice();
    this.banks = new SharedBanks(cfg.sharedBanks, cfg.lanes);
    this.mesh = new Mesh(cfg.meshWidth, cfg.pes, cfg.hopLatency);
    // A PE with no code is idle: halted from reset, outside barriers, 0 instructions.
    this.running = 0;
    for (const s of this.pes) {
      if (s.prog.length > 0) this.running++;
      else s.halted = true;
    }
  }

  run(opts: RunOptions = {}): RunResult {
    const maxCycles = opts.maxCycles ?? 10_000_000;
    this.maxCycles = maxCycles;
    this.maxInstructions = opts.maxInstructions ?? Infinity;
    this.sink = opts.sink;
    // Sinks receive each PE's events in cycle order and merge PEs below the `advance` mark, so
    // run-ahead is safe with tracing too (every later event is at or after the global cycle).
    this.runAhead = opts.lockstep !== true && opts.maxInstructions === undefined;
    this.sink?.begin?.({ pes: this.cfg.pes, clockMHz: this.cfg.clockMHz, messageBits: this.cfg.messageBits, lanes: this.cfg.lanes });
    this.log = this.sink?.retireLog;
    // Idle PEs (no code) are halted from reset: traces show them halted from cycle 0.
    if (this.sink) for (const s of this.pes) if (s.prog.length === 0) this.sink.halt(s.id, -1);
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
        // An instruction limit stops after the cycle of the last retirement (a cycle limit at its start).
        const cycles = e.report.cause === 'instruction-limit' ? this.cycle + 1 : this.cycle;
        return { status: 'fault', fault: e.report, cycles };
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
      if (pc < 0 || pc >= prog.length) throw this.faultAt(s, 'pc-out-of-range', `pc ${pc} is outside PE ${s.id}'s code (0 … ${prog.length - 1})`);
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
      if (this.retired >= this.maxInstructions && this.running > 0) throw this.instructionLimit(s);
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
    if (sem === SEM_INDEX.ld || sem === SEM_INDEX.st || sem === SEM_INDEX.vld || sem === SEM_INDEX.vst) {
      return ((s.sreg[prog.fb[pc]] + prog.imm[pc]) | 0) >= SHARED_BASE;
    }
    return sem === SEM_INDEX.send || sem === SEM_INDEX.recv || sem === SEM_INDEX.bar || sem === SEM_INDEX.barmax || sem === SEM_INDEX.halt;
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
    if (sem === SEM_INDEX.halt) {
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
      uMem = unit === s.memWriteTopUnit ? s.memWriteSecond : s.memWriteTop;
      if (uMem > t && (sem === SEM_INDEX.send || sem === SEM_INDEX.recv)) uMem = this.overlappingWriteDone(s, unit, s.sreg[prog.fb[pc]] >>> 0, prog.imm[pc]);
    } else if (sem === SEM_INDEX.bar || sem === SEM_INDEX.barmax) {
      // Barriers are fences: every earlier memory write must be complete.
      for (let u = 0; u < NUM_UNITS; u++) if (s.memWriteDone[u] > uMem) uMem = s.memWriteDone[u];
    }
    if (uBranch > t || uRaw > t || uWaw > t || uBusy > t || uMem > t) {
      let cursor = t;
      if (uBranch > cursor) cursor = this.stallSpan(s, cursor, uBranch, STALL_INDEX.branch);
      if (uRaw > cursor) cursor = this.stallSpan(s, cursor, uRaw, STALL_INDEX.raw);
      if (uWaw > cursor) cursor = this.stallSpan(s, cursor, uWaw, STALL_INDEX.waw);
      if (uBusy > cursor) cursor = this.stallSpan(s, cursor, uBusy, STALL_INDEX.busy);
      if (uMem > cursor) cursor = this.stallSpan(s, cursor, uMem, STALL_INDEX['mem-order']);
      return cursor;
    }
    return t;
  }

  /**
   * When the network unit's words [lo, lo + len) may be touched: after every other unit's older
   * writes, and after its last write if that one overlaps them (ISA.md, "Timing model"). `lo` is
   * the address register read unsigned, and lo + len does not wrap (the RTL's 33-bit bound): a bad
   * address then faults at the same cycle in both.
   */
  private overlappingWriteDone(s: PEState, unit: number, lo: number, len: number): number {
    const hi = lo + len;
    let done = 0;
    for (let u = 0; u < NUM_UNITS; u++) {
      if (u === unit) continue;
      if (s.memOlderDone[u] > done) done = s.memOlderDone[u];
      if (s.memWriteDone[u] > done && s.memLastLo[u] < hi && lo < s.memLastHi[u]) done = s.memWriteDone[u];
    }
    return done;
  }

  /** Count stall cycles [from, to); `traced` is false when the sink already saw the span open. */
  private stallSpan(s: PEState, from: number, to: number, cause: number, traced = true): number {
    s.stalls[cause] += to - from;
    if (traced) this.sink?.stall(s.id, from, to, STALL_CAUSE_NAMES[cause]);
    return to;
  }

  private execute(s: PEState, t: number, pc: number, sem: number): void {
    const prog = s.prog;
    this.cur = s;
    this.t = t;
    this.R = s.sreg;
    this.V = s.vreg;
    this.pc = pc;
    this.a = prog.fa[pc];
    this.b = prog.fb[pc];
    this.c = prog.fc[pc];
    this.imm = prog.imm[pc];
    this.imm2 = prog.imm2[pc];
    this.beats = this.vlBeats[prog.beats[pc] * this.vlStride + s.vl];
    this.latency = prog.latency[pc];
    this.sValue = 0;
    this.taken = false;
    this.nextPc = pc + 1;
    this.memWriteAddr = -1;
    this.memWriteLen = 0;
    this.held = false;
    const laneOps0 = s.laneOps;
    SEMANTIC_BY_INDEX[sem](this);
    if (this.held) return;

    // Retire bookkeeping: timing of results, unit occupancy, pc.
    const beats = this.beats;
    const latency = this.latency;
    const nextPc = this.nextPc;
    const taken = this.taken;
    const sValue = this.sValue;
    const memWriteAddr = this.memWriteAddr;
    const memWriteLen = this.memWriteLen;
    const writesS = prog.sDst[pc] >= 0;
    const writesV = prog.vDst[pc] >= 0;
    const R = s.sreg;
    s.instret++;
    this.retired++;
    const beatRule = prog.beats[pc];
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
            s.descCache!.clear();
            mark.fill(0);
            break;
          }
        }
      }
      if (s.memWriteDone[unit] > s.memOlderDone[unit]) s.memOlderDone[unit] = s.memWriteDone[unit];
      s.memWriteDone[unit] = readyAt;
      s.memLastLo[unit] = memWriteAddr;
      s.memLastHi[unit] = memWriteAddr + memWriteLen;
      if (unit === s.memWriteTopUnit) {
        if (readyAt > s.memWriteTop) s.memWriteTop = readyAt;
      } else if (readyAt > s.memWriteTop) {
        s.memWriteSecond = s.memWriteTop;
        s.memWriteTop = readyAt;
        s.memWriteTopUnit = unit;
      } else if (readyAt > s.memWriteSecond) s.memWriteSecond = readyAt;
    }
    if (this.sink) this.traceIssue(s, t, pc, writesS ? prog.sDst[pc] : -1, sValue, writesV, memWriteAddr, memWriteLen, s.laneOps - laneOps0);

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

  // ---------------------------------------------------------------- services of ArchState

  get vl(): number {
    return this.cur.vl;
  }
  set vl(n: number) {
    this.cur.vl = n;
  }
  get scratchpad(): Int32Array {
    if (this.cur.spm.length !== this.spmWords) this.fullScratchpad(this.cur);
    return this.cur.spm;
  }

  access(addr: number, n: number): number {
    const s = this.cur;
    if (addr >= SHARED_BASE) {
      const off = this.sharedRange(s, addr, n);
      const worst = this.claimBanks(s, this.t, off, n);
      if (!worst) {
        this.held = true;
        return -1;
      }
      if (worst > this.beats) this.beats = worst;
      this.latency += this.cfg.sharedLatency;
      this.memory = this.shared;
      return off;
    }
    this.spmRange(s, addr, n);
    this.memory = s.spm;
    return addr;
  }

  wrote(addr: number, n: number): void {
    this.memWriteAddr = addr;
    this.memWriteLen = n;
  }

  descriptor(desc: number, isVupd: boolean): number {
    const s = this.cur;
    const spm = this.scratchpad; // the kernels check against the full scratchpad
    // Validated descriptors are cached until a store touches their words (descMark).
    const key = isVupd ? desc * 2 + 1 : desc * 2;
    // Made on first use: a large machine's idle PEs allocate none.
    const cache = (s.descCache ??= new DescriptorCache());
    if (cache.find(key)) {
      this.beats = cache.hit.beats;
      s.laneOps += cache.hit.laneOps;
      return cache.hit.outLen;
    }
    let check: DescriptorCheck;
    try {
      check = isVupd ? checkVariableDescriptor(spm, desc, this.L, this.fmt.code === 'unsigned') : checkFactorDescriptor(spm, desc, this.L);
    } catch (e) {
      this.kernelFault(e);
    }
    const words = storedDenseDescriptorWords(spm, desc, isVupd);
    if (!s.descMark) s.descMark = this.memories ? this.memories.descMark(s.id) : new Uint8Array(spm.length);
    s.descMark.fill(1, desc, desc + words);
    const laneOps = denseLaneOps(spm, desc, !isVupd);
    cache.add(key, check.outLen, check.beats, laneOps);
    this.beats = check.beats;
    s.laneOps += laneOps;
    return check.outLen;
  }

  llrUpdate(rule: number, desc: number, active: number, acc: number): number {
    const s = this.cur;
    try {
      issueLlr(this.fmt, this.scratchpad, rule, desc, active, acc, s.vl, this.L, this.t, s.llr, LLR);
    } catch (e) {
      this.kernelFault(e);
    }
    this.beats = LLR.beats;
    this.latency = LLR.latency;
    this.wrote(LLR.writeAddr, LLR.writeLen);
    s.laneOps += LLR.laneOps;
    return LLR.value;
  }

  pairwiseUpdate(desc: number, sumProduct: boolean, acc: number): number {
    const s = this.cur;
    try {
      issuePairwise(this.fmt, this.scratchpad, desc, sumProduct, acc, this.L, PFU);
    } catch (e) {
      this.kernelFault(e);
    }
    this.beats = PFU.beats;
    this.wrote(PFU.writeAddr, PFU.writeLen);
    s.laneOps += PFU.messages;
    s.msgs += PFU.messages;
    return PFU.value;
  }

  countMessage(): void {
    this.cur.msgs++;
  }

  pushLoop(start: number, end: number, count: number): void {
    const s = this.cur;
    if (s.loopDepth >= s.loopStart.length) this.fault('loop-overflow', `loop stack overflow (depth ${s.loopStart.length})`);
    s.loopStart[s.loopDepth] = start;
    s.loopEnd[s.loopDepth] = end;
    s.loopCount[s.loopDepth] = count;
    s.loopDepth++;
  }

  send(dest: number, addr: number, len: number): void {
    const s = this.cur;
    const t = this.t;
    if (dest < 0 || dest >= this.pes.length || dest === s.id) {
      this.fault('bad-pe', `send to PE ${dest}: expected another PE id in 0 … ${this.pes.length - 1}`);
    }
    this.spmRange(s, addr, len);
    this.beats = ruleBeats('msg', this.L, len);
    const arrival = this.route(s, dest, t, this.beats);
    const msg: InFlightMessage = { arrival, data: s.spm.slice(addr, addr + len) };
    const key = s.id * this.pes.length + dest;
    const queue = this.channels.get(key);
    if (queue) queue.push(msg);
    else this.channels.set(key, [msg]);
    s.messagesSent++;
    const d = this.pes[dest];
    if (d.sleep === SLEEP_RECV && d.recvFrom === s.id) {
      d.sleep = SLEEP_NONE;
      this.stallSpan(d, d.waitStart, arrival, STALL_INDEX.recv, false);
      d.nextTry = arrival;
      if (arrival < this.wakeMin) this.wakeMin = arrival;
    }
  }

  recv(src: number, addr: number, len: number): void {
    const s = this.cur;
    const t = this.t;
    if (src < 0 || src >= this.pes.length || src === s.id) {
      this.fault('bad-pe', `recv from PE ${src}: expected another PE id in 0 … ${this.pes.length - 1}`);
    }
    const q = this.channels.get(src * this.pes.length + s.id);
    if (q === undefined || q.length === 0) {
      s.sleep = SLEEP_RECV;
      s.recvFrom = src;
      s.waitStart = t;
      s.nextTry = Infinity;
      this.sink?.stall(s.id, t, Infinity, 'recv');
      this.held = true;
      return;
    }
    const msg = q[0];
    if (msg.arrival > t) {
      s.nextTry = this.stallSpan(s, t, msg.arrival, STALL_INDEX.recv);
      this.held = true;
      return;
    }
    if (msg.data.length !== len) {
      this.fault('message-length', `recv expects ${len} words but PE ${src} sent ${msg.data.length}`);
    }
    this.spmRange(s, addr, len);
    q.shift();
    s.spm.set(msg.data, addr);
    this.beats = ruleBeats('msg', this.L, len);
    this.wrote(addr, len);
  }

  barrier(value: number): void {
    const s = this.cur;
    const t = this.t;
    // Arrive; the barrier completes in the cycle the last running PE arrives, and releaseBarrier
    // retires the barrier instruction of every participant.
    this.held = true;
    if (s.sleep === SLEEP_BARRIER) return;
    s.sleep = SLEEP_BARRIER;
    s.waitStart = t;
    s.barrierValue = value;
    s.nextTry = Infinity;
    this.sink?.stall(s.id, t, Infinity, 'barrier');
    this.barrierWaiting++;
    if (this.barrierWaiting === this.running) this.releaseBarrier(t);
  }

  halt(): void {
    const s = this.cur;
    const t = this.t;
    this.held = true;
    s.instret++;
    this.retired++;
    if (this.sink) this.traceIssue(s, t, this.pc, -1, 0, false, 0, 0);
    s.halted = true;
    s.haltCycle = t;
    this.running--;
    this.sink?.halt(s.id, t);
    if (this.barrierWaiting > 0 && this.barrierWaiting === this.running) this.releaseBarrier(t);
  }

  csr(n: number): number {
    const s = this.cur;
    switch (n) {
      case 0: return s.id;
      case 1: return this.pes.length;
      case 2: return this.t | 0;
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

  fault(cause: FaultCause, message: string): never {
    throw this.faultAt(this.cur, cause, message);
  }

  /** Rethrow what a descriptor kernel threw: its KernelFault as a bad-descriptor or memory-range fault. */
  private kernelFault(e: unknown): never {
    if (e instanceof KernelFault) this.fault(e.message.startsWith('descriptor field') ? 'bad-descriptor' : 'memory-range', e.message);
    throw e;
  }

  private releaseBarrier(t: number): void {
    let value = -0x80000000;
    for (const p of this.pes) if (p.sleep === SLEEP_BARRIER && p.barrierValue > value) value = p.barrierValue;
    this.barrierWaiting = 0;
    for (const p of this.pes) {
      if (p.sleep !== SLEEP_BARRIER) continue;
      if (t > p.waitStart) this.stallSpan(p, p.waitStart, t, STALL_INDEX.barrier, false);
      // Issue the barrier instruction of every participant in this cycle.
      p.instret++;
      this.retired++;
      const pc = p.pc;
      const isMax = p.prog.sem[pc] === SEM_INDEX.barmax;
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
    if (this.retired >= this.maxInstructions && this.running > 0) throw this.instructionLimit(this.pes[this.pes.length - 1]);
  }

  // ---------------------------------------------------------------- memory and network

  private spmRange(s: PEState, addr: number, len: number): void {
    if (addr >= 0 && addr + len <= s.spm.length) return;
    if (addr < 0 || addr + len > this.spmWords) {
      throw this.faultAt(s, 'memory-range', `access [${addr}, ${addr + len}) is outside the scratchpad (0 … ${this.spmWords - 1}) and shared memory`);
    }
    this.fullScratchpad(s);
  }

  /** Extend a PE's scratchpad from its initialised prefix to full size (once, on first use beyond it). */
  private fullScratchpad(s: PEState): void {
    if (s.spm.length === this.spmWords) return;
    if (this.memories) {
      s.spm = this.memories.fullScratchpad(s.id);
      return;
    }
    const full = new Int32Array(this.spmWords);
    full.set(s.spm);
    s.spm = full;
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
    s.nextTry = this.stallSpan(s, t, this.banks.busyUntil, STALL_INDEX.bank);
    return 0;
  }

  /** Send `flits` flits from s to dest at cycle t over the mesh; returns when the last arrives. */
  private route(s: PEState, dest: number, t: number, flits: number): number {
    const arrival = this.mesh.send(s.id, dest, t, flits);
    s.flitsSent += flits;
    s.flitHops += flits * this.mesh.hops(s.id, dest);
    return arrival;
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

  private instructionLimit(s: PEState): FaultReportError {
    return this.faultAt(s, 'instruction-limit', `instruction limit of ${this.maxInstructions} reached before every PE halted`);
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
    if (this.log) {
      this.logIssue(this.log, s, t, pc, sDst, sValue, writesV, memAddr, memLen);
      return;
    }
    // One event and its write records, reused for every issue (valid only during the call); the
    // write list is one of eight fixed arrays (by which records it holds), never resized.
    const ev = this.traceEvent;
    const tw = this.traceWrites;
    let set = 0;
    if (sDst >= 0) {
      tw.sreg.reg = sDst;
      tw.sreg.value = sValue;
      set |= 1;
    }
    if (writesV) {
      const vd = s.prog.vDst[pc];
      const key = vd * (this.vlmax + 1) + s.vl;
      const views = s.vregViews ?? (s.vregViews = []);
      tw.vreg.reg = vd;
      tw.vreg.lanes = views[key] ?? (views[key] = s.vreg.subarray(vd * this.vlmax, vd * this.vlmax + s.vl));
      set |= 2;
    }
    if (memLen > 0) {
      tw.mem.addr = memAddr;
      tw.mem.values = memView(s, pc, memAddr >= SHARED_BASE ? this.shared : s.spm, memAddr >= SHARED_BASE ? memAddr - SHARED_BASE : memAddr, memLen);
      set |= 4;
    }
    ev.writes = this.writeSets[set];
    const word = s.prog.words[pc];
    ev.cycle = t;
    ev.pe = s.id;
    ev.pc = pc;
    ev.word = word;
    ev.text = s.prog.text[pc] ?? (s.prog.text[pc] = disassembleWord(word, pc));
    ev.group = defOf(s.prog.defIndex[pc]).group;
    ev.laneOps = laneOps;
    this.sink!.issue(ev);
  }

  /** Append the issue to the sink's retirement log: values are copied, nothing is allocated. */
  private logIssue(log: RetireLogTarget, s: PEState, t: number, pc: number, sDst: number, sValue: number, writesV: boolean, memAddr: number, memLen: number): void {
    const r = log.pes[s.id];
    const prog = s.prog;
    if (r.text[pc] === undefined) r.text[pc] = prog.text[pc] ?? (prog.text[pc] = disassembleWord(prog.words[pc], pc));
    const i = r.add(t, pc, prog.words[pc]);
    if (sDst >= 0) {
      r.sReg[i] = sDst;
      r.sValue[i] = sValue;
    }
    if (writesV) {
      r.vReg[i] = prog.vDst[pc];
      r.vLen[i] = s.vl;
      r.copy(s.vreg, prog.vDst[pc] * this.vlmax, s.vl);
    }
    if (memLen > 0) {
      r.memAddr[i] = memAddr;
      r.memLen[i] = memLen;
      if (memAddr >= SHARED_BASE) r.copy(this.shared, memAddr - SHARED_BASE, memLen);
      else r.copy(s.spm, memAddr, memLen);
    }
  }

  private readonly traceEvent: IssueEvent = { cycle: 0, pe: 0, pc: 0, word: 0, text: '', group: '', writes: [], laneOps: 0 };
  private readonly traceWrites: { sreg: Extract<WriteRecord, { kind: 'sreg' }>; vreg: Extract<WriteRecord, { kind: 'vreg' }>; mem: Extract<WriteRecord, { kind: 'mem' }> } = {
    sreg: { kind: 'sreg', reg: 0, value: 0 },
    vreg: { kind: 'vreg', reg: 0, lanes: new Int32Array(0) },
    mem: { kind: 'mem', addr: 0, values: new Int32Array(0) },
  };
  /** The write list by set (bit 0 scalar, bit 1 vector, bit 2 memory), in that order. */
  private readonly writeSets: WriteRecord[][] = Array.from({ length: 8 }, (_, set) =>
    [this.traceWrites.sreg, this.traceWrites.vreg, this.traceWrites.mem].filter((_, k) => set & (1 << k)),
  );
}

/**
 * A view of words [off, off + len) of `mem` for the trace event of the instruction at pc: the one
 * made last time when it covers the same words (an instruction usually writes the same block, and a
 * view per issue would be an allocation per event).
 */
function memView(s: PEState, pc: number, mem: Int32Array, off: number, len: number): Int32Array {
  const views = s.memViews ?? (s.memViews = []);
  const v = views[pc];
  if (v !== undefined && v.of === mem && v.off === off && v.view.length === len) return v.view;
  return (views[pc] = { of: mem, off, view: mem.subarray(off, off + len) }).view;
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

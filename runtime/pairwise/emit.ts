// What the flooding (program.ts) and the sequential (sequential.ts) pairwise programs emit alike:
// the per-PE emitters with base-register addressing, one iteration's beat and lane counts (behind
// the bounds), the progress callback, the pfu call, the iteration loop around the body, and the
// status words, halt and instruction-memory check at the end.
import { MEM_OFFSET_MAX } from '../codegen/builder.js';
import { codeWords, ruleBeats, scratchpadWords, type MachineConfig } from '../../isa/index.js';
import { fitAdvice, STATUS_WORDS } from '../fit.js';
import { CodeEmitter } from '../emitter.js';
import { CompileError } from '../errors.js';
import { REG } from '../registers.js';
import { closeHardwareLoop, openHardwareLoop } from '../codegen/loop.js';
import { laneBoundOf, type LaneBound } from '../lane-bound.js';
import type { PairwiseOptions } from './program.js';

type Operand = Parameters<CodeEmitter['emit']>[1];

/** CompileError when a PE's scratchpad words exceed the machine's (`what` names the program). */
export function checkScratchpad(used: readonly number[], cfg: MachineConfig, what: string): void {
  const limit = scratchpadWords(cfg);
  for (let p = 0; p < used.length; p++) {
    if (used[p] > limit) {
      let total = 0;
      for (const u of used) total += u - STATUS_WORDS;
      throw new CompileError(`the ${what} needs ${used[p]} scratchpad words on PE ${p} but the machine has ${limit}: ${fitAdvice(total, cfg)}`);
    }
  }
}

/** The per-PE code of a pairwise program and the counts of its iteration body (emitted once). */
export class PairwiseCode {
  readonly code: CodeEmitter[];
  /** pfu.sp or pfu.ms, by the semiring. */
  readonly pfu: string;
  /** Whether emitted work counts towards one iteration's figures (off for the belief pass). */
  counting = true;
  laneOps = 0;
  beats = 0;
  /** Beats per unit (fu: pfu; lsu: vld/vst; vec: the other vector instructions): the units stream in parallel. */
  readonly unitBeats = { fu: 0, lsu: 0, vec: 0 };
  /** Per PE: network words injected per iteration. */
  readonly inject: Float64Array;
  private readonly baseKnown: Int32Array;
  private lowered = 0;

  constructor(
    private readonly cfg: MachineConfig,
    private readonly options: PairwiseOptions,
    /** Message updates lowered per iteration (the progress callback's total). */
    private readonly totalUpdates: number,
  ) {
    this.code = Array.from({ length: cfg.pes }, (_, p) => new CodeEmitter(p));
    this.pfu = options.semiring === 'sum-product' ? 'pfu.sp' : 'pfu.ms';
    this.inject = new Float64Array(cfg.pes);
    this.baseKnown = new Int32Array(cfg.pes).fill(-1);
  }

  /** The memory operand of `addr` on PE p: an offset from r0, else from r8, loaded when it changes. */
  at(p: number, addr: number): { base: number; offset: number } {
    if (addr <= MEM_OFFSET_MAX) return { base: 0, offset: addr };
    const base = addr & ~0xffff;
    if (this.baseKnown[p] !== base) {
      this.code[p].li(REG.base, base);
      this.baseKnown[p] = base;
    }
    return { base: REG.base, offset: addr - base };
  }

  /** Beats `b` of `unit` in the iteration's counts (while counting). */
  countBeats(unit: 'fu' | 'lsu' | 'vec', b: number): void {
    if (!this.counting) return;
    this.beats += b;
    this.unitBeats[unit] += b;
  }

  /** A vector instruction of VL `vl`, `useful` of whose lanes are real messages (the rest padding). */
  vector(p: number, vl: number, useful: number, mnemonic: string, ...ops: Operand[]): void {
    this.code[p].emit(mnemonic, ...ops);
    if (this.counting) this.laneOps += useful;
    this.countBeats(mnemonic === 'vld' || mnemonic === 'vst' ? 'lsu' : 'vec', ruleBeats('vl', this.cfg.lanes, vl));
  }

  /** `n` more message updates lowered: onProgress every 4096 (the end is reported by finish). */
  progress(n: number): void {
    const report = this.options.onProgress;
    if (!report) return;
    const before = Math.floor(this.lowered / 4096);
    this.lowered += n;
    for (let k = before + 1; k <= Math.floor(this.lowered / 4096); k++) if (k * 4096 < this.totalUpdates) report(k * 4096, this.totalUpdates);
  }

  /** One pfu over `call.lanes` lanes, its descriptor at `call.desc` on PE p. */
  pfuCall(p: number, call: { desc: number; lanes: number }): void {
    this.code[p].emit(this.pfu, REG.change, this.at(p, call.desc));
    this.laneOps += call.lanes;
    const b = ruleBeats('pfu', this.cfg.lanes, call.lanes);
    this.beats += b;
    this.unitBeats.fu += b;
    this.progress(call.lanes);
  }

  /**
   * PE p's prologue up to the loop body: tolerance and cap, `hold` (registers loaded once), the
   * counters cleared, out at once when maxIter = 0, `beforeLoop`, the hardware loop's head and the
   * `loop` label. Returns the head for closeLoop.
   */
  openLoop(p: number, hold: () => void, beforeLoop: () => void): number {
    const c = this.code[p];
    c.li(REG.tol, this.options.tolRaw);
    c.li(REG.maxIter, this.options.maxIter);
    hold();
    c.emit('addi', REG.iter, 0, 0);
    c.emit('addi', REG.reduced, 0, 0);
    c.emitTo('done', 'beq', 2, REG.maxIter, 0);
    beforeLoop();
    const head = openHardwareLoop(c);
    c.label('loop');
    this.baseKnown[p] = -1;
    return head;
  }

  /** PE p's iteration end: count it, barmax the change (a barrier), leave when converged; the `done` label. */
  closeLoop(p: number, head: number): void {
    const c = this.code[p];
    // The count issues while barmax waits for the pfus' writes (a barrier is a fence).
    c.emit('addi', REG.iter, REG.iter, 1);
    c.emit('barmax', REG.reduced, REG.change);
    c.emitTo('done', 'bge', 2, REG.tol, REG.reduced);
    closeHardwareLoop(c, head, 'loop', 'done');
    c.label('done');
    this.baseKnown[p] = -1;
  }

  /** Counting stops (the belief pass follows) and onProgress reports the end. */
  endIterationBody(): void {
    this.counting = false;
    this.options.onProgress?.(this.totalUpdates, this.totalUpdates);
  }

  /**
   * After the belief pass: PE 0 stores the status words, every PE halts; CompileError when a PE's
   * code exceeds instruction memory (`what` names the program). The program's shared fields.
   */
  finish(what: string): { code: Uint32Array[]; beatsPerIteration: number; lowerBound: { cyclesPerIteration: number; datapath: number; memoryBanks: number }; laneBound: LaneBound; emitters?: CodeEmitter[] } {
    const { code, cfg } = this;
    code[0].emit('st', REG.iter, { base: 0, offset: 0 });
    code[0].emit('st', REG.reduced, { base: 0, offset: 1 });
    for (const c of code) c.emit('halt');
    const imem = codeWords(cfg);
    for (const c of code) {
      if (c.pc > imem) throw new CompileError(`the ${what} for PE ${c.pe} has ${c.pc} instructions but instruction memory holds ${imem} (config codeBytes ${cfg.codeBytes}): use more PEs or a larger codeBytes`);
    }
    // The busiest unit's beats of one iteration spread perfectly over the P PEs (pfu beats without bank conflicts).
    const datapath = Math.max(this.unitBeats.fu, this.unitBeats.lsu, this.unitBeats.vec) / cfg.pes;
    return {
      code: code.map((c) => c.finish()),
      beatsPerIteration: this.beats,
      lowerBound: { cyclesPerIteration: datapath, datapath, memoryBanks: 0 },
      laneBound: laneBoundOf(this.laneOps, cfg.pes, cfg.lanes, this.inject),
      ...(this.options.keepAssembly ? { emitters: code } : {}),
    };
  }
}

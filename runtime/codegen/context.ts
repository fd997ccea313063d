// Everything the code generator of one program works on: the earlier phases' results (read only),
// the per-PE code under construction and the cross-PE message exchange. Schedules (flooding.ts,
// sequential.ts, gated.ts) drive it through `update`.
import type { MachineConfig } from '../../isa/index.js';
import type { QuantizedGraph, Update } from '../../golden/index.js';
import type { Placement } from '../placement.js';
import type { Layout } from '../layout.js';
import type { Descriptors } from '../descriptors.js';
import type { CompileOptions } from '../options.js';
import { ProgramBuilder } from './builder.js';
import { MessageExchange } from './exchange.js';
import { constantRegisters } from './operands.js';
import { lowerUpdate } from './updates.js';
import type { ParityLowering } from '../parity-lowering.js';

/** The code generator's input: validated graph, placement, memory layout and descriptors. */
export interface CodegenInput {
  q: QuantizedGraph;
  cfg: MachineConfig;
  placement: Placement;
  layout: Layout;
  descriptors: Descriptors;
  /** gated-flooding: per edge, the address of n's snapshot on the factor's PE (empty otherwise). */
  snapshots: Int32Array;
  options: CompileOptions;
  /** One iteration's update list (golden's scheduleUpdates). */
  updates: readonly Update[];
  /** Structured parity factors (allocParity). */
  parity: ParityLowering;
}

const PROGRESS_EVERY = 4096;

export class Codegen {
  readonly out: ProgramBuilder;
  readonly exchange: MessageExchange;
  private lowered = 0;
  /** The structured parity factor whose F updates the last lowered update continued, or −1. */
  parityRun = -1;
  /** The n copies' recvs wait until an fupd reads them (flooding's factor phase). */
  deferredReceives = false;
  /**
   * Numbers the synced phases; allOutputsPhase[node] (variables, then factors at nVars + a): the
   * phase in which the node's all-outputs vupd or fupd was emitted.
   */
  phase = 0;
  readonly allOutputsPhase: Int32Array;

  constructor(readonly input: CodegenInput) {
    this.out = new ProgramBuilder(input.cfg);
    this.allOutputsPhase = new Int32Array(input.q.nVars + input.q.nFactors);
    const { schedule, stopOnParity } = input.options;
    const use = { gated: schedule === 'gated-flooding', parityStop: !!stopOnParity, structuredParity: input.parity.structured.some((x) => x >= 0) };
    const constants = constantRegisters(input.options.tolRaw, input.options.maxIter);
    this.exchange = new MessageExchange(input.q, input.layout, this.out, use, schedule === 'sequential', constants);
  }

  /** At a label of PE p (several paths reach it): the base register's and r6/r7's values are unknown. */
  forgetRegisters(p: number): void {
    this.out.forgetBase(p);
    this.exchange.forget(p);
  }

  /**
   * Lower one message update to its fupd/vupd. `lazy`: first bring the copies of the messages it
   * reads up to date (sequential); otherwise the schedule syncs whole phases.
   */
  update(u: Update, lazy: boolean): void {
    const { onProgress } = this.input.options;
    if (onProgress && ++this.lowered % PROGRESS_EVERY === 0) onProgress(this.lowered, this.input.updates.length);
    lowerUpdate(this, u, lazy);
  }
}

// The architectural state a semantic function sees: the instruction's fields, this PE's registers,
// and the services the timing model provides (memory with banks, descriptors, loops, network,
// barriers, CSRs, faults). The simulator implements it once; semantics never touch timing.
import type { FixedFormat } from '../../isa/index.js';
import type { FaultCause } from '../faults.js';

export interface ArchState {
  // ---- the instruction being executed (fields as predecoded; see DecodedProgram)
  readonly pc: number;
  /** Register fields A, B, C as encoded. */
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** First and second numeric operand (immediate, target offset, CSR number, memory offset). */
  readonly imm: number;
  readonly imm2: number;

  // ---- this PE's architectural registers
  /** Scalar registers; write results through `sValue`, never into R directly. */
  readonly R: Int32Array;
  /** Vector registers: register k's lanes start at k · vlmax. */
  readonly V: Int32Array;
  vl: number;
  readonly vlmax: number;
  /** The message number format (saturation bounds, max* table). */
  readonly fmt: FixedFormat;

  // ---- results
  /** Value for the instruction's scalar destination (if it has one). */
  sValue: number;
  /** Set by a taken branch or jump, with its target in nextPc. */
  taken: boolean;
  nextPc: number;

  // ---- services
  /**
   * Access n words from addr (scratchpad, or shared memory with bank claims): returns the offset of
   * addr in `memory`, or -1 when a bank is busy (the instruction then returns and retries later).
   * Faults when out of range.
   */
  access(addr: number, n: number): number;
  /** The memory the last `access` resolved to. */
  readonly memory: Int32Array;
  /** Record a memory write of n words at addr (ordering, descriptor cache, traces). */
  wrote(addr: number, n: number): void;
  /** This PE's scratchpad at full size (the streaming kernels address it directly). */
  readonly scratchpad: Int32Array;
  /** Validate (or recall) the fupd/vupd descriptor at desc: its output length; sets the beats. */
  descriptor(desc: number, isVupd: boolean): number;
  /**
   * Run cnu (rule = LLR_RULES index) or vnu (rule −1) on the descriptor at desc for the lanes in
   * active; sets beats, latency, the write and lane-operations; returns the new rd (acc | mask).
   */
  llrUpdate(rule: number, desc: number, active: number, acc: number): number;
  /**
   * Run pfu (sumProduct: max*, else min) on the pairwise descriptor at desc; sets beats, the
   * written output block, lane-operations and the message count; returns the new rd (max(acc, change)).
   */
  pairwiseUpdate(desc: number, sumProduct: boolean, acc: number): number;
  /** Count one computed BP message (CSR msgs, report). */
  countMessage(): void;
  /** Push a zero-overhead loop: body start … end − 1, count iterations. */
  pushLoop(start: number, end: number, count: number): void;
  /** Send len words from the scratchpad at addr to PE dest. */
  send(dest: number, addr: number, len: number): void;
  /** Receive the next message from PE src into the scratchpad at addr (the PE waits until it arrives). */
  recv(src: number, addr: number, len: number): void;
  /** Arrive at a barrier contributing value to the max-reduction (retired when it completes). */
  barrier(value: number): void;
  /** Stop this PE (retired by the service). */
  halt(): void;
  csr(n: number): number;
  fault(cause: FaultCause, message: string): never;
}

/** One instruction's behaviour. */
export type Semantic = (x: ArchState) => void;

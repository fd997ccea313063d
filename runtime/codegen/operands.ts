// The registers that hold send/recv operands (partner PE, local address) on the dense path. Every
// transfer used to load both into r6/r7 right before its send or recv: 3 issue slots where 1 does
// the work (alarm's busiest PE: 51 of 66 per iteration). Now:
// - held: a PE's most used operand values (counted over one iteration's planned transfers) live
//   for the whole run in registers the program leaves free, loaded once before the loop;
// - r6/r7 keep the last values loaded into them, so a repeated value is not loaded again, until a
//   label (another path may reach it with other values);
// - the value 0 is r0, and values equal to the tolerance or the iteration cap are r3 / r5 (both
//   constant through the loop: `loop` copies the cap onto its stack).
// When a PE's values all fit and the plan is exactly the iteration's transfers, r6/r7 hold values too.
import { REG } from '../registers.js';
import type { CodeEmitter } from '../emitter.js';

/** Registers the dense path writes nowhere but for its own purpose when this is true. */
export interface OperandRegisterUse {
  /** gated-flooding: r9 holds the gate's residual. */
  gated: boolean;
  /** stopOnParity: r10–r15 are the syndrome test's scratch. */
  parityStop: boolean;
  /** Structured parity factors: their cnu runs use r10, r11 and r15 as scratch. */
  structuredParity: boolean;
}

/** A program using none of those registers for their own purpose (the pairwise LLR path). */
export const NO_SPECIAL_USE: OperandRegisterUse = { gated: false, parityStop: false, structuredParity: false };

/** Registers whose value is fixed through the loop, by value: r0, the tolerance r3, the cap r5. */
export function constantRegisters(tolRaw: number, maxIter: number): Map<number, number> {
  return new Map([
    [maxIter, REG.maxIter],
    [tolRaw, REG.tol],
    [0, REG.zero],
  ]);
}

/** The registers that may hold operands for the whole run (beside r6/r7), given what the program uses. */
export function freeOperandRegisters(use: OperandRegisterUse, baseFree: boolean): number[] {
  const busy = new Set<number>();
  if (use.gated) busy.add(REG.residual);
  if (use.parityStop) for (const r of [REG.syndrome, REG.parity, REG.n0, REG.n1, REG.m0, REG.m1]) busy.add(r);
  if (use.structuredParity) for (const r of [REG.syndrome, REG.parity, REG.m1]) busy.add(r);
  const pool: number[] = [REG.residual, REG.syndrome, REG.parity, REG.n0, REG.n1, REG.m0, REG.m1].filter((r) => !busy.has(r));
  // r8 too when no address of this PE needs the base register.
  if (baseFree) pool.push(REG.base);
  return pool;
}

const SCRATCH = [REG.pe, REG.addr] as const;
const UNKNOWN = -1;

/**
 * The registers `values` (operand values with their use counts) may be held in: r6/r7 and `pool`
 * when `exact` (the plan is every value the iteration uses) and they all fit, else `pool` itself.
 */
export function operandPool(values: readonly number[], pool: readonly number[], exact: boolean): readonly number[] {
  return exact && values.length <= pool.length + SCRATCH.length ? [...SCRATCH, ...pool] : pool;
}

/** Value → register for the most used of `values` (ties: first use), one per register of `regs`. */
export function holdMostUsed(values: readonly number[], uses: ReadonlyMap<number, number>, regs: readonly number[]): Map<number, number> {
  // Stable sort by uses: `values` keep first-use order.
  const chosen = values
    .map((v, k) => ({ v, k, n: uses.get(v)! }))
    .sort((x, y) => y.n - x.n || x.k - y.k)
    .slice(0, regs.length);
  return new Map(chosen.map((x, k) => [x.v, regs[k]]));
}

export class PeOperands {
  /** Value → the register holding it for the whole run. */
  readonly held: Map<number, number>;
  /** The values r6 and r7 hold at this point of the code (UNKNOWN: not known), and their last use. */
  private readonly scratchValue = new Float64Array([UNKNOWN, UNKNOWN]);
  private readonly scratchUsed = new Float64Array(2);
  private clock = 0;
  private readonly scratchFree: boolean;

  /**
   * `uses`: operand values in first-use order with their use counts per iteration; `exact`: they
   * are all the values the iteration will ask for (so r6/r7 may hold some too). Otherwise (the
   * lazy schedule's per-edge estimate) only values used twice or more are held: one used once
   * saves nothing per iteration that its load before the loop does not cost once.
   */
  constructor(uses: Map<number, number>, pool: readonly number[], exact: boolean, private readonly constants: ReadonlyMap<number, number>) {
    const values = [...uses.keys()].filter((v) => !constants.has(v) && (exact || uses.get(v)! >= 2));
    const regs = operandPool(values, pool, exact);
    this.scratchFree = regs === pool;
    this.held = holdMostUsed(values, uses, regs);
  }

  /** Before the loop: load the held values. */
  loadHeld(c: CodeEmitter): void {
    for (const [value, r] of this.held) c.li(r, value);
  }

  /** Registers holding a and b (loading r6/r7 as needed). */
  pair(c: CodeEmitter, a: number, b: number): [number, number] {
    const t = ++this.clock;
    const ra = this.known(a, t) ?? this.load(c, a, this.known(b, t), t);
    const rb = this.known(b, t) ?? this.load(c, b, ra, t);
    return [ra, rb];
  }

  /** At a label: r6/r7 may hold anything. */
  forget(): void {
    this.scratchValue.fill(UNKNOWN);
  }

  private known(v: number, t: number): number | undefined {
    const r = this.constants.get(v) ?? this.held.get(v);
    if (r !== undefined) return r;
    for (let k = 0; k < SCRATCH.length; k++) {
      if (this.scratchValue[k] === v) {
        this.scratchUsed[k] = t;
        return SCRATCH[k];
      }
    }
    return undefined;
  }

  /** Load v into the scratch register not holding the other operand (`keep`), least recently used first. */
  private load(c: CodeEmitter, v: number, keep: number | undefined, t: number): number {
    if (!this.scratchFree) throw new Error(`runtime: transfer operand ${v} was not planned, and r6/r7 hold planned values`);
    let k = this.scratchUsed[0] <= this.scratchUsed[1] ? 0 : 1;
    if (SCRATCH[k] === keep) k = 1 - k;
    c.li(SCRATCH[k], v);
    this.scratchValue[k] = v;
    this.scratchUsed[k] = t;
    return SCRATCH[k];
  }
}

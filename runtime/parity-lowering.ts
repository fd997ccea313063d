// Parity (XOR) factors in general models: their factor→variable messages go through the LLR unit's
// check-node update (cnu.spa for sum-product, cnu.ms for min-sum) on one lane instead of streaming
// their 2^d table through fupd. The arithmetic is golden's fixed-parity.ts step for step (the
// reference the simulator equals bit for bit); ISA.md "Parity factors in general models" has the
// rules and runtime/README.md "Parity factors" the layout.
//
// Per structured factor of degree d, on its PE: d LLR words (the check's "app" vectors, VL = 1),
// a d-word c2v block and a cnu descriptor (CND: d, c2v, flags 0, cap MAX, the d LLR addresses).
// A run of F updates of one factor (all of its edges in flooding and sequential order; one edge at
// a time in a tree's two passes) lowers to:
//   setvli 1;  per input j: ld E0, ld E1, sub λ = E1 − E0, st λ          (v2c as LLRs)
//   li rm = lane 0 | first pass;  li rdesc;  cnu.<rule>                   (every extrinsic c2v)
//   per output edge: ld c2v; [E0, E1] = [max(∓c2v, 0), max(±c2v, 0)] (sign by parity);
//     damping as fupd (sub, mul, addi 128, srai 8, add); change max |new − old| into r1; st.
import { CND, checkDescriptorWords, type MachineConfig, type MemValue } from '../isa/index.js';
import { countStructured, parityRule, structuredParityFactors, type ParityPath, type QuantizedGraph } from '../golden/index.js';
import type { CodeEmitter } from './emitter.js';
import type { Layout } from './layout.js';
import type { Placement } from './placement.js';
import { REG } from './registers.js';

const CNU_MNEMONIC = ['cnu.spa', 'cnu.ms', 'cnu.nms', 'cnu.oms'] as const;
/** cnu's rm: lane 0 only, first pass (c2v_old reads as 0, so t_j = the LLR input itself). */
const LANE0_FIRST_PASS = 1 | (1 << 16);

/** Scratch registers of a parity run (free between message updates; runtime/README.md). */
const R = { llr: REG.n1, neg: REG.n0, old: REG.m0, tmp: REG.syndrome, mask: REG.parity, desc: REG.m1, lambda: REG.residual } as const;

export interface ParityLowering {
  /** Per factor: its parity (0/1) when it takes the structured path, else −1 (golden's decision). */
  readonly structured: Int8Array;
  /** How many factors take it. */
  readonly count: number;
  /** Per factor: address of its cnu descriptor / LLR inputs / c2v block on its PE (−1: dense). */
  readonly desc: Int32Array;
  readonly llrIn: Int32Array;
  readonly c2v: Int32Array;
  /** The check-node rule (isa RULE_*). */
  readonly rule: number;
}

/** Decide (golden's structuredParityFactors) and allocate the structured factors' words on their PEs. */
export function allocParity(q: QuantizedGraph, place: Placement, layout: Layout, o: { lambda: number; semiring: 'sum-product' | 'min-sum'; parityPath?: ParityPath }): ParityLowering {
  const structured = structuredParityFactors(q, { lambda: o.lambda, path: o.parityPath });
  const desc = new Int32Array(q.nFactors).fill(-1);
  const llrIn = new Int32Array(q.nFactors).fill(-1);
  const c2v = new Int32Array(q.nFactors).fill(-1);
  const f = q.format;
  for (let a = 0; a < q.nFactors; a++) {
    if (structured[a]! < 0) continue;
    const m = layout.mem[place.factorPe[a]!]!;
    const d = q.fOff[a + 1]! - q.fOff[a]!;
    llrIn[a] = m.alloc(d);
    c2v[a] = m.alloc(d);
    const at = m.alloc(checkDescriptorWords(d));
    desc[a] = at;
    m.words[at + CND.degree] = d;
    m.words[at + CND.c2v] = c2v[a]!;
    m.words[at + CND.flags] = 0;
    m.words[at + CND.cap] = f.max;
    for (let j = 0; j < d; j++) m.words[at + CND.header + j] = llrIn[a]! + j;
  }
  return { structured, count: countStructured(structured), desc, llrIn, c2v, rule: parityRule(o.semiring === 'sum-product') };
}

/** The maximal run of F updates of one structured factor starting at updates[k] (0: not one). */
export function parityRunLength(q: QuantizedGraph, pl: ParityLowering, updates: readonly { kind: 'F' | 'V'; factor: number }[], k: number): number {
  const u = updates[k];
  if (!u || u.kind !== 'F' || pl.structured[u.factor]! < 0) return 0;
  let j = k + 1;
  while (j < updates.length && updates[j]!.kind === 'F' && updates[j]!.factor === u.factor) j++;
  return j - k;
}

/**
 * Emit one run: factor a's F updates on `edges` (edge ids of a, in update order). `addr` maps a
 * scratchpad address to a memory operand (the compiler's 18-bit offset / base register rule).
 */
export function emitParityRun(
  c: CodeEmitter,
  addr: (addr: number) => MemValue,
  q: QuantizedGraph,
  layout: Layout,
  pl: ParityLowering,
  a: number,
  edges: readonly number[],
  lambda: number,
): void {
  const eb = q.fOff[a]!;
  const d = q.fOff[a + 1]! - eb;
  c.emit('setvli', 0, 1);
  for (let j = 0; j < d; j++) {
    const n = layout.nSeenByFactor(eb + j);
    c.emit('ld', R.neg, addr(n));
    c.emit('ld', R.llr, addr(n + 1));
    c.emit('sub', R.llr, R.llr, R.neg);
    c.emit('st', R.llr, addr(pl.llrIn[a]! + j));
  }
  c.li(R.mask, LANE0_FIRST_PASS);
  c.li(R.desc, pl.desc[a]!);
  c.emit(CNU_MNEMONIC[pl.rule]!, R.tmp, R.desc, R.mask);
  if (lambda !== 0) c.li(R.lambda, lambda);
  // Even parity: E1 = max(λ, 0) in R.llr, E0 = max(−λ, 0) in R.neg; odd parity swaps them.
  const odd = pl.structured[a] === 1;
  const e0 = odd ? R.llr : R.neg;
  const e1 = odd ? R.neg : R.llr;
  for (const e of edges) {
    c.emit('ld', R.llr, addr(pl.c2v[a]! + q.edgePos[e]!));
    c.emit('sub', R.neg, 0, R.llr);
    c.emit('max', R.neg, R.neg, 0);
    c.emit('max', R.llr, R.llr, 0);
    const m = layout.mAddr[e]!;
    for (let s = 0; s < 2; s++) {
      const v = s === 0 ? e0 : e1;
      c.emit('ld', R.old, addr(m + s));
      if (lambda !== 0) {
        // dampBlend: v + ⌊((old − v)·λ + 128) / 256⌋ (no saturation: the result lies between v and old).
        c.emit('sub', R.tmp, R.old, v);
        c.emit('mul', R.tmp, R.tmp, R.lambda);
        c.emit('addi', R.tmp, R.tmp, 128);
        c.emit('srai', R.tmp, R.tmp, 8);
        c.emit('add', v, v, R.tmp);
      }
      // change = max(change, |v − old|), as fupd accumulates it.
      c.emit('sub', R.tmp, v, R.old);
      c.emit('sub', R.old, 0, R.tmp);
      c.emit('max', R.tmp, R.tmp, R.old);
      c.emit('max', REG.change, REG.change, R.tmp);
      c.emit('st', v, addr(m + s));
    }
  }
}

/** Words the structured factors add per PE (for the fit estimate's callers). */
export function parityWords(q: QuantizedGraph, pl: ParityLowering, _cfg: MachineConfig): number {
  let w = 0;
  for (let a = 0; a < q.nFactors; a++) if (pl.structured[a]! >= 0) w += 2 * (q.fOff[a + 1]! - q.fOff[a]!) + checkDescriptorWords(q.fOff[a + 1]! - q.fOff[a]!);
  return w;
}

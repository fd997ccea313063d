// Executable semantics of the streaming BP instructions fupd.sp, fupd.ms and vupd (their
// descriptor layouts FD and VD are in descriptors.ts). The simulator executes exactly these
// functions; ISA.md documents them.
import { absDiff, DAMP_LAMBDA_MAX, dampBlend, guardScale, narrowNormalized, wideMaxStar, widen, widenPrior, WIDE_ZERO, type FixedFormat } from './fixed.js';
import { laneBeats, ruleBeats } from './timing.js';
import { FD, VD, allFactorOutputs, allOutputs, variableInputs } from './descriptors.js';
import { KernelFault, checkRange } from './kernel-fault.js';

function field(mem: Int32Array, addr: number, lo: number, hi: number, what: string, index = -1): number {
  const v = mem[addr];
  if (v < lo || v > hi) {
    const name = index >= 0 ? `${what}[${index}]` : what;
    throw new KernelFault(`descriptor field ${name} = ${v} at word ${addr} outside ${lo} … ${hi}`, addr);
  }
  return v;
}

/** fupd beats (beat rule `fupd`) from the shape, given cardBeats = Σ_j laneBeats(card_j, L). */
export function fupdBeatsFor(entries: number, cardBeats: number, lanes: number): number {
  return ruleBeats('fupd', lanes, entries, cardBeats);
}

/** Beats of an all-outputs fupd (beat rule `fupd_all`): S outputs of an N-entry table, loadBeats = Σ_j ⌈card_j/L⌉ + Σ_S ⌈card_o/L⌉. */
export function fupdAllBeatsFor(entries: number, outputs: number, loadBeats: number, lanes: number): number {
  return ruleBeats('fupd_all', lanes, outputs * entries, loadBeats);
}

/** vupd beats (beat rule `vupd`) from the shape. */
export function vupdBeatsFor(card: number, usedInputs: number, lanes: number): number {
  return ruleBeats('vupd', lanes, card, usedInputs);
}

/** Beats of an all-outputs vupd (VD.allFlag, beat rule `vupd_all`): one pass per input and per output. */
export function vupdAllBeatsFor(card: number, inputs: number, outputs: number, lanes: number): number {
  return ruleBeats('vupd_all', lanes, card, inputs + outputs);
}

/** A validated descriptor: its output message length and the beats it takes (0 when no lanes were given). */
export interface DescriptorCheck {
  outLen: number;
  beats: number;
}

/**
 * Validate a factor descriptor and everything it points at; with `lanes`, also its beats.
 * Throws KernelFault naming the first bad field or address.
 */
export function checkFactorDescriptor(mem: Int32Array, desc: number, lanes = 0): DescriptorCheck {
  checkRange(mem, desc, FD.header, 'factor descriptor');
  const n = field(mem, desc + FD.entries, 1, mem.length, 'entries');
  const k = field(mem, desc + FD.arity, 1, FD.maxArity, 'arity');
  // outPos = k: every output (the all-outputs form).
  const o = field(mem, desc + FD.outPos, 0, k, 'outPos');
  const all = o === k;
  checkRange(mem, desc, FD.header + FD.perVar * k + (all ? k : 0), 'factor descriptor');
  const table = mem[desc + FD.table];
  checkRange(mem, table, n, 'factor table');
  field(mem, desc + FD.lambda, 0, DAMP_LAMBDA_MAX, 'lambda');
  let outCard = 0;
  let cardBeats = 0;
  for (let j = 0; j < k; j++) {
    const base = desc + FD.header + FD.perVar * j;
    const card = field(mem, base + FD.card, 1, MAX_CARD, 'card', j);
    field(mem, base + FD.stride, 1, n, 'stride', j);
    if (lanes > 0) cardBeats += laneBeats(card, lanes);
    if (j === o) outCard = card;
    else checkRange(mem, mem[base + FD.addr], card, 'input message', j);
  }
  if (!all) {
    checkRange(mem, mem[desc + FD.out], outCard, 'output message');
    return { outLen: outCard, beats: lanes > 0 ? fupdBeatsFor(n, cardBeats, lanes) : 0 };
  }
  const outAt = desc + FD.header + FD.perVar * k;
  const descWords = FD.header + FD.perVar * k + k;
  let outputs = 0;
  for (let j = 0; j < k; j++) {
    const out = mem[outAt + j];
    if (out === -1) continue;
    const card = mem[desc + FD.header + FD.perVar * j + FD.card];
    checkRange(mem, out, card, 'output message', j);
    outputs++;
    if (lanes > 0) cardBeats += laneBeats(card, lanes);
    // Each output its own words (ISA.md "Factor update"): not the descriptor, the table, an input or another output.
    const clash = (what: string, at: number, len: number) => {
      if (at < out + card && out < at + len) throw new KernelFault(`descriptor field output[${j}] = ${out} at word ${outAt + j} overlaps ${what} at ${at} (${len} words)`, outAt + j);
    };
    clash('the descriptor', desc, descWords);
    clash('the factor table', table, n);
    for (let i = 0; i < k; i++) {
      const b = desc + FD.header + FD.perVar * i;
      clash(`input message ${i}`, mem[b + FD.addr], mem[b + FD.card]);
      if (i < j && mem[outAt + i] !== -1) clash(`output message ${i}`, mem[outAt + i], mem[b + FD.card]);
    }
  }
  return { outLen: 0, beats: lanes > 0 ? fupdAllBeatsFor(n, outputs, cardBeats, lanes) : 0 };
}

/**
 * Validate a variable descriptor and everything it points at; with `lanes`, also its beats.
 * `priorWords`: the machine's message code is unsigned, so the inputs word may carry VD.priorFlag.
 */
export function checkVariableDescriptor(mem: Int32Array, desc: number, lanes = 0, priorWords = false): DescriptorCheck {
  checkRange(mem, desc, VD.header, 'variable descriptor');
  const d = field(mem, desc + VD.card, 1, MAX_CARD, 'card');
  // Bits 16 and up of the inputs word are flags: the prior word (unsigned codes only) and all
  // outputs; the count is the rest.
  const word = mem[desc + VD.inputs];
  const allowed = VD.allFlag | (priorWords ? VD.priorFlag : 0);
  const flags = word & ~(VD.priorFlag - 1);
  const n = (flags & ~allowed) === 0 ? variableInputs(mem, desc) : field(mem, desc + VD.inputs, 0, VD.maxInputs, 'inputs');
  const all = allOutputs(mem, desc);
  const minInputs = flags !== 0 ? 1 : 0;
  if (n < minInputs || n > VD.maxInputs) {
    const set = [flags & VD.priorFlag ? 'prior-word' : '', all ? 'all-outputs' : ''].filter((x) => x).join(' and ');
    throw new KernelFault(`descriptor field inputs = ${n} (${set} flag set) at word ${desc + VD.inputs} outside ${minInputs} … ${VD.maxInputs}`, desc + VD.inputs);
  }
  field(mem, desc + VD.lambda, 0, DAMP_LAMBDA_MAX, 'lambda');
  checkRange(mem, desc, VD.header + (all ? 2 * n : n), 'variable descriptor');
  for (let j = 0; j < n; j++) checkRange(mem, mem[desc + VD.header + j], d, 'input message', j);
  if (all) {
    let outputs = 0;
    for (let j = 0; j < n; j++) {
      const o = mem[desc + VD.header + n + j];
      if (o === -1) continue;
      checkRange(mem, o, d, 'output message', j);
      outputs++;
      // Each output must be its own words: then reading every input first, or each output's sum
      // when it is written (the RTL), gives the same result.
      const words = VD.header + 2 * n;
      if (desc < o + d && o < desc + words) throw new KernelFault(`descriptor field output[${j}] = ${o} at word ${desc + VD.header + n + j} overlaps the descriptor at ${desc} (${words} words)`, desc + VD.header + n + j);
      for (let k = 0; k < n; k++) {
        const input = mem[desc + VD.header + k];
        const other = k < j ? mem[desc + VD.header + n + k] : -1;
        if (input < o + d && o < input + d) throw new KernelFault(`descriptor field output[${j}] = ${o} at word ${desc + VD.header + n + j} overlaps input message ${k} at ${input} (${d} words each)`, desc + VD.header + n + j);
        if (other !== -1 && other < o + d && o < other + d) throw new KernelFault(`descriptor field output[${j}] = ${o} at word ${desc + VD.header + n + j} overlaps output message ${k} at ${other} (${d} words each)`, desc + VD.header + n + j);
      }
    }
    return { outLen: d, beats: lanes > 0 ? vupdAllBeatsFor(d, n, outputs, lanes) : 0 };
  }
  checkRange(mem, mem[desc + VD.out], d, 'output message');
  const x = mem[desc + VD.exclude];
  return { outLen: d, beats: lanes > 0 ? vupdBeatsFor(d, x >= 0 && x < n ? n - 1 : n, lanes) : 0 };
}

/** Largest variable cardinality fupd and vupd accept (a descriptor's card field). */
export const MAX_CARD = 65536;

/**
 * Scratch wide accumulator shared by the kernels (max cardinality MAX_CARD): exact values, the zero
 * flag WIDE_ZERO for probability 0 (fixed.ts, "Wide accumulation"). Module-level so the hot path
 * allocates nothing; the kernels are not re-entrant.
 */
const acc = new Float64Array(MAX_CARD);
/** The all-outputs vupd's finite sums of every input, its zero-input counts and the last zero input, per entry. */
const total = new Float64Array(MAX_CARD);
const zeros = new Int32Array(MAX_CARD);
const zeroAt = new Int32Array(MAX_CARD);
const digits = new Int32Array(FD.maxArity);
const cards = new Int32Array(FD.maxArity);
const addrs = new Int32Array(FD.maxArity);

/**
 * fupd: stream the factor table in index order x = 0 … N−1. For each entry
 *   e = T[x] + Σ_{j ≠ o} M_j[digit_j(x)] · 2^G   (exact, at F + G; a zero term makes e the zero flag)
 *   acc[digit_o(x)] = wideMaxStar(acc, e)  (sum-product)  or  min(acc, e)  (min-sum)
 * with acc starting at the zero flag and digit_j(x) = ⌊x / stride_j⌋ mod card_j. Then normalise
 * acc to W bits, damp against the old output, write it, and return max |new − old|.
 */
export function factorUpdate(f: FixedFormat, mem: Int32Array, desc: number, sumProduct: boolean): number {
  return factorUpdateUnchecked(f, mem, desc, sumProduct, checkFactorDescriptor(mem, desc).outLen);
}

/** factorUpdate on a descriptor already validated by checkFactorDescriptor (returned outCard). */
export function factorUpdateUnchecked(f: FixedFormat, mem: Int32Array, desc: number, sumProduct: boolean, outCard: number): number {
  if (allFactorOutputs(mem, desc)) return allFactorOutputsUpdate(f, mem, desc, sumProduct);
  const n = mem[desc + FD.entries];
  const k = mem[desc + FD.arity];
  const o = mem[desc + FD.outPos];
  const table = mem[desc + FD.table];
  const out = mem[desc + FD.out];
  const lambda = mem[desc + FD.lambda];
  const max = f.max;
  const tMax = f.tableMax;
  const g = guardScale(f); // input messages are read at F + G
  for (let c = 0; c < outCard; c++) acc[c] = WIDE_ZERO;
  const oBase = desc + FD.header + FD.perVar * o;
  const oStride = mem[oBase + FD.stride];
  if (k === 2 && n === outCard * mem[desc + FD.header + FD.perVar * (1 - o) + FD.card]) {
    // Pairwise fast path (same operations as the general loop below).
    const ib = desc + FD.header + FD.perVar * (1 - o);
    const iStride = mem[ib + FD.stride];
    const iCard = mem[ib + FD.card];
    const inMsg = mem[ib + FD.addr];
    // Digits floor(x / stride) mod card, counted instead of divided.
    let iDigit = 0;
    let iRun = 0;
    let oDigit = 0;
    let oRun = 0;
    for (let x = 0; x < n; x++) {
      const t = mem[table + x];
      const v = mem[inMsg + iDigit];
      // A zero entry is the identity of max* and min.
      if (t < tMax && v < max) fold(f, oDigit, t + v * g, sumProduct);
      if (++iRun === iStride) {
        iRun = 0;
        if (++iDigit === iCard) iDigit = 0;
      }
      if (++oRun === oStride) {
        oRun = 0;
        if (++oDigit === outCard) oDigit = 0;
      }
    }
    return finishMessage(f, mem, out, outCard, lambda, f.guard);
  }
  // Mixed-radix strides (stride_0 = 1, stride_j = stride_{j−1}·card_{j−1}) let the digits count
  // like an odometer instead of dividing per entry; the order of operations is unchanged.
  let mixed = true;
  let expect = 1;
  for (let j = 0; j < k; j++) {
    const b = desc + FD.header + FD.perVar * j;
    if (mem[b + FD.stride] !== expect) mixed = false;
    expect *= mem[b + FD.card];
  }
  if (mixed && expect === n) {
    for (let j = 0; j < k; j++) {
      const b = desc + FD.header + FD.perVar * j;
      digits[j] = 0;
      cards[j] = mem[b + FD.card];
      addrs[j] = j === o ? 0 : mem[b + FD.addr];
    }
    for (let x = 0; x < n; x++) {
      let e = mem[table + x];
      let zero = e >= tMax;
      for (let j = 0; j < k && !zero; j++) {
        if (j === o) continue;
        const v = mem[addrs[j] + digits[j]];
        if (v >= max) zero = true;
        else e += v * g;
      }
      if (!zero) fold(f, digits[o], e, sumProduct);
      for (let j = 0; j < k; j++) {
        if (++digits[j] < cards[j]) break;
        digits[j] = 0;
      }
    }
    return finishMessage(f, mem, out, outCard, lambda, f.guard);
  }
  for (let x = 0; x < n; x++) {
    let e = mem[table + x];
    if (e >= tMax) continue;
    let zero = false;
    for (let j = 0; j < k; j++) {
      if (j === o) continue;
      const b = desc + FD.header + FD.perVar * j;
      const digit = Math.floor(x / mem[b + FD.stride]) % mem[b + FD.card];
      const v = mem[mem[b + FD.addr] + digit];
      if (v >= max) {
        zero = true;
        break;
      }
      e += v * g;
    }
    if (!zero) fold(f, Math.floor(x / oStride) % outCard, e, sumProduct);
  }
  return finishMessage(f, mem, out, outCard, lambda, f.guard);
}

/** The all-outputs fupd's accumulators, all outputs back to back (grown to the largest shape seen). */
let accAll = new Float64Array(1024);
const accOff = new Int32Array(FD.maxArity);
const outAddrs = new Int32Array(FD.maxArity);
const inAddrs = new Int32Array(FD.maxArity);
const strides = new Int32Array(FD.maxArity);
const runs = new Int32Array(FD.maxArity);

/**
 * fupd with outPos = arity: every output o (address ≠ −1) in one pass over the table. Per entry,
 * S = T[x] + Σ_j M_j[digit_j(x)] · 2^G over the finite terms, exact, and Z the zero inputs; output
 * o folds S − M_o[digit_o] · 2^G when Z = 0, S when Z = 1 and o is the zero input, nothing
 * otherwise — exactly the e of the fupd with outPos = o, folded in the same entry order, so each
 * output equals that fupd's bit for bit. Then each is normalised, damped and written; returns the
 * max change over them.
 */
function allFactorOutputsUpdate(f: FixedFormat, mem: Int32Array, desc: number, sumProduct: boolean): number {
  const n = mem[desc + FD.entries];
  const k = mem[desc + FD.arity];
  const table = mem[desc + FD.table];
  const lambda = mem[desc + FD.lambda];
  const max = f.max;
  const tMax = f.tableMax;
  const g = guardScale(f);
  let total = 0;
  for (let j = 0; j < k; j++) {
    const b = desc + FD.header + FD.perVar * j;
    cards[j] = mem[b + FD.card];
    strides[j] = mem[b + FD.stride];
    inAddrs[j] = mem[b + FD.addr];
    outAddrs[j] = mem[desc + FD.header + FD.perVar * k + j];
    accOff[j] = total;
    if (outAddrs[j] !== -1) total += cards[j];
  }
  if (accAll.length < total) accAll = new Float64Array(Math.max(total, 2 * accAll.length));
  for (let c = 0; c < total; c++) accAll[c] = WIDE_ZERO;
  // digit_j(x) = ⌊x / stride_j⌋ mod card_j, counted (runs of stride_j entries) instead of divided.
  for (let j = 0; j < k; j++) {
    digits[j] = 0;
    runs[j] = 0;
  }
  for (let x = 0; x < n; x++) {
    const t = mem[table + x];
    if (t < tMax) {
      let sum = t;
      let zeros = 0;
      let zeroAt = -1;
      for (let j = 0; j < k; j++) {
        const v = mem[inAddrs[j] + digits[j]];
        if (v >= max) {
          zeros++;
          zeroAt = j;
        } else sum += v * g;
      }
      if (zeros === 0) {
        for (let o = 0; o < k; o++) if (outAddrs[o] !== -1) foldAll(f, accOff[o] + digits[o], sum - mem[inAddrs[o] + digits[o]] * g, sumProduct);
      } else if (zeros === 1 && outAddrs[zeroAt] !== -1) foldAll(f, accOff[zeroAt] + digits[zeroAt], sum, sumProduct);
    }
    for (let j = 0; j < k; j++) {
      if (++runs[j] < strides[j]) continue;
      runs[j] = 0;
      if (++digits[j] === cards[j]) digits[j] = 0;
    }
  }
  let diff = 0;
  for (let o = 0; o < k; o++) {
    if (outAddrs[o] === -1) continue;
    const len = cards[o];
    for (let c = 0; c < len; c++) acc[c] = accAll[accOff[o] + c];
    const dd = finishMessage(f, mem, outAddrs[o], len, lambda, f.guard);
    if (dd > diff) diff = dd;
  }
  return diff;
}

function foldAll(f: FixedFormat, c: number, e: number, sumProduct: boolean): void {
  const a = accAll[c];
  accAll[c] = sumProduct ? wideMaxStar(f, a, e) : e < a ? e : a;
}

/**
 * The words an all-outputs fupd writes, as one span [lo, hi) over its outputs, and how many it
 * writes (as allOutputsSpan for vupd). Allocates nothing.
 */
export function allFactorOutputsSpan(mem: Int32Array, desc: number, span: { lo: number; hi: number; outputs: number }): void {
  const k = mem[desc + FD.arity];
  let lo = Infinity;
  let hi = -Infinity;
  let outputs = 0;
  for (let j = 0; j < k; j++) {
    const o = mem[desc + FD.header + FD.perVar * k + j];
    if (o === -1) continue;
    outputs++;
    const end = o + mem[desc + FD.header + FD.perVar * j + FD.card];
    if (o < lo) lo = o;
    if (end > hi) hi = end;
  }
  span.lo = outputs > 0 ? lo : 0;
  span.hi = outputs > 0 ? hi : 0;
  span.outputs = outputs;
}

/**
 * vupd: acc = Σ M_j over the inputs j ≠ exclude, exact, lane by lane, starting from 0 (an input
 * of MAX sets the zero flag); then normalise, damp, write and return max |new − old| as fupd
 * does. exclude outside 0 … n−1 includes every input (a belief).
 */
export function variableUpdate(f: FixedFormat, mem: Int32Array, desc: number): number {
  return variableUpdateUnchecked(f, mem, desc, checkVariableDescriptor(mem, desc, 0, f.code === 'unsigned').outLen);
}

/** variableUpdate on a descriptor already validated by checkVariableDescriptor (returned d). */
export function variableUpdateUnchecked(f: FixedFormat, mem: Int32Array, desc: number, d: number): number {
  const n = variableInputs(mem, desc);
  const priorWord = (mem[desc + VD.inputs] & VD.priorFlag) !== 0;
  if (allOutputs(mem, desc)) return allOutputsUpdate(f, mem, desc, d, n, priorWord);
  const x = mem[desc + VD.exclude];
  const out = mem[desc + VD.out];
  const lambda = mem[desc + VD.lambda];
  for (let c = 0; c < d; c++) acc[c] = 0;
  for (let j = 0; j < n; j++) {
    if (j === x) continue;
    const src = mem[desc + VD.header + j];
    if (j === 0 && priorWord) for (let c = 0; c < d; c++) acc[c] += widenPrior(f, mem[src + c]);
    else for (let c = 0; c < d; c++) acc[c] += widen(f, mem[src + c]);
  }
  return finishMessage(f, mem, out, d, lambda, 0);
}

/**
 * vupd with VD.allFlag: read every input once into exact finite sums and zero counts, then each
 * output j is the sum without input j — total − M_j when no input is zero, the finite total for the
 * one zero input, zero otherwise — exactly the vupd with exclude = j, so it equals the separate
 * vupds bit for bit (the sums are exact integers). Then normalise, damp and write each output;
 * returns the max change over them.
 */
function allOutputsUpdate(f: FixedFormat, mem: Int32Array, desc: number, d: number, n: number, priorWord: boolean): number {
  const lambda = mem[desc + VD.lambda];
  for (let c = 0; c < d; c++) {
    total[c] = 0;
    zeros[c] = 0;
  }
  for (let j = 0; j < n; j++) {
    const src = mem[desc + VD.header + j];
    const zeroFrom = j === 0 && priorWord ? f.priorMax : f.max;
    for (let c = 0; c < d; c++) {
      const v = mem[src + c];
      if (v >= zeroFrom) {
        zeros[c]++;
        zeroAt[c] = j;
      } else total[c] += v;
    }
  }
  let diff = 0;
  for (let j = 0; j < n; j++) {
    const out = mem[desc + VD.header + n + j];
    if (out === -1) continue;
    const src = mem[desc + VD.header + j];
    for (let c = 0; c < d; c++) {
      const z = zeros[c];
      acc[c] = z === 0 ? total[c] - mem[src + c] : z === 1 && zeroAt[c] === j ? total[c] : WIDE_ZERO;
    }
    const dd = finishMessage(f, mem, out, d, lambda, 0);
    if (dd > diff) diff = dd;
  }
  return diff;
}

/**
 * The words an all-outputs vupd writes, as one span [lo, hi) over its outputs (the simulator's
 * memory-ordering and trace view of the write), and how many outputs it has. Allocates nothing.
 */
export function allOutputsSpan(mem: Int32Array, desc: number, d: number, span: { lo: number; hi: number; outputs: number }): void {
  const n = variableInputs(mem, desc);
  let lo = Infinity;
  let hi = -Infinity;
  let outputs = 0;
  for (let j = 0; j < n; j++) {
    const o = mem[desc + VD.header + n + j];
    if (o === -1) continue;
    outputs++;
    if (o < lo) lo = o;
    if (o + d > hi) hi = o + d;
  }
  span.lo = outputs > 0 ? lo : 0;
  span.hi = outputs > 0 ? hi : 0;
  span.outputs = outputs;
}

/** One table entry's sum e into acc[c]: max* (sum-product) or min (min-sum). */
function fold(f: FixedFormat, c: number, e: number, sumProduct: boolean): void {
  const a = acc[c];
  acc[c] = sumProduct ? wideMaxStar(f, a, e) : e < a ? e : a;
}

/** Narrow acc[0 … len) (at F + guard fraction bits) to a normalised W-bit message, damp against mem[out …], store, and return the max change. */
function finishMessage(f: FixedFormat, mem: Int32Array, out: number, len: number, lambda: number, guard: number): number {
  let m = acc[0];
  for (let c = 1; c < len; c++) if (acc[c] < m) m = acc[c];
  let diff = 0;
  for (let c = 0; c < len; c++) {
    // Every entry zero: uniform (the 0/0 guard).
    const normalised = m === WIDE_ZERO ? 0 : narrowNormalized(f, acc[c], m, guard);
    const old = mem[out + c];
    const next = lambda === 0 ? normalised : dampBlend(f, normalised, old, lambda);
    const dd = absDiff(next, old);
    if (dd > diff) diff = dd;
    mem[out + c] = next;
  }
  return diff;
}

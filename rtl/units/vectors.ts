// Seeded stimuli for the datapath units and the outputs the behavioural model gives on them: the
// vector unit's through the simulator's own semantic functions (sim SEMANTICS), the check-node
// unit's through isa's cnuExecute, the factor unit's through isa's factorUpdate. Each generator
// returns the bench's stimulus text and the expected output lines (with masks for the lanes an
// instruction leaves unspecified), compared exactly by compareUnitOutput.
import { Prng } from '../../golden/index.js';
import {
  CND,
  cnuExecute,
  FD,
  factorUpdate,
  LLR_FIRST_PASS,
  LLR_MAX_LANES,
  PD,
  pfuExecute,
  RULE_MS,
  RULE_NMS,
  RULE_OMS,
  RULE_SPA,
  VND,
  vnuExecute,
  type FixedFormat,
} from '../../isa/index.js';
import { SEMANTICS, type ArchState } from '../../sim/index.js';
import { packLanes, unpackLanes, hasUnknown, hex32 } from './icarus.js';

/** One expected output line: tag, and either lanes (compared where `lanes` is not null) or a scalar. */
export interface ExpectedLine {
  tag: string;
  lanes?: (number | null)[];
  scalar?: number;
  /** What produced it, for the mismatch report. */
  what: string;
}

export interface UnitVectors {
  stimulus: string;
  expected: ExpectedLine[];
  /** Input vectors (instructions, checks or factors) and beats in the stimulus. */
  cases: number;
  beats: number;
}

/** A message value: mostly uniform, with MAX, MIN, near-equal pairs and small values over-represented. */
function messageValue(rng: Prng, f: FixedFormat, near?: number): number {
  const r = rng.next();
  if (r < 0.1) return f.max;
  if (r < 0.14) return f.min;
  if (near !== undefined && r < 0.55) {
    const v = near + rng.range(-f.corrLimit - 4, f.corrLimit + 4);
    return v > f.max ? f.max : v < f.min ? f.min : v;
  }
  if (r < 0.7) return rng.range(-64, 64);
  return rng.range(f.min, f.max);
}

// ---- vector unit --------------------------------------------------------------------------

export const VEC_OPS = ['vadd', 'vsub', 'vmin', 'vmaxs', 'vdamp', 'vnorm', 'vbcast', 'vrmin', 'vrmaxs', 'vmaxad', 'vext'] as const;
export type VecOp = (typeof VEC_OPS)[number];
const REDUCTIONS = new Set<VecOp>(['vrmin', 'vrmaxs', 'vmaxad', 'vext']);

export interface VectorUnitVectors extends UnitVectors {
  /** Per instruction: its mnemonic, VL and the beats the stimulus streams for it. */
  instructions: { op: VecOp; vl: number; beats: number }[];
}

/** A 32-bit scalar for vbcast: often in the message range, often far outside it (saturates). */
function scalarValue(rng: Prng, f: FixedFormat): number {
  const r = rng.next();
  if (r < 0.4) return messageValue(rng, f);
  if (r < 0.6) return rng.pick([f.max + 1, f.min - 1, 2147483647, -2147483648, 0]);
  return rng.range(-2147483648, 2147483647);
}

/**
 * `count` vector instructions (VL 1 … 3L, so 1 to 3 beats with partial last beats), each run
 * through the simulator's semantic on a minimal architectural state. vnorm streams its source
 * twice (pass 0, pass 1), vext one beat (the one holding its lane). `ops` restricts the mix.
 */
export function vectorUnitVectors(
  f: FixedFormat,
  L: number,
  count: number,
  seed: number,
  opcodes: Record<string, number>,
  ops: readonly VecOp[] = VEC_OPS,
): VectorUnitVectors {
  const rng = new Prng(seed);
  const lines: string[] = [];
  const expected: ExpectedLine[] = [];
  const instructions: VectorUnitVectors['instructions'] = [];
  const vlmax = 3 * L;
  const V = new Int32Array(3 * vlmax);
  const R = new Int32Array(16);
  let beats = 0;
  for (let n = 0; n < count; n++) {
    const op = ops[n < ops.length ? n : rng.int(ops.length)];
    const vl = rng.range(1, vlmax);
    for (let i = 0; i < vlmax; i++) {
      V[i] = 0;
      V[vlmax + i] = messageValue(rng, f);
      V[2 * vlmax + i] = messageValue(rng, f, V[vlmax + i]);
    }
    const imm = op === 'vdamp' ? (rng.next() < 0.2 ? rng.pick([0, 256, 128]) : rng.range(0, 256)) : op === 'vext' ? rng.int(vlmax) : 0;
    const rs = op === 'vmaxad' ? (rng.next() < 0.5 ? 0 : rng.range(-5, 2 * f.max)) : op === 'vbcast' ? scalarValue(rng, f) : 0;
    R[1] = op === 'vbcast' ? rs : 0;
    R[3] = op === 'vmaxad' ? rs : 0;
    const x = {
      pc: 0, a: op === 'vmaxad' ? 3 : 0, b: 1, c: 2, imm, imm2: 0, R, V, vl, vlmax, fmt: f,
      sValue: 0, taken: false, nextPc: 0,
      fault: (kind: string, msg: string) => {
        throw new Error(`${op}: ${kind}: ${msg}`);
      },
    } as unknown as ArchState;
    SEMANTICS[op](x);
    const nb = op === 'vext' ? 1 : Math.ceil(vl / L);
    const passes = op === 'vnorm' ? 2 : 1;
    for (let pass = 0; pass < passes; pass++)
      for (let b = 0; b < nb; b++) {
        const beat = op === 'vext' ? Math.floor(imm / L) : b;
        const a = new Array<number>(L).fill(0);
        const bb = new Array<number>(L).fill(0);
        let en = 0;
        const want: (number | null)[] = [];
        for (let i = 0; i < L; i++) {
          const k = beat * L + i;
          a[i] = V[vlmax + k];
          bb[i] = V[2 * vlmax + k];
          if (k < vl) en |= 1 << i;
          want.push(k < vl && !REDUCTIONS.has(op) && !(op === 'vnorm' && pass === 0) ? V[k] : null);
        }
        lines.push([opcodes[op].toString(16), b === 0 ? 1 : 0, b === nb - 1 ? 1 : 0, pass, en.toString(16), packLanes(a, f.W), packLanes(bb, f.W), imm.toString(16), (rs >>> 0).toString(16)].join(' '));
        expected.push({ tag: 'Y', lanes: want, what: `${op} #${n} (VL ${vl}) pass ${pass} beat ${b}` });
        beats++;
      }
    instructions.push({ op, vl, beats: nb * passes });
    if (REDUCTIONS.has(op)) expected.push({ tag: 'R', scalar: x.sValue | 0, what: `${op} #${n} (VL ${vl}${op === 'vext' ? `, lane ${imm}` : ''})` });
  }
  return { stimulus: lines.join('\n') + '\n', expected, cases: count, beats, instructions };
}

// ---- check-node unit ----------------------------------------------------------------------

const LLR_TEST_RULES = [RULE_SPA, RULE_MS, RULE_NMS, RULE_OMS];

/**
 * `count` checks of degree 1 … 24 on L lanes (frames): app and c2v vectors, rule, cap, layered,
 * first pass and the active lanes random; expected c2v, app (layered) and mask from cnuExecute.
 * Stimulus line per edge: "first last rule cap layered first_pass active app c2v". The unit writes
 * edges in order, spa's in reverse order (its backward pass).
 */
export function llrUnitVectors(f: FixedFormat, L: number, count: number, seed: number, partialVl = false): UnitVectors {
  const rng = new Prng(seed);
  const lines: string[] = [];
  const expected: ExpectedLine[] = [];
  let beats = 0;
  const llr = (near?: number): number => {
    const r = rng.next();
    if (r < 0.06) return f.max;
    if (r < 0.1) return -f.max;
    if (r < 0.12) return f.min; // out of the LLR range: read through llrSat
    if (near !== undefined && r < 0.4) return Math.max(f.min, Math.min(f.max, near + rng.range(-8, 8)));
    if (r < 0.6) return rng.range(-(f.max >> 3), f.max >> 3);
    return rng.range(-f.max, f.max);
  };
  for (let n = 0; n < count; n++) {
    const d = rng.next() < 0.08 ? 1 : rng.range(2, 24);
    const rule = LLR_TEST_RULES[n % LLR_TEST_RULES.length];
    const cap = rng.next() < 0.3 ? f.max : rng.range(0, f.max);
    const layered = rng.int(2);
    const first = rng.next() < 0.2;
    // VL < L (partialVl): the check's vectors have VL lanes; the beat's lanes >= VL hold other
    // words (garbage here) and are masked out of in_active, as the issue logic would.
    const vl = partialVl ? rng.range(1, L - 1) : L;
    const active = rng.next() < 0.5 ? (1 << vl) - 1 : rng.int(1 << vl);
    // Scratchpad: descriptor, c2v block (d × VL), d app vectors.
    const c2vBase = CND.header + d;
    const appBase = c2vBase + d * vl;
    const mem = new Int32Array(appBase + d * vl);
    mem[0] = d;
    mem[1] = c2vBase;
    mem[2] = layered;
    mem[3] = cap;
    for (let j = 0; j < d; j++) {
      mem[CND.header + j] = appBase + j * vl;
      for (let k = 0; k < vl; k++) {
        mem[appBase + j * vl + k] = llr();
        mem[c2vBase + j * vl + k] = llr(mem[appBase + j * vl + k]);
      }
    }
    const before = mem.slice();
    const mask = cnuExecute(f, rule, mem, 0, d, vl, active | (first ? LLR_FIRST_PASS : 0));
    const garbage = (): number => rng.range(f.min, f.max);
    for (let j = 0; j < d; j++) {
      const app = Array.from(before.subarray(appBase + j * vl, appBase + (j + 1) * vl));
      const c2v = Array.from(before.subarray(c2vBase + j * vl, c2vBase + (j + 1) * vl));
      for (let k = vl; k < L; k++) {
        app.push(garbage());
        c2v.push(garbage());
      }
      lines.push([j === 0 ? 1 : 0, j === d - 1 ? 1 : 0, rule, cap.toString(16), layered, first ? 1 : 0, active.toString(16), packLanes(app, f.W), packLanes(c2v, f.W)].join(' '));
      beats++;
    }
    for (let s = 0; s < d; s++) {
      const j = rule === RULE_SPA && d > 1 ? d - 1 - s : s;
      const on = (k: number) => ((active >>> k) & 1) === 1;
      const c2vOut: (number | null)[] = [];
      const appOut: (number | null)[] = [];
      for (let k = 0; k < L; k++) {
        c2vOut.push(k < vl && on(k) ? mem[c2vBase + j * vl + k] : null);
        appOut.push(k < vl && on(k) && layered ? mem[appBase + j * vl + k] : null);
      }
      expected.push({ tag: 'C', lanes: c2vOut, what: `check #${n} (d ${d}, VL ${vl}, rule ${rule}) edge ${j} c2v` });
      expected.push({ tag: 'A', lanes: appOut, what: `check #${n} (d ${d}, rule ${rule}) edge ${j} app` });
    }
    expected.push({ tag: 'M', scalar: mask, what: `check #${n} (d ${d}, VL ${vl}, rule ${rule}) mask` });
  }
  return { stimulus: lines.join('\n') + '\n', expected, cases: count, beats };
}

// ---- variable-node unit -------------------------------------------------------------------

export interface VnuUnitVectors extends UnitVectors {
  /** Per variable: degree, VL and the vector beats streamed (the descriptor beat is not the unit's). */
  variables: { deg: number; vl: number; beats: number }[];
}

/**
 * `count` variables of degree 0 … 12 (now and then up to 40) on VL = 1 … LLR_MAX_LANES frames
 * (VL > L: several lane groups per vector), random active frames; channel and c2v values often
 * large and of one sign, so the running sum saturates and comes back (saturation after every
 * addition is what the kernel does). Expected app from vnuExecute. Stimulus line per beat:
 * "first last group active x"; vector-major, lane groups in order within a vector.
 */
export function vnuUnitVectors(f: FixedFormat, L: number, count: number, seed: number): VnuUnitVectors {
  const rng = new Prng(seed);
  const lines: string[] = [];
  const expected: ExpectedLine[] = [];
  const variables: VnuUnitVectors['variables'] = [];
  let beats = 0;
  const llr = (sign: number): number => {
    const r = rng.next();
    if (r < 0.06) return f.max;
    if (r < 0.1) return -f.max;
    if (r < 0.12) return f.min; // out of the LLR range
    if (r < 0.5) return sign * rng.range(f.max >> 2, f.max);
    if (r < 0.7) return rng.range(-(f.max >> 3), f.max >> 3);
    return rng.range(-f.max, f.max);
  };
  for (let n = 0; n < count; n++) {
    const deg = rng.next() < 0.05 ? rng.range(13, 40) : rng.range(0, 12);
    const vl = rng.range(1, LLR_MAX_LANES);
    const active = rng.next() < 0.5 ? (1 << vl) - 1 : rng.int(1 << vl);
    const ch = VND.header + deg;
    const app = ch + vl;
    const edge0 = app + vl;
    const mem = new Int32Array(edge0 + deg * vl);
    mem[VND.degree] = deg;
    mem[VND.ch] = ch;
    mem[VND.app] = app;
    const sign = rng.next() < 0.5 ? 1 : -1;
    for (let k = 0; k < vl; k++) mem[ch + k] = llr(sign);
    for (let j = 0; j < deg; j++) {
      mem[VND.header + j] = edge0 + j * vl;
      // Mostly one sign, then the other half way: the sum saturates, then comes back.
      for (let k = 0; k < vl; k++) mem[edge0 + j * vl + k] = llr(j < deg / 2 ? sign : -sign);
    }
    for (let k = 0; k < vl; k++) mem[app + k] = 0;
    const before = mem.slice();
    vnuExecute(f, mem, 0, deg, vl, active);
    const groups = Math.ceil(vl / L);
    const vector = (base: number, first: boolean, last: boolean) => {
      for (let g = 0; g < groups; g++) {
        const x = new Array<number>(L).fill(0);
        let en = 0;
        for (let i = 0; i < L; i++) {
          const k = g * L + i;
          if (k >= vl) continue;
          x[i] = before[base + k];
          if ((active >>> k) & 1) en |= 1 << i;
        }
        lines.push([first ? 1 : 0, last ? 1 : 0, g.toString(16), en.toString(16), packLanes(x, f.W)].join(' '));
        beats++;
        if (last) {
          const want: (number | null)[] = [];
          for (let i = 0; i < L; i++) want.push((en >>> i) & 1 ? mem[app + g * L + i] : null);
          expected.push({ tag: 'A', lanes: want, what: `variable #${n} (deg ${deg}, VL ${vl}) lanes ${g * L}…` });
          expected.push({ tag: 'E', scalar: en, what: `variable #${n} (deg ${deg}, VL ${vl}) lane group ${g} enables` });
        }
      }
    };
    vector(ch, true, deg === 0);
    for (let j = 0; j < deg; j++) vector(edge0 + j * vl, false, j === deg - 1);
    variables.push({ deg, vl, beats: (deg + 1) * groups });
  }
  return { stimulus: lines.join('\n') + '\n', expected, cases: count, beats, variables };
}

// ---- pairwise factor unit -----------------------------------------------------------------

export interface PfuUnitVectors extends UnitVectors {
  /** Per pfu: n and the lane groups streamed. */
  updates: { n: number; groups: number }[];
}

/**
 * `count` pfu.sp / pfu.ms of n = 1 … 3L edges (now and then up to 6L), each lane's gathered source
 * word anywhere in 32 bits (often in the message range, sometimes MAX or beyond), table words at
 * F + G with zeros (TMAX) and near-equal pairs, random damping and rd. Expected outputs and the
 * change from pfuExecute on the same scratchpad. Stimulus line per group of L lanes:
 * "first last sp en src tab old damp rd".
 */
export function pfuUnitVectors(f: FixedFormat, L: number, count: number, seed: number): PfuUnitVectors {
  const rng = new Prng(seed);
  const lines: string[] = [];
  const expected: ExpectedLine[] = [];
  const updates: PfuUnitVectors['updates'] = [];
  const TW = f.W + f.guard;
  const g = 2 ** f.guard;
  let beats = 0;
  const source = (): number => {
    const r = rng.next();
    if (r < 0.08) return f.max;
    if (r < 0.12) return rng.pick([f.max + 1, f.max - 1, f.min, f.min - 1, 2147483647, -2147483648]);
    if (r < 0.2) return rng.range(-2147483648, 2147483647);
    if (r < 0.6) return rng.range(-4 * f.scale, 4 * f.scale);
    return rng.range(f.min, f.max);
  };
  const tableWord = (near?: number): number => {
    const r = rng.next();
    if (r < 0.08) return f.tableMax;
    if (near !== undefined && r < 0.4) return Math.max(0, Math.min(f.tableMax - 1, near + rng.range(-f.wideCorrLimit, f.wideCorrLimit)));
    if (r < 0.7) return rng.range(0, 6 * f.scale * g);
    return rng.range(0, f.tableMax - 1);
  };
  for (let u = 0; u < count; u++) {
    const n = rng.next() < 0.1 ? rng.range(3 * L, 6 * L) : rng.range(1, 3 * L);
    const sp = rng.int(2) === 1;
    const damp = rng.next() < 0.5 ? 0 : rng.next() < 0.2 ? 256 : rng.range(1, 256);
    const rd = rng.next() < 0.5 ? 0 : rng.next() < 0.3 ? rng.range(-5, 0) : rng.range(0, 2 * f.max);
    const src = PD.words;
    const tab = src + n;
    const out = tab + PD.perLane * n;
    const pool = out + n;
    const poolSize = n + 4;
    const mem = new Int32Array(pool + poolSize);
    mem[PD.count] = n;
    mem[PD.src] = src;
    mem[PD.table] = tab;
    mem[PD.out] = out;
    mem[PD.lambda] = damp;
    for (let i = 0; i < poolSize; i++) mem[pool + i] = source();
    for (let k = 0; k < n; k++) {
      mem[src + k] = pool + rng.int(poolSize);
      const a = tableWord();
      const c = tableWord();
      mem[tab + 4 * k] = a;
      mem[tab + 4 * k + 1] = tableWord(a);
      mem[tab + 4 * k + 2] = c;
      mem[tab + 4 * k + 3] = tableWord(c);
      mem[out + k] = messageValue(rng, f);
    }
    const before = mem.slice();
    const change = pfuExecute(f, mem, 0, n, sp, rd);
    const groups = Math.ceil(n / L);
    for (let gi = 0; gi < groups; gi++) {
      const srcs: number[] = [];
      const tabs: number[] = [];
      const olds: number[] = [];
      const want: (number | null)[] = [];
      let en = 0;
      for (let i = 0; i < L; i++) {
        const k = gi * L + i;
        const on = k < n;
        if (on) en |= 1 << i;
        srcs.push(on ? before[before[src + k]] : 0);
        for (let q = 0; q < 4; q++) tabs.push(on ? before[tab + 4 * k + q] : 0);
        olds.push(on ? before[out + k] : 0);
        want.push(on ? mem[out + k] : null);
      }
      lines.push([gi === 0 ? 1 : 0, gi === groups - 1 ? 1 : 0, sp ? 1 : 0, en.toString(16), packLanes(srcs, 32), packLanes(tabs, TW), packLanes(olds, f.W), damp.toString(16), (rd >>> 0).toString(16)].join(' '));
      beats++;
      expected.push({ tag: 'Y', lanes: want, what: `pfu #${u} (n ${n}, ${sp ? 'sp' : 'ms'}, λ ${damp}) lanes ${gi * L}…` });
      expected.push({ tag: 'E', scalar: en, what: `pfu #${u} group ${gi} enables` });
    }
    expected.push({ tag: 'D', scalar: change, what: `pfu #${u} (n ${n}) change` });
    updates.push({ n, groups });
  }
  return { stimulus: lines.join('\n') + '\n', expected, cases: count, beats, updates };
}

// ---- factor unit --------------------------------------------------------------------------

interface FactorCase {
  sp: boolean;
  lambda: number;
  cards: number[];
  o: number;
  /** Per table entry: table word, the nin message words (slot order), their enables, output digit. */
  entries: { t: number; ms: number[]; en: number; c: number }[];
  /** Old output message words, raw W bits. */
  old: number[];
  /** New output message words and the change, from factorUpdate. */
  out: number[];
  change: number;
  label: string;
}

/**
 * One factor of arity 2 … nin + 1 with cardinalities 1 … 5 (output card ≤ depth), random strides
 * (mixed-radix or not), tables with zero entries (TMAX), messages with MAX, random λ and old
 * messages; fupd.sp or fupd.ms; run through factorUpdate on its scratchpad.
 */
function factorCase(rng: Prng, f: FixedFormat, nin: number, depth: number, n: number): FactorCase {
  const k = rng.range(2, nin + 1);
  const cards: number[] = [];
  for (let j = 0; j < k; j++) cards.push(rng.range(1, 5));
  const o = rng.int(k);
  cards[o] = Math.min(cards[o], depth);
  const N = cards.reduce((p, c) => p * c, 1);
  const strides: number[] = [];
  if (rng.next() < 0.7) {
    let s = 1;
    for (let j = 0; j < k; j++) {
      strides.push(s);
      s *= cards[j];
    }
  } else for (let j = 0; j < k; j++) strides.push(rng.range(1, N));
  const sp = rng.int(2) === 1;
  const lambda = rng.next() < 0.5 ? 0 : rng.range(1, 256);
  // Layout: descriptor, table, one message per input, output.
  const desc = 0;
  const table = FD.header + FD.perVar * k;
  let addr = table + N;
  const msgAddr: number[] = [];
  for (let j = 0; j < k; j++) {
    msgAddr.push(addr);
    addr += cards[j];
  }
  const out = addr;
  const mem = new Int32Array(out + cards[o]);
  mem[desc + FD.entries] = N;
  mem[desc + FD.arity] = k;
  mem[desc + FD.outPos] = o;
  mem[desc + FD.table] = table;
  mem[desc + FD.out] = out;
  mem[desc + FD.lambda] = lambda;
  const zeroRate = rng.pick([0, 0.1, 0.5, 1]);
  for (let j = 0; j < k; j++) {
    const b = desc + FD.header + FD.perVar * j;
    mem[b + FD.card] = cards[j];
    mem[b + FD.stride] = strides[j];
    mem[b + FD.addr] = msgAddr[j];
    for (let c = 0; c < cards[j]; c++) mem[msgAddr[j] + c] = rng.next() < zeroRate * 0.3 ? f.max : rng.next() < 0.5 ? rng.range(0, 4 * f.scale) : rng.range(f.min, f.max - 1);
  }
  for (let x = 0; x < N; x++) mem[table + x] = rng.next() < zeroRate * 0.3 ? f.tableMax : rng.next() < 0.6 ? rng.range(0, 6 * f.scale * 2 ** f.guard) : rng.range(0, f.tableMax - 1);
  for (let c = 0; c < cards[o]; c++) mem[out + c] = messageValue(rng, f);
  const before = mem.slice();
  const change = factorUpdate(f, mem, desc, sp);
  const entries: FactorCase['entries'] = [];
  for (let x = 0; x < N; x++) {
    const ms = new Array<number>(nin).fill(0);
    let en = 0;
    let slot = 0;
    for (let j = 0; j < k; j++) {
      if (j === o) continue;
      ms[slot] = before[msgAddr[j] + (Math.floor(x / strides[j]) % cards[j])];
      en |= 1 << slot;
      slot++;
    }
    entries.push({ t: before[table + x], ms, en, c: Math.floor(x / strides[o]) % cards[o] });
  }
  const old: number[] = [];
  const outWords: number[] = [];
  for (let c = 0; c < cards[o]; c++) {
    old.push(before[out + c] & ((1 << f.W) - 1));
    outWords.push(mem[out + c]);
  }
  const label = `factor #${n} (k ${k}, cards ${cards.join('×')}, o ${o}, strides ${strides.join(',')}, ${sp ? 'sp' : 'ms'}, λ ${lambda})`;
  return { sp, lambda, cards, o, entries, old, out: outWords, change, label };
}

/**
 * `count` factors (factorCase) for the one-entry-per-clock unit. The stimulus streams each table
 * entry with its message words and output digit, then the output pass.
 * Lines: "S sp" (start), "E t m en c" (entry), "O c old lambda last" (output request).
 */
export function factorUnitVectors(f: FixedFormat, nin: number, depth: number, count: number, seed: number): UnitVectors {
  const rng = new Prng(seed);
  const lines: string[] = [];
  const expected: ExpectedLine[] = [];
  let beats = 0;
  for (let n = 0; n < count; n++) {
    const fc = factorCase(rng, f, nin, depth, n);
    lines.push(`S ${fc.sp ? 1 : 0}`);
    for (const e of fc.entries) {
      lines.push(`E ${e.t.toString(16)} ${packLanes(e.ms, f.W)} ${e.en.toString(16)} ${e.c.toString(16)}`);
      beats++;
    }
    const card = fc.cards[fc.o];
    for (let c = 0; c < card; c++) {
      lines.push(`O ${c.toString(16)} ${fc.old[c].toString(16)} ${fc.lambda.toString(16)} ${c === card - 1 ? 1 : 0}`);
      beats++;
      expected.push({ tag: 'Y', lanes: [fc.out[c]], what: `${fc.label} out[${c}]` });
    }
    expected.push({ tag: 'D', scalar: fc.change, what: `${fc.label} change` });
  }
  return { stimulus: lines.join('\n') + '\n', expected, cases: count, beats };
}

export interface FactorLanesVectors extends UnitVectors {
  /** Per factor: N, the cardinalities, and the table beats streamed (L entries each). */
  factors: { N: number; cards: number[]; tableBeats: number }[];
}

/**
 * The same factors for the L-entries-per-beat unit: table entries L per beat in index order
 * ("E en t m men c", lanes packed), outputs L per beat ("O en c old lambda last").
 */
export function factorLanesUnitVectors(f: FixedFormat, L: number, nin: number, depth: number, count: number, seed: number): FactorLanesVectors {
  const rng = new Prng(seed);
  const lines: string[] = [];
  const expected: ExpectedLine[] = [];
  const factors: FactorLanesVectors['factors'] = [];
  const TW = f.W + f.guard;
  const AWv = Math.max(1, Math.ceil(Math.log2(depth)));
  let beats = 0;
  for (let n = 0; n < count; n++) {
    const fc = factorCase(rng, f, nin, depth, n);
    lines.push(`S ${fc.sp ? 1 : 0}`);
    const N = fc.entries.length;
    let tableBeats = 0;
    for (let x0 = 0; x0 < N; x0 += L) {
      let en = 0;
      const ts: number[] = [];
      const ms: number[] = [];
      const cs: number[] = [];
      let men = 0;
      for (let i = 0; i < L; i++) {
        const e = fc.entries[x0 + i];
        if (e) {
          en |= 1 << i;
          men = e.en;
        }
        ts.push(e ? e.t : 0);
        for (let j = 0; j < nin; j++) ms.push(e ? e.ms[j] : 0);
        cs.push(e ? e.c : 0);
      }
      lines.push(`E ${en.toString(16)} ${packLanes(ts, TW)} ${packLanes(ms, f.W)} ${men.toString(16)} ${packLanes(cs, AWv)}`);
      beats++;
      tableBeats++;
    }
    const card = fc.cards[fc.o];
    for (let c0 = 0; c0 < card; c0 += L) {
      let en = 0;
      const cs: number[] = [];
      const olds: number[] = [];
      const want: (number | null)[] = [];
      for (let i = 0; i < L; i++) {
        const c = c0 + i;
        const on = c < card;
        if (on) en |= 1 << i;
        cs.push(on ? c : 0);
        olds.push(on ? fc.old[c] : 0);
        want.push(on ? fc.out[c] : null);
      }
      lines.push(`O ${en.toString(16)} ${packLanes(cs, AWv)} ${packLanes(olds, f.W)} ${fc.lambda.toString(16)} ${c0 + L >= card ? 1 : 0}`);
      beats++;
      expected.push({ tag: 'Y', lanes: want, what: `${fc.label} out[${c0}…]` });
    }
    expected.push({ tag: 'D', scalar: fc.change, what: `${fc.label} change` });
    factors.push({ N, cards: fc.cards, tableBeats });
  }
  return { stimulus: lines.join('\n') + '\n', expected, cases: count, beats, factors };
}

// ---- comparison ---------------------------------------------------------------------------

/** The first difference between the bench's lines and the expected ones, or null when they agree. */
export function compareUnitOutput(lines: string[], expected: ExpectedLine[], W: number): string | null {
  for (let i = 0; i < Math.max(lines.length, expected.length); i++) {
    const e = expected[i];
    const got = lines[i];
    if (!e) return `extra output line ${i}: ${got}`;
    if (got === undefined) return `output ends at line ${i}; expected ${e.tag} for ${e.what}`;
    const [tag, hex] = got.split(' ');
    if (tag !== e.tag) return `line ${i}: expected ${e.tag} (${e.what}), got ${got}`;
    if (e.lanes) {
      const got = unpackLanes(hex, e.lanes.length, W);
      for (let k = 0; k < e.lanes.length; k++) {
        const want = e.lanes[k];
        if (want === null) continue;
        if (hasUnknown(hex) || got[k] !== want) return `line ${i}, ${e.what}, lane ${k}: expected ${want}, got ${hasUnknown(hex) ? hex : got[k]}`;
      }
    } else if (hasUnknown(hex) || hex32(hex) !== (e.scalar! | 0)) {
      return `line ${i}, ${e.what}: expected ${e.scalar}, got ${hasUnknown(hex) ? hex : hex32(hex)}`;
    }
  }
  return null;
}

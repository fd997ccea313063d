// Bit-exact message arithmetic of the GP5 number format, shared by the simulator and the golden
// fixed-point reference. Messages are energies E = −ln(p) · 2^F held in W bits and saturated to
// [MIN, MAX]; MAX stands for probability 0. The W-bit code is two's complement (the default) or
// unsigned (issue 13: a normalised energy is never negative, so the sign bit is range thrown away);
// see MessageCode. All values are JS integers (exact in doubles for W ≤ 32); nothing here can
// produce NaN or Infinity.

/**
 * How a W-bit message word is read. `signed`: two's complement, [−2^(W−1), 2^(W−1) − 1], MAX =
 * 2^(W−1) − 1. `unsigned`: [0, 2^W − 1], MAX = 2^W − 1, so finite energies reach 2^W − 2, twice the
 * range at the same F. Table words follow (W + G bits, unsigned: TMAX = 2^(W+G) − 1). Vector lanes
 * saturate to the same range, so an unsigned format has no negative values: the dense path (fupd,
 * vupd, vnorm, vmaxs, vdamp) never needs them; the signed LLR paths (the pairwise unit, the LDPC
 * unit, vsub of log-ratios) refuse it (runtime's requireSignedMessages).
 */
export type MessageCode = 'signed' | 'unsigned';
export const MESSAGE_CODES: readonly MessageCode[] = ['signed', 'unsigned'];

export interface FixedFormat {
  /** Total bits W. */
  readonly W: number;
  /** Fraction bits F. */
  readonly F: number;
  /** The W-bit code (signed: the default; unsigned: twice the range, no negative values). */
  readonly code: MessageCode;
  /** The saturated top, meaning probability 0: 2^(W−1) − 1 signed, 2^W − 1 unsigned. */
  readonly max: number;
  /** −2^(W−1) signed, 0 unsigned. */
  readonly min: number;
  /** 2^F: raw units per nat. */
  readonly scale: number;
  /** max* correction table (raw units). */
  readonly corr: Int32Array;
  /** Table index = d >> shift; each entry covers 2^shift raw units of |a − b|. */
  readonly shift: number;
  /** |a − b| at or beyond this gets no correction (= table size << shift). */
  readonly corrLimit: number;
  /**
   * Guard bits G of the factor unit (guardBits): tables and its max* work at F + G fraction bits;
   * messages stay W-bit at F.
   */
  readonly guard: number;
  /**
   * Prior word meaning probability 0: MAX signed; 2^(W+PRIOR_EXTRA_BITS) − 1 unsigned, where a
   * variable's prior (input 0 of a vupd descriptor that flags it) is a wider word at F than its
   * messages, so a model's strong priors keep their range at a fine F (Promedus: 9–16 nats).
   */
  readonly priorMax: number;
  /** Table word meaning probability 0: 2^(W−1+G) − 1 signed, 2^(W+G) − 1 unsigned (finite entries saturate one below). */
  readonly tableMax: number;
  /**
   * The factor unit's max* correction table at F + G, factorUnitTableSize(W) entries (bucket
   * shift, reach), built as `corr`. The config's maxStarTableSize sizes only `corr` (vmaxs, vrmaxs).
   */
  readonly wideCorr: Int32Array;
  readonly wideShift: number;
  readonly wideCorrLimit: number;
}

const formatCache = new Map<string, FixedFormat>();

/** Extra bits of an unsigned format's prior words over its W-bit messages (4× the range at F). */
export const PRIOR_EXTRA_BITS = 2;

/** Widest W with the unsigned code: its prior words (W + PRIOR_EXTRA_BITS bits) must be non-negative 32-bit words. */
export const MAX_UNSIGNED_MESSAGE_BITS = 31 - PRIOR_EXTRA_BITS;

/**
 * Fraction bits the factor unit works at (at least): F + G = max(F, 12), so it resolves 2^−12 nat
 * at every W ≤ 24 and one correction ROM serves them all. Chosen by measurement (ISA.md "Wide
 * datapath"): 8 left W = 16 at 7e-3 max TV (no guard bits at F = 8) and DBN_11 oscillating at W = 8.
 */
export const FACTOR_UNIT_FRAC_BITS = 12;

/**
 * Entries of the factor unit's max* correction table at width W: 4096 up to W = 16, 16384 above.
 * At F + G = 12 that is buckets of 16 LSB (1/256 nat) or 4 LSB (1/1024 nat); either way the table
 * reaches the distance where the correction is below half an LSB (16 nats). The finer table above
 * W = 16 keeps the error falling from W = 16 to 24 (ISA.md "Wide datapath").
 */
export function factorUnitTableSize(W: number): number {
  return W <= 16 ? 4096 : 16384;
}

/**
 * Guard bits of the factor unit at W, F: G = max(0, FACTOR_UNIT_FRAC_BITS − F), capped at 32 − W
 * (31 − W unsigned) so a table word (W + G bits, TMAX = 2^(W−1+G) − 1, or 2^(W+G) − 1) fits a
 * 32-bit scratchpad word as a non-negative value.
 */
export function guardBits(W: number, F: number, code: MessageCode = 'signed'): number {
  return Math.min(Math.max(0, FACTOR_UNIT_FRAC_BITS - F), (code === 'unsigned' ? 31 : 32) - W);
}

/**
 * Build the number format. The max* correction table has T entries; entry k covers
 * d ∈ [k·2^s, (k+1)·2^s) and holds round(2^F · ln(1 + e^(−c/2^F))) at the bucket centre
 * c = k·2^s + (2^s − 1)/2, where s = max(0, ⌈log2((F+1)·ln2·2^F / T)⌉) makes the table reach the
 * distance at which the true correction falls below half an LSB.
 */
export function makeFormat(W: number, F: number, tableSize: number, code: MessageCode = 'signed'): FixedFormat {
  const key = `${W}/${F}/${tableSize}/${code}`;
  const cached = formatCache.get(key);
  if (cached) return cached;
  // W = 6 and 7 exist for the error-against-W study (the chip config takes 8 … 32).
  if (!Number.isInteger(W) || W < 6 || W > 32) throw new RangeError(`message width W=${W} outside 6 … 32`);
  if (!Number.isInteger(F) || F < 0 || F > W - 2) throw new RangeError(`fraction bits F=${F} outside 0 … ${W - 2}`);
  if (!Number.isInteger(tableSize) || tableSize < 1 || (tableSize & (tableSize - 1)) !== 0) {
    throw new RangeError(`max* table size ${tableSize} is not a power of two`);
  }
  if (!MESSAGE_CODES.includes(code)) throw new RangeError(`message code ${String(code)} is not one of ${MESSAGE_CODES.join(', ')}`);
  const unsigned = code === 'unsigned';
  // An unsigned format's prior words (W + PRIOR_EXTRA_BITS bits) must be non-negative 32-bit words.
  if (unsigned && W > MAX_UNSIGNED_MESSAGE_BITS) throw new RangeError(`an unsigned message code needs W ≤ ${MAX_UNSIGNED_MESSAGE_BITS} (W=${W})`);
  const scale = 2 ** F;
  const { corr, shift } = corrTable(F, tableSize);
  const step = 2 ** shift;
  const guard = guardBits(W, F, code);
  const wideSize = factorUnitTableSize(W);
  const wide = corrTable(F + guard, wideSize);
  const fmt: FixedFormat = {
    W,
    F,
    code,
    max: unsigned ? 2 ** W - 1 : 2 ** (W - 1) - 1,
    min: unsigned ? 0 : -(2 ** (W - 1)),
    scale,
    corr,
    shift,
    corrLimit: tableSize * step,
    guard,
    priorMax: unsigned ? 2 ** (W + PRIOR_EXTRA_BITS) - 1 : 2 ** (W - 1) - 1,
    tableMax: 2 ** (unsigned ? W + guard : W - 1 + guard) - 1,
    wideCorr: wide.corr,
    wideShift: wide.shift,
    wideCorrLimit: wideSize * 2 ** wide.shift,
  };
  formatCache.set(key, fmt);
  return fmt;
}

/** The max* correction table at F fraction bits (see makeFormat). */
function corrTable(F: number, tableSize: number): { corr: Int32Array; shift: number } {
  const scale = 2 ** F;
  const reach = (F + 1) * Math.LN2 * scale;
  const shift = Math.max(0, Math.ceil(Math.log2(reach / tableSize)));
  const step = 2 ** shift;
  const corr = new Int32Array(tableSize);
  for (let k = 0; k < tableSize; k++) {
    const centre = k * step + (step - 1) / 2;
    corr[k] = Math.floor(scale * Math.log1p(Math.exp(-centre / scale)) + 0.5);
  }
  return { corr, shift };
}

/** Clamp an exact integer to [MIN, MAX]. */
export function sat(f: FixedFormat, x: number): number {
  return x > f.max ? f.max : x < f.min ? f.min : x;
}

export function satAdd(f: FixedFormat, a: number, b: number): number {
  const s = a + b;
  return s > f.max ? f.max : s < f.min ? f.min : s;
}

export function satSub(f: FixedFormat, a: number, b: number): number {
  const s = a - b;
  return s > f.max ? f.max : s < f.min ? f.min : s;
}

/**
 * max* of two probabilities in the energy domain: min(a, b) − corr(|a − b|), saturated.
 * MAX (probability 0) is the identity: maxStar(MAX, b) = b, so zeros stay exact.
 */
export function maxStar(f: FixedFormat, a: number, b: number): number {
  if (a === f.max) return b;
  if (b === f.max) return a;
  let d: number;
  let m: number;
  if (a < b) {
    d = b - a;
    m = a;
  } else {
    d = a - b;
    m = b;
  }
  const c = d >= f.corrLimit ? 0 : f.corr[d >>> f.shift];
  const r = m - c;
  return r < f.min ? f.min : r;
}

/** The damping λ's largest value: λ / DAMP_LAMBDA_MAX is the weight of the old message (a power of two). */
export const DAMP_LAMBDA_MAX = 256;

/**
 * Damping blend with λ ∈ [0, 256] (λ/256 is the weight of the old message):
 * out = sat(new + ⌊((old − new) · λ + 128) / 256⌋), i.e. round half up.
 */
export function dampBlend(f: FixedFormat, next: number, prev: number, lambda: number): number {
  const r = next + Math.floor(((prev - next) * lambda + DAMP_LAMBDA_MAX / 2) / DAMP_LAMBDA_MAX);
  return r > f.max ? f.max : r < f.min ? f.min : r;
}

/** |a − b| exactly, clamped to 2^31 − 1 so it fits a scalar register. */
export function absDiff(a: number, b: number): number {
  const d = a > b ? a - b : b - a;
  return d > 0x7fffffff ? 0x7fffffff : d;
}

/**
 * Normalise len values at arr[off …]: subtract the minimum so the most probable entry has energy 0.
 * If every entry is MAX the result is all 0 (uniform): the 0/0 guard.
 */
export function normalizeInPlace(f: FixedFormat, arr: Int32Array, off: number, len: number): void {
  let m = arr[off];
  for (let i = 1; i < len; i++) if (arr[off + i] < m) m = arr[off + i];
  for (let i = 0; i < len; i++) {
    const r = arr[off + i] - m;
    arr[off + i] = r > f.max ? f.max : r;
  }
}

/** Probability (or non-negative potential) → energy, round half up; p ≤ 0 maps to MAX. */
export function energyFromProb(f: FixedFormat, p: number): number {
  if (!(p > 0)) return f.max;
  if (p === Infinity) return f.min;
  return sat(f, Math.floor(-Math.log(p) * f.scale + 0.5));
}

/** Energy in nats → raw, round half up, saturated. */
export function energyFromNats(f: FixedFormat, nats: number): number {
  if (Number.isNaN(nats)) throw new RangeError('energy is NaN');
  if (nats === Infinity) return f.max;
  if (nats === -Infinity) return f.min;
  return sat(f, Math.floor(nats * f.scale + 0.5));
}

/** Raw energy → nats (MAX is reported as +Infinity: probability exactly 0). */
export function natsFromEnergy(f: FixedFormat, e: number): number {
  return e >= f.max ? Infinity : e / f.scale;
}

/** Energies of one message → normalised probabilities (sum 1). All-MAX gives uniform. */
export function probsFromEnergies(f: FixedFormat, e: ArrayLike<number>): number[] {
  let m = Infinity;
  for (let i = 0; i < e.length; i++) if (e[i] < m) m = e[i];
  const out = new Array<number>(e.length);
  if (m >= f.max) return out.fill(1 / e.length);
  let s = 0;
  for (let i = 0; i < e.length; i++) {
    out[i] = e[i] >= f.max ? 0 : Math.exp(-(e[i] - m) / f.scale);
    s += out[i];
  }
  for (let i = 0; i < e.length; i++) out[i] /= s;
  return out;
}

/**
 * Worst-case |maxStar(a, b) − exact| in raw units when nothing saturates, with
 * exact = −2^F · ln(e^(−a/2^F) + e^(−b/2^F)): half an LSB of table rounding plus the slope (≤ 1/2)
 * times the farthest distance from a bucket centre, or the true correction past the table's end.
 */
export function maxStarErrorBound(f: FixedFormat): number {
  return corrErrorBound(f.shift, f.scale, f.corrLimit);
}

/** maxStarErrorBound for the factor unit's wideMaxStar, in raw units at F + G. */
export function wideMaxStarErrorBound(f: FixedFormat): number {
  return corrErrorBound(f.wideShift, 2 ** (f.F + f.guard), f.wideCorrLimit);
}

function corrErrorBound(shift: number, scale: number, limit: number): number {
  const step = 2 ** shift;
  const inTable = 0.5 + (0.5 * (step - 1)) / 2;
  const tail = scale * Math.log1p(Math.exp(-limit / scale));
  return Math.max(inTable, tail + 0.5);
}

/** Fraction bits used for a W-bit format when only W is given (`--bits W`): half of W. */
export function defaultFracBits(W: number): number {
  return Math.floor(W / 2);
}

/**
 * max* table entries used when only W is given: 256 up to 16 bits, 4096 above, so the table's
 * error in nats keeps shrinking as W grows (a fixed T would widen the buckets as F grows).
 */
export function defaultTableSize(W: number): number {
  return W <= 16 ? 256 : 4096;
}

// ---- Wide accumulation (fupd/vupd since issue 13). Messages are W-bit energies in memory, but
// the factor and variable units accumulate exactly (no saturation until the output): an input of
// MAX (probability 0) sets the entry's zero flag, which is sticky; finite sums are exact integers.
// The factor unit works at F + G fraction bits (tables are stored at that resolution, input
// messages are scaled by 2^G on read, max* uses its own factorUnitTableSize(W)-entry table at F + G) and rounds its output
// half up to F once. Only the normalised output is narrowed to W bits, and a finite result
// saturates at MAX − 1, so a small probability is never rounded to an exact zero. In this code the
// zero flag is Infinity (RTL: one flag bit beside a W + G + 6-bit accumulator).

/** The wide accumulator's zero flag (probability 0). */
export const WIDE_ZERO = Infinity;

/** 2^k for the guard shifts (a table: `2 ** k` with a variable k is a pow call in the hot kernels). */
const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);

/** 2^G: the factor unit's scale of a W-bit message read at F + G. */
export function guardScale(f: FixedFormat): number {
  return POW2[f.guard];
}

/** A W-bit message read by the variable unit: MAX (or above) is the zero flag. */
export function widen(f: FixedFormat, e: number): number {
  return e >= f.max ? WIDE_ZERO : e;
}

/** A prior word read by the variable unit: priorMax (or above) is the zero flag. */
export function widenPrior(f: FixedFormat, e: number): number {
  return e >= f.priorMax ? WIDE_ZERO : e;
}

/** A W-bit message read by the factor unit, at F + G: MAX is the zero flag, else e · 2^G. */
export function widenMessage(f: FixedFormat, e: number): number {
  return e >= f.max ? WIDE_ZERO : e * guardScale(f);
}

/** A table word read by the factor unit (already at F + G): tableMax is the zero flag. */
export function widenTable(f: FixedFormat, t: number): number {
  return t >= f.tableMax ? WIDE_ZERO : t;
}

/** max* on the factor unit's wide values (F + G): min(a, b) − corr(|a − b|), exact; the zero flag is the identity. */
export function wideMaxStar(f: FixedFormat, a: number, b: number): number {
  if (a === WIDE_ZERO) return b;
  if (b === WIDE_ZERO) return a;
  const d = a < b ? b - a : a - b;
  const m = a < b ? a : b;
  return m - (d >= f.wideCorrLimit ? 0 : f.wideCorr[d >>> f.wideShift]);
}

/**
 * A wide accumulator entry, normalised by the entries' minimum `min` (finite), as a W-bit message:
 * the zero flag → MAX; otherwise (v − min) / 2^guard rounded half up, saturated at MAX − 1.
 * guard = f.guard for the factor unit, 0 for the variable unit.
 */
export function narrowNormalized(f: FixedFormat, v: number, min: number, guard: number): number {
  if (v === WIDE_ZERO) return f.max;
  const r = guard === 0 ? v - min : Math.floor((v - min + POW2[guard - 1]) / POW2[guard]);
  return r >= f.max ? f.max - 1 : r;
}

/**
 * A potential ratio p = φ/max φ ∈ [0, 1] as an energy at `frac` fraction bits with zero marker
 * `zero`: 0 → zero; positive values round half up and saturate one below it (clipping that the
 * quantiser reports).
 */
function ratioEnergy(p: number, frac: number, zero: number): number {
  if (!(p > 0)) return zero;
  const e = Math.floor(-Math.log(p) * 2 ** frac + 0.5);
  return e >= zero ? zero - 1 : e;
}

/** A factor table entry (F + G fraction bits, zero = tableMax). */
export function tableEnergy(f: FixedFormat, p: number): number {
  return ratioEnergy(p, f.F + f.guard, f.tableMax);
}

/** A prior entry (a prior word: F fraction bits, zero = priorMax). */
export function priorEnergy(f: FixedFormat, p: number): number {
  return ratioEnergy(p, f.F, f.priorMax);
}

/** Largest finite energy a W-bit message can hold, in nats ((MAX − 1) / 2^F). */
export function representableNats(f: FixedFormat): number {
  return (f.max - 1) / f.scale;
}

// The compiler's choice of the number format for one model (issue 13): at a given message width W,
// the code (signed or unsigned) and F, which trades resolution (2^−F nat) against range
// ((MAX − 1)/2^F nats).
//
// - Code: below W = 16 a dense model takes the unsigned code (a normalised energy is never
//   negative: twice the range at the same F, and priors as wider prior words). The pairwise and
//   LDPC LLR paths and structured parity factors need signed log-ratios, so they keep signed; W ≥ 16
//   keeps signed too (the range is ample, and it is what the RTL is generated for).
// - F: the config's F is a ceiling (one more with the unsigned code, which has the signed range of
//   F at F + 1). Give up a fraction bit while more than 1 in 100 of the model's non-zero table and
//   prior entries fall outside the range (Promedus' 16-nat priors at signed W = 8 want F = 3).
// - Calibration (unsigned, small models): range counts cannot tell which of the two finest
//   admissible F is better (Promedus_11 wants F = 5 for its 3-nat noisy-OR chains, Promedus_24 F = 4
//   because its variable-to-factor messages span more than F = 5's 7.9 nats), so the compiler runs
//   both on the host in the fixed-point reference and in float for the run's iteration budget and
//   keeps the F with the smaller max TV. What is still clipped is reported by factor, never silently.
import { makeFormat, type FixedFormat, type MessageCode } from '../isa/index.js';
import {
  FixedPointBp,
  FloatScheduleBp,
  quantizeGraph,
  scheduleUpdates,
  structuredParityFactors,
  type FactorGraph,
  type ParityPath,
  type QuantizedGraph,
  type ClippedRange,
} from '../golden/index.js';
import { defaultTolerance, tvStats } from './accuracy.js';

/** Clipped entries tolerated before F is lowered: 1 per 100 non-zero entries. */
const CLIP_FRACTION = 1e-2;

/** Widths below this take the unsigned code on the dense path. */
export const UNSIGNED_BELOW_BITS = 16;

/** Message words (Σ over edges of the variable's cardinality) up to which the compiler calibrates F. */
export const CALIBRATION_MAX_MESSAGE_WORDS = 100_000;

export interface ChosenFormat {
  format: FixedFormat;
  graph: QuantizedGraph;
  /** The max TV of each calibrated F against float (empty when F was chosen by range alone). */
  calibration: { F: number; maxTV: number }[];
}

export interface FormatChoice {
  /** 'auto' (the default): unsigned below W = 16 on the dense path without parity factors. */
  code?: 'auto' | MessageCode;
  /** The parity path the compiler will take (structured parity factors need the signed code). */
  parityPath?: ParityPath;
  /** Calibrate between the two finest admissible F (unsigned, small models): the run's budget. */
  calibrate?: { maxIter: number; sumProduct: boolean } | null;
}

function nonZeroEntries(graph: FactorGraph): number {
  let n = 0;
  for (const f of graph.factors) for (let x = 0; x < f.table.length; x++) if (f.table[x]! > 0) n++;
  return n;
}

function clippedEntries(q: QuantizedGraph): number {
  let clipped = 0;
  for (const c of q.clipped) clipped += c.entries;
  return clipped;
}

/**
 * Quantise `graph` at width W: the code, then the largest F ≤ the ceiling whose clipping stays
 * within CLIP_FRACTION (calibrated against the next one down, see the file comment).
 */
export function chooseFormat(graph: FactorGraph, W: number, tableSize: number, maxF = Math.floor(W / 2), choice: FormatChoice = {}): ChosenFormat {
  const code = pickCode(graph, W, tableSize, choice);
  const ceiling = code === 'unsigned' ? Math.min(maxF + 1, W - 2) : maxF;
  const limit = CLIP_FRACTION * nonZeroEntries(graph);
  const quantize = (F: number) => {
    const format = makeFormat(W, F, tableSize, code);
    return { format, graph: quantizeGraph(graph, format) };
  };
  let first = quantize(ceiling);
  while (first.format.F > 1 && clippedEntries(first.graph) > limit) first = quantize(first.format.F - 1);
  const calibrate = choice.calibrate;
  // Nothing admissible (F = 1 still clips) keeps the last F tried; F − 1 holds more range, so it is admissible when F is.
  const uncalibrated = code !== 'unsigned' || !calibrate || first.format.F <= 1 || clippedEntries(first.graph) > limit;
  if (uncalibrated || first.graph.msgSize > CALIBRATION_MAX_MESSAGE_WORDS) return { ...first, calibration: [] };
  const candidates = [first, quantize(first.format.F - 1)];
  const calibration = candidates.map((c) => ({ F: c.format.F, maxTV: calibrationError(graph, c.graph, calibrate.maxIter, calibrate.sumProduct) }));
  return { ...candidates[calibration[1]!.maxTV < calibration[0]!.maxTV ? 1 : 0]!, calibration };
}

function pickCode(graph: FactorGraph, W: number, tableSize: number, choice: FormatChoice): MessageCode {
  const code = choice.code ?? 'auto';
  if (code !== 'auto') return code;
  if (W >= UNSIGNED_BELOW_BITS) return 'signed';
  // Parity detection reads only the tables' structure, so any format tells it.
  const probe = quantizeGraph(graph, makeFormat(W, Math.floor(W / 2), tableSize));
  return structuredParityFactors(probe, choice.parityPath).some((p) => p >= 0) ? 'signed' : 'unsigned';
}

/** Max TV of the fixed reference against float on the flooding list, for the run's iteration budget. */
function calibrationError(graph: FactorGraph, q: QuantizedGraph, maxIter: number, sumProduct: boolean): number {
  const updates = scheduleUpdates(graph, 'flooding');
  const tolRaw = Math.floor(defaultTolerance(q.format) * q.format.scale);
  const bp = new FixedPointBp(q, { schedule: updates, tolRaw, sumProduct });
  const r = bp.run(maxIter);
  const fl = new FloatScheduleBp(graph, q, updates, { sumProduct, lambda: 0, tol: tolRaw / q.format.scale }).runExactly(r.iterations);
  return tvStats(bp.marginals(), fl.marginals).maxTV;
}

/** One warning line per clipped factor (the first `max`, then a count of the rest). */
export function clippingWarnings(clipped: readonly ClippedRange[], f: FixedFormat, max = 5): string[] {
  const out = clipped.slice(0, max).map((c) => {
    const what = c.variable !== undefined ? `prior of variable ${c.variable} (unary factor ${c.factor})` : `factor ${c.factor}`;
    return `${what}: ${c.entries} non-zero ${c.entries === 1 ? 'entry' : 'entries'} down to −${c.maxNats.toFixed(2)} nats (relative to its largest) beyond the W=${f.W} F=${f.F} range of ${c.representableNats.toFixed(2)} nats: held at the smallest non-zero probability`;
  });
  if (clipped.length > max) out.push(`… and ${clipped.length - max} more factors clipped at W=${f.W} F=${f.F}`);
  return out;
}

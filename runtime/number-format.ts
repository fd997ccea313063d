// The compiler's choice of the number format for one model (issue 13): at a given message width W,
// F trades resolution (2^−F nat) against range ((MAX − 1)/2^F nats). Start at the default F = ⌊W/2⌋
// and give up a fraction bit while more than 1 in 100 of the model's non-zero table and prior
// entries fall outside the range (Promedus' 16-nat disease priors at W = 8 want F = 3; the libDAI
// models, whose factors span under 5 nats, keep F = 4). What is still clipped is reported by
// factor, never silently.
import { makeFormat, type FixedFormat } from '../isa/index.js';
import { quantizeGraph, type FactorGraph, type QuantizedGraph, type ClippedRange } from '../golden/index.js';

/** Clipped entries tolerated before F is lowered: 1 per 100 non-zero entries. */
const CLIP_FRACTION = 1e-2;

export interface ChosenFormat {
  format: FixedFormat;
  graph: QuantizedGraph;
}

function nonZeroEntries(graph: FactorGraph): number {
  let n = 0;
  for (const f of graph.factors) for (let x = 0; x < f.table.length; x++) if (f.table[x]! > 0) n++;
  return n;
}

/** Quantise `graph` at width W with the largest F ≤ ⌊W/2⌋ whose clipping stays within CLIP_FRACTION. */
export function chooseFormat(graph: FactorGraph, W: number, tableSize: number, maxF = Math.floor(W / 2)): ChosenFormat {
  const limit = CLIP_FRACTION * nonZeroEntries(graph);
  let chosen: ChosenFormat | null = null;
  for (let F = maxF; F >= 1; F--) {
    const format = makeFormat(W, F, tableSize);
    const q = quantizeGraph(graph, format);
    chosen = { format, graph: q };
    let clipped = 0;
    for (const c of q.clipped) clipped += c.entries;
    if (clipped <= limit) break;
  }
  return chosen!;
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

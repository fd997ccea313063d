// libDAI `.fg` factor graphs. Tables list the LEFT-MOST variable fastest (the same as our order).
// Variable labels are arbitrary non-negative integers; variables get ids in increasing label order
// and the name `x<label>`. Missing entries are 0; lines starting with `#` are comments.
import type { Factor, FactorGraph, Variable } from '../model.js';
import { collectText, graphSource, type ModelSource } from '../model-source.js';
import { allZero, checkedTableSize, MAX_CARD, MAX_COUNT, repeatedVar } from './common.js';
import { TokenReader } from './tokens.js';
import { withParityMarker } from '../parity.js';

export interface FgModel extends FactorGraph {
  /** libDAI label of each variable id. */
  readonly labels: readonly number[];
}

export function parseFg(text: string, fileName: string): FgModel {
  const tr = new TokenReader(text, fileName, { hashComments: true });
  const nFactors = tr.int('number of factors', 0, MAX_COUNT);
  const raw: { labels: number[]; table: Float64Array; line: number }[] = [];
  const cardOf = new Map<number, { card: number; line: number }>();
  for (let f = 0; f < nFactors; f++) {
    const line = tr.line;
    const k = tr.int(`number of variables of factor ${f}`, 1, 64);
    const labels: number[] = [];
    for (let j = 0; j < k; j++) labels.push(tr.int(`variable label of factor ${f}`, 0, MAX_COUNT));
    const rep = repeatedVar(labels);
    if (rep >= 0) throw tr.error(`factor ${f}: expected distinct variable labels, label ${rep} is repeated`, line);
    const cards: number[] = [];
    for (let j = 0; j < k; j++) {
      const cl = tr.line;
      const c = tr.int(`cardinality of variable ${labels[j]} in factor ${f}`, 1, MAX_CARD);
      const prev = cardOf.get(labels[j]!);
      if (prev && prev.card !== c)
        throw tr.error(
          `factor ${f}: expected cardinality ${prev.card} for variable ${labels[j]} (as on line ${prev.line}), found ${c}`,
          cl,
        );
      if (!prev) cardOf.set(labels[j]!, { card: c, line: cl });
      cards.push(c);
    }
    const size = checkedTableSize(tr, cards, line, `factor ${f}`);
    const nnz = tr.int(`number of non-zero entries of factor ${f}`, 0, size);
    const table = new Float64Array(size);
    for (let i = 0; i < nnz; i++) {
      const idx = tr.int(`entry index of factor ${f}`, 0, size - 1);
      table[idx] = tr.nonNegative(`entry value of factor ${f}`);
    }
    if (allZero(table)) throw tr.error(`factor ${f}: expected at least one non-zero table entry (all entries are 0)`, line);
    raw.push({ labels, table, line });
  }
  tr.expectEnd();
  const labels = [...cardOf.keys()].sort((a, b) => a - b);
  const idOf = new Map<number, number>();
  labels.forEach((l, i) => idOf.set(l, i));
  const variables: Variable[] = labels.map((l) => ({ card: cardOf.get(l)!.card, name: `x${l}` }));
  const factors: Factor[] = raw.map((r) => withParityMarker({ scope: r.labels.map((l) => idOf.get(l)!), table: r.table }, r.labels.map((l) => cardOf.get(l)!.card)));
  return { variables, factors, labels };
}

/** Full-precision number text that round-trips. */
function num(x: number): string {
  return String(x);
}

/**
 * Write a libDAI `.fg` file. Variable labels are the variable ids; only non-zero entries are
 * written. Values are written with full precision so the file reads back identically.
 */
export function writeFg(graph: FactorGraph): string {
  return collectText((out) => writeFgTo(graphSource(graph), out));
}

/** `writeFg` streamed: chunks go to `out`, one factor at a time. */
export function writeFgTo(src: ModelSource, out: (chunk: string) => void): void {
  out(`# written by gp5 golden/ (libDAI .fg; left-most variable changes fastest)\n${src.nFactors}\n`);
  src.forEachFactor((scope, table) => {
    const lines: string[] = [];
    for (let i = 0; i < table.length; i++) if (table[i] !== 0) lines.push(`${i} ${num(table[i]!)}\n`);
    out(`\n${scope.length}\n${scope.join(' ')}\n${scope.map((v) => src.card(v)).join(' ')}\n${lines.length}\n${lines.join('')}`);
  });
}

// UAI inference-competition formats: .uai (MARKOV / BAYES), .evid, .MAR, .PR.
// UAI tables list the LAST scope variable fastest; the reader converts to first-fastest.
import { ModelFormatError } from '../errors.js';
import type { Factor, FactorGraph, Variable } from '../model.js';
import { firstFastestToLastFastest, lastFastestToFirstFastest } from '../model.js';
import { collectText, graphSource, type ModelSource } from '../model-source.js';
import { allZero, checkedTableSize, MAX_CARD, MAX_COUNT, repeatedVar } from './common.js';
import { TokenReader } from './tokens.js';
import { withParityMarker } from '../parity.js';

export interface UaiModel extends FactorGraph {
  /** The preamble keyword of the file. */
  readonly networkType: 'MARKOV' | 'BAYES';
}

/** Parse a `.uai` file (MARKOV or BAYES). Tables are converted to first-fastest order. */
export function parseUai(text: string, fileName: string): UaiModel {
  const tr = new TokenReader(text, fileName);
  const kwLine = tr.line;
  const kw = tr.word("network type 'MARKOV' or 'BAYES'");
  const type = kw.toUpperCase();
  if (type !== 'MARKOV' && type !== 'BAYES')
    throw tr.error(`expected network type 'MARKOV' or 'BAYES', found '${kw.slice(0, 24)}'`, kwLine);
  const nVars = tr.int('number of variables', 1, MAX_COUNT);
  const variables: Variable[] = [];
  for (let i = 0; i < nVars; i++) variables.push({ card: tr.int(`cardinality of variable ${i}`, 1, MAX_CARD) });
  const nFactors = tr.int('number of factors', 0, MAX_COUNT);
  const scopes: number[][] = [];
  const scopeLines: number[] = [];
  for (let f = 0; f < nFactors; f++) {
    const line = tr.line;
    const k = tr.int(`number of variables in the scope of factor ${f}`, 1, nVars);
    const scope: number[] = [];
    for (let j = 0; j < k; j++) scope.push(tr.int(`variable id in the scope of factor ${f}`, 0, nVars - 1));
    const rep = repeatedVar(scope);
    if (rep >= 0) throw tr.error(`factor ${f}: expected distinct variables in the scope, variable ${rep} is repeated`, line);
    scopes.push(scope);
    scopeLines.push(line);
  }
  const factors: Factor[] = [];
  for (let f = 0; f < nFactors; f++) {
    const scope = scopes[f]!;
    const cards = scope.map((v) => variables[v]!.card);
    const size = checkedTableSize(tr, cards, scopeLines[f]!, `factor ${f}`);
    const line = tr.line;
    const count = tr.int(`number of table entries of factor ${f}`, 0, Number.MAX_SAFE_INTEGER);
    if (count !== size)
      throw tr.error(`factor ${f}: expected ${size} table entries (product of the scope cardinalities), found ${count}`, line);
    const raw = new Float64Array(size);
    for (let i = 0; i < size; i++) raw[i] = tr.nonNegative(`table entry ${i} of factor ${f}`);
    if (allZero(raw)) throw tr.error(`factor ${f}: expected at least one non-zero table entry (all entries are 0)`, line);
    factors.push(withParityMarker({ scope, table: scope.length > 1 ? lastFastestToFirstFastest(raw, cards) : raw }, cards));
  }
  tr.expectEnd();
  return { networkType: type, variables, factors };
}

/** One observed variable, with the evidence file line for error messages. */
export interface EvidenceEntry {
  readonly variable: number;
  readonly value: number;
  readonly line: number;
}

export interface Evidence {
  readonly file: string;
  readonly entries: readonly EvidenceEntry[];
}

/**
 * Parse a `.evid` file: `n v1 x1 ... vn xn`. Also accepts the older format with a leading sample
 * count of 1 (`1 n v1 x1 ...`). An empty file means no evidence.
 */
export function parseEvidence(text: string, fileName: string): Evidence {
  const tr = new TokenReader(text, fileName);
  if (tr.done) return { file: fileName, entries: [] };
  const total = tr.count;
  let n = tr.int('number of observed variables', 0, MAX_COUNT);
  if (total !== 1 + 2 * n && n === 1 && total >= 2) {
    // Older format: sample count 1, then one sample.
    const t1 = tr.token(1);
    const n2 = /^\d+$/.test(t1) ? Number(t1) : NaN;
    if (total === 2 + 2 * n2) n = tr.int('number of observed variables', 0, MAX_COUNT);
  }
  const entries: EvidenceEntry[] = [];
  for (let i = 0; i < n; i++) {
    const line = tr.line;
    const variable = tr.int(`observed variable id (entry ${i + 1} of ${n})`, 0, MAX_COUNT);
    const value = tr.int(`observed value of variable ${variable}`, 0, MAX_CARD);
    entries.push({ variable, value, line });
  }
  if (!tr.done) throw tr.error(`expected end of file after ${n} observations, found '${tr.peek()!.slice(0, 24)}'`);
  return { file: fileName, entries };
}

/**
 * Apply evidence by clamping: a unary delta factor (1 at the observed value, 0 elsewhere) is
 * appended for every observed variable, so the result is the model times the evidence indicator.
 * Errors (ModelFormatError at the evidence line) for an id or value out of range and for
 * contradictory observations of one variable.
 */
export function applyEvidence<G extends FactorGraph>(graph: G, evidence: Evidence): FactorGraph {
  const seen = new Map<number, number>();
  const factors: Factor[] = [...graph.factors];
  for (const e of evidence.entries) {
    if (e.variable >= graph.variables.length)
      throw new ModelFormatError(
        evidence.file,
        e.line,
        `expected a variable id in range 0..${graph.variables.length - 1}, found ${e.variable}`,
      );
    const card = graph.variables[e.variable]!.card;
    if (e.value >= card)
      throw new ModelFormatError(
        evidence.file,
        e.line,
        `expected a value in range 0..${card - 1} for variable ${e.variable}, found ${e.value}`,
      );
    const prev = seen.get(e.variable);
    if (prev !== undefined) {
      if (prev !== e.value)
        throw new ModelFormatError(
          evidence.file,
          e.line,
          `contradictory evidence: variable ${e.variable} observed as ${prev} and as ${e.value}`,
        );
      continue;
    }
    seen.set(e.variable, e.value);
    const table = new Float64Array(card);
    table[e.value] = 1;
    factors.push({ scope: [e.variable], table });
  }
  return { variables: graph.variables, factors };
}

/** Format a number like C's `%.<digits>g`. */
export function formatG(x: number, digits = 6): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const exp = Math.floor(Math.log10(Math.abs(x)));
  let s: string;
  if (exp < -4 || exp >= digits) {
    s = x.toExponential(digits - 1);
    const [m, e] = s.split('e') as [string, string];
    const mm = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const en = Number(e);
    s = `${mm}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  } else {
    s = x.toFixed(Math.max(0, digits - 1 - exp));
    // toFixed may round up to one more digit (e.g. 9.99999 -> 10.0000); trim zeros either way.
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  }
  return s;
}

/** UAI `.MAR` text: `MAR` then `n card p ... card p ...` on one line. */
export function writeMar(marginals: readonly ArrayLike<number>[], digits = 6): string {
  const parts: string[] = [String(marginals.length)];
  for (const m of marginals) {
    parts.push(String(m.length));
    for (let i = 0; i < m.length; i++) parts.push(formatG(m[i]!, digits));
  }
  return `MAR\n${parts.join(' ')}\n`;
}

/** UAI `.PR` text: `PR` then log10 Z. `logZ` is the natural log. */
export function writePr(logZ: number, digits = 6): string {
  return `PR\n${formatG(logZ / Math.LN10, digits)}\n`;
}

/** Parse a `.MAR` file into one probability array per variable. */
export function parseMar(text: string, fileName: string): number[][] {
  const tr = new TokenReader(text, fileName);
  const line = tr.line;
  const kw = tr.word("'MAR'");
  if (kw !== 'MAR') throw tr.error(`expected 'MAR', found '${kw.slice(0, 24)}'`, line);
  const n = tr.int('number of variables', 0, MAX_COUNT);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = tr.int(`cardinality of variable ${i}`, 1, MAX_CARD);
    const m: number[] = [];
    for (let j = 0; j < c; j++) m.push(tr.nonNegative(`marginal ${j} of variable ${i}`));
    out.push(m);
  }
  tr.expectEnd();
  return out;
}

/** Parse a `.PR` file; returns log10 Z as printed. */
export function parsePr(text: string, fileName: string): number {
  const tr = new TokenReader(text, fileName);
  const line = tr.line;
  const kw = tr.word("'PR'");
  if (kw !== 'PR') throw tr.error(`expected 'PR', found '${kw.slice(0, 24)}'`, line);
  const v = tr.finite('log10 of the partition function');
  tr.expectEnd();
  return v;
}

/** Write a MARKOV `.uai` file (tables converted to last-fastest order, full precision). */
export function writeUai(graph: FactorGraph): string {
  return collectText((out) => writeUaiTo(graphSource(graph), out));
}

/** `writeUai` streamed: the scopes in one pass over the factors, the tables in a second. */
export function writeUaiTo(src: ModelSource, out: (chunk: string) => void): void {
  out(`MARKOV\n${src.nVars}\n`);
  const line: number[] = [];
  for (let v = 0; v < src.nVars; v++) {
    line.push(src.card(v));
    if (line.length === 4096 || v === src.nVars - 1) {
      out(line.join(' ') + (v === src.nVars - 1 ? '' : ' '));
      line.length = 0;
    }
  }
  out(`\n${src.nFactors}\n`);
  src.forEachFactor((scope) => out(`${scope.length} ${scope.join(' ')}\n`));
  src.forEachFactor((scope, table) => {
    const last = firstFastestToLastFastest(table, scope.map((v) => src.card(v)));
    out(`\n${last.length}\n${Array.from(last, (x) => String(x)).join(' ')}\n`);
  });
}

// MacKay alist parity-check matrices and their factor graphs (XOR parity factors).
//
// alist: `N M`; `max_col_weight max_row_weight`; N column weights; M row weights; N lines of 1-based
// row indices per column; M lines of 1-based column indices per row. Index lines may be padded with
// zeros up to the maximum weight. Lines starting with `#` are comments; tabs are whitespace. The row
// section may be omitted (it is then derived from the columns); when present it must agree.
import { ModelFormatError, TableTooLargeError } from '../errors.js';
import type { Factor, FactorGraph, Variable } from '../model.js';
import { MAX_COUNT } from './common.js';
import { clip, isIntToken, TokenReader } from './tokens.js';
import { MAX_PARITY_DEGREE, parityConstraintTable, parityFactor } from '../parity.js';

/** A sparse binary parity-check matrix H (M checks x N bits). Indices are 0-based. */
export interface ParityCheckMatrix {
  /** Number of bits (columns). */
  readonly n: number;
  /** Number of checks (rows). */
  readonly m: number;
  /** For each check, the bits it involves (increasing). */
  readonly rows: readonly (readonly number[])[];
  /** For each bit, the checks it is in (increasing). */
  readonly cols: readonly (readonly number[])[];
}

/** Largest check degree turned into a table-based parity factor (2^MAX entries; golden/parity.ts). */
export { MAX_PARITY_DEGREE };

export function parseAlist(text: string, fileName: string): ParityCheckMatrix {
  const tr = new TokenReader(text, fileName, { hashComments: true });
  const n = tr.int('number of columns N', 1, MAX_COUNT);
  const m = tr.int('number of rows M', 1, MAX_COUNT);
  const maxCol = tr.int('maximum column weight', 0, m);
  const maxRow = tr.int('maximum row weight', 0, n);
  const colW: number[] = [];
  for (let i = 0; i < n; i++) {
    const line = tr.line;
    const w = tr.int(`weight of column ${i + 1}`, 0, maxCol);
    colW.push(w);
    void line;
  }
  const rowW: number[] = [];
  for (let i = 0; i < m; i++) rowW.push(tr.int(`weight of row ${i + 1}`, 0, maxRow));
  // Index lists: read line by line (padding zeros make a token count ambiguous otherwise).
  const lineTokens = groupByLine(tr);
  let li = 0;
  const readList = (what: string, count: number, weight: number, limit: number): number[] => {
    if (li >= lineTokens.length) throw tr.error(`unexpected end of file: expected the index line of ${what}`);
    const { line, toks } = lineTokens[li++]!;
    const out: number[] = [];
    for (const t of toks) {
      if (!isIntToken(t)) throw new ModelFormatError(fileName, line, `expected an index for ${what}, found '${clip(t)}'`);
      const v = Number(t);
      if (v === 0) continue; // padding
      if (!Number.isSafeInteger(v) || v < 1 || v > limit)
        throw new ModelFormatError(fileName, line, `expected an index in range 1..${limit} for ${what}, found ${clip(t)}`);
      if (out.includes(v - 1)) throw new ModelFormatError(fileName, line, `${what}: index ${v} is repeated`);
      out.push(v - 1);
    }
    if (out.length !== weight)
      throw new ModelFormatError(fileName, line, `expected ${weight} non-zero indices for ${what} (its weight), found ${out.length}`);
    if (toks.length > count)
      throw new ModelFormatError(fileName, line, `expected at most ${count} entries for ${what}, found ${toks.length}`);
    return out.sort((a, b) => a - b);
  };
  const cols: number[][] = [];
  for (let i = 0; i < n; i++) cols.push(readList(`column ${i + 1}`, Math.max(maxCol, colW[i]!), colW[i]!, m));
  const rowsFromCols: number[][] = Array.from({ length: m }, () => []);
  cols.forEach((c, j) => c.forEach((r) => rowsFromCols[r]!.push(j)));
  for (let r = 0; r < m; r++) {
    if (rowsFromCols[r]!.length !== rowW[r])
      throw tr.error(`row ${r + 1}: the column lists put ${rowsFromCols[r]!.length} ones in it, expected its weight ${rowW[r]}`, lineTokens[li - 1]?.line ?? tr.line);
  }
  if (li < lineTokens.length) {
    for (let r = 0; r < m; r++) {
      const line = lineTokens[li]?.line ?? tr.lastLine;
      const row = readList(`row ${r + 1}`, Math.max(maxRow, rowW[r]!), rowW[r]!, n);
      const exp = rowsFromCols[r]!;
      if (row.some((v, i) => v !== exp[i]))
        throw new ModelFormatError(fileName, line, `expected row ${r + 1} to list columns ${exp.map((v) => v + 1).join(' ')} (as the column lists say)`);
    }
    if (li < lineTokens.length)
      throw new ModelFormatError(fileName, lineTokens[li]!.line, `expected end of file, found '${clip(lineTokens[li]!.toks[0]!)}'`);
  }
  return { n, m, rows: rowsFromCols, cols };
}

function groupByLine(tr: TokenReader): { line: number; toks: string[] }[] {
  const out: { line: number; toks: string[] }[] = [];
  for (let i = tr.pos; i < tr.count; i++) {
    const line = tr.lineAt(i);
    const last = out[out.length - 1];
    if (last && last.line === line) last.toks.push(tr.token(i));
    else out.push({ line, toks: [tr.token(i)] });
  }
  // If the header's last token shares a line with index tokens, that is malformed.
  if (out.length > 0 && tr.pos > 0 && out[0]!.line === tr.lineAt(tr.pos - 1))
    throw tr.error(`expected the column index lists to start on a new line`, out[0]!.line);
  tr.pos = tr.count;
  return out;
}

/**
 * The factor graph of a code: N binary variables `b0..`, one parity factor per check (1 where the
 * XOR of its bits is 0, else 0). Checks of weight 0 are skipped.
 */
export function parityFactorGraph(h: ParityCheckMatrix): FactorGraph {
  const variables: Variable[] = [];
  for (let i = 0; i < h.n; i++) variables.push({ card: 2, name: `b${i}` });
  const factors: Factor[] = [];
  for (let r = 0; r < h.m; r++) {
    const scope = h.rows[r]!;
    if (scope.length === 0) continue;
    if (scope.length > MAX_PARITY_DEGREE)
      throw new TableTooLargeError(`check ${r + 1} (degree ${scope.length})`, scope.length, MAX_PARITY_DEGREE);
    factors.push(parityFactor(scope, 0));
  }
  return { variables, factors };
}

/** Even-parity indicator over k binary variables (1 where the XOR is 0). */
export function parityTable(k: number): Float64Array {
  return parityConstraintTable(k, 0);
}

/** Parse an alist file straight into its parity factor graph. */
export function readAlistGraph(text: string, fileName: string): FactorGraph {
  const h = parseAlist(text, fileName);
  const maxDeg = h.rows.reduce((mx, r) => Math.max(mx, r.length), 0);
  if (maxDeg > MAX_PARITY_DEGREE)
    throw new ModelFormatError(fileName, 1, `expected check degrees of at most ${MAX_PARITY_DEGREE}, found ${maxDeg}`);
  return parityFactorGraph(h);
}

/**
 * Channel information for the bits of a code: either LLRs (log P(b=0)/P(b=1), natural log) or
 * probabilities P(b=1), one per variable.
 */
export type ChannelEvidence = { llr: ArrayLike<number> } | { p1: ArrayLike<number> };

/**
 * Append one unary likelihood factor [P(b=0), P(b=1)] per bit to a code's factor graph. The first
 * `values.length` variables get factors. Probabilities are clamped away from exact 0/1 only when the
 * input itself is 0 or 1 (a hard decision stays hard but never makes a factor all-zero).
 */
export function addChannelFactors(graph: FactorGraph, ch: ChannelEvidence): FactorGraph {
  const factors: Factor[] = [...graph.factors];
  const vals = 'llr' in ch ? ch.llr : ch.p1;
  if (vals.length > graph.variables.length) throw new RangeError(`${vals.length} channel values for ${graph.variables.length} bits`);
  for (let i = 0; i < vals.length; i++) {
    const x = vals[i]!;
    let p0: number;
    let p1: number;
    if ('llr' in ch) {
      if (Number.isNaN(x)) throw new RangeError(`channel LLR ${i} is NaN`);
      // Stable logistic: p0 = 1/(1+e^-L), p1 = 1/(1+e^L).
      if (x >= 0) {
        const e = Math.exp(-x);
        p0 = 1 / (1 + e);
        p1 = e / (1 + e);
      } else {
        const e = Math.exp(x);
        p0 = e / (1 + e);
        p1 = 1 / (1 + e);
      }
    } else {
      if (!(x >= 0 && x <= 1)) throw new RangeError(`channel probability ${i} is ${x}, expected 0..1`);
      p1 = x;
      p0 = 1 - x;
    }
    if (graph.variables[i]!.card !== 2) throw new RangeError(`variable ${i} is not binary`);
    factors.push({ scope: [i], table: Float64Array.of(p0, p1) });
  }
  return { variables: graph.variables, factors };
}

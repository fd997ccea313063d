// Diagnostics of the assembler: `file:line:col: error: message`, the source line and a caret.
import { escapeControls, UserError } from '../errors/index.js';
import { MNEMONICS, PSEUDO_INSTRUCTIONS } from '../isa/index.js';

export interface Diagnostic {
  severity: 'error' | 'warning';
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  message: string;
}

/** Assembly failed; carries every diagnostic of the run (errors and warnings). */
export class AssemblyError extends UserError {
  override name = 'AssemblyError';
  constructor(
    readonly diagnostics: Diagnostic[],
    /** Source text of every file read (for formatting carets). */
    readonly sources: ReadonlyMap<string, string>,
  ) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    super(
      first
        ? `${first.file}:${first.line}:${first.col}: ${first.message}` +
            (errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '')
        : 'assembly failed',
    );
  }
}

/** Minimal styling hooks (chalk instances fit). */
export interface DiagnosticStyle {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
}

const plain: DiagnosticStyle = { bold: (s) => s, red: (s) => s, yellow: (s) => s, green: (s) => s };

/** Characters of a source line shown under a diagnostic (a 10 MB line is not printed whole). */
const SHOWN_CHARS = 160;

/** Escape C0/C1 control characters (except tab) as \xNN so diagnostics never carry raw control bytes. */
export const escapeControl = (s: string): string => escapeControls(s, '\t');

const lineCache = new WeakMap<object, Map<string, string[]>>();

function linesOf(sources: ReadonlyMap<string, string>, file: string): string[] | undefined {
  let perMap = lineCache.get(sources);
  if (!perMap) {
    perMap = new Map();
    lineCache.set(sources, perMap);
  }
  let lines = perMap.get(file);
  if (!lines) {
    const text = sources.get(file);
    if (text === undefined) return undefined;
    lines = text.split(/\r?\n/);
    perMap.set(file, lines);
  }
  return lines;
}

/**
 * Format diagnostics as text: `file:line:col: error: message`, then the source line and a caret
 * under the column. `colour` is a chalk instance or any object with the same four methods.
 */
export function formatDiagnostics(
  diags: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  colour: DiagnosticStyle | boolean = false,
): string {
  const c = colour === true ? ansi : colour === false ? plain : colour;
  let out = '';
  for (const d of diags) {
    const sev = d.severity === 'error' ? c.red('error:') : c.yellow('warning:');
    out += `${c.bold(`${escapeControl(d.file)}:${d.line}:${d.col}:`)} ${sev} ${escapeControl(d.message)}\n`;
    const src = linesOf(sources, d.file)?.[d.line - 1];
    if (src !== undefined) {
      // Show at most SHOWN_CHARS around the column, with control characters escaped (so input
      // cannot drive the terminal) and the caret under the escaped column.
      const at = Math.max(0, Math.min(d.col - 1, src.length));
      const from = Math.max(0, at - SHOWN_CHARS / 2);
      const pre = (from > 0 ? '…' : '') + escapeControl(src.slice(from, at).replace(/\t/g, ' '));
      const shown = pre + escapeControl(src.slice(at, from + SHOWN_CHARS).replace(/\t/g, ' ')) + (from + SHOWN_CHARS < src.length ? '…' : '');
      out += `  ${shown}\n`;
      out += `  ${' '.repeat(pre.length)}${c.green('^')}\n`;
    }
  }
  const errors = diags.filter((d) => d.severity === 'error').length;
  if (errors > 0) out += `${errors} error${errors === 1 ? '' : 's'}\n`;
  return out;
}

const ansi: DiagnosticStyle = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  red: (s) => `\x1b[31m${s}\x1b[39m`,
  yellow: (s) => `\x1b[33m${s}\x1b[39m`,
  green: (s) => `\x1b[32m${s}\x1b[39m`,
};

/** Levenshtein distance (small strings). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_v, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

/** The closest candidate within a distance that scales with the word, or undefined. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(w.length / 3) + (w.length >= 4 ? 1 : 0));
  return bestD <= limit ? best : undefined;
}

/** Mnemonics the assembler accepts: the ISA table's plus the `li` pseudo-instruction. */
export const ASM_MNEMONICS: readonly string[] = [...MNEMONICS, ...PSEUDO_INSTRUCTIONS.map((p) => p.mnemonic)];

// Text-level blocks of GNU-as style: `.macro NAME params`/`.endm`, `.rept N`/`.endr` and
// `.if EXPR`/`.else`/`.endif`. They act on whole lines before the line grammar sees them, so this
// file only recognises block lines, parses macro headers and invocations, and substitutes `\arg`.

export type BlockKeyword = 'macro' | 'endm' | 'rept' | 'endr' | 'if' | 'else' | 'endif';

const BLOCK_RE = /^\s*\.(macro|endm|rept|endr|if|else|endif)(?![\p{L}0-9_.$])(.*)$/u;

/** The block keyword a line starts with (and the rest of the line), or null. Cheap for other lines. */
export function blockLine(line: string): { kw: BlockKeyword; rest: string; col: number } | null {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) <= 32) i++;
  if (line.charCodeAt(i) !== 46 /* . */) return null;
  const m = BLOCK_RE.exec(line);
  return m ? { kw: m[1] as BlockKeyword, rest: m[2], col: i } : null;
}

export interface MacroParam {
  name: string;
  /** Text used when the invocation omits the argument (`.macro m a, b=1`), or null (required). */
  dflt: string | null;
}

export interface MacroDef {
  name: string;
  params: MacroParam[];
  file: string;
  /** Body lines and their line numbers in `file`. */
  lines: string[];
  lineNos: number[];
  line: number;
}

const NAME_RE = /^[\p{L}_][\p{L}0-9_.$]*$/u;

function stripComment(s: string): string {
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') inStr = !inStr;
    else if (c === '\\' && inStr) i++;
    else if (!inStr && (c === ';' || c === '#' || (c === '/' && s[i + 1] === '/'))) return s.slice(0, i);
  }
  return s;
}

/** `.macro NAME a, b=1` (parameters separated by commas or spaces). Throws a message on error. */
export function parseMacroHeader(rest: string): { name: string; params: MacroParam[] } {
  const words = stripComment(rest).trim().split(/\s*,\s*|\s+/).filter(Boolean);
  if (words.length === 0) throw new Error('.macro expects a name (.macro NAME [param, …])');
  const [name, ...ps] = words;
  if (!NAME_RE.test(name)) throw new Error(`.macro: '${name}' is not a valid macro name`);
  const params = ps.map((p) => {
    const eq = p.indexOf('=');
    const pn = eq < 0 ? p : p.slice(0, eq);
    if (!NAME_RE.test(pn)) throw new Error(`.macro ${name}: '${pn}' is not a valid parameter name`);
    return { name: pn, dflt: eq < 0 ? null : p.slice(eq + 1) };
  });
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.name)) throw new Error(`.macro ${name}: parameter '${p.name}' is given twice`);
    seen.add(p.name);
  }
  return { name, params };
}

const INVOKE_RE = /^(\s*(?:[\p{L}_][\p{L}0-9_.$]*\s*:\s*)*)([\p{L}_][\p{L}0-9_.$]*)(?=\s|$|;|#|\/\/)(.*)$/u;

/** A line that calls a macro: its label prefix, the name, the column of the name and the argument text. */
export function macroCall(line: string, macros: ReadonlyMap<string, MacroDef>): { labels: string; def: MacroDef; col: number; args: string } | null {
  const m = INVOKE_RE.exec(line);
  if (!m) return null;
  const def = macros.get(m[2]);
  return def ? { labels: m[1], def, col: m[1].length, args: m[3] } : null;
}

/** Split invocation arguments at top-level commas (outside parentheses and strings). */
export function splitArgs(text: string): string[] {
  const t = stripComment(text).trim();
  if (t === '') return [];
  const out: string[] = [];
  let depth = 0;
  let inStr = false;
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(t.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(t.slice(start).trim());
  return out;
}

/**
 * The body of `def` with `\param` replaced by its argument and `\@` by the expansion number (as in
 * GNU as). Throws a message when arguments are missing or too many.
 */
export function expandMacro(def: MacroDef, args: string[], serial: number): string[] {
  if (args.length > def.params.length) throw new Error(`macro ${def.name} takes ${def.params.length} argument${def.params.length === 1 ? '' : 's'}, got ${args.length}`);
  const values = new Map<string, string>();
  def.params.forEach((p, i) => {
    const a = i < args.length && args[i] !== '' ? args[i] : p.dflt;
    if (a === null) throw new Error(`macro ${def.name}: missing argument '${p.name}'`);
    values.set(p.name, a);
  });
  const re = /\\([\p{L}_][\p{L}0-9_$]*|@)(\(\))?/gu;
  return def.lines.map((l) =>
    l.includes('\\')
      ? l.replace(re, (whole, name: string) => (name === '@' ? String(serial) : (values.get(name) ?? whole)))
      : l,
  );
}

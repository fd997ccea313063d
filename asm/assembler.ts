// The two-pass assembler. Pass 1 parses every line (fast path, ohm grammar as fallback), follows
// includes, lays out sections and defines labels (every statement's size is known in pass 1);
// pass 2 evaluates operands, encodes instructions with the ISA table and converts data.
import {
  CSRS,
  DEFAULT_CONFIG,
  SHARED_BASE,
  encode,
  instructionByMnemonic,
  makeFormat,
  messageCode,
  unsignedMessagesOf,
  defaultFracBits,
  defaultTableSize,
  energyFromNats,
  tableEnergy,
  energyFromProb,
  expandLi,
  pseudoByMnemonic,
  type FixedFormat,
  type InstructionDef,
  type MessageCode,
  type ObjectFile,
  type ObjectSection,
  type ObjectSymbol,
  type OperandValue,
  type SectionSpace,
  OBJECT_VERSION,
  MAX_PE_ID,
  SPACE_LIMIT,
  sectionName,
  validateObject,
  NUM_SREGS,
  NUM_VREGS,
} from '../isa/index.js';

const LAST_SREG = NUM_SREGS - 1;
const LAST_VREG = NUM_VREGS - 1;
import type { DirArgAst, Expr, LineAst, OperandAst, PeItemAst, StatementAst } from './ast.js';
import { parseLineFast } from './fastparse.js';
import { parseLineOhm } from './grammar.js';
import { DIRECTIVE_HANDLERS } from './directives.js';
import { ASSEMBLER_LIMITS, MAX_TOTAL_WORDS } from './limits.js';

export { ASSEMBLER_LIMITS } from './limits.js';
import { blockLine, expandMacro, macroCall, parseMacroHeader, splitArgs, type MacroDef } from './blocks.js';
import { evaluate, EvalError, UnknownYet, type EvalContext } from './expr.js';
import { AssemblyError, suggest, ASM_MNEMONICS, type Diagnostic } from './diagnostics.js';

/**
 * Reads a source file given its resolved path. It must refuse anything but a regular file and a
 * file larger than maxBytes (throwing an Error; code 'ENOENT' when the file does not exist, so the
 * include search can try the next directory). The assembler itself does no I/O.
 */
export type SourceReader = (path: string, maxBytes: number) => string;


export interface AssembleOptions {
  /** Name used in diagnostics and as the base for relative includes. Default `<input>`. */
  fileName?: string;
  /**
   * Reads an included file, given its resolved path (relative includes are resolved against the
   * including file's directory). Without it, `.include` is an error.
   */
  readFile?: SourceReader;
  /** Directories searched, in order, for an include not found beside the including file (`-I`). */
  includePath?: readonly string[];
  /** Constants defined before the first line, as `.equ NAME, value` would (`-D NAME=VALUE`). */
  defines?: ReadonlyMap<string, number>;
  /** Message format for .prob/.energy/.msg; default DEFAULT_CONFIG (or `.format` in the source). */
  messageBits?: number;
  fracBits?: number;
  /**
   * Message code, as the config field: 0 signed, 1 unsigned. Given, it must agree with `.format`
   * (whose code is signed unless it says `unsigned`); absent, `.format` decides (default signed).
   */
  unsignedMessages?: number;
  /** Build the listing (default true). */
  listing?: boolean;
}

export interface ListingLine {
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  text: string;
  /** Section the line's words went to, or null when it emitted none. */
  section: string | null;
  /** Address of the first word, or null. */
  address: number | null;
  words: number[];
}

export interface AssembleResult {
  object: ObjectFile;
  listing: ListingLine[];
  /** Warnings (errors throw an AssemblyError instead). */
  diagnostics: Diagnostic[];
  /** Text of every file read, by name (for formatDiagnostics). */
  sources: Map<string, string>;
}

// ---- sections ----

/** Deepest expression nesting (parentheses and unary operators) a line may use. */
export const MAX_NESTING = 200;

/**
 * The column (0-based) where a line's expression nesting first exceeds MAX_NESTING, or −1. The
 * parsers and the evaluator recurse, so this keeps absurd input from exhausting the stack.
 */
function nestingTooDeep(line: string): number {
  let depth = 0;
  let unary = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 59 /* ; */ || c === 35 /* # */) break;
    if (c === 40) depth++;
    else if (c === 41) depth--;
    if (c === 45 || c === 126 || c === 33) unary++;
    else if (c !== 32 && c !== 40 && c !== 9) unary = 0;
    if (depth + unary > MAX_NESTING) return i;
  }
  return -1;
}
interface Ctx {
  name: string;
  space: SectionSpace;
  pes: 'all' | number[];
  peSet: Set<number> | null;
  lc: number;
  cur: Chunk | null;
}

interface Chunk {
  ctx: Ctx;
  origin: number;
  size: number;
  words: Uint32Array | null;
  file: string;
  line: number;
}

export interface SrcRef {
  file: string;
  line: number;
}

type Item =
  | { t: 'ins'; def: InstructionDef; ops: OperandAst[]; col: number; src: SrcRef; chunk: Chunk; idx: number; addr: number }
  | { t: 'li'; rd: number; e: Expr; size: number; known: boolean; src: SrcRef; chunk: Chunk; idx: number; addr: number }
  | { t: 'data'; kind: 'word' | 'msg' | 'prob' | 'energy' | 'table'; args: DirArgAst[]; src: SrcRef; chunk: Chunk; idx: number; addr: number }
  | { t: 'entry'; e: Expr; pes: number[] | null; col: number; src: SrcRef; addr: number };

type Sym =
  | { kind: 'label'; value: number; section: string; local: boolean; file: string; line: number; col: number }
  | {
      kind: 'const';
      e: Expr;
      dot: number;
      value: number;
      /** 0 unevaluated, 1 evaluating, 2 done, 3 failed */
      state: number;
      file: string;
      line: number;
      col: number;
    };

export interface ListingRec {
  file: string;
  line: number;
  text: string;
  chunk: Chunk | null;
  idx: number;
  count: number;
}

const DIRECTIVES = [...DIRECTIVE_HANDLERS.keys(), '.macro', '.endm', '.rept', '.endr', '.if', '.else', '.endif'];

const CSR_BY_NAME = new Map<string, number>(CSRS.map((c) => [c.name, c.number]));

/** Resolve an include path against the including file (POSIX-style, no filesystem needed). */
export function resolveIncludePath(fromFile: string, path: string): string {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return normalizePath(path);
  const slash = Math.max(fromFile.lastIndexOf('/'), fromFile.lastIndexOf('\\'));
  const dir = slash >= 0 ? fromFile.slice(0, slash + 1) : '';
  return normalizePath(dir + path);
}

function normalizePath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg === '..' && abs) continue;
    else out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/');
}

export class Assembler {
  readonly diags: Diagnostic[] = [];
  readonly sources = new Map<string, string>();
  readonly symbols = new Map<string, Sym>();
  readonly items: Item[] = [];
  readonly chunks: Chunk[] = [];
  readonly ctxs = new Map<string, Ctx>();
  readonly listing: ListingRec[] = [];
  readonly localNames: { name: string; src: SrcRef; col: number }[] = [];
  ctx: Ctx;
  totalWords = 0;
  /** fromOptions: W and F were requested (--bits/--frac); codeFromOptions: the code was. */
  format: { W: number; F: number; code: MessageCode; src: SrcRef | null; fromOptions: boolean; codeFromOptions: boolean };
  minPesDirective = 1;
  fmt!: FixedFormat;
  readonly wantListing: boolean;

  // statement being processed (pass 1)
  curFile = '';
  curLine = 0;

  constructor(readonly opts: AssembleOptions) {
    this.ctx = this.context('code', 'all');
    const given = opts.messageBits !== undefined || opts.fracBits !== undefined;
    const W = opts.messageBits ?? DEFAULT_CONFIG.messageBits;
    const F = opts.fracBits ?? (opts.messageBits !== undefined ? defaultFracBits(W) : DEFAULT_CONFIG.fracBits);
    const u = opts.unsignedMessages;
    if (u !== undefined && u !== 0 && u !== 1) throw new RangeError(`assemble: unsignedMessages ${u} is not 0 (signed) or 1 (unsigned)`);
    this.format = { W, F, code: messageCode({ unsignedMessages: u }), src: null, fromOptions: given, codeFromOptions: u !== undefined };
    this.wantListing = opts.listing !== false;
  }

  error(file: string, line: number, col: number, message: string): void {
    this.diags.push({ severity: 'error', file, line, col: col + 1, message });
  }
  errHere(col: number, message: string): void {
    this.error(this.curFile, this.curLine, col, message);
  }

  context(space: SectionSpace, pes: 'all' | number[]): Ctx {
    const name = sectionName(space, pes);
    let c = this.ctxs.get(name);
    if (!c) {
      c = { name, space, pes, peSet: pes === 'all' ? null : new Set(pes), lc: SPACE_LIMIT[space][0], cur: null };
      this.ctxs.set(name, c);
    }
    return c;
  }

  /** Switch to a context; its location counter moves past words other sections placed on its PEs. */
  switchTo(c: Ctx): void {
    let lc = c.lc;
    for (const ch of this.chunks) {
      if (ch.ctx === c || ch.ctx.space !== c.space) continue;
      if (!pesIntersect(ch.ctx, c)) continue;
      const end = ch.origin + ch.size;
      if (end > lc) lc = end;
    }
    c.lc = lc;
    this.ctx = c;
  }

  /** Reserve n words at the location counter; returns [chunk, index] or null on error. */
  emit(n: number, col: number): [Chunk, number] | null {
    const c = this.ctx;
    const [lo, hi] = SPACE_LIMIT[c.space];
    if (c.lc < lo || c.lc + n > hi) {
      this.errHere(col, `address ${c.lc + n - 1} is outside the ${c.space} space (${lo} … ${hi - 1})`);
      return null;
    }
    if (this.totalWords + n > MAX_TOTAL_WORDS) {
      this.errHere(col, `object too large (more than ${MAX_TOTAL_WORDS} words)`);
      return null;
    }
    this.totalWords += n;
    let ch = c.cur;
    if (!ch || ch.origin + ch.size !== c.lc) {
      ch = { ctx: c, origin: c.lc, size: 0, words: null, file: this.curFile, line: this.curLine };
      this.chunks.push(ch);
      c.cur = ch;
    }
    const idx = ch.size;
    ch.size += n;
    c.lc += n;
    return [ch, idx];
  }

  // ---- symbols and expressions ----

  lookup(name: string, col: number, pass1: boolean): number {
    const s = this.symbols.get(name);
    if (!s) {
      if (pass1) throw new UnknownYet(name, col);
      const names = [...this.symbols.keys()];
      const hint = suggest(name, names);
      throw new EvalError(`undefined symbol '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}`, col);
    }
    if (s.kind === 'label') return s.value;
    return this.constValue(s, name, col, pass1);
  }

  constValue(s: Extract<Sym, { kind: 'const' }>, name: string, col: number, pass1: boolean): number {
    if (s.state === 2) return s.value;
    if (s.state === 3) throw new EvalError(`constant '${name}' has errors`, col, true);
    if (s.state === 1) {
      if (pass1) throw new UnknownYet(name, col);
      throw new EvalError(`constant '${name}' is defined in terms of itself`, col);
    }
    s.state = 1;
    const c = pass1 ? this.ctx1 : this.ctx2;
    const savedDot = c.dot;
    try {
      s.value = evaluate(s.e, this.evalCtx(s.dot, pass1));
      s.state = 2;
      return s.value;
    } catch (e) {
      s.state = 0;
      throw e;
    } finally {
      c.dot = savedDot;
    }
  }

  private readonly ctx1: EvalContext = { dot: 0, lookup: (name, col) => this.lookup(name, col, true) };
  private readonly ctx2: EvalContext = { dot: 0, lookup: (name, col) => this.lookup(name, col, false) };
  /** The shared evaluation context (the dot is saved and restored around nested constant evaluation). */
  evalCtx(dot: number, pass1: boolean): EvalContext {
    const c = pass1 ? this.ctx1 : this.ctx2;
    c.dot = dot;
    return c;
  }

  /** Evaluate an expression that must be known in pass 1; reports and returns null on failure. */
  eval1(e: Expr, what: string): number | null {
    try {
      return evaluate(e, this.evalCtx(this.ctx.lc, true));
    } catch (err) {
      if (err instanceof UnknownYet) {
        this.errHere(err.col, `${what}: symbol '${err.symbol}' must be defined before this line (the value is needed in the first pass)`);
        return null;
      }
      if (err instanceof EvalError) {
        if (!err.silent) this.errHere(err.col, err.message);
        return null;
      }
      throw err;
    }
  }

  define(name: string, sym: Sym, col: number): void {
    const prev = this.symbols.get(name);
    if (prev) {
      this.errHere(col, `duplicate symbol '${name}' (first defined at ${prev.file}:${prev.line}:${prev.col + 1})`);
      return;
    }
    this.symbols.set(name, sym);
  }

  // ---- pass 1 ----

  /** Bytes and lines read so far (every inclusion counted), against ASSEMBLER_LIMITS. */
  bytesRead = 0;
  linesRead = 0;
  /** Set when a cap was hit: pass 1 stops reading (one error, not one per remaining line). */
  capHit = false;
  includeCount = 0;

  processFile(file: string, text: string, stack: string[]): void {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 BOM is not part of the source
    if (!this.sources.has(file)) this.sources.set(file, text);
    this.bytesRead += text.length;
    const lines = text.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    this.runLines(file, lines, null, stack);
  }

  /** Macros by name; the expansion counter (`\@`) and the current expansion depth. */
  readonly macros = new Map<string, MacroDef>();
  expansions = 0;
  expansionDepth = 0;

  /**
   * Assemble lines of `file` (lineNos[i] is line i's number, or i + 1 when null), handling
   * .macro/.rept/.if blocks, which must be balanced within the lines of one file or expansion.
   */
  runLines(file: string, lines: readonly string[], lineNos: readonly number[] | null, stack: string[]): void {
    const saveFile = this.curFile;
    const saveLine = this.curLine;
    // an open .macro/.rept being collected (with its nesting of inner blocks), and the .if stack
    let collect: { kind: 'macro' | 'rept'; rest: string; col: number; line: number; depth: number; lines: string[]; lineNos: number[] } | null = null;
    const conds: { active: boolean; taken: boolean; sawElse: boolean; line: number; col: number }[] = [];
    let skipping = false;
    for (let i = 0; i < lines.length && !this.capHit; i++) {
      let line = lines[i];
      if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      this.curFile = file;
      const lineNo = lineNos ? lineNos[i] : i + 1;
      this.curLine = lineNo;
      if (++this.linesRead > ASSEMBLER_LIMITS.sourceLines) {
        this.capHit = true;
        this.errHere(0, `more than ${ASSEMBLER_LIMITS.sourceLines} source lines in total (includes and expansions counted each time; the assembler's limit)`);
        break;
      }
      if (line.length > ASSEMBLER_LIMITS.lineChars) {
        this.errHere(ASSEMBLER_LIMITS.lineChars, `line is longer than ${ASSEMBLER_LIMITS.lineChars} characters (the assembler's limit)`);
        continue;
      }
      const block = blockLine(line);
      if (collect) {
        if (block && (block.kw === 'macro' || block.kw === 'rept')) collect.depth++;
        else if (block && (block.kw === 'endm' || block.kw === 'endr') && --collect.depth === 0) {
          const want = collect.kind === 'macro' ? 'endm' : 'endr';
          if (block.kw !== want) this.errHere(block.col, `.${block.kw} closes .${collect.kind} (from line ${collect.line}); expected .${want}`);
          const c = collect;
          collect = null;
          this.closeBlock(c, file, stack);
          continue;
        }
        collect.lines.push(line);
        collect.lineNos.push(lineNo);
        continue;
      }
      if (block && (block.kw === 'if' || block.kw === 'else' || block.kw === 'endif')) {
        if (block.kw === 'if') {
          const v = skipping ? 0 : this.blockValue(line, '.if');
          const active = !skipping && v !== null && v !== 0;
          conds.push({ active, taken: skipping || active || v === null, sawElse: false, line: lineNo, col: block.col });
        } else if (conds.length === 0) {
          this.errHere(block.col, `.${block.kw} without .if`);
        } else {
          const top = conds[conds.length - 1];
          if (block.kw === 'endif') conds.pop();
          else if (top.sawElse) this.errHere(block.col, `a second .else for the .if at line ${top.line}`);
          else {
            top.sawElse = true;
            top.active = !top.taken;
            top.taken = true;
          }
        }
        skipping = conds.some((c) => !c.active);
        continue;
      }
      if (skipping) continue;
      if (block) {
        if (block.kw === 'macro' || block.kw === 'rept') collect = { kind: block.kw, rest: block.rest, col: block.col, line: lineNo, depth: 1, lines: [], lineNos: [] };
        else this.errHere(block.col, `.${block.kw} without .${block.kw === 'endm' ? 'macro' : 'rept'}`);
        continue;
      }
      if (this.macros.size > 0) {
        const call = macroCall(line, this.macros);
        if (call) {
          this.callMacro(call, stack);
          continue;
        }
      }
      const deep = nestingTooDeep(line);
      if (deep >= 0) {
        this.errHere(deep + 1, `expression nested more than ${MAX_NESTING} levels deep`);
        continue;
      }
      let ast = parseLineFast(line);
      if (!ast) {
        const r = parseLineOhm(line);
        if (!r.ok) {
          this.errHere(r.col, syntaxMessage(line, r.col, r.expected));
          continue;
        }
        ast = r.ast;
      }
      const rec: ListingRec | null = this.wantListing ? { file, line: lineNo, text: line, chunk: null, idx: 0, count: 0 } : null;
      if (rec) this.listing.push(rec);
      this.statement(ast, rec, stack);
    }
    this.curFile = file;
    if (collect && !this.capHit) this.error(file, collect.line, collect.col, `.${collect.kind} without .${collect.kind === 'macro' ? 'endm' : 'endr'}`);
    for (const c of conds) if (!this.capHit) this.error(file, c.line, c.col, '.if without .endif');
    this.curFile = saveFile;
    this.curLine = saveLine;
  }

  /** The value of a block directive's expression (`.if X`, `.rept N`), known in pass 1, or null. */
  blockValue(line: string, what: string): number | null {
    const r = parseLineFast(line) ?? (() => {
      const o = parseLineOhm(line);
      if (!o.ok) this.errHere(o.col, syntaxMessage(line, o.col, o.expected));
      return o.ok ? o.ast : null;
    })();
    const st = r?.stmt;
    if (!r || !st || st.k !== 'dir') return null;
    if (st.args.length !== 1 || st.args[0].k !== 'expr') {
      this.errHere(st.col, `${what} expects one integer expression`);
      return null;
    }
    return this.eval1(st.args[0].e, what);
  }

  /** A finished .macro (define it) or .rept (run its body N times). */
  closeBlock(c: { kind: 'macro' | 'rept'; rest: string; col: number; line: number; lines: string[]; lineNos: number[] }, file: string, stack: string[]): void {
    this.curLine = c.line;
    if (c.kind === 'macro') {
      let head;
      try {
        head = parseMacroHeader(c.rest);
      } catch (err) {
        this.errHere(c.col, (err as Error).message);
        return;
      }
      if (this.macros.has(head.name)) {
        this.errHere(c.col, `macro '${head.name}' is already defined (line ${this.macros.get(head.name)!.line} of ${this.macros.get(head.name)!.file})`);
        return;
      }
      this.macros.set(head.name, { ...head, file, lines: c.lines, lineNos: c.lineNos, line: c.line });
      return;
    }
    const n = this.blockValue(`.rept ${c.rest}`, '.rept');
    if (n === null) return;
    if (n < 0 || n > ASSEMBLER_LIMITS.repeat) {
      this.errHere(c.col + 6, `.rept count ${n} is outside 0 … ${ASSEMBLER_LIMITS.repeat}`);
      return;
    }
    if (!this.enterExpansion(c.col)) return;
    for (let k = 0; k < n && !this.capHit; k++) this.runLines(file, c.lines, c.lineNos, stack);
    this.expansionDepth--;
  }

  enterExpansion(col: number): boolean {
    if (this.expansionDepth >= ASSEMBLER_LIMITS.expansionDepth) {
      this.capHit = true;
      this.errHere(col, `macro and .rept expansions nested more than ${ASSEMBLER_LIMITS.expansionDepth} deep (a recursive macro?; the assembler's limit)`);
      return false;
    }
    this.expansionDepth++;
    return true;
  }

  callMacro(call: NonNullable<ReturnType<typeof macroCall>>, stack: string[]): void {
    if (call.labels.trim() !== '') {
      const ast = parseLineFast(call.labels) ?? (parseLineOhm(call.labels) as { ok: true; ast: LineAst }).ast;
      if (ast) this.statement({ labels: ast.labels, stmt: null }, null, stack);
    }
    let body: string[];
    try {
      body = expandMacro(call.def, splitArgs(call.args), this.expansions++);
    } catch (err) {
      this.errHere(call.col, (err as Error).message);
      return;
    }
    if (!this.enterExpansion(call.col)) return;
    this.runLines(call.def.file, body, call.def.lineNos, stack);
    this.expansionDepth--;
  }

  statement(ast: LineAst, rec: ListingRec | null, stack: string[]): void {
    for (const l of ast.labels) {
      this.define(l.name, { kind: 'label', value: this.ctx.lc, section: this.ctx.name, local: false, file: this.curFile, line: this.curLine, col: l.col }, l.col);
    }
    const st = ast.stmt;
    if (!st) return;
    const src: SrcRef = { file: this.curFile, line: this.curLine };
    if (st.k === 'ins') {
      this.instruction(st, rec, src);
      return;
    }
    // directives: one handler each, from the table in asm/directives.ts
    const handler = DIRECTIVE_HANDLERS.get(st.name);
    if (handler) handler(this, { name: st.name, args: st.args, st, rec, src, stack });
    else {
      const hint = suggest(st.name, DIRECTIVES);
      this.errHere(st.col, `unknown directive '${st.name}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
  }

  instruction(st: Extract<StatementAst, { k: 'ins' }>, rec: ListingRec | null, src: SrcRef): void {
    const def = instructionByMnemonic(st.mnemonic);
    const pseudo = def ? undefined : pseudoByMnemonic(st.mnemonic);
    if (!def && !pseudo) {
      const hint = suggest(st.mnemonic, ASM_MNEMONICS);
      this.errHere(st.col, `unknown mnemonic '${st.mnemonic}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
      return;
    }
    if (this.ctx.space !== 'code') {
      this.errHere(st.col, `instruction '${st.mnemonic}' in a data section (${this.ctx.name}); code goes in .text`);
      return;
    }
    const addr = this.ctx.lc;
    if (def) {
      const at = this.emit(1, st.col);
      if (!at) return;
      this.items.push({ t: 'ins', def, ops: st.ops, col: st.col, src, chunk: at[0], idx: at[1], addr });
      if (rec) [rec.chunk, rec.idx, rec.count] = [at[0], at[1], 1];
      return;
    }
    const p = pseudo!;
    if (st.ops.length !== p.operands.length) {
      const what = p.operands.length === 0 ? 'no operands' : `${p.operands.length} operand${p.operands.length === 1 ? '' : 's'} (${p.operands.join(', ')})`;
      this.errHere(st.col, `${p.mnemonic} takes ${what}, got ${st.ops.length}`);
      return;
    }
    if (!p.expansion) {
      this.li(st, rec, src, addr);
      return;
    }
    const at = this.emit(p.expansion.length, st.col);
    if (!at) return;
    p.expansion.forEach((x, i) => {
      const ops: OperandAst[] = x.operands.map((t) =>
        'arg' in t ? st.ops[t.arg] : 'reg' in t ? { k: 'reg', cls: 'r', n: t.reg, col: st.col } : { k: 'expr', e: { k: 'num', v: t.imm, col: st.col }, col: st.col },
      );
      this.items.push({ t: 'ins', def: instructionByMnemonic(x.mnemonic)!, ops, col: st.col, src, chunk: at[0], idx: at[1] + i, addr: addr + i });
    });
    if (rec) [rec.chunk, rec.idx, rec.count] = [at[0], at[1], p.expansion.length];
  }

  /** li rd, expr: the isa/pseudo.ts expansion when the value is known now, else the fixed two-word form. */
  li(st: Extract<StatementAst, { k: 'ins' }>, rec: ListingRec | null, src: SrcRef, addr: number): void {
    const [rdOp, vOp] = st.ops;
    const rd = this.scalarReg(rdOp, 'li');
    if (rd === null) return;
    if (vOp.k !== 'expr') {
      this.errHere(vOp.col, 'li: expected a value (an expression), got ' + describe(vOp));
      return;
    }
    let size = 2;
    let known = false;
    try {
      const v = evaluate(vOp.e, this.evalCtx(addr, true));
      known = true;
      if (v >= -(2 ** 31) && v <= 2 ** 32 - 1) size = expandLi(rd, v).length;
    } catch {
      size = 2;
    }
    const at = this.emit(size, st.col);
    if (!at) return;
    this.items.push({ t: 'li', rd, e: vOp.e, size, known, src, chunk: at[0], idx: at[1], addr });
    if (rec) [rec.chunk, rec.idx, rec.count] = [at[0], at[1], size];
  }

  /** Find and read an include: beside the including file, then in each includePath directory. */
  readInclude(name: string, col: number, stack: string[]): [string, string] | null {
    const absolute = name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name);
    const candidates = [resolveIncludePath(this.curFile, name)];
    if (!absolute) for (const dir of this.opts.includePath ?? []) candidates.push(resolveIncludePath(dir.replace(/[\\/]*$/, '/'), name));
    const budget = ASSEMBLER_LIMITS.sourceBytes - this.bytesRead;
    for (const path of candidates) {
      if (stack.includes(path)) {
        this.errHere(col, `include cycle: ${[...stack.slice(stack.indexOf(path)), path].join(' → ')}`);
        return null;
      }
      const cached = this.sources.get(path); // a file is read once per assembly, however often included
      if (cached !== undefined) {
        if (cached.length > budget) return this.bytesCap(path, col);
        return [path, cached];
      }
      try {
        const text = this.opts.readFile!(path, budget);
        if (text.length > budget) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
        return [path, text];
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && path !== candidates[candidates.length - 1]) continue;
        if (code === 'EFBIG') return this.bytesCap(path, col);
        const msg = code === 'ENOENT' ? (candidates.length > 1 ? `no such file (searched ${candidates.join(', ')})` : 'no such file') : err instanceof Error ? err.message : String(err);
        this.errHere(col, `cannot read include file "${path}": ${msg}`);
        return null;
      }
    }
    return null;
  }

  bytesCap(path: string, col: number): null {
    this.capHit = true;
    this.errHere(col, `include file "${path}" would pass the limit of ${ASSEMBLER_LIMITS.sourceBytes} source bytes in total (includes counted each time; the assembler's limit)`);
    return null;
  }

  peList(items: PeItemAst[]): number[] | null {
    const set = new Set<number>();
    for (const it of items) {
      const lo = this.eval1(it.lo, 'PE list');
      const hi = it.hi ? this.eval1(it.hi, 'PE list') : lo;
      if (lo === null || hi === null) return null;
      if (lo < 0 || hi > MAX_PE_ID || lo > hi) {
        this.errHere(it.col, it.hi ? `PE range ${lo}..${hi} is not within 0 … ${MAX_PE_ID}` : `PE id ${lo} is outside 0 … ${MAX_PE_ID}`);
        return null;
      }
      for (let p = lo; p <= hi; p++) set.add(p);
    }
    return [...set].sort((a, b) => a - b);
  }

  scalarReg(op: OperandAst, mnemonic: string): number | null {
    if (op.k === 'reg' && op.cls === 'r') {
      if (op.n > LAST_SREG) {
        this.errHere(op.col, `${mnemonic}: there is no register r${op.n} (scalar registers are r0 … r${LAST_SREG})`);
        return null;
      }
      return op.n;
    }
    this.errHere(op.col, `${mnemonic}: expected a scalar register (r0 … r${LAST_SREG}), got ${describe(op)}`);
    return null;
  }

  // ---- pass 2 ----

  pass2(): void {
    for (const ch of this.chunks) ch.words = new Uint32Array(ch.size);
    // Evaluate every constant at its definition so errors are reported there, once.
    for (const [name, s] of this.symbols) {
      if (s.kind !== 'const' || s.state === 2) continue;
      try {
        this.constValue(s, name, s.col, false);
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        if (!err.silent) this.error(s.file, s.line, err.col, err.message);
        s.state = 3;
      }
    }
    this.fmt = makeFormat(this.format.W, this.format.F, defaultTableSize(this.format.W), this.format.code);
    for (const it of this.items) {
      try {
        switch (it.t) {
          case 'ins':
            this.encodeIns(it);
            break;
          case 'li':
            this.encodeLi(it);
            break;
          case 'data':
            this.encodeData(it);
            break;
          case 'entry':
            break;
        }
      } catch (err) {
        if (err instanceof EvalError) {
          if (!err.silent) this.error(it.src.file, it.src.line, err.col, err.message);
        } else throw err;
      }
    }
  }

  ev(e: Expr, dot: number): number {
    return evaluate(e, this.evalCtx(dot, false));
  }

  encodeIns(it: Extract<Item, { t: 'ins' }>): void {
    const { def, ops, addr } = it;
    const specs = def.operands;
    const m = def.mnemonic;
    if (ops.length !== specs.length) {
      const names = specs.map((s) => (s.kind === 'mem' ? `off(${'r'}${'a'})` : s.name)).join(', ');
      const col = ops.length > specs.length ? ops[specs.length].col : it.col;
      throw new EvalError(
        specs.length === 0
          ? `${m} takes no operands, got ${ops.length}`
          : `${m} takes ${specs.length} operand${specs.length === 1 ? '' : 's'} (${names}), got ${ops.length}`,
        col,
      );
    }
    const vals: OperandValue[] = new Array(specs.length);
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i];
      const op = ops[i];
      switch (spec.kind) {
        case 'sreg':
          if (op.k !== 'reg' || op.cls !== 'r') throw new EvalError(`${m}: expected a scalar register (r0 … r${LAST_SREG}) for ${spec.name}, got ${describe(op)}`, op.col);
          if (op.n > LAST_SREG) throw new EvalError(`${m}: there is no register r${op.n} (scalar registers are r0 … r${LAST_SREG})`, op.col);
          vals[i] = op.n;
          break;
        case 'vreg':
          if (op.k !== 'reg' || op.cls !== 'v') throw new EvalError(`${m}: expected a vector register (v0 … v${LAST_VREG}) for ${spec.name}, got ${describe(op)}`, op.col);
          if (op.n > LAST_VREG) throw new EvalError(`${m}: there is no register v${op.n} (vector registers are v0 … v${LAST_VREG})`, op.col);
          vals[i] = op.n;
          break;
        case 'imm': {
          if (op.k !== 'expr') throw new EvalError(`${m}: expected an immediate value for ${spec.name}, got ${describe(op)}`, op.col);
          const v = this.ev(op.e, addr);
          if (v < spec.min || v > spec.max) throw new EvalError(`${m}: ${spec.name} = ${v} is out of range ${spec.min} … ${spec.max}`, op.col);
          vals[i] = v;
          break;
        }
        case 'target': {
          if (op.k !== 'expr') throw new EvalError(`${m}: expected a code address (label) for ${spec.name}, got ${describe(op)}`, op.col);
          const v = this.ev(op.e, addr);
          const off = v - addr;
          if (off < spec.min || off > spec.max) {
            throw new EvalError(
              `${m}: ${spec.name} ${v} is ${off} words from this instruction (at ${addr}); the offset must be in ${spec.min} … ${spec.max}`,
              op.col,
            );
          }
          vals[i] = off;
          break;
        }
        case 'mem': {
          let base = 0;
          let off = 0;
          if (op.k === 'mem') {
            if (op.baseCls !== 'r') throw new EvalError(`${m}: the base of a memory operand must be a scalar register, got v${op.base}`, op.col);
            if (op.base > LAST_SREG) throw new EvalError(`${m}: there is no register r${op.base} (scalar registers are r0 … r${LAST_SREG})`, op.col);
            base = op.base;
            if (op.off) off = this.ev(op.off, addr);
          } else if (op.k === 'expr') {
            off = this.ev(op.e, addr); // absolute address: off(r0)
          } else {
            throw new EvalError(`${m}: expected a memory operand off(rN) for ${spec.name}, got ${describe(op)}`, op.col);
          }
          if (off < spec.min || off > spec.max) throw new EvalError(`${m}: ${spec.name} offset ${off} is out of range ${spec.min} … ${spec.max}`, op.col);
          vals[i] = { base, offset: off };
          break;
        }
        case 'csr': {
          if (op.k !== 'expr') throw new EvalError(`${m}: expected a CSR name (${CSRS.map((c) => c.name).join(', ')}), got ${describe(op)}`, op.col);
          let v: number | undefined;
          if (op.e.k === 'sym') v = CSR_BY_NAME.get(op.e.name);
          if (v === undefined) {
            if (op.e.k === 'sym' && !this.symbols.has(op.e.name)) {
              const hint = suggest(op.e.name, [...CSR_BY_NAME.keys()]);
              throw new EvalError(`${m}: unknown CSR '${op.e.name}'${hint ? ` (did you mean '${hint}'?)` : ''}`, op.col);
            }
            v = this.ev(op.e, addr);
            if (!CSRS.some((c) => c.number === v)) throw new EvalError(`${m}: ${v} is not a CSR number (0 … ${CSRS.length - 1})`, op.col);
          }
          vals[i] = v;
          break;
        }
      }
    }
    it.chunk.words![it.idx] = encode(def, vals);
  }

  encodeLi(it: Extract<Item, { t: 'li' }>): void {
    const v = this.ev(it.e, it.addr);
    if (v < -(2 ** 31) || v > 2 ** 32 - 1) throw new EvalError(`li: value ${v} does not fit in 32 bits`, it.e.col);
    const w = it.chunk.words!;
    expandLi(it.rd, v, !it.known).forEach((x, i) => (w[it.idx + i] = encode(x.def, x.operands)));
  }

  encodeData(it: Extract<Item, { t: 'data' }>): void {
    const w = it.chunk.words!;
    const f = this.fmt;
    for (let i = 0; i < it.args.length; i++) {
      const a = it.args[i];
      try {
        let v: number;
        if (a.k === 'str') throw new EvalError(`.${it.kind}: expected a number, got a string`, a.col);
        switch (it.kind) {
          case 'word':
            if (a.k === 'real') throw new EvalError('.word: expected an integer expression, got a real number', a.col);
            v = this.ev(a.e, it.addr);
            if (v < -(2 ** 31) || v > 2 ** 32 - 1) throw new EvalError(`.word value ${v} does not fit in 32 bits`, a.col);
            break;
          case 'msg':
            if (a.k === 'real') throw new EvalError('.msg: expected an integer energy (raw units), got a real number; use .energy for nats', a.col);
            v = this.ev(a.e, it.addr);
            if (v < f.min || v > f.max) throw new EvalError(`.msg energy ${v} is outside ${f.min} … ${f.max} (W = ${f.W})`, a.col);
            break;
          case 'prob': {
            const p = a.k === 'real' ? a.v : this.ev(a.e, it.addr);
            if (!(p >= 0) || p === Infinity) throw new EvalError(`.prob: probability ${p} must be finite and ≥ 0`, a.col);
            v = energyFromProb(f, p);
            break;
          }
          case 'energy': {
            const x = a.k === 'real' ? a.v : this.ev(a.e, it.addr);
            v = energyFromNats(f, x);
            break;
          }
          case 'table': {
            // A fupd table word: the factor unit's F + G fraction bits, 0 → TMAX (isa tableEnergy).
            const p = a.k === 'real' ? a.v : this.ev(a.e, it.addr);
            if (!(p >= 0) || p === Infinity) throw new EvalError(`.table: potential ${p} must be finite and ≥ 0`, a.col);
            v = tableEnergy(f, p);
            break;
          }
        }
        w[it.idx + i] = v >>> 0;
      } catch (err) {
        if (err instanceof EvalError) {
          if (!err.silent) this.error(it.src.file, it.src.line, err.col, err.message);
        } else throw err;
      }
    }
  }

  // ---- result ----

  finish(): ObjectFile {
    // Overlaps: two chunks in one space that share a PE and an address.
    for (const space of ['code', 'scratchpad', 'shared'] as SectionSpace[]) {
      const list = this.chunks.filter((c) => c.ctx.space === space && c.size > 0).sort((a, b) => a.origin - b.origin);
      for (let i = 0; i < list.length; i++) {
        const a = list[i];
        for (let j = i + 1; j < list.length && list[j].origin < a.origin + a.size; j++) {
          const b = list[j];
          if (!pesIntersect(a.ctx, b.ctx)) continue;
          const later = this.chunks.indexOf(a) > this.chunks.indexOf(b) ? a : b;
          const other = later === a ? b : a;
          const lo = Math.max(a.origin, b.origin);
          const hi = Math.min(a.origin + a.size, b.origin + b.size) - 1;
          this.error(
            later.file,
            later.line,
            0,
            `${later.ctx.name} words at ${lo} … ${hi} overlap ${other.ctx.name} (from ${other.file}:${other.line})${
              a.ctx === b.ctx ? '' : ` on ${sharedPesText(a.ctx, b.ctx)}`
            }; use .org to place sections apart`,
          );
        }
      }
    }
    // Entry points.
    let entry: number | null = null;
    const entryPerPe = new Map<number, number>();
    let maxPe = this.minPesDirective - 1;
    for (const it of this.items) {
      if (it.t !== 'entry') continue;
      let v: number;
      try {
        v = this.ev(it.e, it.addr);
      } catch (err) {
        if (err instanceof EvalError) {
          if (!err.silent) this.error(it.src.file, it.src.line, err.col, err.message);
          continue;
        }
        throw err;
      }
      if (v < 0 || v > 2 ** 32 - 1) {
        this.error(it.src.file, it.src.line, it.col, `.entry address ${v} is outside the code space`);
        continue;
      }
      if (it.pes === null) {
        if (entry !== null) this.error(it.src.file, it.src.line, it.col, 'a second .entry for all PEs (give pe=LIST for per-PE entries)');
        entry = v;
      } else {
        for (const pe of it.pes) {
          if (entryPerPe.has(pe)) this.error(it.src.file, it.src.line, it.col, `a second .entry for PE ${pe}`);
          entryPerPe.set(pe, v);
          maxPe = Math.max(maxPe, pe);
        }
      }
    }
    // .local names must be labels.
    for (const l of this.localNames) {
      const s = this.symbols.get(l.name);
      if (!s) this.error(l.src.file, l.src.line, l.col, `.local: undefined label '${l.name}'`);
      else if (s.kind !== 'label') this.error(l.src.file, l.src.line, l.col, `.local: '${l.name}' is a constant, not a label`);
      else s.local = true;
    }
    const sections: ObjectSection[] = [];
    for (const ch of this.chunks) {
      if (ch.size === 0) continue;
      if (ch.ctx.pes !== 'all') maxPe = Math.max(maxPe, ch.ctx.pes[ch.ctx.pes.length - 1]);
      sections.push({ name: ch.ctx.name, space: ch.ctx.space, pes: ch.ctx.pes === 'all' ? 'all' : [...ch.ctx.pes], origin: ch.origin, words: ch.words! });
    }
    const labels: ObjectSymbol[] = [];
    const consts: ObjectSymbol[] = [];
    for (const [name, s] of this.symbols) {
      if (s.kind === 'label') {
        if (!s.local) labels.push({ name, value: s.value, kind: 'label', section: s.section });
      } else if (s.state === 2) consts.push({ name, value: s.value, kind: 'const' });
    }
    labels.sort((a, b) => a.value - b.value || (a.name < b.name ? -1 : 1));
    consts.sort((a, b) => (a.name < b.name ? -1 : 1));
    return {
      version: OBJECT_VERSION,
      requirements: { minPes: maxPe + 1, messageBits: this.format.W, fracBits: this.format.F, unsignedMessages: unsignedMessagesOf(this.format.code) },
      entry: entry ?? 0,
      entryPerPe,
      sections,
      symbols: [...labels, ...consts],
    };
  }

  listingLines(): ListingLine[] {
    return this.listing.map((r) => ({
      file: r.file,
      line: r.line,
      text: r.text,
      section: r.chunk && r.count ? r.chunk.ctx.name : null,
      address: r.chunk && r.count ? r.chunk.origin + r.idx : null,
      words: r.chunk && r.count ? Array.from(r.chunk.words!.subarray(r.idx, r.idx + r.count)) : [],
    }));
  }
}

function pesIntersect(a: Ctx, b: Ctx): boolean {
  if (!a.peSet || !b.peSet) return true;
  const [s, l] = a.peSet.size < b.peSet.size ? [a.peSet, b.peSet] : [b.peSet, a.peSet];
  for (const p of s) if (l.has(p)) return true;
  return false;
}

function sharedPesText(a: Ctx, b: Ctx): string {
  if (!a.peSet && !b.peSet) return 'every PE';
  const set = !a.peSet ? b.pes : !b.peSet ? a.pes : (a.pes as number[]).filter((p) => b.peSet!.has(p));
  const list = set as number[];
  return `PE${list.length > 1 ? 's' : ''} ${list.slice(0, 8).join(', ')}${list.length > 8 ? ', …' : ''}`;
}

function describe(op: OperandAst): string {
  if (op.k === 'reg') return `register ${op.cls}${op.n}`;
  if (op.k === 'mem') return 'a memory operand';
  return 'an expression';
}

function syntaxMessage(line: string, col: number, expected: string): string {
  if (col >= line.length) return `syntax error: unexpected end of line (expected ${simplifyExpected(expected)})`;
  const ch = line[col];
  const tok = /[A-Za-z0-9_.$]/.test(ch) ? (/^[A-Za-z0-9_.$]+/.exec(line.slice(col))?.[0] ?? ch) : ch;
  // ohm reports a number run into letters ("12abc") as "expected not a wordChar"
  if (/^not /.test(expected) && col > 0 && /[0-9]/.test(line[col - 1])) return `syntax error: '${tok}' right after a number (a number ends at a space, comma, operator or parenthesis)`;
  return `syntax error: unexpected '${tok}' (expected ${simplifyExpected(expected)})`;
}

const OPERATOR_RE = /^"(?:\+|-|\*|\/|%|&|\||\^|<<|>>|>>>)"$/;
const OPERAND_START_RE = /a letter|a digit|"_"|"0x"|"0b"|"\("|"!"|"~"|"-"|"v"|"r"|"\."|an alphanumeric/;

/** ohm's "expected" list in words a user knows: no rule names, operators and operand starts grouped. */
function simplifyExpected(exp: string): string {
  const parts = exp.split(/, (?:or )?| or /).map((s) => s.trim()).filter(Boolean);
  const out = new Set<string>();
  for (const p of parts) {
    if (p === 'end of input') out.add('end of line');
    else if (/^not /.test(p)) continue;
    else if (OPERAND_START_RE.test(p) && !/"\)"|"\.\."/.test(p)) out.add('an operand');
    else if (OPERATOR_RE.test(p)) out.add('an operator');
    else if (/^[A-Za-z]+$/.test(p)) out.add('a separator');
    else out.add(p);
  }
  const list = [...out];
  return list.length <= 1 ? (list[0] ?? 'something else') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

/**
 * Assemble GP5 source text. Returns the object, the listing and any warnings; throws an
 * AssemblyError carrying every diagnostic when the source has errors.
 */
export function assemble(source: string, options: AssembleOptions = {}): AssembleResult {
  return assembleSources([{ fileName: options.fileName ?? '<input>', text: source }], options);
}

/** One input of assembleSources: a file name (for diagnostics and relative includes) and its text. */
export interface SourceInput {
  fileName: string;
  text: string;
}

/**
 * Assemble several sources as one program, exactly as if their texts were concatenated in order
 * (labels, constants, sections and `.format` are shared; diagnostics name each file).
 */
export function assembleSources(inputs: readonly SourceInput[], options: AssembleOptions = {}): AssembleResult {
  const a = new Assembler(options);
  for (const [name, value] of options.defines ?? []) {
    a.symbols.set(name, { kind: 'const', e: { k: 'num', v: value, col: 0 }, dot: 0, value, state: 2, file: '<command line>', line: 1, col: 0 });
  }
  for (const input of inputs) {
    if (a.capHit) break;
    const path = resolveIncludePath('', input.fileName);
    a.processFile(input.fileName, input.text, [path]);
  }
  a.pass2();
  const object = a.finish();
  const clean = !a.diags.some((d) => d.severity === 'error');
  const problem = clean ? validateObject(object) : null;
  const first = inputs[0]?.fileName ?? '<input>';
  if (!clean) {
    // errors already explain what is wrong
  } else if (problem) a.error(first, 1, 0, problem.message);
  else if (object.sections.length === 0) a.error(first, 1, 0, 'empty program: no instructions and no data (nothing to load or run)');
  else if (!object.sections.some((s) => s.space === 'code')) {
    a.diags.push({ severity: 'warning', file: first, line: 1, col: 1, message: 'the program has no instructions (no .text words): a PE that runs it faults at its first fetch' });
  }
  if (a.diags.some((d) => d.severity === 'error')) {
    const order = [...a.sources.keys()];
    const sorted = a.diags
      .map((d, i) => ({ d, i }))
      .sort((x, y) => order.indexOf(x.d.file) - order.indexOf(y.d.file) || x.d.line - y.d.line || x.d.col - y.d.col || x.i - y.i)
      .map((x) => x.d);
    throw new AssemblyError(sorted, a.sources);
  }
  return { object, listing: a.wantListing ? a.listingLines() : [], diagnostics: a.diags, sources: a.sources };
}

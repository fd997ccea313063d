// The directives of the assembler's first pass: one handler each, looked up by name. A handler
// gets the assembler and the parsed statement and reports errors through it (never throws).
// (.macro/.rept/.if act on whole lines before parsing: asm/blocks.ts.)
import { formatDirective, unsignedMessagesOf, MAX_PE_ID, MAX_UNSIGNED_MESSAGE_BITS, MESSAGE_CODES, SPACE_LIMIT, type MessageCode, type SectionSpace } from '../isa/index.js';
import type { DirArgAst, Expr, StatementAst } from './ast.js';
import type { Assembler, ListingRec, SrcRef } from './assembler.js';
import { suggest } from './diagnostics.js';
import { ASSEMBLER_LIMITS, MAX_TOTAL_WORDS } from './limits.js';

export interface DirectiveCall {
  name: string;
  args: DirArgAst[];
  st: Extract<StatementAst, { k: 'dir' }>;
  rec: ListingRec | null;
  src: SrcRef;
  stack: string[];
}

function noPeList(asm: Assembler, d: DirectiveCall): boolean {
  if (d.st.pe) {
    asm.errHere(d.st.peCol, `${d.name} does not take a PE list`);
    return false;
  }
  return true;
}

function argumentCount(asm: Assembler, d: DirectiveCall, lo: number, hi: number, what: string): boolean {
  const n = d.args.length;
  if (n < lo || n > hi) {
    asm.errHere(d.st.col, `${d.name} expects ${what}, got ${n} argument${n === 1 ? '' : 's'}`);
    return false;
  }
  return true;
}

/** The one integer argument of `.org`, `.minpes`, … evaluated in pass 1, or null (reported). */
function singleValue(asm: Assembler, d: DirectiveCall, what: string): number | null {
  if (!noPeList(asm, d) || !argumentCount(asm, d, 1, 1, what)) return null;
  const e = exprArgument(asm, d, d.args[0]);
  return e ? asm.eval1(e, d.name) : null;
}

function exprArgument(asm: Assembler, d: DirectiveCall, x: DirArgAst): Expr | null {
  if (x.k === 'expr') return x.e;
  asm.errHere(x.col, `${d.name}: expected an integer expression, got ${x.k === 'str' ? 'a string' : 'a real number'}`);
  return null;
}

function dirSection(asm: Assembler, d: DirectiveCall): void {
  const { name, st } = d;
  if (!argumentCount(asm, d, 0, 0, 'no arguments (optionally pe=LIST)')) return;
  const space: SectionSpace = name === '.text' ? 'code' : name === '.data' ? 'scratchpad' : 'shared';
  let pes: 'all' | number[] = 'all';
  if (st.pe) {
    if (space === 'shared') {
      asm.errHere(st.peCol, '.shared is one memory for all PEs and takes no PE list');
      return;
    }
    const list = asm.peList(st.pe);
    if (!list) return;
    pes = list;
  }
  asm.switchTo(asm.context(space, pes));
  return;
}

function dirOrg(asm: Assembler, d: DirectiveCall): void {
  const { args } = d;
  const v = singleValue(asm, d, 'an address');
  if (v === null) return;
  const [lo, hi] = SPACE_LIMIT[asm.ctx.space];
  if (v < lo || v >= hi) {
    asm.errHere(args[0].col, `.org ${v} is outside the ${asm.ctx.space} space of ${asm.ctx.name} (${lo} … ${hi - 1})`);
    return;
  }
  asm.ctx.lc = v;
  return;
}

function dirPad(asm: Assembler, d: DirectiveCall): void {
  const { name, args, st, rec } = d;
  const v = singleValue(asm, d, name === '.zero' ? 'a word count' : 'an alignment in words');
  if (v === null) return;
  let n: number;
  if (name === '.zero') {
    if (v < 0 || v > MAX_TOTAL_WORDS) {
      asm.errHere(args[0].col, `.zero count ${v} is outside 0 … ${MAX_TOTAL_WORDS}`);
      return;
    }
    n = v;
  } else {
    if (v < 1 || v > 1 << 20) {
      asm.errHere(args[0].col, `.align ${v} is outside 1 … ${1 << 20}`);
      return;
    }
    n = (v - (asm.ctx.lc % v)) % v;
  }
  if (n === 0) return;
  const at = asm.emit(n, st.col);
  if (at && rec) [rec.chunk, rec.idx, rec.count] = [at[0], at[1], n];
  return;
}

function dirData(asm: Assembler, d: DirectiveCall): void {
  const { name, args, st, rec, src } = d;
  if (!noPeList(asm, d)) return;
  if (args.length === 0) {
    asm.errHere(st.col, `${name} expects at least one value`);
    return;
  }
  const addr = asm.ctx.lc;
  const at = asm.emit(args.length, st.col);
  if (!at) return;
  asm.items.push({ t: 'data', kind: name.slice(1) as 'word', args, src, chunk: at[0], idx: at[1], addr });
  if (rec) [rec.chunk, rec.idx, rec.count] = [at[0], at[1], args.length];
  return;
}

function dirEqu(asm: Assembler, d: DirectiveCall): void {
  const { name, args } = d;
  if (!noPeList(asm, d) || !argumentCount(asm, d, 2, 2, 'a name and a value (.equ NAME, expr)')) return;
  const a0 = args[0];
  if (a0.k !== 'expr' || a0.e.k !== 'sym') {
    asm.errHere(a0.col, '.equ: expected a symbol name');
    return;
  }
  const e = exprArgument(asm, d, args[1]);
  if (!e) return;
  asm.define(a0.e.name, { kind: 'const', e, dot: asm.ctx.lc, value: 0, state: 0, file: asm.curFile, line: asm.curLine, col: a0.col }, a0.col);
  return;
}

function dirEntry(asm: Assembler, d: DirectiveCall): void {
  const { args, st, src } = d;
  if (!argumentCount(asm, d, 1, 1, 'a code address (.entry LABEL [pe=LIST])')) return;
  const e = exprArgument(asm, d, args[0]);
  if (!e) return;
  let pes: number[] | null = null;
  if (st.pe) {
    pes = asm.peList(st.pe);
    if (!pes) return;
  }
  asm.items.push({ t: 'entry', e, pes, col: args[0].col, src, addr: asm.ctx.lc });
  return;
}

/** The third argument of `.format`: the word `signed` or `unsigned`, or null (reported). */
function codeArgument(asm: Assembler, x: DirArgAst): MessageCode | null {
  const word = x.k === 'expr' && x.e.k === 'sym' ? x.e.name : null;
  const code = MESSAGE_CODES.find((c) => c === word);
  if (code) return code;
  const hint = word !== null ? suggest(word, MESSAGE_CODES) : undefined;
  const got = word !== null ? `'${word}'` : x.k === 'str' ? 'a string' : x.k === 'real' ? 'a real number' : 'an expression';
  asm.errHere(x.col, `.format: the message code must be ${MESSAGE_CODES.join(' or ')}, got ${got}${hint ? ` (did you mean ${hint}?)` : ''}`);
  return null;
}

function dirFormat(asm: Assembler, d: DirectiveCall): void {
  const { args, st, src } = d;
  if (!noPeList(asm, d) || !argumentCount(asm, d, 2, 3, 'W, F [, signed | unsigned] (message bits, fraction bits, message code)')) return;
  const e0 = exprArgument(asm, d, args[0]);
  const e1 = exprArgument(asm, d, args[1]);
  if (!e0 || !e1) return;
  const W = asm.eval1(e0, '.format');
  const F = asm.eval1(e1, '.format');
  if (W === null || F === null) return;
  if (W < 8 || W > 32) {
    asm.errHere(args[0].col, `.format: message bits W = ${W} outside 8 … 32`);
    return;
  }
  if (F < 0 || F > W - 2) {
    asm.errHere(args[1].col, `.format: fraction bits F = ${F} outside 0 … ${W - 2}`);
    return;
  }
  // Without a third argument the code is signed: sources written before the unsigned code keep their meaning.
  const code = args.length === 3 ? codeArgument(asm, args[2]) : 'signed';
  if (code === null) return;
  if (code === 'unsigned' && W > MAX_UNSIGNED_MESSAGE_BITS) {
    asm.errHere(args[2].col, `.format: an unsigned message code needs W ≤ ${MAX_UNSIGNED_MESSAGE_BITS}, got W = ${W}`);
    return;
  }
  const f = asm.format;
  const text = (w: number, fr: number, c: MessageCode) => formatDirective({ messageBits: w, fracBits: fr, unsignedMessages: unsignedMessagesOf(c) });
  if (f.src && (f.W !== W || f.F !== F || f.code !== code)) {
    asm.errHere(st.col, `${text(W, F, code)} conflicts with ${text(f.W, f.F, f.code)} at ${f.src.file}:${f.src.line} (one format per program)`);
    return;
  }
  if (f.fromOptions && (f.W !== W || f.F !== F)) {
    asm.errHere(st.col, `.format ${W}, ${F} conflicts with the requested message format ${f.W}, ${f.F} (--bits/--frac)`);
    return;
  }
  if (f.codeFromOptions && f.code !== code) {
    asm.errHere(st.col, `${text(W, F, code)} conflicts with the requested ${f.code} message code (--unsigned, or the config's unsignedMessages)`);
    return;
  }
  asm.format = { ...f, W, F, code, src };
  return;
}

function dirMinpes(asm: Assembler, d: DirectiveCall): void {
  const { args } = d;
  const v = singleValue(asm, d, 'a PE count');
  if (v === null) return;
  if (v < 1 || v > MAX_PE_ID + 1) {
    asm.errHere(args[0].col, `.minpes ${v} is outside 1 … ${MAX_PE_ID + 1}`);
    return;
  }
  asm.minPesDirective = Math.max(asm.minPesDirective, v);
  return;
}

function dirLocal(asm: Assembler, d: DirectiveCall): void {
  const { name, args, st, src } = d;
  if (!noPeList(asm, d)) return;
  if (args.length === 0) {
    asm.errHere(st.col, '.local expects one or more label names');
    return;
  }
  for (const a of args) {
    if (a.k !== 'expr' || a.e.k !== 'sym') {
      asm.errHere(a.col, '.local: expected a label name');
      continue;
    }
    asm.localNames.push({ name: a.e.name, src, col: a.col });
  }
  return;
}

function dirInclude(asm: Assembler, d: DirectiveCall): void {
  const { name, args, stack } = d;
  if (!noPeList(asm, d) || !argumentCount(asm, d, 1, 1, 'a file name in double quotes')) return;
  const a = args[0];
  if (a.k !== 'str') {
    asm.errHere(a.col, '.include: expected a file name in double quotes');
    return;
  }
  if (stack.length > ASSEMBLER_LIMITS.includeDepth) {
    asm.errHere(a.col, `includes nested more than ${ASSEMBLER_LIMITS.includeDepth} deep (the assembler's limit)`);
    return;
  }
  if (!asm.opts.readFile) {
    asm.errHere(a.col, `cannot include "${a.v}": no file reader was given to the assembler`);
    return;
  }
  if (++asm.includeCount > ASSEMBLER_LIMITS.includes) {
    asm.capHit = true;
    asm.errHere(a.col, `more than ${ASSEMBLER_LIMITS.includes} .include directives executed in total (the assembler's limit)`);
    return;
  }
  const found = asm.readInclude(a.v, a.col, stack);
  if (!found) return;
  const [path, text] = found;
  asm.processFile(path, text, [...stack, path]);
  return;
}

export const DIRECTIVE_HANDLERS: ReadonlyMap<string, (asm: Assembler, d: DirectiveCall) => void> = new Map([
  ['.text', dirSection],
  ['.data', dirSection],
  ['.shared', dirSection],
  ['.org', dirOrg],
  ['.align', dirPad],
  ['.zero', dirPad],
  ['.word', dirData],
  ['.msg', dirData],
  ['.prob', dirData],
  ['.energy', dirData],
  ['.table', dirData],
  ['.equ', dirEqu],
  ['.entry', dirEntry],
  ['.format', dirFormat],
  ['.minpes', dirMinpes],
  ['.local', dirLocal],
  ['.include', dirInclude],
]);

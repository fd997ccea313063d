// Reader for the commit log format written by CommitLogSink (trace/commit-log.ts), so that
// `gp5sim compare` can read ours or an RTL team's commit log. One retired instruction a line:
//   cycle \t pe \t pc \t 0xWORD \t disassembly \t writes
// writes: `-`, or space-separated `rN=0xXXXXXXXX`, `vN=[a,b,…]`, `M[addr]=[a,b,…]`.
// Lines starting with '#' and blank lines are ignored. Records are kept as a struct of arrays per
// PE (no object per line), in file order.
import { TraceParseError, withoutBom } from './parse-error.js';
import { COMMIT_LOG_MAGIC } from './formats.js';

export class CommitLogParseError extends TraceParseError {
  override name = 'CommitLogParseError';
}

/** Retired instructions of one PE, struct-of-arrays. Numbers are unsigned 32-bit where noted. */
export interface RetireStream {
  pe: number;
  /** Scope (VCD) or `pe<N>` (commit log) the stream came from, for messages. */
  scope: string;
  n: number;
  cycle: Float64Array;
  /** Time in the source file the record was read at (VCD time; the cycle for commit logs). */
  time: Float64Array;
  pc: Float64Array;
  /** Instruction word, unsigned. */
  word: Float64Array;
  /** Scalar register written, -1 for none; value unsigned 32-bit. */
  sreg: Int8Array;
  sval: Float64Array;
  /** Vector register written, -1 for none; lane 0 as unsigned 32-bit; all lanes when known. */
  vreg: Int8Array;
  v0: Float64Array;
  vlanes: (string | undefined)[];
  /** Memory write: address (-1 none), word count, first word (unsigned), all words when known. */
  maddr: Float64Array;
  mlen: Float64Array;
  m0: Float64Array;
  mvalues: (string | undefined)[];
  /** Disassembly text when the source had it (commit logs). */
  text: (string | undefined)[];
}

export function newRetireStream(pe: number, scope: string, capacity = 64): RetireStream {
  return {
    pe,
    scope,
    n: 0,
    cycle: new Float64Array(capacity),
    time: new Float64Array(capacity),
    pc: new Float64Array(capacity),
    word: new Float64Array(capacity),
    sreg: new Int8Array(capacity),
    sval: new Float64Array(capacity),
    vreg: new Int8Array(capacity),
    v0: new Float64Array(capacity),
    vlanes: [],
    maddr: new Float64Array(capacity),
    mlen: new Float64Array(capacity),
    m0: new Float64Array(capacity),
    mvalues: [],
    text: [],
  };
}

function grow<T extends Float64Array | Int8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Append an empty record (no writes) and return its index. */
export function pushRetire(s: RetireStream, cycle: number, time: number, pc: number, word: number): number {
  if (s.n === s.cycle.length) {
    const cap = s.n * 2;
    s.cycle = grow(s.cycle, cap);
    s.time = grow(s.time, cap);
    s.pc = grow(s.pc, cap);
    s.word = grow(s.word, cap);
    s.sreg = grow(s.sreg, cap);
    s.sval = grow(s.sval, cap);
    s.vreg = grow(s.vreg, cap);
    s.v0 = grow(s.v0, cap);
    s.maddr = grow(s.maddr, cap);
    s.mlen = grow(s.mlen, cap);
    s.m0 = grow(s.m0, cap);
  }
  const i = s.n++;
  s.cycle[i] = cycle;
  s.time[i] = time;
  s.pc[i] = pc;
  s.word[i] = word;
  s.sreg[i] = -1;
  s.sval[i] = 0;
  s.vreg[i] = -1;
  s.v0[i] = 0;
  s.maddr[i] = -1;
  s.mlen[i] = 0;
  s.m0[i] = 0;
  return i;
}

export interface CommitLog {
  /** Streams by PE id (sparse: PEs that retired nothing have none). */
  pes: Map<number, RetireStream>;
  /** Highest cycle in the log. */
  lastCycle: number;
  records: number;
}

// Unsigned decimal below 2^53 (16 digits at most; the value is checked too).
const UINT = /^\d{1,16}$/;
/** Registers are numbered in an Int8Array: anything past this is not a register. */
const MAX_REG = 127;

/** True when the text looks like a commit log (header or first data line). */
export function looksLikeCommitLog(text: string): boolean {
  const head = withoutBom(text.slice(0, 4096)).trimStart();
  if (head.startsWith(COMMIT_LOG_MAGIC)) return true;
  const first = head.split('\n', 1)[0] ?? '';
  return /^\d+\t\d+\t\d+\t0x[0-9a-fA-F]+\t/.test(first);
}

export function parseCommitLog(text: string, file: string): CommitLog {
  text = withoutBom(text);
  const pes = new Map<number, RetireStream>();
  let lastCycle = -1;
  let records = 0;
  let lineNo = 0;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    lineNo++;
    let line = text.slice(pos, end);
    pos = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length === 0 || line.charCodeAt(0) === 35 /* # */) continue;
    const f = line.split('\t');
    if (f.length < 6) throw new CommitLogParseError(file, lineNo, `expected 6 tab-separated fields (cycle, pe, pc, word, disassembly, writes), got ${f.length}`);
    const [cs, ps, pcs, ws, dis] = f;
    const writes = f.slice(5).join('\t');
    for (const [what, field] of [['cycle', cs], ['pe', ps], ['pc', pcs]] as const) {
      if (!UINT.test(field) || Number(field) > Number.MAX_SAFE_INTEGER) throw new CommitLogParseError(file, lineNo, `expected a decimal ${what} 0 … 2^53 - 1, got "${field.slice(0, 40)}"`);
    }
    if (!/^0x[0-9a-fA-F]{1,8}$/.test(ws)) throw new CommitLogParseError(file, lineNo, `expected a 0x-prefixed instruction word, got "${ws.slice(0, 40)}"`);
    const cycle = Number(cs);
    const pe = Number(ps);
    if (cycle < lastCycle) throw new CommitLogParseError(file, lineNo, `cycle ${cycle} is before the previous line's cycle ${lastCycle}`);
    lastCycle = cycle;
    let s = pes.get(pe);
    if (!s) {
      s = newRetireStream(pe, `pe${pe}`);
      pes.set(pe, s);
    }
    const i = pushRetire(s, cycle, cycle, Number(pcs), parseInt(ws.slice(2), 16) >>> 0);
    s.text[i] = dis;
    records++;
    if (writes === '-' || writes === '') continue;
    for (const tok of writes.split(' ')) {
      if (tok === '') continue;
      let m: RegExpExecArray | null;
      if ((m = /^[rv](\d+)=/.exec(tok)) && Number(m[1]) > MAX_REG) throw new CommitLogParseError(file, lineNo, `register number ${m[1].slice(0, 20)} is out of range (0 … ${MAX_REG})`);
      if ((m = /^r(\d+)=0x([0-9a-fA-F]{1,8})$/.exec(tok))) {
        s.sreg[i] = Number(m[1]);
        s.sval[i] = parseInt(m[2], 16) >>> 0;
      } else if ((m = /^v(\d+)=\[([-\d,]*)\]$/.exec(tok))) {
        s.vreg[i] = Number(m[1]);
        s.vlanes[i] = m[2];
        s.v0[i] = m[2] === '' ? 0 : Number(m[2].split(',', 1)[0]) >>> 0;
      } else if ((m = /^M\[(\d+)\]=\[([-\d,]*)\]$/.exec(tok))) {
        const vals = m[2] === '' ? [] : m[2].split(',');
        s.maddr[i] = Number(m[1]) >>> 0;
        s.mlen[i] = vals.length;
        s.m0[i] = vals.length ? Number(vals[0]) >>> 0 : 0;
        s.mvalues[i] = m[2];
      } else {
        throw new CommitLogParseError(file, lineNo, `unrecognised write "${tok.slice(0, 40)}" (expected rN=0x…, vN=[…] or M[addr]=[…])`);
      }
    }
  }
  return { pes, lastCycle, records };
}

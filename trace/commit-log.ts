// Commit log sink: one line per issued instruction, sorted by (cycle, PE).
//
// Format (version 1), tab-separated, after a header line starting with '#':
//   cycle  pe  pc  word  disassembly  writes
// cycle and pe are decimal; pc is decimal; word is 0x-prefixed 8-digit hex; writes is a
// space-separated list of `rN=0xXXXXXXXX` (scalar), `vN=[a,b,…]` (VL lanes, decimal) and
// `M[addr]=[a,b,…]` (memory words from addr, decimal), or `-` when nothing is written.
import type { IssueEvent, TraceSink } from '../sim/index.js';
import { RetireLog, type PeRetirements } from './retire-log.js';
import { COMMIT_LOG_HEADER } from './formats.js';
import { ByteOut, writeText, type ChunkWriter } from './byte-out.js';

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 0x-prefixed 8-digit lowercase hex of a 32-bit value. */
export function hex8(v: number): string {
  return '0x' + HEX2[(v >>> 24) & 255] + HEX2[(v >>> 16) & 255] + HEX2[(v >>> 8) & 255] + HEX2[v & 255];
}

const COMMA = 44;
const SPACE = 32;
const NEWLINE = 10;

/**
 * Writes lines in (cycle, PE) order. Issues arrive in the sink's retirement log (the simulator
 * appends to it directly; `issue` appends an event for wrappers such as teeSinks). Each PE's
 * entries are in cycle order, but PEs may run ahead of each other, so entries wait in the log until
 * `advance(t)` says no earlier issue can come; then they are formatted straight into the output
 * bytes (the constant middle of a line is encoded once per PE and pc), with no strings per line.
 */
export class CommitLogSink implements TraceSink {
  readonly retireLog = new RetireLog();
  /** Per PE and pc: the UTF-8 bytes of the constant middle of a line (`\tpe\tpc\tword\tdisassembly\t`). */
  private prefix: (Uint8Array | undefined)[][] = [];
  private readonly out = new ByteOut();
  private readonly encoder = new TextEncoder();
  /** Everything written so far is ASCII (latin1 decodes it fastest) unless a disassembly was not. */
  private encoding: 'latin1' | 'utf8' = 'latin1';

  /** `write` as for VcdSink: a `ByteWriter` gets views of the sink's buffer (UTF-8), a function strings. */
  constructor(private readonly write: ChunkWriter) {}

  begin(info: { pes: number }): void {
    this.retireLog.begin(info.pes);
    this.prefix = Array.from({ length: info.pes }, () => []);
    writeText(this.write, COMMIT_LOG_HEADER + '\n');
  }

  /** The event form (behind a wrapper): copied into the log at once. */
  issue(ev: IssueEvent): void {
    this.retireLog.pes[ev.pe].addEvent(ev);
  }

  stall(): void {}
  halt(): void {}

  advance(cycle: number): void {
    this.flushBefore(cycle);
  }

  end(): void {
    this.flushBefore(Infinity);
    this.drain();
  }

  private flushBefore(limit: number): void {
    const pes = this.retireLog.pes;
    const P = pes.length;
    for (;;) {
      // The lowest (cycle, PE) head below the limit.
      let best = -1;
      let bestCycle = limit;
      for (let pe = 0; pe < P; pe++) {
        const r = pes[pe];
        if (r.head < r.count && r.cycle[r.head] < bestCycle) {
          bestCycle = r.cycle[r.head];
          best = pe;
        }
      }
      if (best < 0) break;
      // Every line of this cycle, PE by PE.
      for (let pe = best; pe < P; pe++) {
        const r = pes[pe];
        let h = r.head;
        while (h < r.count && r.cycle[h] === bestCycle) this.line(pe, r, h++);
        r.head = h;
      }
      if (this.out.pos >= 1 << 20) this.drain();
    }
  }

  /** Format entry i of PE pe's log as one line. */
  private line(pe: number, r: PeRetirements, i: number): void {
    const pc = r.pc[i];
    const cache = this.prefix[pe];
    const mid = cache[pc] ?? (cache[pc] = this.middle(pe, pc, r.word[i], r.text[pc] ?? ''));
    const o = this.out;
    o.int(r.cycle[i]);
    o.bytesOf(mid);
    const sReg = r.sReg[i];
    const vReg = r.vReg[i];
    const memLen = r.memLen[i];
    if (sReg < 0 && vReg < 0 && memLen === 0) o.byte(45); // '-'
    if (sReg >= 0) {
      o.byte(114); // 'r'
      o.int(sReg);
      o.byte(61); // '='
      o.hex8(r.sValue[i] >>> 0);
    }
    let at = r.dataAt[i];
    if (vReg >= 0) {
      if (sReg >= 0) o.byte(SPACE);
      o.byte(118); // 'v'
      o.int(vReg);
      o.byte(61);
      intList(o, r.data, at, r.vLen[i]);
      at += r.vLen[i];
    }
    if (memLen > 0) {
      if (sReg >= 0 || vReg >= 0) o.byte(SPACE);
      o.ascii('M[');
      o.int(r.memAddr[i]);
      o.ascii(']=');
      intList(o, r.data, at, memLen);
    }
    o.byte(NEWLINE);
  }

  /** The constant middle of a line as bytes; a non-ASCII disassembly switches the output to UTF-8. */
  private middle(pe: number, pc: number, word: number, text: string): Uint8Array {
    const bytes = this.encoder.encode(`\t${pe}\t${pc}\t${hex8(word)}\t${text}\t`);
    for (let i = 0; i < bytes.length; i++) if (bytes[i] > 127) this.encoding = 'utf8';
    return bytes;
  }

  private drain(): void {
    this.out.drainTo(this.write, this.encoding);
  }
}

/** `[a,b,…]` in decimal: values[from, from + n). */
function intList(o: ByteOut, values: Int32Array, from: number, n: number): void {
  o.byte(91); // '['
  for (let i = 0; i < n; i++) {
    if (i > 0) o.byte(COMMA);
    o.int(values[from + i]);
  }
  o.byte(93); // ']'
}



// Commit log sink: one line per issued instruction, sorted by (cycle, PE).
//
// Format (version 1), tab-separated, after a header line starting with '#':
//   cycle  pe  pc  word  disassembly  writes
// cycle and pe are decimal; pc is decimal; word is 0x-prefixed 8-digit hex; writes is a
// space-separated list of `rN=0xXXXXXXXX` (scalar), `vN=[a,b,…]` (VL lanes, decimal) and
// `M[addr]=[a,b,…]` (memory words from addr, decimal), or `-` when nothing is written.
import type { IssueEvent, TraceSink, WriteRecord } from '../sim/index.js';
import { COMMIT_LOG_HEADER } from './formats.js';
import { ByteOut } from './byte-out.js';

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 0x-prefixed 8-digit lowercase hex of a 32-bit value. */
export function hex8(v: number): string {
  return '0x' + HEX2[(v >>> 24) & 255] + HEX2[(v >>> 16) & 255] + HEX2[(v >>> 8) & 255] + HEX2[v & 255];
}

function joinValues(values: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += i === 0 ? String(values[i]) : ',' + values[i];
  return out;
}

export function formatWrites(writes: WriteRecord[]): string {
  if (writes.length === 0) return '-';
  let out = '';
  for (const w of writes) {
    if (out) out += ' ';
    if (w.kind === 'sreg') out += `r${w.reg}=${hex8(w.value)}`;
    else if (w.kind === 'vreg') out += `v${w.reg}=[${joinValues(w.lanes)}]`;
    else out += `M[${w.addr}]=[${joinValues(w.values)}]`;
  }
  return out;
}

/** One PE's formatted lines not yet written: their bytes (each line with its newline) and cycles. */
class PeLines {
  readonly text = new ByteOut(1 << 16);
  cycle = new Float64Array(256);
  /** Byte offset in `text` just past line k's newline. */
  end = new Int32Array(256);
  count = 0;
  head = 0;

  /** Close the line just formatted into `text`. */
  close(cycle: number): void {
    if (this.count === this.cycle.length) {
      const c = new Float64Array(this.count * 2);
      c.set(this.cycle);
      this.cycle = c;
      const e = new Int32Array(this.count * 2);
      e.set(this.end);
      this.end = e;
    }
    this.cycle[this.count] = cycle;
    this.end[this.count++] = this.text.pos;
  }

  /** Drop the lines already written (all of them, or a long prefix). */
  compact(): void {
    const h = this.head;
    if (h === 0) return;
    if (h === this.count) {
      this.text.pos = 0;
      this.count = this.head = 0;
    } else if (h > 1024) {
      const cut = this.end[h - 1];
      this.text.discard(cut);
      this.cycle.copyWithin(0, h, this.count);
      this.end.copyWithin(0, h, this.count);
      this.count -= h;
      for (let k = 0; k < this.count; k++) this.end[k] -= cut;
      this.head = 0;
    }
  }
}

const COMMA = 44;
const SPACE = 32;

const NEWLINE = 10;

/**
 * Writes lines in (cycle, PE) order. Each PE's events arrive in cycle order, but PEs may run ahead
 * of each other, so lines wait in per-PE byte queues until `advance(t)` says no earlier event can
 * come. Lines are formatted straight into bytes (the constant middle of a line is encoded once per
 * PE and pc), so the sink builds no strings per event.
 */
export class CommitLogSink implements TraceSink {
  private pes: PeLines[] = [];
  /** Per PE and pc: the UTF-8 bytes of the constant middle of a line (`\tpe\tpc\tword\tdisassembly\t`). */
  private prefix: (Uint8Array | undefined)[][] = [];
  private readonly out = new ByteOut();
  private readonly encoder = new TextEncoder();
  /** Everything written so far is ASCII (latin1 decodes it fastest) unless a disassembly was not. */
  private encoding: 'latin1' | 'utf8' = 'latin1';

  constructor(private readonly write: (chunk: string) => void) {}

  begin(info: { pes: number }): void {
    this.pes = Array.from({ length: info.pes }, () => new PeLines());
    this.prefix = Array.from({ length: info.pes }, () => []);
    this.write(COMMIT_LOG_HEADER + '\n');
  }

  issue(ev: IssueEvent): void {
    // Formatted at once: the event's arrays are views of machine state.
    const cache = this.prefix[ev.pe];
    const mid = cache[ev.pc] ?? (cache[ev.pc] = this.middle(ev));
    const q = this.pes[ev.pe];
    const o = q.text;
    o.int(ev.cycle);
    o.bytesOf(mid);
    const writes = ev.writes;
    if (writes.length === 0) o.byte(45); // '-'
    for (let i = 0; i < writes.length; i++) {
      const w = writes[i];
      if (i > 0) o.byte(SPACE);
      if (w.kind === 'sreg') {
        o.byte(114); // 'r'
        o.int(w.reg);
        o.byte(61); // '='
        o.hex8(w.value >>> 0);
      } else if (w.kind === 'vreg') {
        o.byte(118); // 'v'
        o.int(w.reg);
        o.byte(61);
        intList(o, w.lanes);
      } else {
        o.ascii('M[');
        o.int(w.addr);
        o.ascii(']=');
        intList(o, w.values);
      }
    }
    o.byte(NEWLINE);
    q.close(ev.cycle);
  }

  stall(): void {}
  halt(): void {}

  /** The constant middle of a line as bytes; a non-ASCII disassembly switches the output to UTF-8. */
  private middle(ev: IssueEvent): Uint8Array {
    const bytes = this.encoder.encode(`\t${ev.pe}\t${ev.pc}\t${hex8(ev.word)}\t${ev.text}\t`);
    for (let i = 0; i < bytes.length; i++) if (bytes[i] > 127) this.encoding = 'utf8';
    return bytes;
  }

  advance(cycle: number): void {
    this.flushBefore(cycle);
  }

  end(): void {
    this.flushBefore(Infinity);
    this.drain();
  }

  private flushBefore(limit: number): void {
    const pes = this.pes;
    const P = pes.length;
    const out = this.out;
    for (;;) {
      // The lowest (cycle, PE) head below the limit.
      let best = -1;
      let bestCycle = limit;
      for (let pe = 0; pe < P; pe++) {
        const q = pes[pe];
        if (q.head < q.count && q.cycle[q.head] < bestCycle) {
          bestCycle = q.cycle[q.head];
          best = pe;
        }
      }
      if (best < 0) break;
      // Emit every line of this cycle, PE by PE.
      for (let pe = best; pe < P; pe++) {
        const q = pes[pe];
        let h = q.head;
        if (h >= q.count || q.cycle[h] !== bestCycle) continue;
        const start = h === 0 ? 0 : q.end[h - 1];
        while (h < q.count && q.cycle[h] === bestCycle) h++;
        out.copyFrom(q.text, start, q.end[h - 1]);
        q.head = h;
      }
    }
    // Drop written lines so a PE running ahead does not keep the whole log alive.
    for (let pe = 0; pe < P; pe++) pes[pe].compact();
    if (out.pos >= 1 << 20) this.drain();
  }

  private drain(): void {
    if (this.out.pos === 0) return;
    this.write(this.out.take(this.encoding));
  }
}

/** `[a,b,…]` in decimal. */
function intList(o: ByteOut, values: ArrayLike<number>): void {
  o.byte(91); // '['
  for (let i = 0; i < values.length; i++) {
    if (i > 0) o.byte(COMMA);
    o.int(values[i]);
  }
  o.byte(93); // ']'
}



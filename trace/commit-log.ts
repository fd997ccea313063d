// Commit log sink: one line per issued instruction, sorted by (cycle, PE).
//
// Format (version 1), tab-separated, after a header line starting with '#':
//   cycle  pe  pc  word  disassembly  writes
// cycle and pe are decimal; pc is decimal; word is 0x-prefixed 8-digit hex; writes is a
// space-separated list of `rN=0xXXXXXXXX` (scalar), `vN=[a,b,…]` (VL lanes, decimal) and
// `M[addr]=[a,b,…]` (memory words from addr, decimal), or `-` when nothing is written.
import type { IssueEvent, TraceSink, WriteRecord } from '../sim/index.js';
import { COMMIT_LOG_HEADER } from './formats.js';

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

/**
 * Writes lines in (cycle, PE) order. Each PE's events arrive in cycle order, but PEs may run ahead
 * of each other, so lines wait in per-PE queues until `advance(t)` says no earlier event can come.
 */
export class CommitLogSink implements TraceSink {
  private cycles: number[][] = [];
  private lines: string[][] = [];
  /** Per PE and pc: the constant middle of a line (`pe\tpc\tword\tdisassembly\t`). */
  private prefix: (string | undefined)[][] = [];
  private heads: number[] = [];
  private buffer: string[] = [];

  constructor(private readonly write: (chunk: string) => void) {}

  begin(info: { pes: number }): void {
    this.cycles = Array.from({ length: info.pes }, () => []);
    this.lines = Array.from({ length: info.pes }, () => []);
    this.heads = new Array<number>(info.pes).fill(0);
    this.prefix = Array.from({ length: info.pes }, () => []);
    this.write(COMMIT_LOG_HEADER + '\n');
  }

  issue(ev: IssueEvent): void {
    // Formatted at once: the event's arrays are views of machine state.
    const cache = this.prefix[ev.pe];
    const mid = cache[ev.pc] ?? (cache[ev.pc] = `\t${ev.pe}\t${ev.pc}\t${hex8(ev.word)}\t${ev.text}\t`);
    this.cycles[ev.pe].push(ev.cycle);
    this.lines[ev.pe].push(ev.cycle + mid + formatWrites(ev.writes));
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
    const P = this.cycles.length;
    for (;;) {
      // The lowest (cycle, PE) head below the limit.
      let best = -1;
      let bestCycle = limit;
      for (let pe = 0; pe < P; pe++) {
        const h = this.heads[pe];
        const q = this.cycles[pe];
        if (h < q.length && q[h] < bestCycle) {
          bestCycle = q[h];
          best = pe;
        }
      }
      if (best < 0) break;
      // Emit every line of this cycle, PE by PE.
      for (let pe = best; pe < P; pe++) {
        const q = this.cycles[pe];
        let h = this.heads[pe];
        while (h < q.length && q[h] === bestCycle) this.buffer.push(this.lines[pe][h++]);
        this.heads[pe] = h;
      }
    }
    // Drop written lines so a PE running ahead does not keep the whole log alive.
    for (let pe = 0; pe < P; pe++) {
      const h = this.heads[pe];
      if (h === 0) continue;
      if (h === this.cycles[pe].length) {
        this.cycles[pe].length = 0;
        this.lines[pe].length = 0;
      } else if (h > 1024) {
        this.cycles[pe] = this.cycles[pe].slice(h);
        this.lines[pe] = this.lines[pe].slice(h);
      } else continue;
      this.heads[pe] = 0;
    }
    if (this.buffer.length >= 4096) this.drain();
  }

  private drain(): void {
    if (this.buffer.length === 0) return;
    this.write(this.buffer.join('\n') + '\n');
    this.buffer.length = 0;
  }
}

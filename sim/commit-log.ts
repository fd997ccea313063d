// Commit log sink: one line per issued instruction, sorted by (cycle, PE).
//
// Format (version 1), tab-separated, after a header line starting with '#':
//   cycle  pe  pc  word  disassembly  writes
// cycle and pe are decimal; pc is decimal; word is 0x-prefixed 8-digit hex; writes is a
// space-separated list of `rN=0xXXXXXXXX` (scalar), `vN=[a,b,…]` (VL lanes, decimal) and
// `M[addr]=[a,b,…]` (memory words from addr, decimal), or `-` when nothing is written.
import type { IssueEvent, TraceSink, WriteRecord } from './trace.js';

export const COMMIT_LOG_HEADER = '# gp5 commit log v1\tcycle\tpe\tpc\tword\tdisassembly\twrites';

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

export function formatCommitLine(ev: IssueEvent): string {
  return `${ev.cycle}\t${ev.pe}\t${ev.pc}\t${hex8(ev.word)}\t${ev.text}\t${formatWrites(ev.writes)}`;
}

export class CommitLogSink implements TraceSink {
  // Lines of the current cycle with their PE (formatted at once: event arrays are views).
  private pendingPe: number[] = [];
  private pendingLine: string[] = [];
  private pendingCycle = -1;
  private buffer: string[] = [];

  constructor(private readonly write: (chunk: string) => void) {}

  begin(): void {
    this.write(COMMIT_LOG_HEADER + '\n');
  }

  issue(ev: IssueEvent): void {
    if (ev.cycle !== this.pendingCycle) this.flushCycle();
    this.pendingCycle = ev.cycle;
    this.pendingPe.push(ev.pe);
    this.pendingLine.push(formatCommitLine(ev));
  }

  stall(): void {}
  halt(): void {}

  advance(cycle: number): void {
    if (cycle !== this.pendingCycle) this.flushCycle();
  }

  end(): void {
    this.flushCycle();
    this.drain();
  }

  private flushCycle(): void {
    const n = this.pendingPe.length;
    if (n === 0) return;
    let sorted = true;
    for (let i = 1; i < n; i++) if (this.pendingPe[i] < this.pendingPe[i - 1]) sorted = false;
    if (sorted) for (let i = 0; i < n; i++) this.buffer.push(this.pendingLine[i]);
    else {
      // Barrier releases can report lower PEs after higher ones within a cycle.
      const order = [...Array(n).keys()].sort((a, b) => this.pendingPe[a] - this.pendingPe[b] || a - b);
      for (const i of order) this.buffer.push(this.pendingLine[i]);
    }
    this.pendingPe.length = 0;
    this.pendingLine.length = 0;
    if (this.buffer.length >= 4096) this.drain();
  }

  private drain(): void {
    if (this.buffer.length === 0) return;
    this.write(this.buffer.join('\n') + '\n');
    this.buffer.length = 0;
  }
}

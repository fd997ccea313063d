// Commit log sink: one line per issued instruction, sorted by (cycle, PE).
//
// Format (version 1), tab-separated, after a header line starting with '#':
//   cycle  pe  pc  word  disassembly  writes
// cycle and pe are decimal; pc is decimal; word is 0x-prefixed 8-digit hex; writes is a
// space-separated list of `rN=0xXXXXXXXX` (scalar), `vN=[a,b,…]` (VL lanes, decimal) and
// `M[addr]=[a,b,…]` (memory words from addr, decimal), or `-` when nothing is written.
import type { IssueEvent, TraceSink, WriteRecord } from './trace.js';

export const COMMIT_LOG_HEADER = '# gp5 commit log v1\tcycle\tpe\tpc\tword\tdisassembly\twrites';

export function formatWrites(writes: WriteRecord[]): string {
  if (writes.length === 0) return '-';
  return writes
    .map((w) => {
      switch (w.kind) {
        case 'sreg':
          return `r${w.reg}=0x${(w.value >>> 0).toString(16).padStart(8, '0')}`;
        case 'vreg':
          return `v${w.reg}=[${Array.from(w.lanes).join(',')}]`;
        case 'mem':
          return `M[${w.addr}]=[${Array.from(w.values).join(',')}]`;
      }
    })
    .join(' ');
}

export function formatCommitLine(ev: IssueEvent): string {
  return `${ev.cycle}\t${ev.pe}\t${ev.pc}\t0x${(ev.word >>> 0).toString(16).padStart(8, '0')}\t${ev.text}\t${formatWrites(ev.writes)}`;
}

export class CommitLogSink implements TraceSink {
  private pending: IssueEvent[] = [];
  private pendingCycle = -1;
  private buffer: string[] = [];

  constructor(private readonly write: (chunk: string) => void) {}

  begin(): void {
    this.write(COMMIT_LOG_HEADER + '\n');
  }

  issue(ev: IssueEvent): void {
    if (ev.cycle !== this.pendingCycle) this.flushCycle();
    this.pendingCycle = ev.cycle;
    this.pending.push(ev);
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
    if (this.pending.length === 0) return;
    // Barrier releases can report lower PEs after higher ones within a cycle: sort (stable).
    this.pending.sort((a, b) => a.pe - b.pe);
    for (const ev of this.pending) this.buffer.push(formatCommitLine(ev));
    this.pending.length = 0;
    if (this.buffer.length >= 4096) this.drain();
  }

  private drain(): void {
    if (this.buffer.length === 0) return;
    this.write(this.buffer.join('\n') + '\n');
    this.buffer.length = 0;
  }
}

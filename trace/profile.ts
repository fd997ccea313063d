// Chrome trace-event profile sink (opens in Perfetto or chrome://tracing). One track per PE;
// consecutive issue cycles of one ISA group merge into a slice, each stall span is a slice named
// by its cause, and counter tracks show the fraction of PEs issuing or streaming and the lane
// utilisation (useful lane-operations / (P·L·cycles), counted at issue) per window.
import type { StallCause } from '../isa/index.js';
import type { IssueEvent, TraceSink } from '../sim/index.js';
import { tracedPes, type TraceBeginInfo } from './select.js';

interface OpenSlice {
  name: string;
  cat: 'issue' | 'stall';
  start: number;
  end: number;
  count: number;
}

export class ProfileSink implements TraceSink {
  private open: (OpenSlice | undefined)[] = [];
  private clockMHz = 1000;
  private first = true;
  private buf: string[] = [];
  private readonly window: number;
  private pending: { end: number; pe: number; seq: number; ev: Record<string, unknown> }[] = [];
  private seq = 0;
  /** Active (issuing or streaming) PE-cycles per counter window. */
  private active: number[] = [];
  /** Useful lane-operations issued per counter window. */
  private laneOps: number[] = [];
  private pes = 0;
  private lanes = 1;

  constructor(
    private readonly write: (chunk: string) => void,
    opts: { counterWindow?: number } = {},
  ) {
    this.window = opts.counterWindow ?? 1000;
  }

  begin(info: TraceBeginInfo): void {
    const pes = tracedPes(info);
    this.pes = pes.length;
    this.lanes = info.lanes ?? 1;
    this.clockMHz = info.clockMHz;
    this.open = new Array(info.pes).fill(undefined);
    this.write('{"displayTimeUnit":"ns","otherData":{"tool":"gp5sim","timeUnit":"1 cycle = 1/clockMHz us"},"traceEvents":[\n');
    this.emit({ name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: `GP5 (${info.pes} PEs)` } });
    for (const pe of pes) {
      this.emit({ name: 'thread_name', ph: 'M', pid: 1, tid: pe, args: { name: `PE ${pe}` } });
      this.emit({ name: 'thread_sort_index', ph: 'M', pid: 1, tid: pe, args: { sort_index: pe } });
    }
  }

  private us(cycle: number): number {
    return cycle / this.clockMHz;
  }

  private emit(ev: Record<string, unknown>): void {
    this.buf.push((this.first ? '' : ',\n') + JSON.stringify(ev));
    this.first = false;
    if (this.buf.length >= 4096) this.drain();
  }

  private drain(): void {
    if (this.buf.length) this.write(this.buf.join(''));
    this.buf.length = 0;
  }

  /** Extend the PE's open slice or close it and open a new one. */
  private slice(pe: number, name: string, cat: 'issue' | 'stall', start: number, end: number): void {
    const o = this.open[pe];
    if (o) {
      if (o.end === Infinity) o.end = start; // an open-ended block ends at the PE's next event
      if (o.name === name && o.end === start) {
        o.end = end;
        o.count++;
        return;
      }
      this.close(pe);
    }
    this.open[pe] = { name, cat, start, end, count: 1 };
  }

  private close(pe: number): void {
    const o = this.open[pe];
    this.open[pe] = undefined;
    if (!o || !(o.end > o.start) || o.end === Infinity) return;
    if (o.cat === 'issue' || o.name === 'busy') this.countActive(o.start, o.end);
    this.defer(o.end, pe, {
      name: o.name,
      cat: o.cat,
      ph: 'X',
      pid: 1,
      tid: pe,
      ts: this.us(o.start),
      dur: this.us(o.end - o.start),
      args: o.cat === 'issue' ? { instructions: o.count, cycles: o.end - o.start } : { cycles: o.end - o.start },
    });
  }

  /**
   * Closed slices wait until `advance` passes their end and then print sorted by (end, PE), so the
   * file is the same however the simulator interleaved the PEs.
   */
  private defer(end: number, pe: number, ev: Record<string, unknown>): void {
    this.pending.push({ end, pe, seq: this.seq++, ev });
  }

  private flushBefore(limit: number): void {
    if (this.pending.length === 0) return;
    const ready = this.pending.filter((p) => p.end < limit);
    if (ready.length === 0) return;
    this.pending = this.pending.filter((p) => p.end >= limit);
    ready.sort((a, b) => a.end - b.end || a.pe - b.pe || a.seq - b.seq);
    for (const p of ready) this.emit(p.ev);
  }

  advance(cycle: number): void {
    this.flushBefore(cycle);
  }

  /** Add active PE-cycles [start, end) to the counter windows. */
  private countActive(start: number, end: number): void {
    while (start < end) {
      const w = Math.floor(start / this.window);
      const e = Math.min(end, (w + 1) * this.window);
      while (this.active.length <= w) this.active.push(0);
      this.active[w] += e - start;
      start = e;
    }
  }

  issue(ev: IssueEvent): void {
    this.slice(ev.pe, ev.group, 'issue', ev.cycle, ev.cycle + 1);
    if (ev.laneOps) {
      const w = Math.floor(ev.cycle / this.window);
      while (this.laneOps.length <= w) this.laneOps.push(0);
      this.laneOps[w] += ev.laneOps;
    }
  }

  stall(pe: number, from: number, to: number, cause: StallCause): void {
    this.slice(pe, cause === 'busy' ? 'busy' : `stall: ${cause}`, 'stall', from, to);
  }

  halt(pe: number, cycle: number): void {
    this.close(pe);
    this.defer(cycle + 1, pe, { name: 'halt', ph: 'i', s: 't', pid: 1, tid: pe, ts: this.us(cycle + 1) });
  }

  end(cycles: number): void {
    for (let pe = 0; pe < this.open.length; pe++) {
      const o = this.open[pe];
      if (o && o.end === Infinity) o.end = cycles;
      this.close(pe);
    }
    this.flushBefore(Infinity);
    for (let w = 0; w < this.active.length; w++) {
      const len = Math.min(this.window, cycles - w * this.window);
      if (len <= 0) break;
      this.emit({ name: 'active PEs', ph: 'C', pid: 1, ts: this.us(w * this.window), args: { fraction: this.active[w] / (len * this.pes) } });
    }
    for (let w = 0; w < this.laneOps.length; w++) {
      const len = Math.min(this.window, cycles - w * this.window);
      if (len <= 0) break;
      this.emit({ name: 'lane utilisation', ph: 'C', pid: 1, ts: this.us(w * this.window), args: { fraction: this.laneOps[w] / (len * this.pes * this.lanes) } });
    }
    this.drain();
    this.write('\n]}\n');
  }
}

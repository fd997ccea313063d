// VCD (IEEE 1364 value change dump) sink: one scope per PE. One time unit is one cycle
// ($timescale 1 ns: a 1 GHz clock). Signals per PE (see sim/README.md):
//   pc[31:0] instr[31:0] issue stall[3:0] rf_we rf_waddr[3:0] rf_wdata[31:0]
//   vrf_we vrf_waddr[2:0] vrf_wdata[31:0] (lane 0) mem_we mem_waddr[31:0] mem_wlen[15:0] mem_wdata[31:0] (first word)
// stall is 0 in a cycle that issues, 1 + the index of the cause in STALL_CAUSES otherwise, and 15
// once the PE has halted. The *_we strobes are high for the one cycle the write issues.
import { STALL_CAUSE_NAMES, type StallCause } from '../isa/index.js';
import type { IssueEvent, TraceSink } from './trace.js';

export const VCD_SIGNALS = [
  { name: 'pc', width: 32 },
  { name: 'instr', width: 32 },
  { name: 'issue', width: 1 },
  { name: 'stall', width: 4 },
  { name: 'rf_we', width: 1 },
  { name: 'rf_waddr', width: 4 },
  { name: 'rf_wdata', width: 32 },
  { name: 'vrf_we', width: 1 },
  { name: 'vrf_waddr', width: 3 },
  { name: 'vrf_wdata', width: 32 },
  { name: 'mem_we', width: 1 },
  { name: 'mem_waddr', width: 32 },
  { name: 'mem_wlen', width: 16 },
  { name: 'mem_wdata', width: 32 },
] as const;
export type VcdSignalName = (typeof VCD_SIGNALS)[number]['name'];
const SIG = Object.fromEntries(VCD_SIGNALS.map((s, i) => [s.name, i])) as Record<VcdSignalName, number>;
const NSIG = VCD_SIGNALS.length;
export const STALL_HALTED = 15;

export function stallCode(cause: StallCause): number {
  return STALL_CAUSE_NAMES.indexOf(cause) + 1;
}

const BIN8 = Array.from({ length: 256 }, (_, i) => i.toString(2).padStart(8, '0'));
const BIN_SHORT = Array.from({ length: 256 }, (_, i) => i.toString(2));

/** Binary digits of an unsigned 32-bit value without leading zeros (fast path for VCD vectors). */
export function binary(v: number): string {
  if (v < 256) return BIN_SHORT[v];
  if (v < 65536) return BIN_SHORT[v >>> 8] + BIN8[v & 255];
  if (v < 16777216) return BIN_SHORT[v >>> 16] + BIN8[(v >>> 8) & 255] + BIN8[v & 255];
  return BIN_SHORT[v >>> 24] + BIN8[(v >>> 16) & 255] + BIN8[(v >>> 8) & 255] + BIN8[v & 255];
}

/** VCD identifier code for signal number n: base-94 over the printable ASCII range. */
export function vcdId(n: number): string {
  let s = '';
  do {
    s += String.fromCharCode(33 + (n % 94));
    n = Math.floor(n / 94);
  } while (n > 0);
  return s;
}

/** Per-PE queue of pending value changes, in time order (the core reports each PE in order). */
class ChangeQueue {
  /** Interleaved (time, signal, value) triples. */
  buf = new Float64Array(3 * 1024);
  head = 0;
  tail = 0;
  push(time: number, sig: number, value: number): void {
    if (this.tail + 3 > this.buf.length) {
      if (this.head > 0) {
        this.buf.copyWithin(0, this.head, this.tail);
        this.tail -= this.head;
        this.head = 0;
      }
      if (this.tail + 3 > this.buf.length) {
        const grown = new Float64Array(this.buf.length * 2);
        grown.set(this.buf.subarray(0, this.tail));
        this.buf = grown;
      }
    }
    const b = this.buf;
    const t = this.tail;
    b[t] = time;
    b[t + 1] = sig;
    b[t + 2] = value;
    this.tail = t + 3;
  }
  peekTime(): number {
    return this.head < this.tail ? this.buf[this.head] : Infinity;
  }
}

export class VcdSink implements TraceSink {
  private queues: ChangeQueue[] = [];
  private last: Float64Array = new Float64Array(0);
  private stage: Float64Array = new Float64Array(0);
  private touched: number[] = [];
  private isTouched: Uint8Array = new Uint8Array(0);
  private ids: string[] = [];
  private out: string[] = [];
  private lastTime = -1;

  constructor(
    private readonly write: (chunk: string) => void,
    private readonly opts: { date?: string } = {},
  ) {}

  begin(info: { pes: number }): void {
    const n = info.pes * NSIG;
    this.queues = Array.from({ length: info.pes }, () => new ChangeQueue());
    this.last = new Float64Array(n).fill(-1);
    this.stage = new Float64Array(n);
    this.isTouched = new Uint8Array(n);
    this.ids = Array.from({ length: n }, (_, i) => vcdId(i));
    const head: string[] = [];
    // The date is fixed unless given, so traces are byte-identical run to run.
    head.push(`$date ${this.opts.date ?? 'gp5sim'} $end`);
    head.push('$version gp5sim VCD v1 $end');
    head.push('$timescale 1 ns $end');
    head.push('$scope module gp5 $end');
    for (let pe = 0; pe < info.pes; pe++) {
      head.push(`$scope module pe${pe} $end`);
      VCD_SIGNALS.forEach((sg, i) => {
        head.push(`$var wire ${sg.width} ${this.ids[pe * NSIG + i]} ${sg.name}${sg.width > 1 ? ` [${sg.width - 1}:0]` : ''} $end`);
      });
      head.push('$upscope $end');
    }
    head.push('$upscope $end');
    head.push('$enddefinitions $end');
    this.write(head.join('\n') + '\n');
    for (let pe = 0; pe < info.pes; pe++) for (let i = 0; i < NSIG; i++) this.queues[pe].push(0, i, 0);
  }

  issue(ev: IssueEvent): void {
    const t = ev.cycle;
    const q = this.queues[ev.pe];
    q.push(t, SIG.pc, ev.pc);
    q.push(t, SIG.instr, ev.word >>> 0);
    q.push(t, SIG.issue, 1);
    q.push(t, SIG.stall, 0);
    for (const w of ev.writes) {
      if (w.kind === 'sreg') {
        q.push(t, SIG.rf_we, 1);
        q.push(t, SIG.rf_waddr, w.reg);
        q.push(t, SIG.rf_wdata, w.value >>> 0);
      } else if (w.kind === 'vreg') {
        q.push(t, SIG.vrf_we, 1);
        q.push(t, SIG.vrf_waddr, w.reg);
        q.push(t, SIG.vrf_wdata, (w.lanes[0] ?? 0) >>> 0);
      } else {
        q.push(t, SIG.mem_we, 1);
        q.push(t, SIG.mem_waddr, w.addr >>> 0);
        q.push(t, SIG.mem_wlen, w.values.length & 0xffff);
        q.push(t, SIG.mem_wdata, (w.values[0] ?? 0) >>> 0);
      }
    }
    // Strobes fall next cycle; a later event in the same cycle sets them again (last value wins).
    q.push(t + 1, SIG.issue, 0);
    q.push(t + 1, SIG.rf_we, 0);
    q.push(t + 1, SIG.vrf_we, 0);
    q.push(t + 1, SIG.mem_we, 0);
  }

  stall(pe: number, from: number, _to: number, cause: StallCause): void {
    this.queues[pe].push(from, SIG.stall, stallCode(cause));
  }

  halt(pe: number, cycle: number): void {
    this.queues[pe].push(cycle + 1, SIG.stall, STALL_HALTED);
  }

  advance(cycle: number): void {
    this.flushBefore(cycle);
  }

  end(cycles: number): void {
    this.flushBefore(Infinity);
    if (cycles > this.lastTime) this.out.push(`#${cycles}`);
    this.drain();
  }

  private flushBefore(limit: number): void {
    const queues = this.queues;
    for (;;) {
      let time = Infinity;
      for (let pe = 0; pe < queues.length; pe++) {
        const qt = queues[pe].peekTime();
        if (qt < time) time = qt;
      }
      if (!(time < limit)) break;
      for (let pe = 0; pe < queues.length; pe++) {
        const q = queues[pe];
        const base = pe * NSIG;
        const b = q.buf;
        while (q.head < q.tail && b[q.head] === time) {
          const k = base + b[q.head + 1];
          this.stage[k] = b[q.head + 2];
          if (!this.isTouched[k]) {
            this.isTouched[k] = 1;
            this.touched.push(k);
          }
          q.head += 3;
        }
        if (q.head === q.tail) q.head = q.tail = 0;
      }
      // Changes print in first-touch order (PE order, then report order): deterministic.
      let stamped = false;
      for (const k of this.touched) {
        this.isTouched[k] = 0;
        const v = this.stage[k];
        if (this.last[k] === v) continue;
        this.last[k] = v;
        if (!stamped) {
          this.out.push(`#${time}`);
          this.lastTime = time;
          stamped = true;
        }
        const width = VCD_SIGNALS[k % NSIG].width;
        this.out.push(width === 1 ? (v ? '1' : '0') + this.ids[k] : 'b' + binary(v) + ' ' + this.ids[k]);
      }
      this.touched.length = 0;
    }
    if (this.out.length > 8192) this.drain();
  }

  private drain(): void {
    if (this.out.length === 0) return;
    this.write(this.out.join('\n') + '\n');
    this.out.length = 0;
  }
}

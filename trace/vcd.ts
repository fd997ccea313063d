// VCD (IEEE 1364 value change dump) sink: one scope per PE. One time unit is one cycle
// ($timescale 1 ns: a 1 GHz clock). Signals per PE (see trace/README.md):
//   pc[31:0] instr[31:0] issue stall[3:0] rf_we rf_waddr[3:0] rf_wdata[31:0]
//   vrf_we vrf_waddr[2:0] vrf_wdata[31:0] (lane 0) mem_we mem_waddr[31:0] mem_wlen[15:0] mem_wdata[31:0] (first word)
// stall is 0 in a cycle that issues, 1 + the index of the cause in STALL_CAUSES otherwise (trace/formats.ts), and 15
// once the PE has halted. The *_we strobes are high for the one cycle the write issues.
import type { StallCause } from '../isa/index.js';
import type { IssueEvent, TraceSink } from '../sim/index.js';
import { VCD_SIGNALS, STALL_HALTED, STALL_ISSUING, stallCode, type VcdSignalName } from './formats.js';
import { ByteOut, writeBinary } from './byte-out.js';
import { tracedPes, type TraceBeginInfo } from './select.js';

const SIG = Object.fromEntries(VCD_SIGNALS.map((s, i) => [s.name, i])) as Record<VcdSignalName, number>;
const NSIG = VCD_SIGNALS.length;
const SCALAR = Uint8Array.from(VCD_SIGNALS, (sg) => (sg.width === 1 ? 1 : 0));

/** VCD identifier code for signal number n: base-94 over the printable ASCII range. */
export function vcdId(n: number): string {
  let s = '';
  do {
    s += String.fromCharCode(33 + (n % 94));
    n = Math.floor(n / 94);
  } while (n > 0);
  return s;
}

/**
 * Per-PE queue of pending value changes, in time order (the core reports each PE in order). A
 * change that repeats the value in force is dropped, and a second change of a signal in the same
 * cycle overwrites the first (the cycle's last value wins), so the queue holds only real changes.
 */
class ChangeQueue {
  /** Interleaved (time, signal, value) triples; buf[0] is absolute entry index `base`. */
  buf = new Float64Array(3 * 1024);
  head = 0;
  tail = 0;
  private base = 0;
  /** Per signal: (time of its last queued change, its value, absolute index of that entry). */
  private readonly lastOf: Float64Array;

  constructor(signals: number) {
    this.lastOf = new Float64Array(3 * signals);
    for (let s = 0; s < signals; s++) {
      this.lastOf[3 * s] = -1;
      this.lastOf[3 * s + 1] = NaN;
    }
  }

  push(time: number, sig: number, value: number): void {
    const last = this.lastOf;
    const l = 3 * sig;
    if (last[l] === time) {
      this.buf[last[l + 2] - this.base + 2] = value;
      last[l + 1] = value;
      return;
    }
    if (last[l + 1] === value) return;
    if (this.tail + 3 > this.buf.length) this.makeRoom();
    const b = this.buf;
    const t = this.tail;
    b[t] = time;
    b[t + 1] = sig;
    b[t + 2] = value;
    last[l] = time;
    last[l + 1] = value;
    last[l + 2] = this.base + t;
    this.tail = t + 3;
  }

  private makeRoom(): void {
    if (this.head > 0) {
      this.buf.copyWithin(0, this.head, this.tail);
      this.tail -= this.head;
      this.base += this.head;
      this.head = 0;
    }
    if (this.tail + 3 > this.buf.length) {
      const grown = new Float64Array(this.buf.length * 2);
      grown.set(this.buf.subarray(0, this.tail));
      this.buf = grown;
    }
  }

  peekTime(): number {
    return this.head < this.tail ? this.buf[this.head] : Infinity;
  }

  /** Everything was written out: restart at the front of the buffer. */
  drained(): void {
    this.base += this.tail;
    this.head = this.tail = 0;
  }
}

/** Largest value-change line: 'b', 32 digits, ' ', an identifier of up to 4 bytes, '\n'. */
const MAX_CHANGE_BYTES = 40;

export class VcdSink implements TraceSink {
  private queues: ChangeQueue[] = [];
  private last: Float64Array = new Float64Array(0);
  private ids: string[] = [];
  private idBytes: Uint8Array[] = [];
  private idCode = new Uint32Array(0);
  private bytes = new ByteOut();
  private lastTime = -1;
  /** Cycles written: [from, to). Before `from` values are tracked but not written. */
  private readonly from: number;
  private readonly to: number;
  /** Whether the values in force at `from` have been written. */
  private started: boolean;

  constructor(
    private readonly write: (chunk: string) => void,
    private readonly opts: { date?: string; window?: { from?: number; to?: number } } = {},
  ) {
    this.from = opts.window?.from ?? 0;
    this.to = opts.window?.to ?? Infinity;
    this.started = this.from === 0;
  }

  begin(info: TraceBeginInfo): void {
    const n = info.pes * NSIG;
    const pes = tracedPes(info);
    this.queues = Array.from({ length: info.pes }, () => new ChangeQueue(NSIG));
    this.last = new Float64Array(n).fill(-1);
    // Identifiers are dense over the traced PEs, so a selection gives a compact file.
    this.ids = new Array<string>(n).fill('');
    pes.forEach((pe, k) => VCD_SIGNALS.forEach((_, i) => (this.ids[pe * NSIG + i] = vcdId(k * NSIG + i))));
    this.idBytes = this.ids.map((id) => Uint8Array.from(id, (ch) => ch.charCodeAt(0)));
    // Identifier bytes as one 32-bit number, first byte lowest. CONFIG_MAX.pes PEs make at most
    // 65536 signals, whose identifiers take 3 bytes (4 bytes would serve 94^4).
    this.idCode = Uint32Array.from(this.idBytes, (bytes) => {
      if (bytes.length > 4) throw new Error(`VCD: ${n} signals need identifiers longer than 4 bytes`);
      let code = 0;
      for (let i = bytes.length - 1; i >= 0; i--) code = code * 256 + bytes[i];
      return code;
    });
    const head: string[] = [];
    // The date is fixed unless given, so traces are byte-identical run to run.
    head.push(`$date ${this.opts.date ?? 'gp5sim'} $end`);
    head.push('$version gp5sim VCD v1 $end');
    head.push('$timescale 1 ns $end');
    head.push('$scope module gp5 $end');
    for (const pe of pes) {
      head.push(`$scope module pe${pe} $end`);
      VCD_SIGNALS.forEach((sg, i) => {
        head.push(`$var wire ${sg.width} ${this.ids[pe * NSIG + i]} ${sg.name}${sg.width > 1 ? ` [${sg.width - 1}:0]` : ''} $end`);
      });
      head.push('$upscope $end');
    }
    head.push('$upscope $end');
    head.push('$enddefinitions $end');
    this.write(head.join('\n') + '\n');
    for (const pe of pes) for (let i = 0; i < NSIG; i++) this.queues[pe].push(0, i, 0);
  }

  issue(ev: IssueEvent): void {
    const t = ev.cycle;
    const q = this.queues[ev.pe];
    q.push(t, SIG.pc, ev.pc);
    q.push(t, SIG.instr, ev.word >>> 0);
    q.push(t, SIG.issue, 1);
    q.push(t, SIG.stall, STALL_ISSUING);
    let raised = 0;
    const writes = ev.writes;
    for (let i = 0; i < writes.length; i++) {
      const w = writes[i];
      if (w.kind === 'sreg') {
        q.push(t, SIG.rf_we, 1);
        q.push(t, SIG.rf_waddr, w.reg);
        q.push(t, SIG.rf_wdata, w.value >>> 0);
        raised |= 1;
      } else if (w.kind === 'vreg') {
        q.push(t, SIG.vrf_we, 1);
        q.push(t, SIG.vrf_waddr, w.reg);
        q.push(t, SIG.vrf_wdata, (w.lanes[0] ?? 0) >>> 0);
        raised |= 2;
      } else {
        q.push(t, SIG.mem_we, 1);
        q.push(t, SIG.mem_waddr, w.addr >>> 0);
        q.push(t, SIG.mem_wlen, w.values.length & 0xffff);
        q.push(t, SIG.mem_wdata, (w.values[0] ?? 0) >>> 0);
        raised |= 4;
      }
    }
    // Raised strobes fall next cycle unless that cycle raises them again (a cycle's last value
    // wins); pushed after this cycle's changes so each queue stays in time order.
    q.push(t + 1, SIG.issue, 0);
    if (raised & 1) q.push(t + 1, SIG.rf_we, 0);
    if (raised & 2) q.push(t + 1, SIG.vrf_we, 0);
    if (raised & 4) q.push(t + 1, SIG.mem_we, 0);
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
    if (!this.started && this.from < cycles) this.dumpAt(this.from);
    const last = Math.min(cycles, this.to);
    if (last > this.lastTime && last >= this.from) {
      this.bytes.ascii('#' + last);
      this.bytes.byte(10);
    }
    this.drain();
  }

  private flushBefore(limit: number): void {
    const queues = this.queues;
    const o = this.bytes;
    for (;;) {
      let time = Infinity;
      for (let pe = 0; pe < queues.length; pe++) {
        const qt = queues[pe].peekTime();
        if (qt < time) time = qt;
      }
      if (!(time < limit)) break;
      // Outside the window: track the values, write nothing; the first change past `from` first
      // writes every value in force at `from`.
      if (!this.started && time > this.from) this.dumpAt(this.from);
      const quiet = !this.started || time >= this.to;
      let stamped = false;
      for (let pe = 0; pe < queues.length; pe++) {
        const q = queues[pe];
        const base = pe * NSIG;
        const b = q.buf;
        let h = q.head;
        const last = this.last;
        const idCode = this.idCode;
        // Bytes go straight into the buffer; room for one more change is checked per change.
        let buf = o.buf;
        let pos = o.pos;
        while (h < q.tail && b[h] === time) {
          const sig = b[h + 1];
          const k = base + sig;
          const v = b[h + 2];
          h += 3;
          if (last[k] === v) continue;
          last[k] = v;
          if (quiet) continue;
          if (pos + MAX_CHANGE_BYTES > buf.length) {
            o.pos = pos;
            o.ensure(MAX_CHANGE_BYTES);
            buf = o.buf;
          }
          if (!stamped) {
            o.pos = pos;
            o.byte(35); // '#'
            o.int(time);
            o.byte(10);
            o.ensure(MAX_CHANGE_BYTES);
            buf = o.buf;
            pos = o.pos;
            this.lastTime = time;
            stamped = true;
          }
          if (SCALAR[sig]) buf[pos++] = v ? 49 : 48;
          else {
            buf[pos++] = 98; // 'b'
            pos = writeBinary(buf, pos, v);
            buf[pos++] = 32;
          }
          // The identifier, pre-encoded first byte lowest (see begin), and the newline.
          let c = idCode[k];
          do {
            buf[pos++] = c & 255;
            c >>>= 8;
          } while (c !== 0);
          buf[pos++] = 10;
        }
        o.pos = pos;
        q.head = h;
        if (h === q.tail) q.drained();
      }
      if (!this.started && time === this.from) this.dumpAt(this.from);
    }
    if (o.pos > 1 << 20) this.drain();
  }

  /** Write every traced signal's current value at `time` (the start of a window). */
  private dumpAt(time: number): void {
    const o = this.bytes;
    o.ascii('#' + time);
    o.byte(10);
    this.lastTime = time;
    this.started = true;
    for (let k = 0; k < this.last.length; k++) {
      if (this.ids[k] === '') continue;
      const v = this.last[k] < 0 ? 0 : this.last[k];
      if (SCALAR[k % NSIG]) o.byte(v ? 49 : 48);
      else {
        o.byte(98);
        o.binary(v);
        o.byte(32);
      }
      o.bytesOf(this.idBytes[k]);
      o.byte(10);
    }
  }

  private drain(): void {
    const text = this.bytes.take();
    if (text.length > 0) this.write(text);
  }
}

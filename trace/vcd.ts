// VCD (IEEE 1364 value change dump) sink: one scope per PE. One time unit is one cycle
// ($timescale 1 ns: a 1 GHz clock). Signals per PE (see trace/README.md):
//   pc[31:0] instr[31:0] issue stall[3:0] rf_we rf_waddr[3:0] rf_wdata[31:0]
//   vrf_we vrf_waddr[2:0] vrf_wdata[31:0] (lane 0) mem_we mem_waddr[31:0] mem_wlen[15:0] mem_wdata[31:0] (first word)
// stall is 0 in a cycle that issues, 1 + the index of the cause in STALL_CAUSES otherwise (trace/formats.ts), and 15
// once the PE has halted. The *_we strobes are high for the one cycle the write issues.
import type { StallCause } from '../isa/index.js';
import type { IssueEvent, TraceSink } from '../sim/index.js';
import { VCD_SIGNALS, STALL_HALTED, STALL_ISSUING, stallCode, type VcdSignalName } from './formats.js';
import { ByteOut, writeBinary, writeText, type ChunkWriter } from './byte-out.js';
import { tracedPes, type TraceBeginInfo } from './select.js';
import { RetireLog } from './retire-log.js';

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
 * One PE's stall and halt events not yet written: (time, `stall` code) pairs in arrival order.
 * Per PE, events arrive in time order.
 */
class StallQueue {
  time = new Float64Array(64);
  code = new Uint8Array(64);
  head = 0;
  tail = 0;

  push(time: number, code: number): void {
    if (this.head === this.tail) this.head = this.tail = 0;
    else if (this.tail === this.time.length) this.makeRoom();
    this.time[this.tail] = time;
    this.code[this.tail++] = code;
  }

  private makeRoom(): void {
    const n = this.tail - this.head;
    if (this.head >= n) {
      this.time.copyWithin(0, this.head, this.tail);
      this.code.copyWithin(0, this.head, this.tail);
    } else {
      const time = new Float64Array(this.time.length * 2);
      const code = new Uint8Array(this.time.length * 2);
      time.set(this.time.subarray(this.head, this.tail));
      code.set(this.code.subarray(this.head, this.tail));
      this.time = time;
      this.code = code;
    }
    this.head = 0;
    this.tail = n;
  }
}

/** Room for a value-change line: 'b', 32 digits, ' ', then one 4-byte store (identifier of up to 3 bytes, '\n'). */
const MAX_CHANGE_BYTES = 40;
/** Room for a time stamp line: '#', the 17 bytes ByteOut.int reserves (a safe integer has at most 16 digits), '\n'. */
const MAX_STAMP_BYTES = 19;
/** Bits of the strobes an issue raised (they fall the next cycle). */
const RAISED_RF = 1;
const RAISED_VRF = 2;
const RAISED_MEM = 4;

/**
 * Issues arrive in the sink's retirement log (the simulator appends to it directly; `issue`
 * appends an event for wrappers such as selectTrace), stalls and halts in per-PE queues. Each PE's
 * events are in time order, but PEs may run ahead of each other, so they wait until `advance(t)`
 * says no earlier event can come. Then, for each time below t and each PE, the PE's value changes
 * at that time are collected in the order the events made them — the strobes its previous cycle's
 * issue raised fall first, then its stall and halt events, then its issue (a stall event at the
 * cycle of an issue comes first: the last PE to reach a barrier reports its stall and then issues) —
 * with a repeated value dropped and a second change of a signal overwriting the first (the
 * cycle's last value wins, in the first change's place), and the real changes are written straight
 * into the output bytes.
 */
export class VcdSink implements TraceSink {
  readonly retireLog = new RetireLog();
  private stalls: StallQueue[] = [];
  /** Per PE: the cycle after its last issue when that issue's strobes have yet to fall, else -1. */
  private fallAt = new Float64Array(0);
  /** Per PE: which strobes (RAISED_*) fall at `fallAt`. */
  private raised = new Uint8Array(0);
  /** Per PE: 1 until its cycle-0 values (every signal 0) are collected. */
  private initial = new Uint8Array(0);
  /** Per PE and signal: the value written (in force); -1 before the first. */
  private last: Float64Array = new Float64Array(0);
  /** Per PE and signal: the value of its latest collected change. */
  private cur: Float64Array = new Float64Array(0);
  /** Per PE and signal: the time of its latest collected change, -1 none. */
  private changedAt: Float64Array = new Float64Array(0);
  /** The signals changed in the collection under way, in first-change order. */
  private readonly order = new Uint8Array(2 * NSIG);
  private changes = 0;
  /** The values of the changes in `order`, as they are written. */
  private readonly values = new Float64Array(2 * NSIG);
  /** Per PE: the time of its next event (Infinity none), valid inside flushBefore. */
  private next = new Float64Array(0);
  private ids: string[] = [];
  private idBytes: Uint8Array[] = [];
  private idLine = new Uint32Array(0);
  private idLineLen = new Uint8Array(0);
  private bytes = new ByteOut();
  private lastTime = -1;
  /** Cycles written: [from, to). Before `from` values are tracked but not written. */
  private readonly from: number;
  private readonly to: number;
  /** Whether the values in force at `from` have been written. */
  private started: boolean;

  /**
   * `write` takes the output: a `ByteWriter` gets views of the sink's buffer (valid during the call,
   * see byte-out.ts), a function gets one string per chunk.
   */
  constructor(
    private readonly write: ChunkWriter,
    private readonly opts: { date?: string; window?: { from?: number; to?: number } } = {},
  ) {
    this.from = opts.window?.from ?? 0;
    this.to = opts.window?.to ?? Infinity;
    this.started = this.from === 0;
  }

  begin(info: TraceBeginInfo): void {
    const n = info.pes * NSIG;
    const pes = tracedPes(info);
    this.retireLog.begin(info.pes);
    this.stalls = Array.from({ length: info.pes }, () => new StallQueue());
    this.fallAt = new Float64Array(info.pes).fill(-1);
    this.raised = new Uint8Array(info.pes);
    this.initial = new Uint8Array(info.pes);
    for (const pe of pes) this.initial[pe] = 1;
    this.next = new Float64Array(info.pes);
    this.last = new Float64Array(n).fill(-1);
    this.cur = new Float64Array(n).fill(NaN);
    this.changedAt = new Float64Array(n).fill(-1);
    // Identifiers are dense over the traced PEs, so a selection gives a compact file.
    this.ids = new Array<string>(n).fill('');
    pes.forEach((pe, k) => VCD_SIGNALS.forEach((_, i) => (this.ids[pe * NSIG + i] = vcdId(k * NSIG + i))));
    this.idBytes = this.ids.map((id) => Uint8Array.from(id, (ch) => ch.charCodeAt(0)));
    // Identifier bytes and the newline as one little-endian 32-bit store (first byte lowest), and
    // its length. CONFIG_MAX.pes PEs make at most 65536 signals, whose identifiers take 3 bytes
    // (3 serve 94^3).
    this.idLine = Uint32Array.from(this.idBytes, (bytes) => {
      if (bytes.length > 3) throw new Error(`VCD: ${n} signals need identifiers longer than 3 bytes`);
      let code = 10;
      for (let i = bytes.length - 1; i >= 0; i--) code = code * 256 + bytes[i];
      return code;
    });
    this.idLineLen = Uint8Array.from(this.idBytes, (bytes) => bytes.length + 1);
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
    writeText(this.write, head.join('\n') + '\n');
  }

  /** The event form (behind a wrapper): copied into the log at once. */
  issue(ev: IssueEvent): void {
    this.retireLog.pes[ev.pe].addEvent(ev);
  }

  stall(pe: number, from: number, _to: number, cause: StallCause): void {
    this.stalls[pe].push(from, stallCode(cause));
  }

  halt(pe: number, cycle: number): void {
    this.stalls[pe].push(cycle + 1, STALL_HALTED);
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

  /** Time of PE pe's next event, Infinity when it has none waiting. */
  private nextTime(pe: number): number {
    let t = this.initial[pe] ? 0 : this.fallAt[pe] >= 0 ? this.fallAt[pe] : Infinity;
    const q = this.stalls[pe];
    if (q.head < q.tail && q.time[q.head] < t) t = q.time[q.head];
    const r = this.retireLog.pes[pe];
    if (r.head < r.count && r.cycle[r.head] < t) t = r.cycle[r.head];
    return t;
  }

  private flushBefore(limit: number): void {
    const P = this.stalls.length;
    const next = this.next;
    for (let pe = 0; pe < P; pe++) next[pe] = this.nextTime(pe);
    for (;;) {
      let time = Infinity;
      for (let pe = 0; pe < P; pe++) if (next[pe] < time) time = next[pe];
      if (!(time < limit)) break;
      // Outside the window: track the values, write nothing; the first change past `from` first
      // writes every value in force at `from`.
      if (!this.started && time > this.from) this.dumpAt(this.from);
      const quiet = !this.started || time >= this.to;
      let stamped = false;
      for (let pe = 0; pe < P; pe++) {
        if (next[pe] !== time) continue;
        stamped = this.group(pe, time, quiet, stamped);
        next[pe] = this.nextTime(pe);
      }
      if (!this.started && time === this.from) this.dumpAt(this.from);
    }
    if (this.bytes.pos > 1 << 20) this.drain();
  }

  /**
   * Write PE pe's value changes at time t; returns `stamped`. When no signal changes twice (no
   * stall event beside an issue, at most one stall event, not the cycle-0 values), the changes are
   * listed as they are made, with no per-signal bookkeeping; otherwise they are collected with
   * overwrites (`collect`, `emit`). Either way one pass writes those not already in force.
   */
  private group(pe: number, t: number, quiet: boolean, stamped: boolean): boolean {
    const q = this.stalls[pe];
    const r = this.retireLog.pes[pe];
    const i = r.head;
    const issues = i < r.count && r.cycle[i] === t;
    const stalls = q.head < q.tail && q.time[q.head] === t ? (q.head + 1 < q.tail && q.time[q.head + 1] === t ? 2 : 1) : 0;
    if (this.initial[pe] || stalls > 1 || (stalls === 1 && issues)) {
      this.collect(pe, t);
      return this.emit(pe, t, quiet, stamped);
    }
    // The changes in the order they are made, then one pass writes those not in force.
    const sg = this.order;
    const vl = this.values;
    let n = 0;
    const sReg = issues ? r.sReg[i] : -1;
    const vReg = issues ? r.vReg[i] : -1;
    const memLen = issues ? r.memLen[i] : 0;
    if (this.fallAt[pe] === t) {
      // A strobe the issue at t raises again does not fall (and stays 1: no change).
      const raised = this.raised[pe];
      this.fallAt[pe] = -1;
      if (!issues) {
        sg[n] = SIG.issue;
        vl[n++] = 0;
      }
      if (raised & RAISED_RF && sReg < 0) {
        sg[n] = SIG.rf_we;
        vl[n++] = 0;
      }
      if (raised & RAISED_VRF && vReg < 0) {
        sg[n] = SIG.vrf_we;
        vl[n++] = 0;
      }
      if (raised & RAISED_MEM && memLen === 0) {
        sg[n] = SIG.mem_we;
        vl[n++] = 0;
      }
    }
    if (stalls === 1) {
      sg[n] = SIG.stall;
      vl[n++] = q.code[q.head++];
    }
    if (issues) {
      r.head = i + 1;
      sg[n] = SIG.pc;
      vl[n++] = r.pc[i];
      sg[n] = SIG.instr;
      vl[n++] = r.word[i] >>> 0;
      sg[n] = SIG.issue;
      vl[n++] = 1;
      sg[n] = SIG.stall;
      vl[n++] = STALL_ISSUING;
      let raised = 0;
      if (sReg >= 0) {
        sg[n] = SIG.rf_we;
        vl[n++] = 1;
        sg[n] = SIG.rf_waddr;
        vl[n++] = sReg;
        sg[n] = SIG.rf_wdata;
        vl[n++] = r.sValue[i] >>> 0;
        raised |= RAISED_RF;
      }
      const at = r.dataAt[i];
      const vLen = r.vLen[i];
      if (vReg >= 0) {
        sg[n] = SIG.vrf_we;
        vl[n++] = 1;
        sg[n] = SIG.vrf_waddr;
        vl[n++] = vReg;
        sg[n] = SIG.vrf_wdata;
        vl[n++] = vLen > 0 ? r.data[at] >>> 0 : 0;
        raised |= RAISED_VRF;
      }
      if (memLen > 0) {
        sg[n] = SIG.mem_we;
        vl[n++] = 1;
        sg[n] = SIG.mem_waddr;
        vl[n++] = r.memAddr[i] >>> 0;
        sg[n] = SIG.mem_wlen;
        vl[n++] = memLen & 0xffff;
        sg[n] = SIG.mem_wdata;
        vl[n++] = r.data[at + vLen] >>> 0;
        raised |= RAISED_MEM;
      }
      this.fallAt[pe] = t + 1;
      this.raised[pe] = raised;
    }
    return this.writeChanges(pe, t, n, vl, quiet, stamped);
  }

  /** A change of signal sig of the PE at base to v in the collection at time t. */
  private change(base: number, sig: number, t: number, v: number): void {
    const k = base + sig;
    if (this.changedAt[k] === t) {
      this.cur[k] = v;
      return;
    }
    // Outside a collection the value in force is the latest (`last`).
    if (this.last[k] === v) return;
    this.cur[k] = v;
    this.changedAt[k] = t;
    this.order[this.changes++] = sig;
  }

  /** Collect PE pe's value changes at time t (its events at t, consumed), in the order they were made. */
  private collect(pe: number, t: number): void {
    const base = pe * NSIG;
    this.changes = 0;
    if (this.initial[pe]) {
      this.initial[pe] = 0;
      for (let i = 0; i < NSIG; i++) this.change(base, i, 0, 0);
    }
    if (this.fallAt[pe] === t) {
      const raised = this.raised[pe];
      this.fallAt[pe] = -1;
      this.change(base, SIG.issue, t, 0);
      if (raised & RAISED_RF) this.change(base, SIG.rf_we, t, 0);
      if (raised & RAISED_VRF) this.change(base, SIG.vrf_we, t, 0);
      if (raised & RAISED_MEM) this.change(base, SIG.mem_we, t, 0);
    }
    const q = this.stalls[pe];
    while (q.head < q.tail && q.time[q.head] === t) {
      this.change(base, SIG.stall, t, q.code[q.head]);
      q.head++;
    }
    const r = this.retireLog.pes[pe];
    const i = r.head;
    if (i < r.count && r.cycle[i] === t) {
      r.head = i + 1;
      this.change(base, SIG.pc, t, r.pc[i]);
      this.change(base, SIG.instr, t, r.word[i] >>> 0);
      this.change(base, SIG.issue, t, 1);
      this.change(base, SIG.stall, t, STALL_ISSUING);
      let raised = 0;
      if (r.sReg[i] >= 0) {
        this.change(base, SIG.rf_we, t, 1);
        this.change(base, SIG.rf_waddr, t, r.sReg[i]);
        this.change(base, SIG.rf_wdata, t, r.sValue[i] >>> 0);
        raised |= RAISED_RF;
      }
      const at = r.dataAt[i];
      const vLen = r.vLen[i];
      if (r.vReg[i] >= 0) {
        this.change(base, SIG.vrf_we, t, 1);
        this.change(base, SIG.vrf_waddr, t, r.vReg[i]);
        this.change(base, SIG.vrf_wdata, t, vLen > 0 ? r.data[at] >>> 0 : 0);
        raised |= RAISED_VRF;
      }
      const memLen = r.memLen[i];
      if (memLen > 0) {
        this.change(base, SIG.mem_we, t, 1);
        this.change(base, SIG.mem_waddr, t, r.memAddr[i] >>> 0);
        this.change(base, SIG.mem_wlen, t, memLen & 0xffff);
        this.change(base, SIG.mem_wdata, t, r.data[at + vLen] >>> 0);
        raised |= RAISED_MEM;
      }
      // Raised strobes fall next cycle unless that cycle raises them again (its last value wins).
      this.fallAt[pe] = t + 1;
      this.raised[pe] = raised;
    }
  }

  /** Write the collected changes of PE pe that differ from the values in force; returns `stamped`. */
  private emit(pe: number, time: number, quiet: boolean, stamped: boolean): boolean {
    const base = pe * NSIG;
    const n = this.changes;
    const vl = this.values;
    for (let j = 0; j < n; j++) vl[j] = this.cur[base + this.order[j]];
    return this.writeChanges(pe, time, n, vl, quiet, stamped);
  }

  /**
   * Write changes j < n (signal order[j] of PE pe to values[j], each signal once) that differ from
   * the values in force; returns `stamped`.
   */
  private writeChanges(pe: number, time: number, n: number, values: Float64Array, quiet: boolean, stamped: boolean): boolean {
    const base = pe * NSIG;
    const o = this.bytes;
    const last = this.last;
    const order = this.order;
    const idLine = this.idLine;
    const idLineLen = this.idLineLen;
    // Bytes go straight into the buffer, with room for every change and a time stamp reserved once.
    if (!quiet) o.ensure(n * MAX_CHANGE_BYTES + MAX_STAMP_BYTES);
    const buf = o.buf;
    const view = o.view;
    let pos = o.pos;
    for (let j = 0; j < n; j++) {
      const sig = order[j];
      const k = base + sig;
      const v = values[j];
      if (last[k] === v) continue;
      last[k] = v;
      if (quiet) continue;
      if (!stamped) {
        // Within the reserved room: no reallocation.
        o.pos = pos;
        o.byte(35); // '#'
        o.int(time);
        o.byte(10);
        pos = o.pos;
        this.lastTime = time;
        stamped = true;
      }
      if (SCALAR[sig]) buf[pos++] = 48 + v; // v is 0 or 1
      else {
        buf[pos] = 98; // 'b'
        pos = writeBinary(view, pos + 1, v);
        buf[pos++] = 32;
      }
      // The identifier and the newline in one store (see begin; bytes past its length are scratch).
      view.setUint32(pos, idLine[k], true);
      pos += idLineLen[k];
    }
    o.pos = pos;
    return stamped;
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
    this.bytes.drainTo(this.write);
  }
}

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

/** VCD identifier code for signal number n: base-94 over the printable ASCII range. */
export function vcdId(n: number): string {
  let s = '';
  do {
    s += String.fromCharCode(33 + (n % 94));
    n = Math.floor(n / 94);
  } while (n > 0);
  return s;
}

export class VcdSink implements TraceSink {
  private pes = 0;
  /** Pending changes: time → (signal index → value); later sets for the same time win. */
  private pending = new Map<number, Map<number, number>>();
  private last: Float64Array = new Float64Array(0);
  private ids: string[] = [];
  private out: string[] = [];
  private lastTime = -1;

  constructor(
    private readonly write: (chunk: string) => void,
    private readonly opts: { date?: string } = {},
  ) {}

  begin(info: { pes: number }): void {
    this.pes = info.pes;
    this.last = new Float64Array(info.pes * NSIG).fill(-1);
    this.ids = Array.from({ length: info.pes * NSIG }, (_, i) => vcdId(i));
    const head: string[] = [];
    // The date is fixed unless given, so traces are byte-identical run to run.
    head.push(`$date ${this.opts.date ?? 'gp5sim'} $end`);
    head.push('$version gp5sim VCD v1 $end');
    head.push('$timescale 1 ns $end');
    head.push('$scope module gp5 $end');
    for (let pe = 0; pe < info.pes; pe++) {
      head.push(`$scope module pe${pe} $end`);
      VCD_SIGNALS.forEach((s, i) => {
        head.push(`$var wire ${s.width} ${this.ids[pe * NSIG + i]} ${s.name}${s.width > 1 ? ` [${s.width - 1}:0]` : ''} $end`);
      });
      head.push('$upscope $end');
    }
    head.push('$upscope $end');
    head.push('$enddefinitions $end');
    this.write(head.join('\n') + '\n');
    for (let pe = 0; pe < info.pes; pe++) for (let i = 0; i < NSIG; i++) this.set(0, pe, i, 0);
  }

  private set(time: number, pe: number, sig: number, value: number): void {
    let m = this.pending.get(time);
    if (!m) {
      m = new Map();
      this.pending.set(time, m);
    }
    m.set(pe * NSIG + sig, value);
  }

  issue(ev: IssueEvent): void {
    const t = ev.cycle;
    const pe = ev.pe;
    this.set(t, pe, SIG.pc, ev.pc);
    this.set(t, pe, SIG.instr, ev.word >>> 0);
    this.set(t, pe, SIG.issue, 1);
    this.set(t, pe, SIG.stall, 0);
    // Strobes fall next cycle unless that cycle sets them again (later sets win).
    this.setIfUnset(t + 1, pe, SIG.issue, 0);
    for (const w of ev.writes) {
      if (w.kind === 'sreg') {
        this.set(t, pe, SIG.rf_we, 1);
        this.set(t, pe, SIG.rf_waddr, w.reg);
        this.set(t, pe, SIG.rf_wdata, w.value >>> 0);
        this.setIfUnset(t + 1, pe, SIG.rf_we, 0);
      } else if (w.kind === 'vreg') {
        this.set(t, pe, SIG.vrf_we, 1);
        this.set(t, pe, SIG.vrf_waddr, w.reg);
        this.set(t, pe, SIG.vrf_wdata, (w.lanes[0] ?? 0) >>> 0);
        this.setIfUnset(t + 1, pe, SIG.vrf_we, 0);
      } else {
        this.set(t, pe, SIG.mem_we, 1);
        this.set(t, pe, SIG.mem_waddr, w.addr >>> 0);
        this.set(t, pe, SIG.mem_wlen, w.values.length & 0xffff);
        this.set(t, pe, SIG.mem_wdata, (w.values[0] ?? 0) >>> 0);
        this.setIfUnset(t + 1, pe, SIG.mem_we, 0);
      }
    }
  }

  private setIfUnset(time: number, pe: number, sig: number, value: number): void {
    const m = this.pending.get(time);
    if (m?.has(pe * NSIG + sig)) return;
    this.set(time, pe, sig, value);
  }

  stall(pe: number, from: number, _to: number, cause: StallCause): void {
    this.set(from, pe, SIG.stall, stallCode(cause));
  }

  halt(pe: number, cycle: number): void {
    this.set(cycle + 1, pe, SIG.stall, STALL_HALTED);
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
    if (this.pending.size === 0) return;
    const times = [...this.pending.keys()].filter((t) => t < limit).sort((a, b) => a - b);
    for (const time of times) {
      const m = this.pending.get(time)!;
      this.pending.delete(time);
      const keys = [...m.keys()].sort((a, b) => a - b);
      let stamped = false;
      for (const k of keys) {
        const v = m.get(k)!;
        if (this.last[k] === v) continue;
        this.last[k] = v;
        if (!stamped) {
          this.out.push(`#${time}`);
          this.lastTime = time;
          stamped = true;
        }
        const width = VCD_SIGNALS[k % NSIG].width;
        this.out.push(width === 1 ? `${v}${this.ids[k]}` : `b${v.toString(2)} ${this.ids[k]}`);
      }
    }
    if (this.out.length > 8192) this.drain();
  }

  private drain(): void {
    if (this.out.length === 0) return;
    this.write(this.out.join('\n') + '\n');
    this.out.length = 0;
  }
}

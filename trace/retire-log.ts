// The retirement log: a batch form of TraceSink.issue. A sink that formats in batches (the commit
// log, the VCD) owns a RetireLog; the simulator appends each issued instruction to it as typed-array
// entries (no event object, no views, no call per issue) through the `RetireLogTarget` shape it
// declares (sim/trace.ts, types only), and the sink reads them in `advance` and `end`. Storage is
// reused: consumed entries are dropped when the PE's arrays fill up.
import type { IssueEvent, RetireLogPe, RetireLogTarget } from '../sim/index.js';

/**
 * One PE's issued instructions not yet consumed: entries [head, count), struct of arrays. An
 * entry's written values (vector lanes, then memory words) are `data[dataAt[i] …]`.
 */
export class PeRetirements implements RetireLogPe {
  head = 0;
  count = 0;
  cycle = new Float64Array(256);
  pc = new Int32Array(256);
  word = new Int32Array(256);
  /** Scalar register written, -1 none. */
  sReg = new Int8Array(256);
  sValue = new Int32Array(256);
  /** Vector register written, -1 none; its lanes are the first vLen data words. */
  vReg = new Int8Array(256);
  vLen = new Int32Array(256);
  /** First memory word written and the number of words (0: no memory write). */
  memAddr = new Float64Array(256);
  memLen = new Int32Array(256);
  dataAt = new Int32Array(256);
  data = new Int32Array(1024);
  dataEnd = 0;
  /** Disassembly by pc (code is never written, so one text per pc). */
  readonly text: (string | undefined)[] = [];

  /** Open entry `count` (no writes yet) and return its index. */
  add(cycle: number, pc: number, word: number): number {
    if (this.head === this.count) this.head = this.count = this.dataEnd = 0;
    else if (this.count === this.cycle.length) this.makeRoom();
    const i = this.count++;
    this.cycle[i] = cycle;
    this.pc[i] = pc;
    this.word[i] = word;
    this.sReg[i] = -1;
    this.vReg[i] = -1;
    this.vLen[i] = 0;
    this.memLen[i] = 0;
    this.dataAt[i] = this.dataEnd;
    return i;
  }

  /**
   * Append an issue in its event form (from a wrapper such as teeSinks or selectTrace): copied at
   * once, as its arrays are views of machine state.
   */
  addEvent(ev: IssueEvent): void {
    if (this.text[ev.pc] === undefined) this.text[ev.pc] = ev.text;
    const i = this.add(ev.cycle, ev.pc, ev.word);
    for (const w of ev.writes) {
      if (w.kind === 'sreg') {
        this.sReg[i] = w.reg;
        this.sValue[i] = w.value;
      } else if (w.kind === 'vreg') {
        this.vReg[i] = w.reg;
        this.vLen[i] = w.lanes.length;
        this.copy(w.lanes, 0, w.lanes.length);
      } else {
        this.memAddr[i] = w.addr;
        this.memLen[i] = w.values.length;
        this.copy(w.values, 0, w.values.length);
      }
    }
  }

  /** Append src[from, from + n) to the data of the entry just opened. */
  copy(src: Int32Array, from: number, n: number): void {
    if (this.dataEnd + n > this.data.length) this.growData(n);
    const d = this.data;
    let at = this.dataEnd;
    for (let k = 0; k < n; k++) d[at++] = src[from + k];
    this.dataEnd = at;
  }

  /** Drop consumed entries (their data too), or double the arrays when few were consumed. */
  private makeRoom(): void {
    const h = this.head;
    if (h >= this.count >> 1) {
      const cut = this.dataAt[h];
      for (const a of this.arrays()) a.copyWithin(0, h, this.count);
      this.data.copyWithin(0, cut, this.dataEnd);
      this.dataEnd -= cut;
      this.count -= h;
      this.head = 0;
      for (let k = 0; k < this.count; k++) this.dataAt[k] -= cut;
      return;
    }
    const n = this.cycle.length * 2;
    this.cycle = grown(this.cycle, new Float64Array(n));
    this.pc = grown(this.pc, new Int32Array(n));
    this.word = grown(this.word, new Int32Array(n));
    this.sReg = grown(this.sReg, new Int8Array(n));
    this.sValue = grown(this.sValue, new Int32Array(n));
    this.vReg = grown(this.vReg, new Int8Array(n));
    this.vLen = grown(this.vLen, new Int32Array(n));
    this.memAddr = grown(this.memAddr, new Float64Array(n));
    this.memLen = grown(this.memLen, new Int32Array(n));
    this.dataAt = grown(this.dataAt, new Int32Array(n));
  }

  private arrays(): (Float64Array | Int32Array | Int8Array)[] {
    return [this.cycle, this.pc, this.word, this.sReg, this.sValue, this.vReg, this.vLen, this.memAddr, this.memLen, this.dataAt];
  }

  private growData(n: number): void {
    const d = new Int32Array(Math.max(this.data.length * 2, this.dataEnd + n));
    d.set(this.data.subarray(0, this.dataEnd));
    this.data = d;
  }
}

function grown<T extends Float64Array | Int32Array | Int8Array>(old: T, to: T): T {
  to.set(old);
  return to;
}

/** Every PE's retirements; `begin(pes)` sizes it for a run (and clears it). */
export class RetireLog implements RetireLogTarget {
  pes: PeRetirements[] = [];

  begin(pes: number): void {
    this.pes = Array.from({ length: pes }, () => new PeRetirements());
  }
}

// A TraceSink that samples, per PE and time bucket, the cycles spent in each stall cause — the data
// of the stall heatmap. Buckets double in width when a run outgrows them, so memory stays at
// PEs x causes x MAX_BUCKETS whatever the run's length.
import { STALL_CAUSE_NAMES, type StallCause } from '../isa/index.js';
import type { TraceSink } from '../sim/index.js';

export const MAX_BUCKETS = 128;
const NC = STALL_CAUSE_NAMES.length;

export interface StallHeatmap {
  pes: number;
  bucketCycles: number;
  buckets: number;
  causes: readonly StallCause[];
  /** Stall cycles, flat: ((pe · MAX_BUCKETS) + bucket) · causes.length + cause. */
  cycles: Float64Array;
}

export class StallHeatmapSink implements TraceSink {
  private width = 1;
  private pes = 0;
  private grid = new Float64Array(0);
  private used = 0;
  /** Open spans (to = Infinity): start cycle and cause per PE, closed by the PE's next event. */
  private openFrom = new Float64Array(0);
  private openCause = new Int32Array(0);

  begin(info: { pes: number }): void {
    this.pes = info.pes;
    this.grid = new Float64Array(info.pes * MAX_BUCKETS * NC);
    this.openFrom = new Float64Array(info.pes).fill(-1);
    this.openCause = new Int32Array(info.pes);
  }

  issue(ev: { pe: number; cycle: number }): void {
    this.close(ev.pe, ev.cycle);
  }

  stall(pe: number, from: number, to: number, cause: StallCause): void {
    this.close(pe, from);
    const c = STALL_CAUSE_NAMES.indexOf(cause);
    if (to === Infinity) {
      this.openFrom[pe] = from;
      this.openCause[pe] = c;
    } else this.add(pe, from, to, c);
  }

  halt(pe: number, cycle: number): void {
    this.close(pe, cycle);
  }

  end(cycles: number): void {
    for (let pe = 0; pe < this.pes; pe++) this.close(pe, cycles);
  }

  private close(pe: number, at: number): void {
    if (this.openFrom[pe] >= 0) {
      this.add(pe, this.openFrom[pe], at, this.openCause[pe]);
      this.openFrom[pe] = -1;
    }
  }

  /** Spread cycles [from, to) of cause c over the buckets they cover. */
  private add(pe: number, from: number, to: number, c: number): void {
    if (to <= from) return;
    while (to > this.width * MAX_BUCKETS) this.coarsen();
    for (let b = Math.floor(from / this.width); b * this.width < to; b++) {
      const lo = Math.max(from, b * this.width);
      const hi = Math.min(to, (b + 1) * this.width);
      this.grid[(pe * MAX_BUCKETS + b) * NC + c] += hi - lo;
      if (b + 1 > this.used) this.used = b + 1;
    }
  }

  /** Double the bucket width: bucket b takes the old 2b and 2b + 1. */
  private coarsen(): void {
    const g = this.grid;
    for (let pe = 0; pe < this.pes; pe++) {
      for (let b = 0; b < MAX_BUCKETS; b++) {
        for (let c = 0; c < NC; c++) {
          const src = 2 * b < MAX_BUCKETS ? g[(pe * MAX_BUCKETS + 2 * b) * NC + c] + g[(pe * MAX_BUCKETS + 2 * b + 1) * NC + c] : 0;
          g[(pe * MAX_BUCKETS + b) * NC + c] = src;
        }
      }
    }
    this.width *= 2;
    this.used = Math.ceil(this.used / 2);
  }

  result(): StallHeatmap {
    return { pes: this.pes, bucketCycles: this.width, buckets: this.used, causes: STALL_CAUSE_NAMES, cycles: this.grid };
  }
}

// Residual-gated flooding on the fixed-point reference: the residual-style schedule the chip runs
// (`--schedule residual`). Like Wildfire BP, a factor is recomputed only when its inputs moved:
// each iteration runs every variable→factor update (as flooding), then, for each 2+-ary factor in
// id order, its residual r_a = max over its scope of max_c |n_{j→a}[c] − s_{j→a}[c]|, where s is a
// snapshot of the inputs taken the last time the factor was recomputed (initially MAX, so every
// factor runs in the first iteration). If r_a > gate the snapshot is refreshed and every F(a, i)
// runs; otherwise the factor's outgoing messages are kept. The iteration's change is the max over
// the F updates that ran; it is 0 once every residual is at most the gate.
import { absDiff } from '../isa/index.js';
import { FixedPointBp, type QuantizedGraph } from './fixed-bp.js';

export class ResidualGatedBp {
  readonly bp: FixedPointBp;
  /** Input snapshots, laid out like the variable→factor messages. */
  readonly snapshot: Int32Array;
  /** Factors recomputed in the last iteration. */
  lastRecomputed = 0;

  constructor(
    readonly qg: QuantizedGraph,
    readonly options: { sumProduct?: boolean; lambda?: number; gateRaw: number },
  ) {
    this.bp = new FixedPointBp(qg, { sumProduct: options.sumProduct ?? true, lambda: options.lambda ?? 0, tolRaw: Math.max(0, options.gateRaw), schedule: 'flooding' });
    this.snapshot = new Int32Array(qg.msgSize).fill(qg.format.max);
  }

  /** One iteration; returns the max change of the factor→variable updates that ran. */
  iterate(): number {
    const q = this.qg;
    const n = this.bp.n;
    for (let i = 0; i < q.nVars; i++) for (let k = q.vOff[i]; k < q.vOff[i + 1]; k++) this.bp.variableUpdateEdge(q.vEdges[k]);
    let change = 0;
    this.lastRecomputed = 0;
    for (let a = 0; a < q.nFactors; a++) {
      const e0 = q.fOff[a];
      const e1 = q.fOff[a + 1];
      if (e1 === e0) continue;
      let residual = 0;
      for (let e = e0; e < e1; e++) {
        for (let c = q.nOff[e]; c < q.nOff[e + 1]; c++) {
          const d = absDiff(n[c], this.snapshot[c]);
          if (d > residual) residual = d;
        }
      }
      if (residual <= this.options.gateRaw) continue;
      this.lastRecomputed++;
      for (let e = e0; e < e1; e++) this.snapshot.set(n.subarray(q.nOff[e], q.nOff[e + 1]), q.nOff[e]);
      const d = this.bp.factorUpdate(a);
      if (d > change) change = d;
    }
    return change;
  }
}

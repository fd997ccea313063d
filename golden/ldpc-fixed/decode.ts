// Bit-exact fixed-point LDPC reference: the chip's cnu/vnu programs, one frame at a time, through
// the same isa/ kernels (checkNodeUpdate, llrSat). Flooding and row-layered schedules, every rule,
// with the syndrome early stop exactly as the chip program applies it (see ISA.md, "LLR check and
// variable updates"), so the simulator's hard decisions and iteration counts equal these.
import { checkNodeUpdate, llrSat, LLR_MAX_DEGREE, LLR_RULES, type FixedFormat, type LlrRule } from '../../isa/index.js';
import type { ParityCheckMatrix } from '../formats/alist.js';
import { ldpcEdges } from './edges.js';

/** Not exported from golden/index.ts: ldpc-float names the same union. */
export type LdpcSchedule = 'flooding' | 'layered';

export interface LdpcFixedOptions {
  rule: LlrRule;
  schedule: LdpcSchedule;
  maxIter: number;
  earlyStop: boolean;
  format: FixedFormat;
  /** Largest |c2v| (ldpcCaps). */
  c2vCap: number;
}

export interface LdpcDecodeResult {
  /** Hard decisions, n × frames, frame-major (bit = 1 where the LLR is negative). */
  hard: Uint8Array;
  /** Iterations each frame took part in. */
  iterations: Int32Array;
}

/**
 * Decode `frames` frames of raw channel LLRs (n × frames, frame-major, already quantised with
 * quantizeChannel and the caps of ldpcCaps). A frame stops when an iteration's checks all see a stable codeword: flooding tests
 * the syndrome of the current decision at the start of each check pass (that pass is not counted),
 * layered tests, during the pass, odd sign parity or a sign flip (that pass is counted).
 */
export function decodeLdpcFixed(h: ParityCheckMatrix, channel: Int32Array, frames: number, o: LdpcFixedOptions): LdpcDecodeResult {
  const f = o.format;
  const g = ldpcEdges(h);
  const rule = LLR_RULES.indexOf(o.rule);
  const n = h.n;
  const app = new Int32Array(n);
  const c2v = new Int32Array(g.edges);
  const t = new Int32Array(LLR_MAX_DEGREE);
  const out = new Int32Array(LLR_MAX_DEGREE);
  const hard = new Uint8Array(n * frames);
  const iterations = new Int32Array(frames);
  const layered = o.schedule === 'layered';
  for (let fr = 0; fr < frames; fr++) {
    const ch = channel.subarray(fr * n, (fr + 1) * n);
    for (let v = 0; v < n; v++) app[v] = ch[v];
    c2v.fill(0);
    let iters = 0;
    for (let it = 0; it < o.maxIter; it++) {
      if (layered) iters++;
      let unstable = false;
      for (let r = 0; r < g.m; r++) {
        const e0 = g.rowStart[r];
        const d = g.rowStart[r + 1] - e0;
        if (d === 0) continue;
        let parity = 0;
        for (let j = 0; j < d; j++) {
          const a = app[g.edgeVar[e0 + j]];
          if (a < 0) parity ^= 1;
          t[j] = llrSat(f, a - c2v[e0 + j]);
        }
        checkNodeUpdate(f, rule, t, out, d, o.c2vCap);
        for (let j = 0; j < d; j++) {
          c2v[e0 + j] = out[j];
          if (layered) {
            const v = g.edgeVar[e0 + j];
            const next = llrSat(f, t[j] + out[j]);
            if (next < 0 !== app[v] < 0) unstable = true;
            app[v] = next;
          }
        }
        if (parity !== 0) unstable = true;
      }
      if (o.earlyStop && !unstable) break;
      if (layered) continue;
      iters++;
      for (let v = 0; v < n; v++) {
        let s = llrSat(f, ch[v]);
        for (let k = g.colStart[v]; k < g.colStart[v + 1]; k++) s = llrSat(f, s + c2v[g.colEdge[k]]);
        app[v] = s;
      }
    }
    iterations[fr] = iters;
    for (let v = 0; v < n; v++) hard[fr * n + v] = app[v] < 0 ? 1 : 0;
  }
  return { hard, iterations };
}

// Fixed-point layered min-sum (MS, NMS, OMS) for the inter-frame integer SIMD decoder (aff3ct's
// fixed-point inter-frame form): the options, the channel quantizer and the scalar reference that
// LdpcSimdIntDecoder equals bit for bit. Not the chip's fixed format (that is golden/ldpc-fixed/),
// but its NMS rule is the chip's cnu.nms rule (isa's nmsScale), so on frames that saturate neither
// this decoder equals the chip's fixed reference (tests/golden/ldpc-float-simd-int.test.ts).
//
// Integers of `bits` bits, two's complement, saturating: S = 2^(bits−1) − 1.
// - channel: q = clamp(roundHalfAway(llr · scale), ±(2^(channelBits−1) − 1)); posteriors start at q;
// - per check (layered, H's row order): t_e = sat(app_v − c2v_e) ∈ [−S−1, S]; |t_e| ∈ [0, S+1];
//   min1, min2 = the two smallest |t| (min2 = "infinity" for a degree-1 check); OMS: m − offset
//   floored at 0; NMS: m − (m >> 2) = ⌈0.75·m⌉ exactly (isa's nmsScale, the chip's cnu.nms: a
//   shift and a subtract, rounding up; "infinity" stays infinite); then both capped at the message limit M = 2^(messageBits−1) − 1 (default one bit
//   below the posteriors, so a saturated posterior minus its own message keeps its sign); c2v_e = ±(|t_e| = min1 ? min2 : min1), negative when the
//   XOR of the other inputs' sign bits is 1 (t = 0 is positive); app_v = sat(t_e + c2v_e);
// - hard decision 1 where app < 0; syndrome stop as in the float decoder.
import { nmsScale } from '../../isa/index.js';
import type { ParityCheckMatrix } from '../formats/alist.js';
import { checkFrames, checkOptions, type LdpcFloatResult } from './decoder.js';
import { LdpcInputError, LdpcOptionError } from './errors.js';

/** The integer decoder's check-node rules (no sum-product). */
export type LdpcIntRule = 'ms' | 'nms' | 'oms';

export interface LdpcIntOptions {
  /** nms uses the chip's fixed factor 0.75 (isa's nmsScale); there is no nmsFactor option. */
  rule: LdpcIntRule;
  maxIter: number;
  earlyStop: boolean;
  /** Lane width: 8 (16 frames per 128-bit vector) or 16 (8 frames). */
  bits: 8 | 16;
  /** Quantizer steps per LLR unit (default 2 for 8 bits, 16 for 16 bits). */
  scale?: number;
  /** Channel values are clamped to ±(2^(channelBits−1) − 1) (default 6 for 8 bits, 10 for 16). */
  channelBits?: number;
  /** OMS offset in LLR units, quantized to round(offset · scale) steps (default 0.5). */
  omsOffset?: number;
  /** Check-to-variable magnitudes are capped at 2^(messageBits−1) − 1 (default bits − 1). */
  messageBits?: number;
}

export interface IntMinSumParams {
  readonly rule: LdpcIntRule;
  readonly maxIter: number;
  readonly earlyStop: boolean;
  readonly bits: 8 | 16;
  readonly scale: number;
  readonly channelMax: number;
  /** OMS offset in integer steps (0 for MS). */
  readonly offset: number;
  /** Largest posterior S = 2^(bits−1) − 1 (the smallest is −S − 1). */
  readonly max: number;
  /** Largest check-to-variable magnitude M. */
  readonly messageMax: number;
}

export function checkIntOptions(o: LdpcIntOptions): IntMinSumParams {
  if (o.rule !== 'ms' && o.rule !== 'nms' && o.rule !== 'oms') throw new LdpcOptionError('rule', 'ms | nms | oms (the integer decoder has no sum-product)', o.rule);
  const base = checkOptions({ rule: o.rule, schedule: 'layered', maxIter: o.maxIter, earlyStop: o.earlyStop, omsOffset: o.omsOffset });
  if (o.bits !== 8 && o.bits !== 16) throw new LdpcOptionError('bits', '8 | 16', o.bits);
  const max = 2 ** (o.bits - 1) - 1;
  const scale = o.scale ?? (o.bits === 8 ? 2 : 16);
  if (!(scale > 0 && scale <= 2 ** 20)) throw new LdpcOptionError('scale', 'a number in (0, 2^20]', scale);
  const channelBits = o.channelBits ?? (o.bits === 8 ? 6 : 10);
  if (!Number.isInteger(channelBits) || channelBits < 2 || channelBits > o.bits)
    throw new LdpcOptionError('channelBits', `an integer in 2..${o.bits}`, channelBits);
  const messageBits = o.messageBits ?? o.bits - 1;
  if (!Number.isInteger(messageBits) || messageBits < 2 || messageBits > o.bits)
    throw new LdpcOptionError('messageBits', `an integer in 2..${o.bits}`, messageBits);
  const messageMax = 2 ** (messageBits - 1) - 1;
  const offset = o.rule === 'oms' ? Math.round(base.omsOffset * scale) : 0;
  if (offset > messageMax) throw new LdpcOptionError('omsOffset', `at most ${messageMax / scale} (${messageMax} steps at scale ${scale})`, base.omsOffset);
  return { rule: o.rule, maxIter: base.maxIter, earlyStop: base.earlyStop, bits: o.bits, scale, channelMax: 2 ** (channelBits - 1) - 1, offset, max, messageMax };
}

/** The quantized channel value of one LLR (finite, else LdpcInputError naming frame and bit). */
export function quantizeLlr(x: number, p: IntMinSumParams, frame: number, bit: number): number {
  if (!Number.isFinite(x)) throw new LdpcInputError(frame, bit, x);
  const y = Math.abs(x * p.scale);
  const q = y >= p.channelMax ? p.channelMax : Math.floor(y + 0.5);
  return x < 0 ? -Math.min(q, p.channelMax) : Math.min(q, p.channelMax);
}

/** Scalar reference: decode `frames` frames (n × frames, frame-major) one at a time. */
export function decodeLdpcIntMinSum(h: ParityCheckMatrix, channelLlr: ArrayLike<number>, frames: number, opts: LdpcIntOptions): LdpcFloatResult {
  const p = checkIntOptions(opts);
  const { n } = h;
  checkFrames(n, channelLlr, frames);
  const S = p.max;
  const sat = (x: number) => (x > S ? S : x < -S - 1 ? -S - 1 : x);
  const hard = new Uint8Array(n * frames);
  const iterations = new Int32Array(frames);
  const app = new Int32Array(n);
  const c2v = h.rows.map((r) => new Int32Array(r.length));
  const t = new Int32Array(Math.max(0, ...h.rows.map((r) => r.length)));
  const ok = () => h.rows.every((r) => r.reduce((par, v) => par ^ (app[v]! < 0 ? 1 : 0), 0) === 0);
  for (let f = 0; f < frames; f++) {
    for (let i = 0; i < n; i++) app[i] = quantizeLlr(channelLlr[f * n + i]!, p, f, i);
    for (const c of c2v) c.fill(0);
    let it = 0;
    if (!(p.earlyStop && ok())) {
      for (it = 1; it <= p.maxIter; it++) {
        h.rows.forEach((row, r) => {
          let min1 = Infinity;
          let min2 = Infinity;
          let neg = 0;
          row.forEach((v, k) => {
            const x = sat(app[v]! - c2v[r]![k]!);
            t[k] = x;
            const a = Math.abs(x);
            if (x < 0) neg ^= 1;
            if (a < min1) [min1, min2] = [a, min1];
            else if (a < min2) min2 = a;
          });
          const nms = p.rule === 'nms';
          const out = (m: number) => Math.min(nms ? (m === Infinity ? m : nmsScale(m)) : Math.max(m - p.offset, 0), p.messageMax);
          const [m1, m2] = [out(min1), out(min2)];
          row.forEach((v, k) => {
            const x = t[k]!;
            const mag = Math.abs(x) === min1 ? m2 : m1;
            const c = (x < 0 ? neg ^ 1 : neg) ? -mag : mag;
            c2v[r]![k] = c;
            app[v] = sat(x + c);
          });
        });
        if (p.earlyStop && ok()) break;
      }
      if (it > p.maxIter) it = p.maxIter;
    }
    iterations[f] = it;
    for (let i = 0; i < n; i++) hard[f * n + i] = app[i]! < 0 ? 1 : 0;
  }
  return { hard, iterations };
}

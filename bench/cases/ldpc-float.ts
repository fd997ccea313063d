// Benchmark of golden's software LDPC decoders: WiMAX (576,288), 50 iterations, no early stop, one core.
import {
  awgnLlr,
  awgnSigma,
  LdpcFloatDecoder,
  LdpcNativeDecoder,
  LdpcSimdDecoder,
  LdpcSimdIntDecoder,
  Prng,
  type LdpcFloatResult,
  type LdpcRule,
  type LdpcSchedule,
  NATIVE_BACKENDS,
  NativeAddonMissingError,
  nativeWidths,
} from '../../golden/index.js';
import type { BenchCase, FigureResult } from '../harness.js';
import { timeDecode, wimax576 } from './ldpc-timing.js';

const ITERS = 50;
/** aff3ct's published per-core figure for WiMAX codes at 50 iterations (AVX2 inter-frame SIMD, C++). */
const TARGET_MBPS = 28;

interface Decoder {
  readonly edges: number;
  decode(llr: Float64Array, frames: number): LdpcFloatResult;
}

export const ldpcFloatCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'ldpc.float.wimax576.mbps',
    unit: 'Mbit/s',
    description:
      `golden float LDPC decoder, WiMAX (576,288) at 2.5 dB, ${ITERS} iterations without early stop, one core: information bits per second ` +
      `of the fastest float decoder available: the native C++ float32 layered min-sum (golden/ldpc-native, inter-frame SIMD, AVX-512 16 / AVX2 8 ` +
      `frames per vector, same decisions as the WebAssembly one) when \`npm run native:build\` has built it, else the WebAssembly SIMD f32x4 ` +
      `layered min-sum (4 frames per pass, kernel generated per code); extra 'headline' says which; beside it the native widths, the WebAssembly figure, the ` +
      `same with 8/16 frames per pass, the f64x2 variant (2 frames per vector, = the float64 JS decoder), the plain-JS float64 decoder (SPA and MS, layered and flooding), the FIXED-POINT int8/int16 ` +
      `inter-frame SIMD min-sum (16/8 frames per vector; not the float figure), edge-updates/s and Mbit per CPU-second (target ${TARGET_MBPS}; ` +
      `f32x4 bound ≈ 13 vector ALU ops per 4 edge-updates ÷ 4 per cycle ≈ 0.8 cycle per edge-update, ≈ 10 Mbit/s at 2.6 GHz, so the target ` +
      `needs narrower lanes: see golden/README.md)`,
    measure(): FigureResult {
      const h = wimax576();
      const k = 288;
      const rng = new Prng(1);
      // Times `frames` frames (all-zero codeword at 2.5 dB): timeDecode's best of 3, wall and CPU.
      const measure = (dec: Decoder, frames: number) => {
        const llr = new Float64Array(h.n * frames);
        for (let f = 0; f < frames; f++) awgnLlr(new Uint8Array(h.n), awgnSigma(0.5, 2.5), rng, llr, f * h.n);
        const { wall, cpu } = timeDecode(dec, llr, frames);
        return { mbps: (frames * k) / wall / 1e6, edgeUpdates: (frames * ITERS * dec.edges) / wall, mbpsCpu: (frames * k) / cpu / 1e6, edgeUpdatesCpu: (frames * ITERS * dec.edges) / cpu };
      };
      const extra: FigureResult['extra'] = {};
      const report = (key: string, r: ReturnType<typeof measure>) => {
        extra[key] = { value: r.mbps, unit: 'Mbit/s' };
        extra[`${key}.edgeUpdates`] = { value: r.edgeUpdates, unit: 'edge-updates/s' };
        extra[`${key}.perCpuSecond`] = { value: r.mbpsCpu, unit: 'Mbit/CPU-s' };
        extra[`${key}.edgeUpdatesPerCpuSecond`] = { value: r.edgeUpdatesCpu, unit: 'edge-updates/CPU-s' };
      };
      for (const rule of ['spa', 'ms'] as LdpcRule[]) {
        for (const schedule of ['layered', 'flooding'] as LdpcSchedule[]) {
          // Enough frames for about a second per run at the measured speeds.
          report(`${rule}.${schedule}`, measure(new LdpcFloatDecoder(h, { rule, schedule, maxIter: ITERS, earlyStop: false }), rule === 'spa' ? 40 : 120));
        }
        // What a user sees: the same layered decoder with the syndrome stop (about 3.4 SPA / 4.6 MS iterations).
        extra[`${rule}.layered.earlyStop`] = {
          value: measure(new LdpcFloatDecoder(h, { rule, schedule: 'layered', maxIter: ITERS, earlyStop: true }), 400).mbps,
          unit: 'Mbit/s',
        };
      }
      const simd = measure(new LdpcSimdDecoder(h, { rule: 'ms', maxIter: ITERS, earlyStop: false }), 1600);
      report('simd.ms.layered', simd);
      // The native decoder when built (optional: no compiler, no addon, and the WebAssembly figure is the headline).
      let headline = simd;
      let headlineName = 'WebAssembly f32x4, 4 frames per pass';
      try {
        for (const width of nativeWidths()) {
          const backend = NATIVE_BACKENDS[width];
          const r = measure(new LdpcNativeDecoder(h, { rule: 'ms', maxIter: ITERS, earlyStop: false, width }), width === 1 ? 64 : 3200);
          report(`native.${backend}.ms.layered`, r);
          if (r.mbps > headline.mbps) {
            headline = r;
            headlineName = `native ${backend}, ${width} frames per vector`;
          }
        }
        report('native.ms.layered.earlyStop', measure(new LdpcNativeDecoder(h, { rule: 'ms', maxIter: ITERS, earlyStop: true }), 16000));
      } catch (e) {
        if (!(e instanceof NativeAddonMissingError)) throw e;
        headlineName = `WebAssembly f32x4 (${e.message})`;
      }
      extra.headline = { value: headline.mbpsCpu, unit: `Mbit/CPU-s: the headline is ${headlineName}` };
      for (const vectors of [2, 4] as const) report(`simd.ms.layered.vectors${vectors}`, measure(new LdpcSimdDecoder(h, { rule: 'ms', maxIter: ITERS, earlyStop: false, vectors }), 1600));
      // f64x2: equals the float64 JS decoder decision for decision, half the lanes.
      report('simd.ms.layered.float64', measure(new LdpcSimdDecoder(h, { rule: 'ms', maxIter: ITERS, earlyStop: false, precision: 'float64' }), 800));
      extra['simd.ms.layered.earlyStop'] = { value: measure(new LdpcSimdDecoder(h, { rule: 'ms', maxIter: ITERS, earlyStop: true }), 8000).mbps, unit: 'Mbit/s' };
      // Fixed point, labelled as such: saturating integer min-sum (int-minsum.ts), not the float decoder.
      for (const bits of [8, 16] as const) report(`fixedPoint.int${bits}.ms.layered`, measure(new LdpcSimdIntDecoder(h, { rule: 'ms', bits, maxIter: ITERS, earlyStop: false }), 3200));
      // The target as work: frames/s × iterations × edges.
      extra.targetEdgeUpdates = { value: ((TARGET_MBPS * 1e6) / k) * ITERS * h.rows.reduce((s, r) => s + r.length, 0), unit: 'edge-updates/s' };
      extra.target = { value: TARGET_MBPS, unit: 'Mbit/s' };
      return { value: headline.mbps, extra };
    },
  },
];

// Benchmark of golden's fixed-point software LDPC decoders per rule: WiMAX (576,288), 50 iterations,
// no early stop, one core. The int-minsum.ts rules in int8/int16 inter-frame SIMD, twice: the
// WebAssembly decoder (16/8 frames per 128-bit vector) and the native C++ one (golden/ldpc-native:
// int8 32/64, int16 16/32 frames per AVX2/AVX-512 vector), the two bit for bit equal. A FIXED-POINT
// figure, not the float decoder's (bench/cases/ldpc-float.ts has that one).
import {
  awgnLlr,
  awgnSigma,
  LdpcNativeIntDecoder,
  LdpcSimdIntDecoder,
  NativeAddonMissingError,
  nativeIntBackend,
  nativeIntWidths,
  Prng,
  type LdpcFloatResult,
} from '../../golden/index.js';
import type { BenchCase, FigureResult } from '../harness.js';
import { timeDecode, wimax576 } from './ldpc-timing.js';

const ITERS = 50;
/** aff3ct's published per-core figure for WiMAX codes at 50 iterations (AVX2 inter-frame SIMD, C++). */
const TARGET_MBPS = 28;
/** Frames per timed run (WebAssembly; the native decoder gets twice as many): some tenths of a second at the measured speeds. */
const FRAMES = 3200;
const RULES = ['nms', 'ms', 'oms'] as const;

export const ldpcFixedSwCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'ldpc.fixedSw.wimax576.nms.mbps',
    unit: 'Mbit/s',
    description:
      `golden FIXED-POINT software LDPC decoders, WiMAX (576,288) at 2.5 dB, ${ITERS} iterations without early stop, one core: information ` +
      `bits per second of the fastest layered normalised min-sum (the chip's cnu.nms rule, m − (m >> 2)) among the WebAssembly int8/int16 ` +
      `decoder (16/8 frames per vector) and the native C++ one (int8 64/32, int16 32/16 frames per AVX-512/AVX2 vector, when ` +
      `\`npm run native:build\` has built it; same decisions); extra 'headline' names it; beside it every width and rule (MS, NMS, OMS) of ` +
      `both, wall and Mbit per CPU-second (best of 3 after a warm-up; target ${TARGET_MBPS}, aff3ct's per-core figure)`,
    measure(): FigureResult {
      const h = wimax576();
      const k = h.n - h.m;
      const rng = new Prng(1);
      const llr = new Float64Array(h.n * FRAMES * 2);
      for (let f = 0; f < FRAMES * 2; f++) awgnLlr(new Uint8Array(h.n), awgnSigma(k / h.n, 2.5), rng, llr, f * h.n);
      const extra: FigureResult['extra'] = {};
      let headline = { mbps: 0, mbpsCpu: 0, name: '' };
      const run = (key: string, name: string, dec: { decode(llr: Float64Array, frames: number): LdpcFloatResult }, frames: number, rule: string) => {
        const { wall, cpu } = timeDecode(dec, llr.subarray(0, h.n * frames), frames);
        const mbps = (frames * k) / wall / 1e6;
        const mbpsCpu = (frames * k) / cpu / 1e6;
        extra[key] = { value: mbps, unit: 'Mbit/s' };
        extra[`${key}.perCpuSecond`] = { value: mbpsCpu, unit: 'Mbit/CPU-s' };
        if (rule === 'nms' && mbps > headline.mbps) headline = { mbps, mbpsCpu, name };
      };
      for (const bits of [8, 16] as const) {
        for (const rule of RULES) {
          run(`int${bits}.${rule}.layered`, `WebAssembly int${bits}, ${128 / bits} frames per vector`, new LdpcSimdIntDecoder(h, { rule, bits, maxIter: ITERS, earlyStop: false }), FRAMES, rule);
        }
      }
      // The native decoder when built (optional: without it the WebAssembly figures stand alone).
      try {
        for (const bits of [8, 16] as const) {
          for (const width of nativeIntWidths(bits)) {
            if (width === 1) continue; // the scalar fallback: correctness only, some 100× slower
            const backend = nativeIntBackend(bits, width);
            for (const rule of RULES) {
              run(`native.${backend}.int${bits}.${rule}.layered`, `native ${backend} int${bits}, ${width} frames per vector`, new LdpcNativeIntDecoder(h, { rule, bits, maxIter: ITERS, earlyStop: false, width }), FRAMES * 2, rule);
            }
          }
        }
      } catch (e) {
        if (!(e instanceof NativeAddonMissingError)) throw e;
        headline.name += ` (no native decoder: ${e.message})`;
      }
      extra.headline = { value: headline.mbpsCpu, unit: `Mbit/CPU-s: the headline is FIXED POINT, ${headline.name}` };
      extra.target = { value: TARGET_MBPS, unit: 'Mbit/s' };
      return { value: headline.mbps, extra };
    },
  },
];

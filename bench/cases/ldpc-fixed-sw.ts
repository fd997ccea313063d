// Benchmark of golden's fixed-point software LDPC decoder (int8/int16 inter-frame WebAssembly SIMD,
// int-minsum.ts rules) per rule: WiMAX (576,288), 50 iterations, no early stop, one core. A FIXED-POINT
// figure, not the float decoder's (bench/cases/ldpc-float.ts has that one).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { awgnLlr, awgnSigma, LdpcSimdIntDecoder, parseAlist, Prng } from '../../golden/index.js';
import type { BenchCase, FigureResult } from '../harness.js';

const ITERS = 50;
/** aff3ct's published per-core figure for WiMAX codes at 50 iterations (AVX2 inter-frame SIMD, C++). */
const TARGET_MBPS = 28;
/** Frames per timed run: about a second at the measured speeds. */
const FRAMES = 3200;

export const ldpcFixedSwCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'ldpc.fixedSw.wimax576.nms.mbps',
    unit: 'Mbit/s',
    description:
      `golden FIXED-POINT software LDPC decoder, WiMAX (576,288) at 2.5 dB, ${ITERS} iterations without early stop, one core: information ` +
      `bits per second of int8 (16 frames per vector) layered normalised min-sum (the chip's cnu.nms rule, m − (m >> 2)); beside it int16 ` +
      `NMS, int8/int16 MS and OMS, and Mbit per CPU-second (best of 3 after a warm-up; target ${TARGET_MBPS}, aff3ct's per-core figure)`,
    measure(): FigureResult {
      const path = fileURLToPath(new URL('../../../shared/data/ldpc/WIMAX_288_576.alist', import.meta.url));
      const h = parseAlist(readFileSync(path, 'utf8'), path);
      const k = h.n - h.m;
      const rng = new Prng(1);
      const llr = new Float64Array(h.n * FRAMES);
      for (let f = 0; f < FRAMES; f++) awgnLlr(new Uint8Array(h.n), awgnSigma(k / h.n, 2.5), rng, llr, f * h.n);
      const extra: FigureResult['extra'] = {};
      let headline = 0;
      for (const bits of [8, 16] as const) {
        for (const rule of ['nms', 'ms', 'oms'] as const) {
          const dec = new LdpcSimdIntDecoder(h, { rule, bits, maxIter: ITERS, earlyStop: false });
          dec.decode(llr, FRAMES);
          let wall = Infinity;
          let cpu = Infinity;
          for (let r = 0; r < 3; r++) {
            const c0 = process.cpuUsage();
            const t0 = performance.now();
            dec.decode(llr, FRAMES);
            wall = Math.min(wall, (performance.now() - t0) / 1e3);
            const cu = process.cpuUsage(c0);
            cpu = Math.min(cpu, (cu.user + cu.system) / 1e6);
          }
          const key = `int${bits}.${rule}.layered`;
          extra[key] = { value: (FRAMES * k) / wall / 1e6, unit: 'Mbit/s' };
          extra[`${key}.perCpuSecond`] = { value: (FRAMES * k) / cpu / 1e6, unit: 'Mbit/CPU-s' };
          if (bits === 8 && rule === 'nms') headline = extra[key].value;
        }
      }
      extra.target = { value: TARGET_MBPS, unit: 'Mbit/s' };
      return { value: headline, extra };
    },
  },
];

// Benchmark of golden's float LDPC decoder: WiMAX (576,288), 50 iterations, no early stop, one core.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { awgnLlr, awgnSigma, LdpcFloatDecoder, LdpcSimdDecoder, parseAlist, Prng, type LdpcRule, type LdpcSchedule } from '../../golden/index.js';
import { bestOf, type BenchCase, type FigureResult } from '../harness.js';

const ITERS = 50;
/** aff3ct's published per-core figure for WiMAX codes at 50 iterations (AVX2 inter-frame SIMD, C++). */
const TARGET_MBPS = 28;

export const ldpcFloatCases: BenchCase[] = [
  {
    kind: 'figure',
    name: 'ldpc.float.wimax576.mbps',
    unit: 'Mbit/s',
    description: `golden float LDPC decoder, WiMAX (576,288) at 2.5 dB, ${ITERS} iterations without early stop, one core: information bits per second of the fastest decoder (WebAssembly SIMD layered min-sum, 4 frames per pass); the plain-JS float64 decoder for SPA and MS, layered and flooding, and edge-updates/s beside it (target ${TARGET_MBPS})`,
    measure(): FigureResult {
      const path = fileURLToPath(new URL('../../../shared/data/ldpc/WIMAX_288_576.alist', import.meta.url));
      const h = parseAlist(readFileSync(path, 'utf8'), path);
      const k = 288;
      const rng = new Prng(1);
      // Times `frames` frames (all-zero codeword at 2.5 dB), best of 3 after a warm-up run (JIT).
      const measure = (rule: LdpcRule, schedule: LdpcSchedule | 'simd', earlyStop: boolean, frames: number) => {
        const llr = new Float64Array(h.n * frames);
        for (let f = 0; f < frames; f++) awgnLlr(new Uint8Array(h.n), awgnSigma(0.5, 2.5), rng, llr, f * h.n);
        const dec =
          schedule === 'simd'
            ? new LdpcSimdDecoder(h, { rule: 'ms', maxIter: ITERS, earlyStop })
            : new LdpcFloatDecoder(h, { rule, schedule, maxIter: ITERS, earlyStop });
        dec.decode(llr, frames);
        const s = bestOf(3, () => dec.decode(llr, frames));
        // CPU seconds of one more run: on a shared machine wall time also counts other jobs' turns.
        const c0 = process.cpuUsage();
        dec.decode(llr, frames);
        const cu = process.cpuUsage(c0);
        const cpu = (cu.user + cu.system) / 1e6;
        return { mbps: (frames * k) / s / 1e6, edgeUpdates: (frames * ITERS * dec.edges) / s, mbpsCpu: (frames * k) / cpu / 1e6 };
      };
      const extra: FigureResult['extra'] = {};
      for (const rule of ['spa', 'ms'] as LdpcRule[]) {
        for (const schedule of ['layered', 'flooding'] as LdpcSchedule[]) {
          // Enough frames for about a second per run at the measured speeds.
          const r = measure(rule, schedule, false, rule === 'spa' ? 40 : 120);
          extra[`${rule}.${schedule}`] = { value: r.mbps, unit: 'Mbit/s' };
          extra[`${rule}.${schedule}.edgeUpdates`] = { value: r.edgeUpdates, unit: 'edge-updates/s' };
          extra[`${rule}.${schedule}.perCpuSecond`] = { value: r.mbpsCpu, unit: 'Mbit/CPU-s' };
        }
        // What a user sees: the same layered decoder with the syndrome stop (about 3.4 SPA / 4.6 MS iterations).
        extra[`${rule}.layered.earlyStop`] = { value: measure(rule, 'layered', true, 400).mbps, unit: 'Mbit/s' };
      }
      const simd = measure('ms', 'simd', false, 800);
      extra['simd.ms.layered.edgeUpdates'] = { value: simd.edgeUpdates, unit: 'edge-updates/s' };
      extra['simd.ms.layered.perCpuSecond'] = { value: simd.mbpsCpu, unit: 'Mbit/CPU-s' };
      extra['simd.ms.layered.earlyStop'] = { value: measure('ms', 'simd', true, 2000).mbps, unit: 'Mbit/s' };
      // The target as work: frames/s × iterations × edges.
      extra.targetEdgeUpdates = { value: ((TARGET_MBPS * 1e6) / k) * ITERS * 1824, unit: 'edge-updates/s' };
      extra.target = { value: TARGET_MBPS, unit: 'Mbit/s' };
      return { value: simd.mbps, extra };
    },
  },
];

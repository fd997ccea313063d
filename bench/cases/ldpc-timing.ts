// What the software LDPC decoder benchmarks share: the WiMAX (576,288) code and the timing of one
// decoder (ldpc-float.ts, ldpc-fixed-sw.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAlist, type LdpcFloatResult, type ParityCheckMatrix } from '../../golden/index.js';

/** The WiMAX (576,288) code of ../shared/data/ldpc. */
export function wimax576(): ParityCheckMatrix {
  const path = fileURLToPath(new URL('../../../shared/data/ldpc/WIMAX_288_576.alist', import.meta.url));
  return parseAlist(readFileSync(path, 'utf8'), path);
}

/**
 * Seconds to decode `frames` frames of `llr` after a warm-up run (JIT): the best of 3 in wall time
 * and, separately, in CPU seconds (on a shared machine wall time also counts other jobs' turns).
 */
export function timeDecode(dec: { decode(llr: Float64Array, frames: number): LdpcFloatResult }, llr: Float64Array, frames: number): { wall: number; cpu: number } {
  dec.decode(llr, frames);
  let wall = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < 3; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    dec.decode(llr, frames);
    wall = Math.min(wall, (performance.now() - t0) / 1e3);
    const cu = process.cpuUsage(c0);
    cpu = Math.min(cpu, (cu.user + cu.system) / 1e6);
  }
  return { wall, cpu };
}

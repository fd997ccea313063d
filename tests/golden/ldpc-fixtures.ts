// Shared fixtures of the LDPC decoder tests: the codes in ../shared/data/ldpc, seeded BPSK/AWGN
// frames, the frame-for-frame comparison, and the native addon's build-or-skip gate.
import { expect } from 'vitest';
import { awgnLlr, awgnSigma, ldpcEncoder, parseAlist, Prng, type ParityCheckMatrix } from '../../golden/index.js';
import { buildNativeAddon } from '../../golden/ldpc-native/build.js';
import { requireTool } from '../tools.js';
import { dataPath, readData } from './helpers.js';

/** The code ldpc/<name>.alist. */
export function loadCode(name: string): ParityCheckMatrix {
  const rel = `ldpc/${name}.alist`;
  return parseAlist(readData(rel), dataPath(rel));
}

/** `count` random codewords through BPSK/AWGN at `ebn0` dB (frame-major LLRs). */
export function frames(h: ParityCheckMatrix, count: number, ebn0: number, seed: number): Float64Array {
  const enc = ldpcEncoder(h);
  const rng = new Prng(seed);
  const llr = new Float64Array(h.n * count);
  for (let f = 0; f < count; f++) {
    const cw = enc.encode(Array.from({ length: enc.k }, () => rng.int(2)));
    awgnLlr(cw, awgnSigma(enc.k / h.n, ebn0), rng, llr, f * h.n);
  }
  return llr;
}

/** The native decoders' codes and frame counts: a partial last pass at every width (and more than one 64-lane pass). */
export const NATIVE_CASES = [
  { code: 'WIMAX_288_576', count: 250, ebn0: 1.5 },
  { code: 'CCSDS_64_128', count: 330, ebn0: 2.0 },
] as const;

interface Decisions {
  hard: Uint8Array;
  iterations: Int32Array;
}

/** The same iteration counts and hard decisions, frame for frame. */
export function expectSameDecisions(got: Decisions, ref: Decisions): void {
  expect(Array.from(got.iterations)).toEqual(Array.from(ref.iterations));
  expect(Buffer.from(got.hard).equals(Buffer.from(ref.hard))).toBe(true);
}

/**
 * Whether the native addon is built (or found cached) for the tests `what` names: without g++ the tool
 * check skips them loudly; a failed build skips loudly outside CI and fails under CI=true, as a
 * missing tool does.
 */
export function nativeAddonBuilt(what: string): boolean {
  if (!requireTool('g++', 'g++', what)) return false;
  try {
    buildNativeAddon();
    return true;
  } catch (e) {
    if (process.env.CI === 'true') throw e;
    const bar = '!'.repeat(78);
    console.warn(`\n${bar}\n!!! SKIPPED: the native LDPC decoder did not build: ${(e as Error).message}\n${bar}\n`);
    return false;
  }
}

// The float LDPC decoder: hand-checked messages on a (7,4) Hamming code, agreement with golden's
// dense parity-factor BP, BER on WiMAX, determinism and hostile values.
import { describe, expect, it } from 'vitest';
import {
  addChannelFactors,
  awgnLlr,
  awgnSigma,
  beliefPropagation,
  decodeLdpcFloat,
  gf2Rank,
  informationPositions,
  ldpcEncoder,
  LdpcFloatDecoder,
  LdpcInputError,
  LdpcOptionError,
  parityFactorGraph,
  parseAlist,
  Prng,
  type LdpcFloatOptions,
  type LdpcRule,
  type LdpcSchedule,
  type ParityCheckMatrix,
} from '../../golden/index.js';
import { UserError } from '../../errors/index.js';
import { dataPath, readData } from './helpers.js';

function matrixFromRows(rows: number[][], n: number): ParityCheckMatrix {
  const cols: number[][] = Array.from({ length: n }, () => []);
  rows.forEach((r, i) => r.forEach((c) => cols[c]!.push(i)));
  return { n, m: rows.length, rows, cols };
}

/** (7,4) Hamming code, parity part on the right. */
const HAMMING = matrixFromRows([[0, 1, 2, 4], [0, 1, 3, 5], [0, 2, 3, 6]], 7);
const L = [2, -1, 3, 0.5, 1.5, -2, 4];
const RULES: LdpcRule[] = ['spa', 'ms', 'nms', 'oms'];
const SCHEDULES: LdpcSchedule[] = ['flooding', 'layered'];

function loadCode(name: string): ParityCheckMatrix {
  const rel = `ldpc/${name}.alist`;
  return parseAlist(readData(rel), dataPath(rel));
}

function posteriorAfter(h: ParityCheckMatrix, llr: ArrayLike<number>, opts: LdpcFloatOptions, iters: number): number[] {
  const d = new LdpcFloatDecoder(h, opts);
  d.decodeFrame(llr, 0, iters);
  return Array.from(d.posterior);
}

/** An independent one-iteration reference: every check's messages computed directly from the definition. */
function naiveIteration(h: ParityCheckMatrix, llr: number[], rule: LdpcRule, layered: boolean): number[] {
  const app = [...llr];
  const acc = [...llr];
  for (const row of h.rows) {
    const inputs = row.map((v) => app[v]!); // c2v_old = 0 in the first iteration
    row.forEach((v, i) => {
      const others = inputs.filter((_, j) => j !== i);
      let c: number;
      if (rule === 'spa') c = 2 * Math.atanh(others.reduce((p, x) => p * Math.tanh(x / 2), 1));
      else {
        const sign = others.reduce((s, x) => (x < 0 ? -s : s), 1);
        let mag = Math.min(...others.map(Math.abs));
        if (rule === 'nms') mag *= 0.75;
        if (rule === 'oms') mag = Math.max(mag - 0.5, 0);
        c = sign * mag;
      }
      if (layered) acc[v] = inputs[i]! + c;
      else acc[v]! += c;
    });
    if (layered) for (const v of row) app[v] = acc[v]!;
  }
  return acc;
}

describe('(7,4) Hamming code, one iteration', () => {
  // Worked by hand: check 0 = {0,1,2,4} gets inputs 2,−1,3,1.5 (one negative, min1 = 1 at bit 1,
  // min2 = 1.5) and sends −1, +1.5, −1, −1; check 1 = {0,1,3,5} gets 2,−1,0.5,−2 (even sign,
  // min1 = 0.5 at bit 3, min2 = 1) and sends +0.5, −0.5, +1, −0.5; check 2 = {0,2,3,6} gets
  // 2,3,0.5,4 and sends +0.5, +0.5, +2, +0.5. NMS scales these by 0.75; OMS subtracts 0.5.
  const handFlooding: Record<string, number[]> = {
    ms: [2, 0, 2.5, 3.5, 0.5, -2.5, 4.5],
    nms: [2, -0.25, 2.625, 2.75, 0.75, -2.375, 4.375],
    oms: [1.5, 0, 2.5, 2.5, 1, -2, 4],
  };
  for (const rule of ['ms', 'nms', 'oms'] as const) {
    it(`${rule} flooding posteriors equal the hand computation`, () => {
      const opts = { rule, schedule: 'flooding', maxIter: 1, earlyStop: false } as const;
      expect(posteriorAfter(HAMMING, L, opts, 1)).toEqual(handFlooding[rule]);
    });
  }

  it('ms layered posteriors equal the hand computation', () => {
    // After check 0: app = 1, 0.5, 2, 0.5, 0.5, −2, 4. Check 1 gets 1, 0.5, 0.5, −2 (odd sign,
    // min1 = min2 = 0.5): −0.5, −0.5, −0.5, +0.5. Check 2 gets 0.5, 2, 0, 4 (min1 = 0 at bit 3,
    // min2 = 0.5): +0, +0, +0.5, +0.
    const opts = { rule: 'ms', schedule: 'layered', maxIter: 1, earlyStop: false } as const;
    expect(posteriorAfter(HAMMING, L, opts, 1)).toEqual([0.5, 0, 2, 0.5, 0.5, -1.5, 4]);
  });

  it('spa flooding check 0 → bit 0 message is 2·atanh(tanh(−0.5)·tanh(1.5)·tanh(0.75))', () => {
    const c00 = 2 * Math.atanh(Math.tanh(-0.5) * Math.tanh(1.5) * Math.tanh(0.75));
    expect(c00).toBeCloseTo(-0.5444, 4);
    const c10 = 2 * Math.atanh(Math.tanh(-0.5) * Math.tanh(0.25) * Math.tanh(-1));
    const c20 = 2 * Math.atanh(Math.tanh(1.5) * Math.tanh(0.25) * Math.tanh(2));
    const post = posteriorAfter(HAMMING, L, { rule: 'spa', schedule: 'flooding', maxIter: 1, earlyStop: false }, 1);
    expect(post[0]).toBeCloseTo(2 + c00 + c10 + c20, 14);
  });

  for (const rule of RULES)
    for (const schedule of SCHEDULES)
      it(`${rule} ${schedule} equals the direct definition`, () => {
        const post = posteriorAfter(HAMMING, L, { rule, schedule, maxIter: 1, earlyStop: false }, 1);
        const ref = naiveIteration(HAMMING, L, rule, schedule === 'layered');
        for (let i = 0; i < 7; i++) expect(post[i]).toBeCloseTo(ref[i]!, 13);
      });

  it('hard decisions and iteration counts with the syndrome stop', () => {
    // A codeword (all zero) received with one weak error on bit 6: one iteration of SPA corrects it.
    const llr = [3, 3, 3, 3, 3, 3, -0.5];
    for (const schedule of SCHEDULES) {
      const r = decodeLdpcFloat(HAMMING, llr, 1, { rule: 'spa', schedule, maxIter: 10, earlyStop: true });
      expect(Array.from(r.hard)).toEqual([0, 0, 0, 0, 0, 0, 0]);
      expect(r.iterations[0]).toBe(1);
    }
    // Already a codeword: 0 iterations; without the stop, maxIter.
    const cw = [2, 2, 2, 2, 2, 2, 2];
    expect(decodeLdpcFloat(HAMMING, cw, 1, { rule: 'ms', schedule: 'layered', maxIter: 7, earlyStop: true }).iterations[0]).toBe(0);
    expect(decodeLdpcFloat(HAMMING, cw, 1, { rule: 'ms', schedule: 'layered', maxIter: 7, earlyStop: false }).iterations[0]).toBe(7);
  });
});

describe('agreement with golden dense parity-factor BP (96.3.963)', () => {
  const h = loadCode('96.3.963');
  const enc = ldpcEncoder(h);
  const rng = new Prng(7);
  const cw = enc.encode(Array.from({ length: enc.k }, () => rng.int(2)));
  const llr = new Float64Array(h.n);
  awgnLlr(cw, awgnSigma(enc.k / h.n, 1.0), rng, llr);
  const graph = addChannelFactors(parityFactorGraph(h), { llr });

  // golden BP's flooding computes the unary channel factors' messages in the same phase as the
  // parity factors, so its first iteration only delivers the channel: its iteration t + 1 is ours t.
  for (const iters of [1, 5]) {
    it(`SPA flooding posteriors after ${iters} iteration(s) equal BP's after ${iters + 1} to 1e-9`, () => {
      const post = posteriorAfter(h, llr, { rule: 'spa', schedule: 'flooding', maxIter: iters, earlyStop: false }, iters);
      const bp = beliefPropagation(graph, { schedule: 'flooding', tol: 0, maxIter: iters + 1 });
      let worst = 0;
      let moved = 0;
      for (let i = 0; i < h.n; i++) {
        const p1 = 1 / (1 + Math.exp(post[i]!));
        worst = Math.max(worst, Math.abs(p1 - bp.marginals[i]![1]!));
        moved = Math.max(moved, Math.abs(p1 - 1 / (1 + Math.exp(llr[i]!))));
      }
      expect(worst).toBeLessThan(1e-9);
      expect(moved).toBeGreaterThan(0.1); // the frame is noisy: the checks did change the posteriors
    });
  }
});

describe('BER on WiMAX (576,288), SPA, 50 iterations, 300 random codewords', () => {
  const h = loadCode('WIMAX_288_576');
  const enc = ldpcEncoder(h);
  function ber(schedule: LdpcSchedule, ebn0: number): number {
    const frames = 300;
    const rng = new Prng(2026);
    const llr = new Float64Array(h.n * frames);
    const sent: Uint8Array[] = [];
    for (let f = 0; f < frames; f++) {
      const cw = enc.encode(Array.from({ length: enc.k }, () => rng.int(2)));
      sent.push(cw);
      awgnLlr(cw, awgnSigma(0.5, ebn0), rng, llr, f * h.n);
    }
    const r = decodeLdpcFloat(h, llr, frames, { rule: 'spa', schedule, maxIter: 50, earlyStop: true });
    let errors = 0;
    for (let f = 0; f < frames; f++) for (const i of enc.infoPositions) if (r.hard[f * h.n + i] !== sent[f]![i]) errors++;
    return errors / (frames * enc.k);
  }
  // Published WiMAX 576 rate-1/2 BP curves (and this project's chip decoder) give about 1e-2 at
  // 1.5 dB and below 1e-4 at 2.5 dB; measured here 1.05e-2 / 0 (flooding), 7.2e-3 / 0 (layered)
  // on other seeds.
  for (const schedule of SCHEDULES) {
    it(`${schedule}: 3e-3 < BER(1.5 dB) < 3e-2, BER(2.5 dB) < 1e-4`, () => {
      const b15 = ber(schedule, 1.5);
      expect(b15).toBeGreaterThan(3e-3);
      expect(b15).toBeLessThan(3e-2);
      expect(ber(schedule, 2.5)).toBeLessThan(1e-4);
    });
  }
});

describe('determinism and workspace reuse', () => {
  const h = loadCode('WIMAX_288_576');
  const frames = 8;
  const rng = new Prng(5);
  const llr = new Float64Array(h.n * frames);
  for (let f = 0; f < frames; f++) awgnLlr(new Uint8Array(h.n), awgnSigma(0.5, 1.0), rng, llr, f * h.n);
  for (const rule of RULES)
    for (const schedule of SCHEDULES)
      it(`${rule} ${schedule}: same input, same bytes; a reused decoder equals a fresh one`, () => {
        const opts = { rule, schedule, maxIter: 20, earlyStop: true } as const;
        const dec = new LdpcFloatDecoder(h, opts);
        const a = dec.decode(llr, frames);
        const b = dec.decode(llr, frames);
        expect(Buffer.from(b.hard).equals(Buffer.from(a.hard))).toBe(true);
        expect(Array.from(b.iterations)).toEqual(Array.from(a.iterations));
        const last = decodeLdpcFloat(h, llr.subarray((frames - 1) * h.n), 1, opts);
        expect(Array.from(last.hard)).toEqual(Array.from(a.hard.subarray((frames - 1) * h.n)));
        expect(last.iterations[0]).toBe(a.iterations[frames - 1]);
      });
});

describe('hostile values', () => {
  const opts = { rule: 'spa', schedule: 'layered', maxIter: 5, earlyStop: false } as const;
  for (const bad of [Infinity, -Infinity, NaN]) {
    it(`an LLR of ${bad} is a typed error naming the frame and the bit`, () => {
      const llr = new Float64Array(7 * 3).fill(1);
      llr[7 * 2 + 4] = bad;
      let err: unknown;
      try {
        decodeLdpcFloat(HAMMING, llr, 3, opts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LdpcInputError);
      expect(err).toBeInstanceOf(UserError);
      expect((err as LdpcInputError).frame).toBe(2);
      expect((err as LdpcInputError).bit).toBe(4);
      expect((err as Error).message).toBe(`channel LLR of frame 2, bit 4 is ${bad}; expected a finite number (LLR = ln p(0)/p(1))`);
    });
  }

  for (const rule of RULES)
    for (const schedule of SCHEDULES)
      it(`${rule} ${schedule}: ±1e300, ±Number.MAX_VALUE and zero LLRs give finite posteriors`, () => {
        const llrs = [
          [1e300, -1e300, 1e300, 0, -1e300, 1e300, 1e300],
          [0, 0, 0, 0, 0, 0, 0],
          [Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, -5e-324, Number.MAX_VALUE, 0, 1],
          // Every input huge: uncapped min-sum messages would sum to Infinity, then Infinity − Infinity.
          [1e300, 1e300, -1e300, 1e300, 1e300, -1e300, 1e300],
          [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE],
        ];
        for (const llr of llrs) {
          const d = new LdpcFloatDecoder(HAMMING, { rule, schedule, maxIter: 200, earlyStop: false });
          d.decodeFrame(llr, 0);
          for (const x of d.posterior) expect(Number.isFinite(x)).toBe(true);
        }
        // All-zero LLRs: no information, every posterior stays exactly 0 and decodes to 0.
        const z = decodeLdpcFloat(HAMMING, new Float64Array(7), 1, { rule, schedule, maxIter: 3, earlyStop: false });
        expect(Array.from(z.hard)).toEqual([0, 0, 0, 0, 0, 0, 0]);
      });

  it('bad options and sizes are typed errors naming the field', () => {
    const ok = { rule: 'ms', schedule: 'flooding', maxIter: 5, earlyStop: true } as const;
    const cases: [Partial<Record<keyof LdpcFloatOptions, unknown>>, string][] = [
      [{ rule: 'bp' }, "option 'rule': expected spa | ms | nms | oms, found bp"],
      [{ schedule: 'residual' }, "option 'schedule': expected flooding | layered, found residual"],
      [{ maxIter: -1 }, "option 'maxIter': expected an integer in 0..1000000, found -1"],
      [{ maxIter: 2.5 }, "option 'maxIter': expected an integer in 0..1000000, found 2.5"],
      [{ nmsFactor: 0 }, "option 'nmsFactor': expected a number in (0, 1], found 0"],
      [{ nmsFactor: NaN }, "option 'nmsFactor': expected a number in (0, 1], found NaN"],
      [{ omsOffset: -0.1 }, "option 'omsOffset': expected a number in [0, 1e+30], found -0.1"],
    ];
    for (const [patch, msg] of cases) {
      expect(() => new LdpcFloatDecoder(HAMMING, { ...ok, ...patch } as LdpcFloatOptions)).toThrow(LdpcOptionError);
      expect(() => new LdpcFloatDecoder(HAMMING, { ...ok, ...patch } as LdpcFloatOptions)).toThrow(msg);
    }
    expect(() => decodeLdpcFloat(HAMMING, new Float64Array(13), 2, ok)).toThrow(
      "option 'channelLlr': expected 7 × 2 = 14 LLRs (n × frames), found 13 LLRs",
    );
    expect(() => decodeLdpcFloat(HAMMING, new Float64Array(0), -1, ok)).toThrow("option 'frames': expected an integer ≥ 0, found -1");
  });
});

describe('information positions and the encoder', () => {
  const expected: [string, number, number][] = [
    // [code, rank, k]: 96.3.963 is rank deficient (two dependent checks).
    ['96.3.963', 46, 50],
    ['CCSDS_64_128', 64, 64],
    ['MACKAY_504_1008', 504, 504],
    ['WIMAX_288_576', 288, 288],
  ];
  for (const [name, rank, k] of expected) {
    it(`${name}: k = ${k}, the parity columns are an invertible set, random info words round-trip`, () => {
      const h = loadCode(name);
      const t0 = performance.now();
      const info = informationPositions(h);
      const ms = performance.now() - t0;
      expect(ms).toBeLessThan(500); // bit-packed rows: about 3 ms for MacKay 1008 on an idle core
      expect(gf2Rank(h)).toBe(rank);
      expect(info.length).toBe(k);
      for (let i = 1; i < k; i++) expect(info[i]).toBeGreaterThan(info[i - 1]!);
      // The complement (the parity columns) has exactly rank columns and they are independent.
      const isInfo = new Set(info);
      const parityCols = Array.from({ length: h.n }, (_, c) => c).filter((c) => !isInfo.has(c));
      expect(parityCols.length).toBe(rank);
      const sub = matrixFromRows(h.rows.map((r) => r.filter((c) => !isInfo.has(c)).map((c) => parityCols.indexOf(c))), parityCols.length);
      expect(gf2Rank(sub)).toBe(rank);

      const enc = ldpcEncoder(h);
      expect(Array.from(enc.infoPositions)).toEqual(Array.from(info));
      const rng = new Prng(11);
      for (let t = 0; t < 20; t++) {
        const bits = Array.from({ length: k }, () => rng.int(2));
        const cw = enc.encode(bits);
        for (const row of h.rows) expect(row.reduce((p, c) => p ^ cw[c]!, 0)).toBe(0);
        expect(Array.from(info, (c) => cw[c])).toEqual(bits);
      }
    });
  }

  it('systematic codes with the parity part on the right have information bits 0..k−1', () => {
    for (const name of ['WIMAX_288_576', 'CCSDS_64_128']) {
      const info = informationPositions(loadCode(name));
      expect(Array.from(info)).toEqual(Array.from({ length: info.length }, (_, i) => i));
    }
    expect(Array.from(informationPositions(HAMMING))).toEqual([0, 1, 2, 3]);
  });

  it('a rank-deficient H: a repeated row adds no pivot', () => {
    const h = matrixFromRows([...HAMMING.rows.map((r) => [...r]), [0, 1, 2, 4], [1, 2, 5, 6]], 7);
    // Row 4 repeats row 0; row 5 = row 1 + row 2 ({0,1,3,5} ^ {0,2,3,6} = {1,2,5,6}). Rank stays 3.
    expect(gf2Rank(h)).toBe(3);
    expect(Array.from(informationPositions(h))).toEqual([0, 1, 2, 3]);
    expect(() => ldpcEncoder(h).encode([1, 0])).toThrow('encode: expected 4 information bits, got 2');
  });
});

// The chip path's one channel quantiser (runtime/ldpc quantizeForChip): α = 7/8 at W ≤ 8, 1 above,
// and the RTL co-simulation case loads exactly the words it produces.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, llrChannelScale, makeFormat } from '../../isa/index.js';
import { parseAlist, Prng, quantizeChannel } from '../../golden/index.js';
import { compileLdpc, awgnFrames, quantizeForChip, withLdpcBits } from '../../runtime/index.js';
import { ldpcCaseImage } from '../../rtl/ldpc-case.js';

const ALIST = '../shared/data/ldpc/CCSDS_64_128.alist';

describe('quantizeForChip', () => {
  it('scales by 7/8 at W = 8 and by 1 at W = 16, rounding half up and clamping to the channel cap', () => {
    expect(llrChannelScale(8)).toBe(0.875);
    expect(llrChannelScale(16)).toBe(1);
    const h = parseAlist(readFileSync(ALIST, 'utf8'), ALIST);
    const cfg8 = withLdpcBits({ ...DEFAULT_CONFIG, pes: 1, meshWidth: 1, meshHeight: 1 }, 8);
    const L8 = compileLdpc(h, cfg8, { rule: 'ms', schedule: 'layered', maxIter: 2, earlyStop: true, slots: 1 }).layout;
    // F = 2: 1.0 nat → ⌊0.875·4 + 0.5⌋ = 4; 1.5 → ⌊5.25 + 0.5⌋ = 5; −0.5 → ⌊−1.75 + 0.5⌋ = −2; 100 → the cap.
    expect(Array.from(quantizeForChip(cfg8, L8, [1, 1.5, -0.5, 100, -100]))).toEqual([4, 5, -2, L8.caps.channel, -L8.caps.channel]);
    const cfg16 = withLdpcBits(cfg8, 16);
    const L16 = compileLdpc(h, cfg16, { rule: 'ms', schedule: 'layered', maxIter: 2, earlyStop: true, slots: 1 }).layout;
    // F = 8: 1.5 → 384, −0.5 → −128 (α = 1).
    expect(Array.from(quantizeForChip(cfg16, L16, [1.5, -0.5]))).toEqual([384, -128]);
  });

  it('is what the RTL LDPC case loads into every PE slot at W = 8', () => {
    const cfg = withLdpcBits({ ...DEFAULT_CONFIG, pes: 2, meshWidth: 2, meshHeight: 1 }, 8);
    const spec = { alist: ALIST, rule: 'ms' as const, ebn0: 3, seed: 3, maxIter: 5 };
    const image = ldpcCaseImage(spec, 'layered', cfg);
    const h = parseAlist(readFileSync(ALIST, 'utf8'), ALIST);
    const { layout } = compileLdpc(h, cfg, { rule: 'ms', schedule: 'layered', maxIter: 5, earlyStop: true, slots: 1 });
    const vl = layout.vl;
    const llr = awgnFrames(h.n, 1 - h.m / h.n, 3, cfg.pes * vl, new Prng(3));
    const want = quantizeForChip(cfg, layout, llr);
    const alphaOne = quantizeChannel(makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize), llr, layout.caps.channel);
    const app = layout.slots[0].appAddr;
    let differsFromAlphaOne = 0;
    for (let pe = 0; pe < cfg.pes; pe++)
      for (let k = 0; k < vl; k++)
        for (let v = 0; v < h.n; v++) {
          const w = want[(pe * vl + k) * h.n + v];
          expect(image.scratchpad[pe][app + v * vl + k]).toBe(w);
          if (w !== alphaOne[(pe * vl + k) * h.n + v]) differsFromAlphaOne++;
        }
    expect(differsFromAlphaOne).toBeGreaterThan(100); // the old α = 1 words would fail the loop above
  });
});

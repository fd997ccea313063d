// golden's fixed-point LDPC reference on its own: the saturation plan keeps decoding stable.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { makeFormat, LLR_RULES } from '../../isa/index.js';
import { parseAlist, decodeLdpcFixed, ldpcCaps, quantizeChannel, Prng } from '../../golden/index.js';
import { awgnFrames, ldpcFracBits, LdpcChipDecoder, withLdpcBits } from '../../runtime/index.js';
import { makeConfig } from '../../isa/index.js';

const path = new URL('../../../shared/data/ldpc/WIMAX_288_576.alist', import.meta.url);
const h = parseAlist(readFileSync(path, 'utf8'), 'WIMAX_288_576.alist');

describe('fixed-point LDPC reference', () => {
  it('caps c2v so that ch + dv·c2v ≤ MAX (WiMAX: dv = 6)', () => {
    expect(ldpcCaps(makeFormat(16, 8, 256), 6)).toEqual({ c2v: 4681, channel: 4681, scale: 1 });
    expect(ldpcCaps(makeFormat(8, 2, 256), 6)).toEqual({ c2v: 18, channel: 19, scale: 0.875 });
    expect(ldpcFracBits(8)).toBe(2);
    expect(ldpcFracBits(16)).toBe(8);
  });

  it('the chip decoder quantises the channel with the caps\' scale α (7/8 at W = 8, 1 at W = 16), rounding half up, then clamps', () => {
    const llr = Float64Array.of(1, -1, 10, -0.3, 0);
    const w8 = new LdpcChipDecoder(h, withLdpcBits(makeConfig({ pes: 1 }), 8), { rule: 'spa', schedule: 'layered', maxIter: 4, earlyStop: true });
    // α·x·2^F = 3.5, −3.5, 35, −1.05, 0 → ⌊· + 1/2⌋ = 4, −3, 35 (clamped to 19), −1, 0.
    expect(Array.from(w8.quantize(llr))).toEqual([4, -3, 19, -1, 0]);
    const w16 = new LdpcChipDecoder(h, withLdpcBits(makeConfig({ pes: 1 }), 16), { rule: 'spa', schedule: 'layered', maxIter: 4, earlyStop: true });
    expect(Array.from(w16.quantize(llr))).toEqual([256, -256, 2560, -77, 0]);
  });

  it('a clean codeword stays decoded through 50 layered iterations without early stop (posteriors never saturate)', () => {
    // Regression: with saturating posteriors and uncapped c2v, layered min-sum drifted to 456 bit errors by iteration 20.
    const f = makeFormat(16, 8, 256);
    const caps = ldpcCaps(f, 6);
    const ch = quantizeChannel(f, new Float64Array(h.n).fill(4), caps.channel);
    for (const rule of LLR_RULES) {
      const r = decodeLdpcFixed(h, ch, 1, { rule, schedule: 'layered', maxIter: 50, earlyStop: false, format: f, c2vCap: caps.c2v });
      expect(r.hard.reduce((a, b) => a + b, 0), rule).toBe(0);
      expect(r.iterations[0]).toBe(50);
    }
  });

  it('8-bit messages (Q5.2) decode WiMAX at 2.5 dB', () => {
    const f = makeFormat(8, ldpcFracBits(8), 256);
    const caps = ldpcCaps(f, 6);
    const frames = 64;
    const ch = quantizeChannel(f, awgnFrames(h.n, 0.5, 2.5, frames, new Prng(5)), caps.channel);
    const r = decodeLdpcFixed(h, ch, frames, { rule: 'spa', schedule: 'layered', maxIter: 50, earlyStop: true, format: f, c2vCap: caps.c2v });
    let frameErrors = 0;
    for (let i = 0; i < frames; i++) if (r.hard.subarray(i * h.n, (i + 1) * h.n).some((b) => b !== 0)) frameErrors++;
    expect(frameErrors).toBeLessThanOrEqual(2); // with F = 4 (±8 nats) every frame failed
  });
});

// Host LLR I/O beside the chip's decode-only Mbit/s: the words the host moves per batch, the
// link charge (bound.ts, HOST_LINK_BYTES_PER_SECOND, an assumption), and that mbps keeps its meaning.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { makeConfig } from '../../isa/index.js';
import { parseAlist, Prng } from '../../golden/index.js';
import {
  awgnFrames,
  HOST_LINK_BYTES_PER_SECOND,
  informationPositionsOf,
  ldpcHostIo,
  LdpcChipDecoder,
  simulateLdpc,
  slotHostWords,
} from '../../runtime/index.js';

const ALIST = '../shared/data/ldpc/CCSDS_64_128.alist';
const h = parseAlist(readFileSync(ALIST, 'utf8'), ALIST);

describe('host I/O of LDPC frames', () => {
  it('charges 4-byte scratchpad words at the assumed 4e9 B/s, added to the decode time', () => {
    expect(HOST_LINK_BYTES_PER_SECOND).toBe(4e9);
    const io = ldpcHostIo(makeConfig({}), 288_000, 100_000, 1000, 1000); // 1 GHz: 100 µs of decoding
    expect(io.bytes).toBe(8000);
    expect(io.seconds).toBe(2e-6);
    expect(io.mbps).toBeCloseTo(288_000 / 102e-6 / 1e6, 9); // 2823.5…
    expect(io.linkMbps).toBeCloseTo(144_000, 6);
    expect(ldpcHostIo(makeConfig({}), 0, 0, 0, 0)).toEqual({ wordsIn: 0, wordsOut: 0, bytes: 0, seconds: 0, mbps: 0, linkMbps: 0 });
  });

  for (const schedule of ['layered', 'flooding'] as const) {
    it(`counts the words loadSlot writes and readSlot reads, per batch (${schedule}, queue and static dispatch)`, () => {
      const cfg = makeConfig({ pes: 4 });
      const maxIter = 6;
      for (const dispatch of ['queue', 'static'] as const) {
        const dec = new LdpcChipDecoder(h, cfg, { rule: 'ms', schedule, maxIter, earlyStop: true }, dispatch);
        const vl = dec.program.layout.vl;
        const words = slotHostWords(dec.program.layout.slots[0], vl, h.n, maxIter);
        // in: the app vectors (and for flooding the channel copy) plus the mask; out: apps and the iteration log.
        expect(words).toEqual({ in: h.n * vl * (schedule === 'flooding' ? 2 : 1) + 1, out: h.n * vl + maxIter });
        const frames = 3 * vl + 1; // four batches, the last holding one frame
        const r = dec.decode(dec.quantize(awgnFrames(h.n, 0.5, 3, frames, new Prng(4))), frames);
        // Static dispatch loads every slot of every PE of a run (unfilled ones get mask 0).
        const batches = dispatch === 'queue' ? 4 : Math.ceil(frames / dec.runFrames) * dec.runFrames / vl;
        expect([r.hostWordsIn, r.hostWordsOut]).toEqual([batches * words.in, batches * words.out]);
      }
    });
  }

  it('is reported beside mbps by simulateLdpc, which keeps counting decode cycles only', () => {
    const cfg = makeConfig({});
    const p = simulateLdpc(h, {
      cfg, rule: 'spa', schedule: 'layered', maxIter: 20, earlyStop: true, ebn0: 3, seed: 2, maxFrames: 256, minFrameErrors: 0,
      infoPositions: informationPositionsOf(h), decoder: 'chip',
    });
    const k = 64;
    expect(p.mbps).toBeCloseTo((p.frames * k * cfg.clockMHz) / p.cycles, 9);
    expect(p.hostIo.bytes).toBe(4 * (p.hostIo.wordsIn + p.hostIo.wordsOut));
    expect(p.hostIo.wordsIn).toBe((256 / 8) * (h.n * 8 + 1)); // 32 batches of VL = 8 frames
    expect(p.hostIo.mbps).toBeCloseTo((p.frames * k) / (p.cycles / 1e9 + p.hostIo.bytes / 4e9) / 1e6, 9);
    expect(p.hostIo.mbps).toBeLessThan(p.mbps);
    expect(p.hostIo.mbps).toBeLessThan(p.hostIo.linkMbps);
  });
});

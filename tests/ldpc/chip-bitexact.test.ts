// The chip's structured LDPC decoder equals golden's fixed-point reference bit for bit (hard
// decisions and iterations per frame) on the four codes in ../shared/data/ldpc, every rule and
// schedule, W ∈ {8, 16}, P ∈ {1, 4, 16} (one P-PE machine per run; and the queue dispatch of
// one-PE runs; and both on one kept MachineMemory). Few frames and a small iteration cap keep it quick.
import { describe, it, expect, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { makeConfig, makeFormat, defaultTableSize, LLR_RULES, type LlrRule } from '../../isa/index.js';
import { parseAlist, decodeLdpcFixed, quantizeChannel, Prng, type ParityCheckMatrix } from '../../golden/index.js';
import { LdpcChipDecoder, awgnFrames, withLdpcBits, type LdpcDispatch } from '../../runtime/index.js';
import { MachineMemory } from '../../sim/index.js';

const DATA = new URL('../../../shared/data/ldpc/', import.meta.url);
const CODES = ['96.3.963.alist', 'CCSDS_64_128.alist', 'WIMAX_288_576.alist', 'MACKAY_504_1008.alist'];
const load = (name: string): ParityCheckMatrix => parseAlist(readFileSync(new URL(name, DATA), 'utf8'), name);

/** Decode and compare; returns the machine runs simulated. */
function check(h: ParityCheckMatrix, pes: number, W: number, rule: LlrRule, schedule: 'flooding' | 'layered', frames: number, dispatch: LdpcDispatch = 'static', memory?: MachineMemory): number {
  const cfg = withLdpcBits(makeConfig({ pes, meshWidth: pes === 16 ? 4 : pes === 4 ? 2 : 1, meshHeight: pes === 16 ? 4 : pes === 4 ? 2 : 1 }), W);
  const f = makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize);
  const opts = { rule, schedule, maxIter: 6, earlyStop: true };
  const decoder = new LdpcChipDecoder(h, cfg, opts, dispatch, memory);
  const caps = decoder.program.layout.caps;
  const ch = quantizeChannel(f, awgnFrames(h.n, (h.n - h.m) / h.n, 1.5, frames, new Prng(7 + W)), caps.channel);
  const chip = decoder.decode(ch, frames);
  const ref = decodeLdpcFixed(h, ch, frames, { ...opts, format: f, c2vCap: caps.c2v });
  expect(Array.from(chip.iterations)).toEqual(Array.from(ref.iterations));
  expect(Buffer.from(chip.hard).equals(Buffer.from(ref.hard))).toBe(true);
  return chip.runs;
}

describe('chip LDPC decoder = fixed-point reference, bit for bit', () => {
  for (const name of CODES) {
    const h = load(name);
    for (const W of [8, 16]) {
      it(`${name}, W=${W}: every rule and schedule on 4 PEs`, () => {
        for (const rule of LLR_RULES) for (const schedule of ['flooding', 'layered'] as const) check(h, 4, W, rule, schedule, 20);
      });
      it(`${name}, W=${W}: P = 1 and P = 16`, () => {
        for (const pes of [1, 16]) {
          check(h, pes, W, 'spa', 'layered', pes === 1 ? 12 : 40);
          check(h, pes, W, 'ms', 'flooding', pes === 1 ? 12 : 40);
        }
        check(h, 16, W, 'nms', 'layered', 40, 'queue');
      });
    }
  }
  it('on one MachineMemory: P-PE static runs and 1-PE queue runs in turn, the larger code first', () => {
    const memory = new MachineMemory(makeConfig({ pes: 4 }));
    const built = vi.spyOn(memory, 'shared');
    let runs = 0;
    for (const name of ['WIMAX_288_576.alist', '96.3.963.alist']) {
      for (const dispatch of ['static', 'queue'] as const) runs += check(load(name), 4, 16, 'nms', 'layered', 20, dispatch, memory);
    }
    // Every machine was built on the kept memory (the queue's 1-PE machines fit it too).
    expect(runs).toBeGreaterThan(4);
    expect(built).toHaveBeenCalledTimes(runs);
  });
  it('the iterations vary across frames (the test exercises the early stop)', () => {
    const h = load('WIMAX_288_576.alist');
    const cfg = makeConfig({ pes: 1, meshWidth: 1, meshHeight: 1 });
    const f = makeFormat(cfg.messageBits, cfg.fracBits, defaultTableSize(cfg.messageBits));
    const dec = new LdpcChipDecoder(h, cfg, { rule: 'spa', schedule: 'layered', maxIter: 6, earlyStop: true });
    const r = dec.decode(quantizeChannel(f, awgnFrames(h.n, 0.5, 1.5, 8, new Prng(23)), dec.program.layout.caps.channel), 8);
    expect(new Set(r.iterations).size).toBeGreaterThan(1);
  });
});

// The VCD writer's exact bytes, pinned: the full text of a 2-PE run with recv and barrier stalls,
// and SHA-256 hashes of a 16-PE BP-like run (the sim.vcdSlowdown workload, shorter) written
// directly, behind a wrapper, and with a PE selection and window. A faster writer must keep them.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../../isa/index.js';
import { Machine, loadImage, teeSinks, type TraceSink } from '../../sim/index.js';
import { CommitLogSink, VcdSink, selectTrace, type TraceSelection } from '../../trace/index.js';
import { bpLikeProgram } from '../../bench/workloads.js';
import { I, M, run } from '../sim/helpers.js';

// PE0 computes, sends 8 words to PE1, joins a barrier; PE1 receives, adds, stores, joins the barrier.
const twoPe = {
  code: [
    [I('addi', 1, 0, 1), I('setvli', 0, 8), I('vld', 1, M(0, 100)), I('vadd', 2, 1, 1), I('vst', 2, M(0, 200)), I('addi', 3, 0, 200), I('send', 1, 3, 8), I('bar'), I('halt')],
    [I('addi', 2, 0, 300), I('recv', 0, 2, 8), I('setvli', 0, 8), I('vld', 3, M(0, 300)), I('vrmin', 4, 3), I('mul', 5, 4, 4), I('st', 5, M(0, 400)), I('bar'), I('halt')],
  ],
  data: [[0, 100, [5, 6, 7, 8, 9, 10, 11, 12]]] as [number, number, number[]][],
};

const cfg = { ...DEFAULT_CONFIG };
const image = loadImage(bpLikeProgram(cfg, 8, 12), cfg);

/** VCD text of the BP-like run; `wrap` puts the sink behind a wrapper (the event path). */
function bpVcd(make: (w: (c: string) => void) => VcdSink, wrap?: (s: TraceSink) => TraceSink): string {
  const out: string[] = [];
  const vcd = make((c) => out.push(c));
  const r = new Machine(cfg, image).run({ sink: wrap ? wrap(vcd) : vcd });
  expect(r.status).toBe('halted');
  return out.join('');
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('VCD bytes (pinned)', () => {
  it('a 2-PE run with recv and barrier stalls: the full text', () => {
    const out: string[] = [];
    run(twoPe, { pes: 2 }, undefined, { sink: new VcdSink((c) => out.push(c)) });
    const want = readFileSync(new URL('./fixtures/vcd-2pe.vcd', import.meta.url), 'utf8');
    expect(out.join('')).toBe(want);
  });

  it('the same run behind a wrapper (teeSinks with the commit log) writes the same text', () => {
    const out: string[] = [];
    run(twoPe, { pes: 2 }, undefined, { sink: teeSinks([new VcdSink((c) => out.push(c)), new CommitLogSink(() => {})]) });
    expect(out.join('')).toBe(readFileSync(new URL('./fixtures/vcd-2pe.vcd', import.meta.url), 'utf8'));
  });

  const full = bpVcd((w) => new VcdSink(w));

  it('a 16-PE BP-like run, written directly', () => {
    expect([full.length, sha(full)]).toEqual([314494, 'c4f1aed36ca706ebfaae9907a27022b127cf4ca06ea569f14309b7a3252abadf']);
  });

  it('the same run behind a wrapper is byte-identical', () => {
    expect(bpVcd((w) => new VcdSink(w), (s) => teeSinks([s, new CommitLogSink(() => {})])!)).toBe(full);
  });

  const windows: [TraceSelection, number, string][] = [
    [{ pes: [1, 6, 7], from: 300, to: 900 }, 37002, '6727fbe83b1dbca01463d5b864a1c3b9e4882ae45f7ad41cf11d494759b4c54d'],
    [{ pes: [1, 6, 7], from: 300, to: 600 }, 21698, 'fb4b1c34eeff91aa00ab66625b2a1af3e946f82263b936d8f37fbb8cf2a42ac3'],
    [{ from: 100 }, 277784, 'dfca8b87b301ae21f48e06f8c53c171b0f021f70f90c204be359790030bf780c'],
  ];
  for (const [sel, length, hash] of windows) {
    it(`selection ${JSON.stringify(sel)}`, () => {
      const part = bpVcd((w) => new VcdSink(w, { window: sel }), (s) => selectTrace(s, sel, false));
      expect([part.length, sha(part)]).toEqual([length, hash]);
    });
  }
});

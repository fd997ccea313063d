// The byte path of the trace writers (what the CLI uses): the chunks a ByteWriter gets, copied and
// joined, are exactly the text the string callback gets, over several ~1 MiB chunks, directly and
// behind wrappers; and a chunk is a view of the writer's reused buffer (the callee copies it).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../../isa/index.js';
import { Machine, loadImage, teeSinks, type TraceSink } from '../../sim/index.js';
import { CommitLogSink, VcdSink, selectTrace, type ByteWriter, type ChunkWriter, type TraceSelection } from '../../trace/index.js';
import { bpLikeProgram } from '../../bench/workloads.js';
import { I, M, run } from '../sim/helpers.js';

const cfg = { ...DEFAULT_CONFIG };
// About 2.0 MB of VCD and 1.4 MB of commit log: more than one output chunk each.
const image = loadImage(bpLikeProgram(cfg, 16, 40), cfg);

/** A byte writer that copies each chunk (as the contract asks) and counts them. */
function copying(): ByteWriter & { text: () => string; chunks: number } {
  const parts: Buffer[] = [];
  const w = {
    chunks: 0,
    writeBytes(c: Uint8Array) {
      parts.push(Buffer.from(c));
      w.chunks++;
    },
    text: () => Buffer.concat(parts).toString('utf8'),
  };
  return w;
}

function strings(): ((c: string) => void) & { text: () => string } {
  const parts: string[] = [];
  return Object.assign((c: string) => void parts.push(c), { text: () => parts.join('') });
}

function traced(sink: TraceSink, wrap?: (s: TraceSink) => TraceSink): void {
  const r = new Machine(cfg, image).run({ sink: wrap ? wrap(sink) : sink });
  expect(r.status).toBe('halted');
}

describe('trace writers, byte path', () => {
  it('VCD: the bytes are the string text, over several chunks', () => {
    const b = copying();
    const s = strings();
    traced(new VcdSink(b));
    traced(new VcdSink(s));
    expect(b.chunks).toBeGreaterThanOrEqual(3); // the header and at least two ~1 MiB chunks
    expect(b.text().length).toBe(2012282);
    expect(b.text()).toBe(s.text());
  });

  const sel: TraceSelection = { pes: [0, 5, 9], from: 200, to: 1500 };
  it('VCD behind a wrapper and with a selection: the same bytes as the string path', () => {
    const b = copying();
    const s = strings();
    traced(new VcdSink(b, { window: sel }), (v) => teeSinks([selectTrace(v, sel, false), new CommitLogSink(() => {})])!);
    traced(new VcdSink(s, { window: sel }), (v) => selectTrace(v, sel, false));
    expect(b.text().length).toBe(89971);
    expect(b.text()).toBe(s.text());
  });

  it('VCD of the pinned 2-PE run: the fixture bytes', () => {
    const code = [
      [I('addi', 1, 0, 1), I('setvli', 0, 8), I('vld', 1, M(0, 100)), I('vadd', 2, 1, 1), I('vst', 2, M(0, 200)), I('addi', 3, 0, 200), I('send', 1, 3, 8), I('bar'), I('halt')],
      [I('addi', 2, 0, 300), I('recv', 0, 2, 8), I('setvli', 0, 8), I('vld', 3, M(0, 300)), I('vrmin', 4, 3), I('mul', 5, 4, 4), I('st', 5, M(0, 400)), I('bar'), I('halt')],
    ];
    const b = copying();
    run({ code, data: [[0, 100, [5, 6, 7, 8, 9, 10, 11, 12]]] }, { pes: 2 }, undefined, { sink: new VcdSink(b) });
    expect(b.text()).toBe(readFileSync(new URL('./fixtures/vcd-2pe.vcd', import.meta.url), 'utf8'));
  });

  it('commit log: the bytes are the string text, over several chunks', () => {
    const b = copying();
    const s = strings();
    traced(new CommitLogSink(b));
    traced(new CommitLogSink(s));
    expect(b.chunks).toBeGreaterThanOrEqual(3);
    expect(b.text().length).toBe(1412660);
    expect(b.text()).toBe(s.text());
  });

  it('a chunk is a view of the reused buffer: one kept without copying is overwritten', () => {
    const kept: Uint8Array[] = [];
    const firstBytes: number[] = [];
    const w: ChunkWriter = {
      writeBytes(c) {
        kept.push(c);
        firstBytes.push(c[0]);
      },
    };
    traced(new VcdSink(w));
    // Chunks after the header share one buffer; the first body chunk starts with a time stamp.
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept[2].buffer).toBe(kept[1].buffer);
    expect(String.fromCharCode(firstBytes[1])).toBe('#');
    expect(kept[1][0]).toBe(kept[2][0]);
  });
});

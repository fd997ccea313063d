// The commit log's batch path: the simulator appends issues to the sink's retirement log
// (trace/retire-log.ts) instead of calling `issue`. It must write exactly what the event path
// (behind a wrapper such as teeSinks) writes, and the log must keep entries intact as it reuses
// and grows its arrays.
import { describe, it, expect } from 'vitest';
import { SHARED_BASE } from '../../isa/index.js';
import { teeSinks, type TraceSink } from '../../sim/index.js';
import { CommitLogSink, PeRetirements } from '../../trace/index.js';
import { I, M, run } from '../sim/helpers.js';

// Scalar, vector, scratchpad and shared-memory writes, a message, a barrier and a loop on two PEs.
const program = {
  code: [
    [I('addi', 1, 0, 1), I('setvli', 0, 4), I('vld', 1, M(0, 100)), I('vadd', 2, 1, 1), I('vst', 2, M(0, 200)), I('addi', 3, 0, 200), I('send', 1, 3, 4), I('bar'), I('halt')],
    [I('addi', 2, 0, 300), I('recv', 0, 2, 4), I('lui', 6, SHARED_BASE >>> 10), I('loopi', 2, 3), I('addi', 4, 4, -3), I('st', 4, M(6, 8)), I('bar'), I('halt')],
  ],
  data: [[0, 100, [5, 6, 7, -8]]] as [number, number, number[]][],
};

function commitLog(wrap: (s: TraceSink) => TraceSink): string {
  const chunks: string[] = [];
  const r = run(program, { pes: 2 }, undefined, { sink: wrap(new CommitLogSink((c) => chunks.push(c))) });
  expect(r.report.status).toBe('halted');
  return chunks.join('');
}

describe('commit log through the retirement log', () => {
  const direct = commitLog((s) => s);

  it('writes every line with its exact writes, in (cycle, PE) order', () => {
    expect(direct).toBe(
      [
        '# gp5 commit log v1\tcycle\tpe\tpc\tword\tdisassembly\twrites',
        '0\t0\t0\t0x40400001\taddi r1, r0, 1\tr1=0x00000001',
        '0\t1\t0\t0x4080012c\taddi r2, r0, 300\tr2=0x0000012c',
        '1\t0\t1\t0x70000004\tsetvli r0, 4\t-',
        '2\t0\t2\t0xa8400064\tvld v1, 100(r0)\tv1=[5,6,7,-8]',
        '4\t0\t3\t0xc0844000\tvadd v2, v1, v1\tv2=[10,12,14,-16]',
        '6\t0\t4\t0xac8000c8\tvst v2, 200(r0)\tM[200]=[10,12,14,-16]',
        '7\t0\t5\t0x40c000c8\taddi r3, r0, 200\tr3=0x000000c8',
        '8\t0\t6\t0xb04c0004\tsend r1, r3, 4\t-',
        '9\t1\t1\t0xb4080004\trecv r0, r2, 4\tM[300]=[10,12,14,-16]',
        '10\t1\t2\t0x61800400\tlui r6, 1024\tr6=0x00100000',
        '11\t1\t3\t0x9c008003\tloopi 2, 6\t-',
        '12\t1\t4\t0x4113fffd\taddi r4, r4, -3\tr4=0xfffffffd',
        `13\t1\t5\t0xa5180008\tst r4, 8(r6)\tM[${SHARED_BASE + 8}]=[-3]`,
        '18\t1\t4\t0x4113fffd\taddi r4, r4, -3\tr4=0xfffffffa',
        `19\t1\t5\t0xa5180008\tst r4, 8(r6)\tM[${SHARED_BASE + 8}]=[-6]`,
        '24\t0\t7\t0xb8000000\tbar\t-',
        '24\t1\t6\t0xb8000000\tbar\t-',
        '25\t0\t8\t0x7c000000\thalt\t-',
        '25\t1\t7\t0x7c000000\thalt\t-',
        '',
      ].join('\n'),
    );
  });

  it('is byte-identical to the event path behind a wrapper', () => {
    const noop: TraceSink = { issue() {}, stall() {}, halt() {} };
    expect(commitLog((s) => teeSinks([s, noop])!)).toBe(direct);
  });

  it('the simulator appends to a sink that has a log instead of calling issue', () => {
    const sink = new CommitLogSink(() => {});
    sink.issue = () => {
      throw new Error('issue called');
    };
    expect(run(program, { pes: 2 }, undefined, { sink }).report.status).toBe('halted');
  });
});

describe('PeRetirements', () => {
  it('keeps unconsumed entries and their data while it compacts and grows', () => {
    const r = new PeRetirements();
    const src = Int32Array.from({ length: 8 }, (_, k) => k * 11 - 20);
    const push = (n: number) => {
      const i = r.add(n, n % 7, n * 3);
      r.memAddr[i] = n;
      r.memLen[i] = n % 4;
      r.copy(src, n % 5, n % 4);
    };
    const check = (n: number, i: number) => {
      expect([r.cycle[i], r.pc[i], r.word[i], r.memAddr[i], r.memLen[i]]).toEqual([n, n % 7, n * 3, n, n % 4]);
      expect(Array.from(r.data.subarray(r.dataAt[i], r.dataAt[i] + (n % 4)))).toEqual(Array.from(src.subarray(n % 5, (n % 5) + (n % 4))));
    };
    let next = 0;
    let seen = 0;
    // Consume in uneven bites so both compaction (many consumed) and growth (few consumed) happen.
    for (const [add, consume] of [[300, 250], [600, 10], [1000, 1200], [50, 40]]) {
      for (let k = 0; k < add; k++) push(next++);
      for (let k = 0; k < consume && r.head < r.count; k++) check(seen++, r.head++);
    }
    while (r.head < r.count) check(seen++, r.head++);
    expect(seen).toBe(next);
    expect(r.cycle.length).toBeLessThan(4096);
  });
});

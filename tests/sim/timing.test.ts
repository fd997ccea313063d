// Hazards, bank conflicts, network contention and barriers, with hand-computed cycle counts.
import { describe, it, expect } from 'vitest';
import { SHARED_BASE } from '../../isa/index.js';
import { I, M, run } from './helpers.js';

describe('pipeline hazards', () => {
  it('RAW: a load result (latency 2) stalls its consumer one cycle', () => {
    // ld @0 → r1 ready at 2; add @2 (raw at 1) → ready 3; halt @3.
    const { report } = run({ code: [[I('ld', 1, M(0, 5)), I('add', 2, 1, 1), I('halt')]] });
    expect(report.cycles).toBe(4);
    expect(report.stalls.raw).toBe(1);
    expect(report.pes[0].instructions).toBe(3);
  });

  it('WAW: a write to a register with a pending multiply waits for it', () => {
    // mul @0 → r1 ready at 3; addi r1 @3 (waw 1..2) → ready 4; halt @4.
    const { report, machine } = run({ code: [[I('mul', 1, 2, 3), I('addi', 1, 0, 5), I('halt')]] });
    expect(report.cycles).toBe(5);
    expect(report.stalls.waw).toBe(2);
    expect(machine.pes[0].sreg[1]).toBe(5);
  });

  it('structural: back-to-back vector ops stream (busy), independent scalar ops overlap', () => {
    // vadd @0 (8 beats) ; addi @1 (alu, free) ; vsub @8 (busy 2..7) → ready 8+8+2−1 = 17; halt @17.
    const { report } = run({ code: [[I('vadd', 1, 2, 3), I('addi', 4, 0, 1), I('vsub', 2, 3, 3), I('halt')]] });
    expect(report.cycles).toBe(18);
    expect(report.stalls.busy).toBe(6 + 8); // waiting for the vector unit, then halt draining
    expect(report.pes[0].utilization).toBe(1); // every cycle issues or streams
  });

  it('taken branch costs 2 bubble cycles (branch stalls)', () => {
    // addi r1 @0; loop: addi r1,r1,-1 @1, bne @2 → taken: bubbles 3,4; again @5,@6; falls through; halt @7.
    const { report, machine } = run({ code: [[I('addi', 1, 0, 2), I('addi', 1, 1, -1), I('bne', 1, 0, -1), I('halt')]] });
    expect(machine.pes[0].sreg[1]).toBe(0);
    expect(report.stalls.branch).toBe(2);
    expect(report.cycles).toBe(8);
  });

  it('an accumulator written by another unit is a normal RAW dependency', () => {
    // addi r3 @0 → ready 1; vmaxad r3 reads it @1; ready 1+8+2 = 11; halt @11.
    const { report } = run({ code: [[I('addi', 3, 0, 1), I('vmaxad', 3, 1, 2), I('halt')]] });
    expect(report.cycles).toBe(12);
    const two = run({ code: [[I('vmaxad', 3, 1, 2), I('vmaxad', 3, 1, 2), I('halt')]] });
    // Second vmaxad: same unit, forwarded: issues @8 when the unit frees; ready 8+8+2 = 18.
    expect(two.report.stalls.raw).toBe(0);
    expect(two.report.cycles).toBe(19);
  });

  it('memory ordering: fupd waits for an earlier vector store on the LSU', () => {
    // vst @0 (8 beats, latency 1 → write done at 8); fupd reads memory → mem-order 1..7, issues @8.
    const desc = [4, 2, 0, 200, 300, 0, 2, 1, 0, 2, 2, 310];
    const { report } = run({ code: [[I('vst', 1, M(0, 400)), I('fupd.sp', 3, M(0, 100)), I('halt')]], data: [[0, 100, desc]] });
    expect(report.stalls['mem-order']).toBe(7);
    // fupd @8: 4 beats, latency 4 → done at 15; halt @15.
    expect(report.cycles).toBe(16);
  });

  it('memory ordering: a send waits only for an in-flight write that overlaps its words', () => {
    // fupd @0 writes M[300..301] (4 beats, latency 4: done at 7). addi r2/r3/r4 @1..3.
    // send r2, r3 (M[400..401], disjoint) @4 with no stall; send r2, r4 (M[300..301]) waits
    // (mem-order 5, 6) and issues @7; halt @8. Under the older rule the first send waited to 7 too.
    const desc = [4, 2, 0, 200, 300, 0, 2, 1, 0, 2, 2, 310];
    const code = [I('fupd.sp', 0, M(0, 100)), I('addi', 2, 0, 1), I('addi', 3, 0, 400), I('addi', 4, 0, 300), I('send', 2, 3, 2), I('send', 2, 4, 2), I('halt')];
    const sink = [I('recv', 0, 3, 2), I('recv', 0, 3, 2), I('halt')];
    const { report, machine } = run({ code: [code, sink], data: [[0, 100, desc]] }, { pes: 2 }, (m) => (m.pes[1].sreg[3] = 500));
    expect(report.pes[0].stalls['mem-order']).toBe(2);
    expect(machine.pes[0].instret).toBe(7);
    expect(report.pes[0].cycles).toBe(9);
  });

  it('the factor unit pipelines back-to-back fupds without mem-order stalls', () => {
    const desc = [4, 2, 0, 200, 300, 0, 2, 1, 0, 2, 2, 310];
    const { report } = run({ code: [[I('fupd.sp', 3, M(0, 100)), I('fupd.sp', 3, M(0, 100)), I('halt')]], data: [[0, 100, desc]] });
    // fupd @0 (4 beats); the second fupd's accumulator rd is forwarded inside the unit, so it
    // issues when the unit frees @4 (busy 1..3); ready 4+4−1+4 = 11; halt @11.
    expect(report.stalls['mem-order']).toBe(0);
    expect(report.stalls.raw).toBe(0);
    expect(report.stalls.busy).toBe(3 + 6); // then halt drains 5..10
    expect(report.cycles).toBe(12);
  });
});

describe('shared memory banks', () => {
  it('two PEs loading the same bank in one cycle: the higher id waits one cycle', () => {
    const code = [I('ld', 1, M(2, 0)), I('halt')];
    const { report } = run({ code: [code, code] }, { pes: 2 }, (m) => {
      m.pes[0].sreg[2] = SHARED_BASE;
      m.pes[1].sreg[2] = SHARED_BASE + 8; // bank 0 again (8 banks)
    });
    expect(report.pes[0].bankConflicts).toBe(0);
    expect(report.pes[1].bankConflicts).toBe(1);
    expect(report.pes[1].stalls.bank).toBe(1);
    // PE0: ld @0, latency 2+4 → halt @6. PE1: ld @1 → halt @7.
    expect(report.pes[0].cycles).toBe(7);
    expect(report.cycles).toBe(8);
  });

  it('different banks do not conflict', () => {
    const code = [I('ld', 1, M(2, 0)), I('halt')];
    const { report } = run({ code: [code, code] }, { pes: 2 }, (m) => {
      m.pes[0].sreg[2] = SHARED_BASE;
      m.pes[1].sreg[2] = SHARED_BASE + 1;
    });
    expect(report.bankConflicts).toBe(0);
    expect(report.cycles).toBe(7);
  });

  it('a 16-lane vector load over 8 banks needs 2 beats per bank; a second PE waits for them', () => {
    const code = [I('setvli', 0, 16), I('vld', 1, M(2, 0)), I('halt')];
    const { report } = run({ code: [code, code] }, { pes: 2 }, (m) => {
      m.pes[0].sreg[2] = SHARED_BASE;
      m.pes[1].sreg[2] = SHARED_BASE + 100;
    });
    // PE0: vld @1, banks busy until 3, beats 2, latency 2+4 → ready 1+2−1+6 = 8 → halt @8.
    // PE1: bank stall @1..2, vld @3 → ready 10 → halt @10.
    expect(report.pes[0].cycles).toBe(9);
    expect(report.pes[1].stalls.bank).toBe(2);
    expect(report.cycles).toBe(11);
  });
});

describe('mesh network', () => {
  // 4x1 mesh. PE0 → PE2 (2 hops) and PE1 → PE2 (1 hop) in cycle 0 share the link 1→2.
  const send = (dest: number) => [I('addi', 1, 0, dest), I('send', 1, 0, 8), I('halt')];
  const cfg = { pes: 4, meshWidth: 4, meshHeight: 1 };

  it('a one-flit message over one hop arrives after hopLatency', () => {
    // send @1 (flit on link 0→1 at 1) → arrives 2; PE1 recv @2 (stall 0..1), 1 beat, latency 1 → halt @3.
    const { report, machine } = run(
      { code: [send(1), [I('recv', 0, 2, 8), I('halt')]], data: [[0, 0, [11, 22, 33, 44, 55, 66, 77, 88]]] },
      { pes: 2 },
    );
    expect(Array.from(machine.pes[1].spm.slice(0, 8))).toEqual([11, 22, 33, 44, 55, 66, 77, 88]);
    expect(report.pes[1].stalls.recv).toBe(2);
    expect(report.pes[1].cycles).toBe(4);
    expect(report.network.flits).toBe(1);
    expect(report.network.flitHops).toBe(1);
  });

  it('link contention delays the second message by the cycles the link was taken', () => {
    // PE0's flit: link 0→1 at 1, link 1→2 at 2, arrives 3. PE1's flit wants 1→2 at 1 but the link is
    // reserved through 2 (links serve flits in send order): it goes at 3 and arrives 4.
    // PE2: recv from PE1 first: stall until 4, recv @4, recv from PE0 @5 (net busy), halt @6.
    const { report } = run(
      { code: [send(2), send(2), [I('addi', 1, 0, 1), I('recv', 1, 2, 8), I('recv', 0, 2, 8), I('halt')], []] },
      cfg,
    );
    expect(report.network.linkWaitCycles).toBe(2);
    expect(report.network.flitHops).toBe(3);
    expect(report.pes[2].cycles).toBe(7);
  });

  it('a two-flit message arrives one cycle after its first flit', () => {
    const { report } = run(
      { code: [[I('addi', 1, 0, 1), I('send', 1, 0, 16), I('halt')], [I('recv', 0, 2, 16), I('halt')]] },
      { pes: 2 },
    );
    // send @1 injects flits at 1 and 2, each 1 hop → last arrives 3; recv @3, 2 beats, latency 1 → halt @5.
    expect(report.pes[1].cycles).toBe(6);
    expect(report.pes[0].flitsSent).toBe(2);
  });
});

describe('barriers', () => {
  it('releases every PE in the cycle the last one arrives, and barmax reduces', () => {
    const { report, machine } = run(
      {
        code: [
          [I('csrr', 1, 0), I('barmax', 2, 1), I('halt')],
          [I('csrr', 1, 0), I('mul', 1, 1, 1), I('mul', 1, 1, 1), I('barmax', 2, 1), I('halt')],
        ],
      },
      { pes: 2 },
    );
    // PE1: csrr @0, mul @1 (r1 ready 4), mul @4 (raw 2..3), ready 7, barmax @7 (raw 5..6).
    // PE0 arrives @1 and waits 1..6 (6 cycles); both issue @7; r2 = max(0, 1) = 1.
    expect(machine.pes[0].sreg[2]).toBe(1);
    expect(machine.pes[1].sreg[2]).toBe(1);
    expect(report.pes[0].stalls.barrier).toBe(6);
    expect(report.pes[0].cycles).toBe(9);
  });

  it('a halted PE leaves the barrier', () => {
    const { report } = run({ code: [[I('bar'), I('halt')], []] }, { pes: 2 });
    expect(report.status).toBe('halted');
    expect(report.cycles).toBe(2);
  });
});

describe('run-ahead scheduling', () => {
  it('gives the same cycles, stalls, state and traces as lockstep scheduling', async () => {
    const { isingGrid, quantizeGraph } = await import('../../golden/index.js');
    const { makeConfig, makeFormat } = await import('../../isa/index.js');
    const { compileGraph, toObject } = await import('../../runtime/index.js');
    const { simulate } = await import('../../sim/index.js');
    const cfg = makeConfig({ pes: 16 });
    const q = quantizeGraph(isingGrid({ rows: 10, cols: 10, seed: 3 }), makeFormat(16, 8, 256));
    const obj = toObject(compileGraph(q, cfg, { schedule: 'sequential', semiring: 'sum-product', lambda: 0, tolRaw: 0, maxIter: 3 }));
    const { teeSinks } = await import('../../sim/index.js');
    const { CommitLogSink, VcdSink, ProfileSink } = await import('../../trace/index.js');
    const traced = (lockstep: boolean) => {
      const out = { vcd: [] as string[], log: [] as string[], prof: [] as string[] };
      const sink = teeSinks([new VcdSink((c) => out.vcd.push(c)), new CommitLogSink((c) => out.log.push(c)), new ProfileSink((c) => out.prof.push(c))]);
      const r = simulate(obj, cfg, { sink, lockstep });
      return { ...r, vcd: out.vcd.join(''), log: out.log.join(''), prof: out.prof.join('') };
    };
    const fast = traced(false);
    const slow = traced(true);
    expect(fast.report).toEqual(slow.report);
    for (let p = 0; p < 16; p++) expect(fast.machine.pes[p].spm).toEqual(slow.machine.pes[p].spm);
    expect(fast.report.network.messages).toBeGreaterThan(0);
    // The sinks merge run-ahead events back into global order: byte-identical traces.
    expect(fast.log).toBe(slow.log);
    expect(fast.vcd).toBe(slow.vcd);
    expect(fast.prof).toBe(slow.prof);
    expect(simulate(obj, cfg).report).toEqual(slow.report);
  });
});

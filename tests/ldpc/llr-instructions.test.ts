// cnu.<rule> and vnu in the simulator: exact bits, exact cycles, lane masks, lane-operations, faults.
import { describe, it, expect } from 'vitest';
import { makeConfig } from '../../isa/index.js';
import { Machine, loadImage } from '../../sim/index.js';
import { ProfileSink } from '../../trace/index.js';
import { I, run, objectOf } from '../sim/helpers.js';

// Check descriptor at 100: degree 3, c2v block at 200 (3 edges × VL 2), flags, cap, apps at 300/310/320.
const check = (layered: number): [number, number, number[]][] => [
  [0, 100, [3, 200, layered, 32767, 300, 310, 320]],
  [0, 300, [100, 5]],
  [0, 310, [-40, 6]],
  [0, 320, [64, -7]],
];
// setvli VL=2; r1 = desc; r2 = active mask; cnu; halt.
const cnuProgram = (mnemonic: string, mask: number) => [I('setvli', 0, 2), I('addi', 1, 0, 100), I('addi', 2, 0, mask), I(mnemonic, 3, 1, 2), I('halt')];

describe('cnu', () => {
  it('layered min-sum: c2v, app write-back, not-converged mask and cycles', () => {
    const { machine, report } = run({ code: [cnuProgram('cnu.ms', 3)], data: check(1) });
    const spm = machine.pes[0].spm;
    // lane 0: t = (100, −40, 64) → (−40, 64, −40); lane 1: t = (5, 6, −7) → (−6, −5, 5).
    expect(Array.from(spm.slice(200, 206))).toEqual([-40, -6, 64, -5, -40, 5]);
    expect([spm[300], spm[301], spm[310], spm[311], spm[320], spm[321]]).toEqual([60, -1, 24, 1, 24, -2]);
    expect(machine.pes[0].sreg[3]).toBe(0b11); // odd sign parity in both lanes
    // cnu issues at 3: 1 + 3·⌈2/8⌉ = 4 beats, latency 3 (write pass) + 2 → r3 ready at 3 + 3 + 5 = 11; halt @11.
    expect(report.cycles).toBe(12);
    expect(report.stalls.busy).toBe(7); // halt waits 4 … 10
    expect(report.laneOps).toBe(3 * 2); // d edges × 2 lanes; scalar ops and setvli count no lanes
    expect(report.laneUtilization).toBeCloseTo(6 / (8 * 12), 12);
  });

  it('flooding leaves the apps alone; frozen lanes are neither read nor written', () => {
    const { machine } = run({ code: [cnuProgram('cnu.nms', 0b10)], data: check(0) });
    const spm = machine.pes[0].spm;
    // lane 1 only: t = (5, 6, −7), NMS: |·| 6 → 5, 5 → 4.
    expect(Array.from(spm.slice(200, 206))).toEqual([0, -5, 0, -4, 0, 4]);
    expect([spm[300], spm[301], spm[310], spm[311]]).toEqual([100, 5, -40, 6]);
    expect(machine.pes[0].sreg[3]).toBe(0b10);
  });

  it('a satisfied check whose signs do not move leaves the mask clear', () => {
    const data: [number, number, number[]][] = [[0, 100, [2, 200, 1, 32767, 300, 310]], [0, 300, [50, 9]], [0, 310, [70, -9]]];
    const { machine } = run({ code: [cnuProgram('cnu.spa', 3)], data });
    const spm = machine.pes[0].spm;
    // lane 0: (50, 70) → c2v (70, 50), apps 120, 120: satisfied, no flip. Lane 1: (9, −9) odd parity.
    expect(Array.from(spm.slice(200, 204))).toEqual([70, -9, 50, 9]);
    expect(machine.pes[0].sreg[3]).toBe(0b10);
  });

  it('a cnu that reads what the previous write pass writes waits for it', () => {
    const code = [I('setvli', 0, 2), I('addi', 1, 0, 100), I('addi', 2, 0, 3), I('cnu.oms', 3, 1, 2), I('cnu.oms', 3, 1, 2), I('halt')];
    const { report } = run({ code: [code], data: check(1) });
    // @3: read pass to 7, write pass to 10. Same check @7: waits 3, then 4 beats → unit free at 14,
    // ready 7 + 7 − 1 + 5 = 18; halt @18. rd accumulates from the same unit without a RAW stall.
    expect(report.cycles).toBe(19);
    expect(report.stalls.raw).toBe(0);
  });

  it('checks on disjoint vectors overlap the write pass with the next read pass', () => {
    const data: [number, number, number[]][] = [...check(1), [0, 110, [3, 210, 1, 32767, 330, 340, 350]]];
    const code = [I('setvli', 0, 2), I('addi', 1, 0, 100), I('addi', 4, 0, 110), I('addi', 2, 0, 3), I('cnu.ms', 3, 1, 2), I('cnu.ms', 3, 4, 2), I('halt')];
    const { report } = run({ code: [code], data });
    // @4 (4 beats), @8 (4 beats, no wait) → ready 8 + 3 + 5 = 16; halt @16.
    expect(report.cycles).toBe(17);
  });

  it('vnu waits for a write pass in flight', () => {
    const data: [number, number, number[]][] = [...check(0), [0, 400, [1, 500, 300, 200]]];
    const code = [I('setvli', 0, 2), I('addi', 1, 0, 100), I('addi', 4, 0, 400), I('addi', 2, 0, 3), I('cnu.ms', 3, 1, 2), I('vnu', 4, 2), I('halt')];
    const { report } = run({ code: [code], data });
    // cnu @4: read pass to 8, write pass to 11. vnu @8 waits 3, then 1 + 2 beats → ready 8 + 6 − 1 + 2 = 15; halt @15.
    expect(report.cycles).toBe(16);
  });

  it('first pass (rm bit 16): the old c2v reads as 0, whatever the block holds', () => {
    const data = [...check(1), [0, 200, [9999, -9999, 77, 77, -5, 5]] as [number, number, number[]]];
    const { machine } = run({ code: [[I('setvli', 0, 2), I('addi', 1, 0, 100), I('lui', 2, 64), I('ori', 2, 2, 3), I('cnu.ms', 3, 1, 2), I('halt')]], data });
    const spm = machine.pes[0].spm;
    expect(Array.from(spm.slice(200, 206))).toEqual([-40, -6, 64, -5, -40, 5]); // as from a cleared block
    expect(machine.pes[0].sreg[3]).toBe(0b11); // bit 16 is not a lane
  });

  it('faults name the bad field: degree 0, VL > 16, c2v block outside the scratchpad', () => {
    const bad = (data: [number, number, number[]][], vl = 2) => run({ code: [[I('setvli', 0, vl), I('addi', 1, 0, 100), I('addi', 2, 0, 3), I('cnu.ms', 3, 1, 2), I('halt')]], data }).report;
    const r1 = bad([[0, 100, [0, 200, 0]]]);
    expect(r1.fault?.cause).toBe('bad-descriptor');
    expect(r1.fault?.message).toContain('degree = 0');
    const r2 = bad(check(0), 17);
    expect(r2.fault?.message).toContain('at most 16 lanes');
    const r3 = bad([[0, 100, [1, 65535, 0, 100, 300]]]);
    expect(r3.fault?.cause).toBe('memory-range');
    expect(r3.fault?.message).toContain('c2v block');
    const r4 = bad([[0, 100, [1, 200, 0, 40000, 300]]]);
    expect(r4.fault?.message).toContain('cap = 40000');
  });
});

describe('vnu', () => {
  it('app = ch + Σ c2v, saturating, for active lanes; 1 + (deg + 1)·⌈VL/L⌉ beats', () => {
    const data: [number, number, number[]][] = [
      [0, 400, [2, 500, 510, 200, 204]],
      [0, 500, [10, -32000]],
      [0, 200, [-40, -6]],
      [0, 204, [-40, -5000]],
    ];
    const code = [I('setvli', 0, 2), I('addi', 1, 0, 400), I('addi', 2, 0, 3), I('vnu', 1, 2), I('halt')];
    const { machine, report } = run({ code: [code], data });
    expect([machine.pes[0].spm[510], machine.pes[0].spm[511]]).toEqual([-70, -32767]);
    // vnu @3, 4 beats, latency 2: memory write done at 3 + 3 + 2 = 8; halt @8.
    expect(report.cycles).toBe(9);
    expect(report.laneOps).toBe(3 * 2);
  });
});

describe('lane utilisation in the profile', () => {
  it('a counter track of useful lane-operations / (P·L·cycles) per window', () => {
    const cfg = makeConfig({ pes: 1 });
    const machine = new Machine(cfg, loadImage(objectOf({ code: [cnuProgram('cnu.ms', 3)], data: check(1) }, cfg), cfg));
    let text = '';
    const r = machine.run({ sink: new ProfileSink((c: string) => (text += c)) });
    expect(r.cycles).toBe(12);
    const ev = JSON.parse(text).traceEvents.find((e: { name: string }) => e.name === 'lane utilisation');
    expect(ev.args.fraction).toBeCloseTo(6 / (12 * 8), 12); // 3 edges × 2 lanes in 12 cycles of 8 lanes
  });
});

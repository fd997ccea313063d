// Lockstep mode: gp5sim's commit log streams through a FIFO into the Verilator harness, which
// checks every retirement as it happens and stops at the first divergence (rtl/lockstep.ts), with
// `compare`'s report on the last cycles.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '../../asm/index.js';
import { loadImage } from '../../sim/index.js';
import { MODELS, runCaseLockstep } from '../../rtl/cosim.js';
import { rtlConfig, rtlParams } from '../../rtl/harness.js';
import { lockstep } from '../../rtl/lockstep.js';
import { buildVerilator } from '../../rtl/verilator.js';
import { requireTool } from '../tools.js';

const have = requireTool(['verilator', 'mkfifo'], 'verilator', 'the lockstep co-simulation (tests/rtl/lockstep.test.ts)');
const work = mkdtempSync(join(tmpdir(), 'gp5-lockstep-test-'));
const cfg = rtlConfig({ pes: 4 });
let bin = '';

// PE0 loads r1 from its scratchpad and loops 1000 times; the RTL's copy holds 6 there, not 5.
const program = (r1: number) =>
  loadImage(
    assemble(`.text pe=0\nld r1, v(r0)\nloopi 1000, end\naddi r2, r2, 1\nend:\nhalt\n.data\nv: .word ${r1}\n.text pe=1\nhalt\n.text pe=2\nhalt\n.text pe=3\nhalt\n`, { fileName: 'l.s' }).object,
    cfg,
  );

// The same machine with the ld after the loop: the divergence comes late, past the window's start.
const late = (r1: number) =>
  loadImage(
    assemble(`.text pe=0\nloopi 1000, end\naddi r2, r2, 1\nend:\nld r1, v(r0)\nhalt\n.data\nv: .word ${r1}\n.text pe=1\nhalt\n.text pe=2\nhalt\n.text pe=3\nhalt\n`, { fileName: 'l.s' }).object,
    cfg,
  );

describe.skipIf(!have)('lockstep co-simulation', () => {
  beforeAll(() => {
    bin = buildVerilator(rtlParams(cfg));
  }, 600_000);

  it('a compiled program (testfast, flooding, P = 4) agrees retirement by retirement', async () => {
    const r = await runCaseLockstep({ model: MODELS.find((m) => m.name === 'testfast')!, schedule: 'flooding', pes: 4 }, work);
    expect(r).toMatchObject({ agree: true, cycles: 268 });
    expect(r.report).toMatch(/^GP5RTL lockstep agree: \d+ retirements$/);
  }, 120_000);

  it('stops at the first divergence with compare\'s report: cycle 0, PE 0, rf_wdata 5 → 6', async () => {
    // PE0's ld at cycle 0 is the first retirement in (cycle, PE) order, so the check stops there.
    const r = await lockstep(bin, program(5), cfg, work, 'diverge', 10_000, program(6));
    expect(r.agree).toBe(false);
    expect(r.result?.divergence).toMatchObject({ cycle: 0, pe: 0, signal: 'rf_wdata', expected: '0x00000005', actual: '0x00000006' });
    expect(r.report).toMatch(/^gp5sim compare diverge\.sim\.log \(cycles 0…0\) \(expected, commit-log\) vs \S+diverge\.lockstep-window\.vcd \(actual, vcd\) — retired instructions with their cycles\n/);
    expect(r.report).toContain('DIVERGENCE at cycle 0 in the expected trace');
    expect(r.report).toContain('in flight expected pc 0: ld r1, 0(r0)  [0xa0400000]');
  }, 120_000);

  it('a late divergence: the window ends at it, with compare\'s context of the last 5 retirements', async () => {
    // loopi @0, the 1000 addi @1 … 1000, then the ld @1001 reads 6 instead of 5.
    const r = await lockstep(bin, late(5), cfg, work, 'late', 10_000, late(6));
    expect(r.result?.divergence).toMatchObject({ cycle: 1001, pe: 0, signal: 'rf_wdata', expected: '0x00000005', actual: '0x00000006' });
    expect(r.result!.divergence!.context.map((c) => c.cycle)).toEqual([996, 997, 998, 999, 1000]);
    expect(r.report).toContain('late.sim.log (cycles 986…1001)');
    expect(r.report).toContain('        1000  pc    1  addi r2, r2, 1    r2=0x000003e8');
  }, 120_000);

  it('the same program on both sides agrees', async () => {
    const r = await lockstep(bin, program(5), cfg, work, 'same', 10_000);
    expect(r.agree).toBe(true);
    // ld, loopi, 1000 × addi, halt on PE0; a halt on each of PEs 1–3.
    expect(r.report).toBe('GP5RTL lockstep agree: 1006 retirements');
  }, 120_000);
});

// The reference RTL (rtl/gp5_pe.v under iverilog + vvp) against gp5sim: the example and the
// rtl/programs agree at full cycle timing, and each deliberate RTL bug (iverilog -D) is caught at
// the first divergent cycle, PE and signal derived by hand from the program and ISA.md's timing.
// Skipped, LOUDLY, only when iverilog cannot be found outside CI; under CI=true that fails (tests/tools.ts).
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliCommand } from '../cli/hostile-helpers.js';
import { compareTraces, parseCompareMap, type CompareResult } from '../../trace/index.js';
import { STALL_INDEX } from '../../isa/index.js';
import { requireTool } from '../tools.js';
import { assembleFile, compileRtl, objectToHex, programConfig, programName, rtlMap, rtlParams, rtlTicks, runRtl, runSim, RTL_DIR } from '../../rtl/harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const MAXSTAR = join(root, 'examples/maxstar-reduce.s');
const ALU = join(RTL_DIR, 'programs/alu-branch.s');
const VEC = join(RTL_DIR, 'programs/vector-ops.s');
const SHARED = join(RTL_DIR, 'programs/shared-banks.s');
const FUPD = join(RTL_DIR, 'programs/fupd-sp.s');
const MESH = join(RTL_DIR, 'programs/mesh-contention.s');
const BANKS = join(RTL_DIR, 'programs/bank-arbiter.s');
const BARRIER = join(RTL_DIR, 'programs/barrier.s');
const CNU = join(RTL_DIR, 'programs/cnu-ms.s');
const LLR = join(RTL_DIR, 'programs/llr-unit.s');
const WIDE = join(RTL_DIR, 'programs/wide-datapath.s');
const PFU = join(RTL_DIR, 'programs/pfu.s');
const CHANNEL = join(RTL_DIR, 'programs/channel-depth.s');
const SEND_ORDER = join(RTL_DIR, 'programs/send-order.s');
const VUPD_ALL = join(RTL_DIR, 'programs/vupd-all.s');
const FUPD_ALL = join(RTL_DIR, 'programs/fupd-all.s');
const MAP_FILE = join(RTL_DIR, 'gp5_pe.map.json');
const map = parseCompareMap(readFileSync(MAP_FILE, 'utf8'), MAP_FILE);

const have = requireTool(['iverilog', 'vvp'], 'iverilog', 'the RTL trace validation (tests/rtl/rtl.test.ts)');

const work = mkdtempSync(join(tmpdir(), 'gp5-rtl-test-'));

interface Both {
  sim: ReturnType<typeof runSim>;
  pes: number;
  rtlVcd: string;
  rtlVcdPath: string;
  simVcdPath: string;
  stdout: string;
  compare: (mode?: 'timing' | 'arch') => CompareResult;
}

function both(program: string, defines: string[] = []): Both {
  const cfg = programConfig(program);
  const obj = assembleFile(program, cfg);
  const sim = runSim(obj, cfg);
  expect(sim.result.status).toBe('halted');
  const name = `${programName(program)}${defines.length ? '-' + defines.join('-') : ''}`;
  const simVcdPath = join(work, `${name}.sim.vcd`);
  writeFileSync(simVcdPath, sim.vcd);
  const vvp = compileRtl(join(work, 'build'), rtlParams(cfg), defines);
  const rtl = runRtl(vvp, objectToHex(obj, cfg), work, name);
  const rtlVcd = readFileSync(rtl.vcdPath, 'utf8');
  // One PE: the checked-in map file; more: the harness's map (scopes tb.array.pe[I].u, tick clock).
  const m = cfg.pes === 1 ? map : parseCompareMap(JSON.stringify(rtlMap(cfg.pes)), 'rtlMap');
  return {
    sim,
    pes: cfg.pes,
    rtlVcd,
    rtlVcdPath: rtl.vcdPath,
    simVcdPath,
    stdout: rtl.stdout,
    compare: (mode = 'timing') => compareTraces({ file: simVcdPath, text: sim.vcd }, { file: rtl.vcdPath, text: rtlVcd }, { mode, map: m }),
  };
}

describe.skipIf(!have)('reference RTL vs gp5sim (iverilog)', () => {
  beforeAll(() => {
    // Compile the clean model once up front (the shared-bank program has its own parameters).
    compileRtl(join(work, 'build'), rtlParams(programConfig(ALU)));
  });

  const programs: [string, string, (b: Both) => void][] = [
    ['examples/maxstar-reduce.s', MAXSTAR, (b) => expect(b.stdout).toContain('r1=4 r2=0 r3=235')],
    ['rtl/programs/alu-branch.s', ALU, (b) => {
      expect(b.stdout).toContain('r1=374');
      expect(b.sim.machine.pes[0].sreg[12]).toBe(373);
    }],
    ['rtl/programs/vector-ops.s', VEC, (b) => expect(b.sim.machine.pes[0].sreg[4]).toBe(32767)],
    ['rtl/programs/shared-banks.s', SHARED, (b) => expect(b.sim.machine.pes[0].bankConflicts).toBe(0)],
    // out[0] = max*(0, 512) − max*(0, 256) = −32 − (−79) = 47 (isa maxStar, W16 F8 T256).
    ['rtl/programs/fupd-sp.s (factor unit)', FUPD, (b) => expect(Array.from(b.sim.machine.pes[0].spm.slice(18, 20))).toEqual([48, 0])],
    // Exact sums, zero flags (table word, input message), finite results at MAX − 1, all-zero → uniform, damping.
    ['rtl/programs/wide-datapath.s (fupd/vupd wide datapath)', WIDE, (b) => {
      const spm = b.sim.machine.pes[0].spm;
      expect([...spm.slice(20, 23), ...spm.slice(33, 36), ...spm.slice(45, 48)]).toEqual([0, 32767, 32766, 0, 32767, 32767, 20, 40, 60]);
    }],
    // Pairwise unit (rtl/programs/pfu.s derives each value): max* lane, zero-flag lanes, a damped
    // min-sum lane, rd accumulation, a gather bank conflict (pfu.sp 5 beats) and the halt drain @12.
    ['rtl/programs/pfu.s (pairwise unit)', PFU, (b) => {
      const pe = b.sim.machine.pes[0];
      expect(Array.from(pe.spm.slice(32, 36))).toEqual([-159, 256, -32767, -78]);
      expect([pe.sreg[1], pe.sreg[2]]).toEqual([32767, 178]);
      expect(b.stdout).toContain('cycles=13');
    }],
    // min-sum over app [200, 300, −100]: min1 = 100 (edge 2), min2 = 200, sign product −; lane 0 odd parity.
    ['rtl/programs/cnu-ms.s (check-node unit)', CNU, (b) => {
      expect(Array.from(b.sim.machine.pes[0].spm.slice(10, 13))).toEqual([-100, -100, 200]);
      expect(b.sim.machine.pes[0].sreg[4]).toBe(1);
    }],
    // Every rule, layered and flooding, the write-pass waits; lane 1 of vnu saturates at +MAX and
    // the frozen lane 1 of chk3 keeps its old c2v (60).
    ['rtl/programs/llr-unit.s (LLR unit)', LLR, (b) => {
      expect(b.stdout).toContain('cycles=31');
      expect(Array.from(b.sim.machine.pes[0].sreg.slice(7, 9))).toEqual([-1582, 60]);
      expect(b.sim.machine.pes[0].spm[41]).toBe(32767);
    }],
    ['rtl/programs/mesh-contention.s (P=4)', MESH, (b) => expect(b.sim.machine.mesh.waitCycles).toBe(1)],
    ['rtl/programs/bank-arbiter.s (P=2)', BANKS, (b) => expect(b.sim.machine.pes[1].bankConflicts).toBe(1)],
    // 40 one-word messages and one of 4096 words queue on channel 0 → 1 before PE1 receives any.
    ['rtl/programs/channel-depth.s (P=2)', CHANNEL, (b) => {
      const spm = b.sim.machine.pes[1].spm;
      const sent = Array.from({ length: 40 }, (_, i) => 11 + i);
      expect(Array.from(spm.slice(101, 141))).toEqual(sent);
      expect(Array.from(spm.slice(200, 242))).toEqual([0, ...sent, 0]);
      expect(b.sim.result.cycles).toBe(1107);
    }],
    // A send or recv waits only for in-flight writes that overlap its words (the program derives each cycle).
    ['rtl/programs/send-order.s (P=2)', SEND_ORDER, (b) => {
      expect(b.sim.result.cycles).toBe(10);
      expect(b.sim.machine.pes.map((p) => p.stalls[STALL_INDEX['mem-order']])).toEqual([2, 1]);
      expect(Array.from(b.sim.machine.pes[1].spm.slice(18, 22))).toEqual([48, 0, 11, 12]);
    }],
    // Every leave-one-out output of a variable in one vupd (the program derives each value and cycle).
    ['rtl/programs/vupd-all.s (all-outputs vupd)', VUPD_ALL, (b) => {
      const pe = b.sim.machine.pes[0];
      expect(Array.from(pe.spm.slice(17, 21))).toEqual([32767, 0, 0, 50]);
      expect([pe.sreg[1], pe.sreg[2], pe.stalls[STALL_INDEX['mem-order']], pe.laneOps]).toEqual([50, 50, 8, 10]);
      expect(b.stdout).toContain('cycles=12');
    }],
    // Every output of a factor in one fupd (the program derives each value and cycle).
    ['rtl/programs/fupd-all.s (all-outputs fupd)', FUPD_ALL, (b) => {
      const pe = b.sim.machine.pes[0];
      expect(Array.from(pe.spm.slice(22, 26))).toEqual([48, 0, 0, 159]);
      expect([pe.sreg[1], pe.sreg[2], pe.stalls[STALL_INDEX['mem-order']], pe.laneOps]).toEqual([159, 159, 8, 16]);
      expect(b.stdout).toContain('cycles=12');
    }],
    ['rtl/programs/barrier.s (P=2)', BARRIER, (b) => {
      expect(b.stdout).toContain('r1=5 r2=7');
      expect(b.sim.machine.pes[1].sreg[2]).toBe(7);
    }],
  ];
  for (const [label, path, check] of programs) {
    it(`${label}: RTL and gp5sim agree at full cycle timing (and architecturally)`, () => {
      const b = both(path);
      expect(b.stdout).toContain('GP5RTL halted');
      check(b);
      const r = b.compare();
      expect(r.divergence).toBeUndefined();
      expect(r).toMatchObject({ agree: true, method: 'signals', pes: b.pes, signals: 14 * b.pes });
      expect(r.cycles).toBeGreaterThanOrEqual(b.sim.result.cycles + 1);
      if (b.pes === 1) expect(compareTraces({ file: 'sim.log', text: b.sim.commitLog }, { file: b.rtlVcdPath, text: b.rtlVcd }, { map }).agree).toBe(true);
      const instret = b.sim.machine.pes.reduce((n, p) => n + p.instret, 0);
      expect(b.compare('arch')).toMatchObject({ agree: true, method: 'retire', instructions: instret });
    });
  }

  // Mutation table: bug → the first divergence, derived by hand (see rtl/README.md for the derivations).
  const mutations: { bug: string; program: string; cycle: number; pe?: number; signal: string; expected: string; actual: string; pc: number }[] = [
    // vadd lane 0: 30000 + 5000 = 35000 saturates to 32767; the bug wraps it to 35000 − 65536.
    // setvli@0, vld v1@1 (2 beats, ready 4), vld v2 busy@2, @3 (ready 6), vadd raw@4,5, issues @6.
    { bug: 'BUG_SATURATION', program: VEC, cycle: 6, signal: 'vrf_wdata', expected: '0x00007fff (32767)', actual: '0xffff88b8 (-30536)', pc: 3 },
    // loopi 4 at cycle 77 (after 22 + 2 mul-RAW cycles, the 10-iteration bne loop 27…74, addi@75,
    // loop@76): its body runs @78, 79, 80 and the fourth time @81 — the bug leaves at 81.
    { bug: 'BUG_LOOP_COUNT', program: ALU, cycle: 81, signal: 'pc', expected: '31', actual: '32', pc: 31 },
    // vadd v3, v1, v2 must wait for vld v2 (ready at 6): raw stall @4; the bug issues it @4.
    { bug: 'BUG_NO_VEC_RAW', program: VEC, cycle: 4, signal: 'stall', expected: '2 (raw)', actual: '0 (issue)', pc: 2 },
    // vrmaxs @3 (vld @1, latency 2): max*(309, 308) uses table[0]: 176 → 175 makes the fold 1, not 0.
    { bug: 'BUG_MAXSTAR_TABLE', program: MAXSTAR, cycle: 3, signal: 'rf_wdata', expected: '0x00000000 (0)', actual: '0x00000001 (1)', pc: 2 },
    // vld of 16 words on 2 banks @2 takes 8 beats (LSU busy until 10); the bug takes ⌈16/8⌉ = 2, so
    // the next ld sees its unit free @4 but bank 1 busy (until 10): busy vs bank.
    { bug: 'BUG_BANK_PENALTY', program: SHARED, cycle: 4, signal: 'stall', expected: '4 (busy)', actual: '6 (bank)', pc: 2 },
    // first taken bne @29: bubbles @30, 31; with a 1-cycle penalty the RTL issues @31.
    { bug: 'BUG_BRANCH_PENALTY', program: ALU, cycle: 31, signal: 'stall', expected: '1 (branch)', actual: '0 (issue)', pc: 27 },
    // Factor unit: fupd.sp @0 folds with min: out[0] = 0 instead of 47 (first word of the write).
    { bug: 'BUG_FUPD_MIN', program: FUPD, cycle: 0, signal: 'mem_wdata', expected: '0x00000030 (48)', actual: '0x00000000 (0)', pc: 0 },
    // Router: PE1's flit no longer waits for link (1,0)S behind PE0's (@2): it arrives @3, not 4,
    // so PE3's recv issues @3 instead of stalling.
    { bug: 'BUG_LINK_CONTENTION', program: MESH, cycle: 3, pe: 3, signal: 'stall', expected: '7 (recv)', actual: '0 (issue)', pc: 0 },
    // Bank arbiter: PE1's vld @1 checks only bank 0, missing bank 1 claimed by PE0's ld this cycle.
    { bug: 'BUG_BANK_FIRST_ONLY', program: BANKS, cycle: 1, pe: 1, signal: 'stall', expected: '6 (bank)', actual: '0 (issue)', pc: 0 },
    // Barrier: PE1 completes it @1; the waiting PE0 must issue @1 too, the bug issues it @2.
    { bug: 'BUG_BARRIER_LATE', program: BARRIER, cycle: 1, signal: 'stall', expected: '0 (issue)', actual: '8 (barrier)', pc: 0 },
    // Check-node unit: cnu.ms @4 (4 beats, latency 3 + 2: the ld waits mem-order until 4 + 3 + 5 = 12);
    // edge 2 holds min1, so its output is min2 = 200, the old min1 the bug fails to demote: 300.
    { bug: 'BUG_CNU_MIN2', program: CNU, cycle: 12, signal: 'rf_wdata', expected: '0x000000c8 (200)', actual: '0x0000012c (300)', pc: 5 },
    // Pairwise unit: pfu.sp @0 computes x0 − x1, so lane 0 (the first word written) is +159, not −159.
    // Memory ordering: PE1's recv into words its fupd is not writing waits @2 for the message (recv);
    // the bug (every write of another unit holds it) reports mem-order there.
    { bug: 'BUG_NET_ORDER_ANY_WRITE', program: SEND_ORDER, cycle: 2, pe: 1, signal: 'stall', expected: '7 (recv)', actual: '5 (mem-order)', pc: 1 },
    { bug: 'BUG_PFU_SWAP_X', program: PFU, cycle: 0, signal: 'mem_wdata', expected: '0xffffff61 (-159)', actual: '0x0000009f (159)', pc: 0 },
    // All-outputs vupd: with each output keeping its own input, out2 = [zero, 110] changes by
    // MAX, not 50, and r1 (written in the issue cycle) shows it.
    // All-outputs fupd: with only its first output written, r1 holds out0's change 48, not 159.
    { bug: 'BUG_FUPD_ALL_FIRST', program: FUPD_ALL, cycle: 0, signal: 'rf_wdata', expected: '0x0000009f (159)', actual: '0x00000030 (48)', pc: 0 },
    { bug: 'BUG_VUPD_ALL_SELF', program: VUPD_ALL, cycle: 0, signal: 'rf_wdata', expected: '0x00000032 (50)', actual: '0x00007fff (32767)', pc: 0 },
  ];
  for (const m of mutations) {
    it(`mutation ${m.bug}: first divergence at cycle ${m.cycle}, PE ${m.pe ?? 0}, ${m.signal}`, () => {
      const b = both(m.program, [m.bug]);
      const r = b.compare();
      expect(r.agree).toBe(false);
      const ticks = rtlTicks(b.pes);
      expect(r.divergence).toMatchObject({ cycle: m.cycle, pe: m.pe ?? 0, signal: m.signal, expected: m.expected, actual: m.actual, expectedTime: m.cycle, actualTime: 10 * ticks * (m.cycle + 1) });
      expect(r.divergence!.instruction.expected!.pc).toBe(m.pc);
      expect(r.divergence!.context.length).toBe(Math.min(5, m.cycle));
    });
  }

  it('an ISA-table opcode the RTL lacks (OMIT_VNU) stops the run with "not implemented in RTL", no hang', () => {
    const b = both(LLR, ['OMIT_VNU']);
    // vnu is at pc 13, issued by gp5sim at cycle 21 (rtl/programs/llr-unit.s).
    expect(b.stdout).toMatch(/GP5RTL fault: instruction 0xdc0c8000 \(opcode 0x37\) not implemented in RTL, at pc 13, cycle 21/);
    expect(b.stdout).toMatch(/GP5RTL fault at cycle \d+/);
    expect(b.compare().divergence).toMatchObject({ cycle: 21, pe: 0 });
  });

  // The channel bound (gp5sim's are unbounded): a smaller channel faults, naming it, at the send
  // that overflows it — the 33rd one-word send @3 + 2·32 = 67 with the first RTL's 32 messages; the
  // long send @82 with room for one longest message only (40 + 4096 words > 4096).
  const channelFaults: [string, Record<string, number>, RegExp][] = [
    ['CHAN_MSGS = 32', { CHAN_MSGS: 32 }, /GP5RTL fault: channel 0 -> 1 full \(CHAN_MSGS\/CHAN_WORDS\) at pc 3, cycle 67\n/],
    ['CHAN_WORDS = 4096', { CHAN_WORDS: 4096 }, /GP5RTL fault: channel 0 -> 1 full \(CHAN_MSGS\/CHAN_WORDS\) at pc 4, cycle 82\n/],
  ];
  for (const [what, params, message] of channelFaults) {
    it(`channel-depth.s with ${what}: the RTL faults at the overflowing send, naming the channel`, () => {
      const cfg = programConfig(CHANNEL);
      const obj = assembleFile(CHANNEL, cfg);
      const rtl = runRtl(compileRtl(join(work, 'build'), { ...rtlParams(cfg), ...params }), objectToHex(obj, cfg), work, `channel-${what.split(' ')[0]}`);
      expect(rtl.halted).toBe(false);
      expect(rtl.stdout).toMatch(message);
    });
  }

  // pfu descriptor faults (isa/pairwise-unit.ts checkPairwiseDescriptor): gp5sim and the RTL both stop at the pfu.
  const pfuFaults: [string, string, RegExp, RegExp][] = [
    ['n = 0', '.word 0, src, tab, out, 0', /n = 0/, /GP5RTL fault: pfu descriptor field n = 0 at word 1 outside 1 … 4096 \(pc 1, cycle 1\)/],
    ['a source outside the scratchpad', '.word 1, src, tab, out, 0', /source of lane 0/, /GP5RTL fault: pfu source of lane 0 at -5 outside scratchpad \(pc 1, cycle 1\)/],
  ];
  for (const [what, descLine, simMsg, rtlMsg] of pfuFaults) {
    it(`pfu with ${what}: gp5sim and the RTL fault at the pfu`, () => {
      const file = join(work, `pfu-fault-${what.replace(/[^a-z0-9]/gi, '')}.s`);
      writeFileSync(file, ['.text', '        nop', '        pfu.sp r1, desc(r0)', '        halt', '.data', 'pad:    .word 0', `desc:   ${descLine}`,
        'src:    .word -5', 'tab:    .word 0, 0, 0, 0', 'out:    .word 0', ''].join('\n'));
      const cfg = programConfig(file);
      const obj = assembleFile(file, cfg);
      const sim = runSim(obj, cfg);
      expect(sim.result.status).toBe('fault');
      expect(sim.result.fault?.message).toMatch(simMsg);
      const rtl = runRtl(compileRtl(join(work, 'build'), rtlParams(cfg)), objectToHex(obj, cfg), work, 'pfu-fault');
      expect(rtl.halted).toBe(false);
      expect(rtl.stdout).toMatch(rtlMsg);
    });
  }

  it('timing-only bugs are invisible to --arch; value bugs are not', () => {
    expect(both(VEC, ['BUG_NO_VEC_RAW']).compare('arch').agree).toBe(true);
    const r = both(VEC, ['BUG_SATURATION']).compare('arch');
    expect(r.divergence).toMatchObject({ signal: 'vrf_wdata', retireIndex: 3, cycle: 6, actualCycle: 6 });
  });

  it('gp5sim compare CLI on the RTL dump: exit 0 with --map, 1 on a mutant or without the map', () => {
    const [node, driver] = cliCommand();
    const good = both(MAXSTAR);
    const ok = spawnSync(node!, [driver!, 'compare', good.simVcdPath, good.rtlVcdPath, '--map', MAP_FILE], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/agree: \d+ cycles, 1 PE\(s\), 14 signals/);
    const bad = both(MAXSTAR, ['BUG_MAXSTAR_TABLE']);
    const div = spawnSync(node!, [driver!, 'compare', bad.simVcdPath, bad.rtlVcdPath, '--map', MAP_FILE, '--json'], { encoding: 'utf8' });
    expect(div.status).toBe(1);
    expect(JSON.parse(div.stdout)).toMatchObject({ divergence: { cycle: 3, signal: 'rf_wdata', actualSignal: 'tb.array.pe[0].u.tr_rf_wdata', instruction: { expected: { text: 'vrmaxs r2, v1' } } } });
    expect(spawnSync(node!, [driver!, 'compare', good.simVcdPath, good.rtlVcdPath], { encoding: 'utf8' }).status).toBe(1);
  });
});

// The reference RTL (rtl/gp5_pe.v under iverilog + vvp) against gp5sim: the example and the
// rtl/programs agree at full cycle timing, and each deliberate RTL bug (iverilog -D) is caught at
// the first divergent cycle, PE and signal derived by hand from the program and ISA.md's timing.
// Skipped, LOUDLY, only when iverilog cannot be found (.ci/run installs it).
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareTraces, parseCompareMap, type CompareResult } from '../../trace/index.js';
import { assembleFile, compileRtl, iverilogAvailable, objectToHex, programConfig, programName, rtlParams, runRtl, runSim, RTL_DIR } from '../../rtl/harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const MAXSTAR = join(root, 'examples/maxstar-reduce.s');
const ALU = join(RTL_DIR, 'programs/alu-branch.s');
const VEC = join(RTL_DIR, 'programs/vector-ops.s');
const SHARED = join(RTL_DIR, 'programs/shared-banks.s');
const MAP_FILE = join(RTL_DIR, 'gp5_pe.map.json');
const map = parseCompareMap(readFileSync(MAP_FILE, 'utf8'), MAP_FILE);

const have = iverilogAvailable();
if (!have) {
  console.warn(
    '\n' + '!'.repeat(78) + '\n!!! SKIPPED tests/rtl/rtl.test.ts: iverilog/vvp not found. The RTL trace validation is NOT tested.\n' +
      '!!! Install Icarus Verilog (apt-get install -y iverilog); .ci/run does this automatically.\n' + '!'.repeat(78) + '\n',
  );
}

const work = mkdtempSync(join(tmpdir(), 'gp5-rtl-test-'));

interface Both {
  sim: ReturnType<typeof runSim>;
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
  return {
    sim,
    rtlVcd,
    rtlVcdPath: rtl.vcdPath,
    simVcdPath,
    stdout: rtl.stdout,
    compare: (mode = 'timing') => compareTraces({ file: simVcdPath, text: sim.vcd }, { file: rtl.vcdPath, text: rtlVcd }, { mode, map }),
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
  ];
  for (const [label, path, check] of programs) {
    it(`${label}: RTL and gp5sim agree at full cycle timing (and architecturally)`, () => {
      const b = both(path);
      expect(b.stdout).toContain('GP5RTL halted');
      check(b);
      const r = b.compare();
      expect(r.divergence).toBeUndefined();
      expect(r).toMatchObject({ agree: true, method: 'signals', pes: 1, signals: 14 });
      expect(r.cycles).toBeGreaterThanOrEqual(b.sim.result.cycles + 1);
      expect(compareTraces({ file: 'sim.log', text: b.sim.commitLog }, { file: b.rtlVcdPath, text: b.rtlVcd }, { map }).agree).toBe(true);
      expect(b.compare('arch')).toMatchObject({ agree: true, method: 'retire', instructions: b.sim.machine.pes[0].instret });
    });
  }

  // Mutation table: bug → the first divergence, derived by hand (see rtl/README.md for the derivations).
  const mutations: { bug: string; program: string; cycle: number; signal: string; expected: string; actual: string; pc: number }[] = [
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
  ];
  for (const m of mutations) {
    it(`mutation ${m.bug}: first divergence at cycle ${m.cycle}, PE 0, ${m.signal}`, () => {
      const b = both(m.program, [m.bug]);
      const r = b.compare();
      expect(r.agree).toBe(false);
      expect(r.divergence).toMatchObject({ cycle: m.cycle, pe: 0, signal: m.signal, expected: m.expected, actual: m.actual, expectedTime: m.cycle, actualTime: 10 + 10 * m.cycle });
      expect(r.divergence!.instruction.expected!.pc).toBe(m.pc);
      expect(r.divergence!.context.length).toBe(Math.min(5, m.cycle));
    });
  }

  it('timing-only bugs are invisible to --arch; value bugs are not', () => {
    expect(both(VEC, ['BUG_NO_VEC_RAW']).compare('arch').agree).toBe(true);
    const r = both(VEC, ['BUG_SATURATION']).compare('arch');
    expect(r.divergence).toMatchObject({ signal: 'vrf_wdata', retireIndex: 3, cycle: 6, actualCycle: 6 });
  });

  it('gp5sim compare CLI on the RTL dump: exit 0 with --map, 1 on a mutant or without the map', () => {
    const driver = join(root, 'cli/gp5sim.ts');
    const tsx = join(root, 'node_modules/.bin/tsx');
    const good = both(MAXSTAR);
    const ok = spawnSync(tsx, [driver, 'compare', good.simVcdPath, good.rtlVcdPath, '--map', MAP_FILE], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/agree: \d+ cycles, 1 PE\(s\), 14 signals/);
    const bad = both(MAXSTAR, ['BUG_MAXSTAR_TABLE']);
    const div = spawnSync(tsx, [driver, 'compare', bad.simVcdPath, bad.rtlVcdPath, '--map', MAP_FILE, '--json'], { encoding: 'utf8' });
    expect(div.status).toBe(1);
    expect(JSON.parse(div.stdout)).toMatchObject({ divergence: { cycle: 3, signal: 'rf_wdata', actualSignal: 'tb.dut.tr_rf_wdata', instruction: { expected: { text: 'vrmaxs r2, v1' } } } });
    expect(spawnSync(tsx, [driver, 'compare', good.simVcdPath, good.rtlVcdPath], { encoding: 'utf8' }).status).toBe(1);
  });
});

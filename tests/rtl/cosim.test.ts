// Co-simulation under Verilator: programs the runtime compiles run on the RTL array and agree
// with gp5sim cycle for cycle (full timing, every signal of every PE). A representative subset
// of `npm run cosim` (rtl/cosim.ts) on one build (P = 4, cached in node_modules/.cache/gp5-rtl).
// Verilator missing: skipped loudly outside CI, a failure under CI=true (tests/tools.ts).
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODELS, runCase, type CosimModel } from '../../rtl/cosim.js';
import { rtlConfig, rtlParams, RTL_DIR } from '../../rtl/harness.js';
import { buildVerilator, VERILATOR_LINT_FLAGS, VERILATOR_SOURCES } from '../../rtl/verilator.js';
import { requireTool } from '../tools.js';

const have = requireTool('verilator', 'verilator', 'the Verilator co-simulation (tests/rtl/cosim.test.ts)');
const work = mkdtempSync(join(tmpdir(), 'gp5-cosim-test-'));
const model = (name: string): CosimModel => MODELS.find((m) => m.name === name)!;

describe.skipIf(!have)('Verilator co-simulation of compiled programs', () => {
  beforeAll(() => {
    buildVerilator(rtlParams(rtlConfig({ pes: 4 })));
  }, 600_000);

  it('the RTL is verilator --lint-only -Wall clean (BLKSEQ waived: behavioural model)', () => {
    const args = ['--lint-only', ...VERILATOR_LINT_FLAGS, '-I' + join(RTL_DIR, 'gen'), '-I' + RTL_DIR, '--top-module', 'gp5_vtop', ...VERILATOR_SOURCES.map((f) => join(RTL_DIR, f))];
    expect(execFileSync('verilator', args, { encoding: 'utf8', stdio: 'pipe' })).toBe('');
  }, 120_000);

  const cases: [string, string, number][] = [
    ['testfast', 'flooding', 798],
    ['testfast', 'sequential', 1972],
    ['testfast', 'residual', 1380],
    ['alarm', 'flooding', 898],
    ['hmm', 'sequential', 1394],
  ];
  for (const [name, schedule, cycles] of cases) {
    it(`${name}, ${schedule}, P = 4: agrees with gp5sim at full cycle timing (${cycles} cycles)`, () => {
      const o = runCase({ model: model(name), schedule, pes: 4 }, work);
      expect(o.result.divergence).toBeUndefined();
      expect(o.result).toMatchObject({ agree: true, method: 'signals', pes: 4, signals: 56 });
      expect(o.cycles).toBe(cycles);
      expect(o.result.cycles).toBeGreaterThanOrEqual(cycles + 1);
    }, 120_000);
  }
});

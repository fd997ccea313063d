// `npm run synth` (rtl/synth): one unit synthesised by Yosys at small parameters, with figures
// checked against what the design must contain, and the checked-in rtl/synth/cells.json checked
// for schema, configurations and staleness against today's sources.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { LLR_MAX_DEGREE, LLR_MAX_LANES } from '../../isa/index.js';
import { CELLS_UNITS, SYNTH_CONFIGS, SYNTH_WIDTHS, validateCellsReport } from '../../rtl/synth/cells.js';
import { CELLS_JSON } from '../../rtl/synth/run.js';
import { FACTOR_DEPTH, parseStats, synthSourceHash, synthUnit } from '../../rtl/synth/yosys.js';
import { unitFormat } from '../../rtl/units/gen-units.js';
import { requireTool } from '../tools.js';

const haveYosys = requireTool('yosys', 'yosys', 'the synthesis tests');

describe('rtl/synth/cells.json', () => {
  const report = validateCellsReport(JSON.parse(readFileSync(CELLS_JSON, 'utf8')));

  it('follows the schema and covers every configuration of SYNTH_CONFIGS', () => {
    expect(report.configs.map((c) => ({ lanes: c.lanes, bits: c.bits }))).toEqual(SYNTH_CONFIGS);
    for (const c of report.configs) for (const u of CELLS_UNITS) expect(c.units[u].cells).toBeGreaterThan(c.units[u].flipFlops);
  });

  it('is not stale: it was written from today’s unit sources and script (run `npm run synth`)', () => {
    expect(report.sourceHash).toBe(synthSourceHash(SYNTH_WIDTHS));
  });

  it('scales as the design does: the edge RAM is 2 banks × LLR_MAX_DEGREE × (2·L·W + L) bits', () => {
    for (const c of report.configs) {
      expect(c.units.llr.memoryBits).toBe(2 * LLR_MAX_DEGREE * (2 * c.lanes * c.bits + c.lanes));
      expect(c.units.vector.memoryBits).toBe(0); // the max* ROMs are mapped to logic
    }
    const at = (L: number, W: number) => report.configs.find((c) => c.lanes === L && c.bits === W)!;
    // Twice the lanes: about twice the vector unit (per-lane datapath and ROM).
    const ratio = at(16, 16).units.vector.cells / at(8, 16).units.vector.cells;
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
    // The factor unit has no lanes.
    expect(at(16, 8).units.factor).toEqual(at(8, 8).units.factor);
  });

  it('the new units hold what they must: vnu’s running sums, the L-port factor accumulator in flip-flops, pfu’s lanes', () => {
    const at = (L: number, W: number) => report.configs.find((c) => c.lanes === L && c.bits === W)!;
    for (const c of report.configs) {
      // One W-bit running sum per frame of a batch of LLR_MAX_LANES, plus the registered beat and output.
      expect(c.units.vnu.flipFlops).toBeGreaterThanOrEqual(Math.ceil(LLR_MAX_LANES / c.lanes) * c.lanes * c.bits + 2 * c.lanes * c.bits);
      expect(c.units.vnu.memoryBits).toBe(0);
      // DEPTH accumulator words of at least W + G bits, as flip-flops (L read and write ports: no RAM).
      expect(c.units.factorLanes.memoryBits).toBe(0);
      expect(c.units.factorLanes.flipFlops).toBeGreaterThan(FACTOR_DEPTH * (c.bits + unitFormat(c.bits).guard));
      expect(c.units.pfu.memoryBits).toBe(0);
    }
    // pfu is lanes of identical datapaths (two wide max* ROMs each): twice the lanes, about twice the cells.
    const ratio = at(16, 16).units.pfu.cells / at(8, 16).units.pfu.cells;
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
  });
});

describe('rtl/synth parseStats', () => {
  it('counts flip-flop cell types and $mem_v2 bits', () => {
    const stat = JSON.stringify({ design: { num_cells: 10, num_cells_by_type: { $_DFF_P_: 3, $_SDFFE_PP0P_: 2, $_AND_: 4, $mem_v2: 1 } } });
    // The shape of Yosys's `dump t:$mem_v2` (attributes, then the cell and its parameters).
    const dump = '\n\n  attribute \\src "gp5_factor_unit.v:93"\n  cell $mem_v2 $m1\n    parameter \\SIZE 64\n    parameter \\WIDTH 22\n  end\n';
    expect(parseStats(stat, dump)).toEqual({ cells: 10, flipFlops: 5, memoryBits: 1408 });
  });
});

describe.skipIf(!haveYosys)('rtl/synth yosys', () => {
  it('the check-node unit at L=2, W=8: its registers and its edge RAM', async () => {
    // From the synthesis cache when these exact sources were synthesised before (CI starts empty).
    const s = await synthUnit('llr', 2, 8);
    // 2 banks × 256 edges × (2 lanes × (t and f_{j-1}: 8 bits each) + 2 app sign bits).
    expect(s.memoryBits).toBe(2 * LLR_MAX_DEGREE * (2 * 2 * 8 + 2));
    // Per lane: read and write state (min1, min2: 7 bits, index: 8, signs, forward and backward
    // box-plus: 8), outputs (c2v, app: 8), the RAM's output word; plus counters and control.
    expect(s.flipFlops).toBeGreaterThan(150);
    expect(s.flipFlops).toBeLessThan(400);
    expect(s.cells).toBeGreaterThan(4 * s.flipFlops);
    expect(s.cells).toBeLessThan(5000);
  }, 120_000);
});

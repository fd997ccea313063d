// Synthesis figures of the datapath units (rtl/synth, Yosys generic cells; every unit of
// SYNTH_UNITS: vector, llr, factor, vnu, pfu, factorLanes): cells per unit at the
// default machine config (L = lanes, W = messageBits), with flip-flops, RAM bits and the cells of
// every other SYNTH_CONFIGS configuration (`.L<lanes>W<bits>`) as extras. No target: recorded for the sweep's area/energy
// model. Results come from the synthesis cache when the sources are unchanged (`npm run synth`
// fills it); otherwise Yosys runs here (minutes).
import { DEFAULT_CONFIG } from '../../isa/index.js';
import { SYNTH_CONFIGS } from '../../rtl/synth/cells.js';
import { SYNTH_UNITS, synthUnit } from '../../rtl/synth/yosys.js';
import type { BenchCase, FigureResult } from '../harness.js';

const L = DEFAULT_CONFIG.lanes;
const W = DEFAULT_CONFIG.messageBits;

export const synthCases: BenchCase[] = SYNTH_UNITS.map((unit) => ({
  kind: 'figure' as const,
  name: `rtl.synth.${unit}.cells`,
  unit: 'cells',
  description: `Yosys generic cells of the ${unit} unit (rtl/units) at L=${L}, W=${W}; no target (area model input, npm run synth)`,
  async measure(): Promise<FigureResult> {
    const s = await synthUnit(unit, L, W);
    const extra: FigureResult['extra'] = {
      flipFlops: { value: s.flipFlops, unit: 'flip-flops' },
      memoryBits: { value: s.memoryBits, unit: 'RAM bits' },
    };
    for (const c of SYNTH_CONFIGS) {
      if (c.lanes === L && c.bits === W) continue;
      extra[`L${c.lanes}W${c.bits}`] = { value: (await synthUnit(unit, c.lanes, c.bits)).cells, unit: 'cells' };
    }
    return { value: s.cells, extra };
  },
}));

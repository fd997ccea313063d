// A heavy factor's edge updates split over several PEs (placement.ts, splitHeavyFactors): alarm's
// 5-variable factor 33 (100 beats) no longer bounds the factor phase on 16 PEs, the chip still
// equals the fixed-point reference bit for bit, and only flooding takes split placements.
import { describe, it, expect } from 'vitest';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { quantizeGraph, readModelFile, FixedPointBp } from '../../golden/index.js';
import { compileGraph, runOnChip, chipFactorToVar, chipVarToFactor, inferOnChip, type RuntimeSchedule } from '../../runtime/index.js';
import { dataPath } from './corpus.js';

const cfg = makeConfig({});
const graph = readModelFile(dataPath('libdai/alarm.fg'));
const q = quantizeGraph(graph, makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
const compile = (schedule: RuntimeSchedule, maxIter: number) => compileGraph(q, cfg, { schedule, semiring: 'sum-product', lambda: 0, tolRaw: -1, maxIter });
// Exact figures of this build: 7 factors split; factor 33's five edge updates go to PEs 5, 6 and 13.
const SPLIT_FACTORS = 7;
const FACTOR_33_PES = [5, 6, 13];
const pesOf = (edgePe: Int32Array, a: number) => [...new Set(Array.from(edgePe.subarray(q.fOff[a], q.fOff[a + 1])))].sort((x, y) => x - y);

describe('splitting a heavy factor over several PEs (alarm, 16 PEs, flooding)', () => {
  it('deals factor 33 over several PEs, each with its table copy, bit-exact after 3 iterations', () => {
    const prog = compile('flooding', 3);
    const p = prog.placement;
    expect(p.splitFactors).toBe(SPLIT_FACTORS);
    expect(pesOf(p.edgePe, 33)).toEqual(FACTOR_33_PES);
    const chip = runOnChip(prog, { maxCycles: 10_000_000 });
    expect(chip.iterations).toBe(3);
    const ref = new FixedPointBp(q, { sumProduct: true, lambda: 0, tolRaw: 0, schedule: 'flooding' });
    for (let k = 0; k < 3; k++) ref.iterate();
    let mismatches = 0;
    for (let e = 0; e < q.nEdges; e++) {
      const a = q.edgeFactor[e];
      const i = q.edgeVar[e];
      if (chipFactorToVar(chip, prog, e).join() !== ref.factorToVar(a, i).join()) mismatches++;
      if (chipVarToFactor(chip, prog, e).join() !== ref.varToFactor(i, a).join()) mismatches++;
    }
    const beliefs = ref.beliefEnergies();
    for (let i = 0; i < q.nVars; i++) if (chip.beliefEnergies[i].join() !== beliefs[i].join()) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('takes 90.4 cycles per iteration (90.8 with an update per edge, 98.8 with every recv at the sync, 119.8 before sends overlapped compute, 139 with every transfer loading r6/r7, 154 with factor 33 on one PE)', () => {
    const r = inferOnChip(graph, { cfg, exactLimit: 0 });
    expect(r.cyclesPerIteration).toBe(90.4);
  });

  it('keeps every factor on its home PE under gated-flooding and sequential', () => {
    for (const schedule of ['gated-flooding', 'sequential'] as const) {
      const p = compile(schedule, 1).placement;
      expect(p.splitFactors).toBe(0);
      for (let e = 0; e < q.nEdges; e++) expect(p.edgePe[e]).toBe(p.factorPe[q.edgeFactor[e]]);
    }
  });
});

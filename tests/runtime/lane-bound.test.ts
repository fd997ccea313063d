// Issue 13 item 1: the compiler's lane-counting bound (lane-operations / (P·L), network injection),
// exact on small graphs, and reported by `gp5sim infer` (summary and --json).
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantizeGraph, writeJsonModel } from '../../golden/index.js';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { compileGraph } from '../../runtime/index.js';
import { gp5sim, tmp } from './cli-helpers.js';
import { MIXED_SMALL as graph } from './small-graphs.js';

const compile = (pes: number) =>
  compileGraph(quantizeGraph(graph, makeFormat(16, 8, 256)), makeConfig({ pes }), { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 0, maxIter: 5 });

describe('lane bound', () => {
  it('counts lane-operations exactly: fupd N + Σ card, vupd inputs · card, an all-outputs vupd (inputs + outputs) · card', () => {
    const b = compile(1).laneBound;
    // F: factor 2 → 2 edges × (4 + 2 + 2) = 16; factor 3 → 2 edges × (6 + 2 + 3) = 22.
    // V: var 0 (prior + 1 edge) 2·2 = 4; var 1 (prior + 2 edges, one all-outputs vupd) (3 + 2)·2 = 10
    // (12 as two vupds); var 2 (1 edge) 1·3 = 3.
    expect(b.laneOpsPerIteration).toBe(16 + 22 + 4 + 10 + 3);
    expect(b.lanes).toBe(55 / 8);
    expect(b.network).toBe(0); // one PE: nothing to send
    expect(b.cyclesPerIteration).toBe(55 / 8);
    expect(b.binding).toBe('lanes');
  });

  it('adds the busiest PE’s send injection and takes the binding term', () => {
    const b = compile(4).laneBound;
    expect(b.laneOpsPerIteration).toBe(55);
    expect(b.lanes).toBe(55 / 32);
    expect(b.network).toBeGreaterThanOrEqual(1);
    expect(b.cyclesPerIteration).toBe(Math.max(b.lanes, b.network));
    expect(b.binding).toBe(b.network > b.lanes ? 'network' : 'lanes');
  });

  it('gp5sim infer prints it beside the measured cycles and in --json', () => {
    const file = join(tmp, 'lane-bound.json');
    writeFileSync(file, writeJsonModel(graph));
    const text = gp5sim('infer', file, '--pes', '1');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/lane bound 6\.9 \(lanes, ratio \d+\.\d\d\)/);
    const r = gp5sim('infer', file, '--pes', '1', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.laneBound.laneOpsPerIteration).toBe(55);
    expect(j.laneBound.cyclesPerIteration).toBe(55 / 8);
    expect(j.laneBound.ratio).toBeCloseTo(j.cyclesPerIteration / (55 / 8), 9);
  });
});

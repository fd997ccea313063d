// Issue 13 item 2: 8-bit messages that stay accurate. With the wide datapath (exact accumulation,
// sticky zeros, factor unit at F + G fraction bits, finite values never rounded to zero) and the
// compiler's per-model F, the chip at W = 8 is held against the float reference of the same
// schedule on the shared models where float BP converges. Before: Promedus_24 0.163 at W = 8;
// alarm and ObjectDetection_11 did not converge at W = 8.
import { describe, it, expect } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeConfig } from '../../isa/index.js';
import { readModelFile } from '../../golden/index.js';
import { inferOnChip, withMessageBits } from '../../runtime/index.js';
import { dataPath } from './corpus.js';
import { gp5sim, tmp } from './cli-helpers.js';

// Models where float BP converges and W = 8 meets the bound (DBN_11: see runtime/README.md).
// W = 16 bound per model: the 5e-3 where it is met; testfast, alarm and ObjectDetection_11
// are still above it at W = 16 (6.7e-3, 7.0e-3, 8.5e-3, as before this change), asserted as measured.
const MODELS: [string, number][] = [
  ['libdai/testfast.fg', 7e-3],
  ['libdai/alarm.fg', 7.5e-3],
  ['libdai/hoi1.fg', 5e-3],
  ['libdai/hoi2.fg', 5e-3],
  ['libdai/hoi3.fg', 5e-3],
  ['libdai/hoi4.fg', 5e-3],
  ['uai2014/Promedus_24.uai', 5e-3],
  ['uai2014/Segmentation_11.uai', 5e-3],
  ['uai2014/ObjectDetection_11.uai', 9e-3],
];

const load = (rel: string) => {
  const file = dataPath(rel);
  return readModelFile(file, existsSync(`${file}.evid`) ? `${file}.evid` : undefined);
};

describe('W = 8 accuracy against the float reference of the same schedule', () => {
  for (const [rel, bound16] of MODELS) {
    it(`${rel}: W = 8 converges with max TV ≤ 0.05, W = 16 ≤ ${bound16}`, { timeout: 60_000 }, () => {
      const graph = load(rel);
      const cfg = makeConfig({ pes: 4, scratchpadBytes: 1 << 22 });
      const r8 = inferOnChip(graph, { cfg: withMessageBits(cfg, 8), exactLimit: 0 });
      const r16 = inferOnChip(graph, { cfg: withMessageBits(cfg, 16), exactLimit: 0 });
      expect(r8.converged).toBe(true);
      expect(r8.maxTV).toBeLessThanOrEqual(0.05);
      expect(r16.converged).toBe(true);
      expect(r16.maxTV).toBeLessThanOrEqual(bound16);
    });
  }

  it('Promedus_24: the compiler lowers F to 3 at W = 8 and names what it still clips', () => {
    const r = inferOnChip(load('uai2014/Promedus_24.uai'), { cfg: withMessageBits(makeConfig({ pes: 4, scratchpadBytes: 1 << 22 }), 8), exactLimit: 0 });
    expect(r.format.F).toBe(3);
    expect(r.warnings.some((w) => /^prior of variable \d+ \(unary factor \d+\): 1 non-zero entry down to −\d+\.\d\d nats .* range of 15\.75 nats: held at the smallest non-zero probability$/.test(w))).toBe(true);
  });
});

describe('a dynamic range the format cannot hold', () => {
  it('gp5sim infer warns naming the factor and the clipped range (never silently clipped)', () => {
    const file = join(tmp, 'clipped.json');
    // Factor 1 spans 69 nats: beyond every F at W = 8 (F = 1 holds 64 nats).
    writeFileSync(file, JSON.stringify({ format: 'gp5-factor-graph', version: 1, variables: [{ card: 2 }, { card: 2 }], factors: [{ scope: [0], values: [0.3, 0.7] }, { scope: [0, 1], values: [1, 1e-30, 0.5, 1] }] }));
    const r = gp5sim('infer', file, '--bits', '8', '--pes', '1');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning: factor 1: 1 non-zero entry down to −69.08 nats (relative to its largest) beyond the W=8 F=1 range of 63.99 nats: held at the smallest non-zero probability');
    expect(r.stdout).toContain('format W=8 F=1');
    // At W = 16, F = 8 holds 128 nats: no warning.
    const r16 = gp5sim('infer', file, '--bits', '16', '--pes', '1');
    expect(r16.status).toBe(0);
    expect(r16.stderr).not.toContain('warning: factor');
  });
});

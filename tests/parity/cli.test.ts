// Parity factors through the real CLI: the JSON XOR form read by `solve` and `infer`, its bad-input
// errors (exit 1, file, line and field, no stack trace), and `infer` on a parity-heavy model taking
// the structured path at a fraction of the dense path's cycles.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exactInference, parseJsonModel } from '../../golden/index.js';
import { makeConfig } from '../../isa/index.js';
import { inferOnChip } from '../../runtime/index.js';
import { formatInfer } from '../../cli/commands/infer.js';
import { colours } from '../../cli/io.js';
import { gp5sim, noStack, tmp } from '../runtime/cli-helpers.js';

/** 24 bits with priors and six overlapping even/odd XOR factors of degree 10 (1024-entry tables). */
function parityHeavyJson(): string {
  const variables = Array.from({ length: 24 }, (_, i) => ({ card: 2, name: `b${i}` }));
  const factors: unknown[] = [];
  for (let k = 0; k < 6; k++) factors.push({ type: 'xor', scope: Array.from({ length: 10 }, (_, j) => (4 * k + 5 * j) % 24), parity: k % 2 });
  for (let i = 0; i < 24; i++) {
    const p = i % 3 === 0 ? 0.08 + 0.01 * (i % 4) : 0.94 - 0.01 * (i % 5);
    factors.push({ scope: [i], values: [p, 1 - p] });
  }
  return JSON.stringify({ format: 'gp5-factor-graph', version: 1, variables, factors }, null, 1) + '\n';
}

const heavy = join(tmp, 'parity-heavy.json');
writeFileSync(heavy, parityHeavyJson());

describe('gp5sim and the JSON XOR form', () => {
  it('solve reads XOR factors: exact marginals as the library computes them', () => {
    const r = gp5sim('solve', heavy, '--method', 'exact', '-o', join(tmp, 'heavy.MAR'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ex = exactInference(parseJsonModel(parityHeavyJson(), 'h.json'));
    expect(r.stdout).toContain(`${ex.marginals[0]![0]!.toFixed(6)} ${ex.marginals[0]![1]!.toFixed(6)}`);
  });

  it('bad XOR factors: exit 1 naming file, line and field, for solve and infer', () => {
    const bad = (factor: unknown) =>
      JSON.stringify({ format: 'gp5-factor-graph', version: 1, variables: [{ card: 2 }, { card: 3 }, { card: 2 }], factors: [{ scope: [0], values: [1, 1] }, factor] }, null, 1) + '\n';
    const cases: [unknown, string][] = [
      [{ type: 'xor', scope: [0, 1] }, 'factor 1: a "type": "xor" factor needs binary variables, variable 1 has card 3'],
      [{ type: 'xor', scope: [0, 2], parity: 3 }, 'factor 1: expected "parity": 0 (even) or 1 (odd), found 3'],
    ];
    cases.forEach(([factor, message], k) => {
      const file = join(tmp, `bad-xor-${k}.json`);
      writeFileSync(file, bad(factor));
      for (const cmd of k === 0 ? ['solve', 'infer'] : ['solve']) {
        const r = gp5sim(cmd, file);
        expect(r.status, `${cmd} ${k}: ${r.stderr}`).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: error: `));
        expect(r.stderr).toContain(message);
        expect(noStack(r.stderr)).toBe(true);
      }
    });
  });
});

describe('gp5sim infer on a parity-heavy model', () => {
  it('takes the structured path: every XOR factor counted, and far fewer cycles than the dense path', () => {
    const run = (...extra: string[]) => {
      const r = gp5sim('infer', heavy, '--pes', '4', '--max-iter', '20', '--json', ...extra);
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { cycles: number; iterations: number; converged: boolean; maxTV: number; compile: { structuredFactors: number }; exact: { maxTV: number } };
    };
    const s = run();
    const d = run('--parity', 'dense');
    expect(s.compile.structuredFactors).toBe(6);
    expect(d.compile.structuredFactors).toBe(0);
    expect(s.converged && d.converged).toBe(true);
    // Exact figures of this build: 7 iterations and 1,140 cycles against 6 and 13,000 on the dense
    // path; per iteration 163 against 2,167 cycles (13.3×; 1,300 and 13,095 with an update per edge,
    // before the all-outputs vupd and fupd; 13,131 with the dense path's recvs all at
    // the sync; 1,363 and 13,245 before a send stopped
    // waiting for every earlier write of another unit; 1,435 and 13,339 before the send/recv
    // operands stayed in registers, runtime/codegen/operands.ts; the dense path was 17,395 before placement
    // split its heavy parity factors' edge updates over several PEs). With the per-edge scalar LLR conversion,
    // one cnu at a time and the branch loop frame: 1,808 cycles, 258 per iteration.
    expect([s.iterations, s.cycles, d.iterations, d.cycles]).toEqual([7, 1140, 6, 13000]);
    expect(d.cycles / d.iterations / (s.cycles / s.iterations)).toBeGreaterThan(10);
    // Against float BP with the exact tables: 1.5e-3 (dense 6.3e-3); loopy BP itself is 0.20 off exact.
    expect(s.maxTV).toBeLessThan(3e-3);
    expect(Math.abs(s.exact.maxTV - d.exact.maxTV)).toBeLessThan(0.01);
  });

  it('the summary says how many factors went structured', () => {
    const g = parseJsonModel(parityHeavyJson(), 'h.json');
    const r = inferOnChip(g, { cfg: makeConfig({ pes: 4 }), maxIter: 20 });
    expect(formatInfer(r, g, 'h.json', colours({ isTTY: false } as never), false)).toContain('code: dense fupd/vupd; parity factors on the structured path (cnu): 6 of 30 factors');
  });
});

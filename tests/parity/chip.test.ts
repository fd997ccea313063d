// Mixed models on the chip: parity factors through the LLR unit (cnu) and dense factors through
// fupd in one program, bit-exact against golden's fixed-point reference (which does the same
// arithmetic, golden/fixed-parity.ts), and accurate against exact inference and float BP.
import { describe, expect, it } from 'vitest';
import { makeConfig, makeFormat, type MachineConfig } from '../../isa/index.js';
import { exactInference, FixedPointBp, parityFactor, quantizeGraph, ResidualGatedBp, type Factor, type FactorGraph } from '../../golden/index.js';
import { compileGraph, inferOnChip, runOnChip, toAssembly, withMessageBits, type RuntimeSchedule } from '../../runtime/index.js';
import { assemble } from '../../asm/index.js';
import { ldpcFrame } from '../runtime/corpus.js';
import { mixedTree, referenceMismatches } from './fixtures.js';

/**
 * The 96.3.963 code's 48 checks and one noisy frame's channel factors, plus an HMM-like chain of
 * ternary states each tied to a bit by a dense 3×2 factor, a dense binary pairwise factor, and an
 * odd parity factor.
 */
function mixedModel(): FactorGraph {
  const code = ldpcFrame('ldpc/96.3.963.alist', 2, 5);
  const variables = [...code.variables];
  const factors: Factor[] = [...code.factors];
  const first = variables.length;
  for (let s = 0; s < 6; s++) variables.push({ card: 3, name: `s${s}` });
  for (let s = 0; s < 6; s++) {
    factors.push({ scope: [first + s, 10 * s + 3], table: Float64Array.of(0.7, 0.2, 0.1, 0.3, 0.5, 0.9) });
    if (s > 0) factors.push({ scope: [first + s - 1, first + s], table: Float64Array.of(0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8) });
  }
  factors.push({ scope: [first], table: Float64Array.of(0.5, 0.3, 0.2) });
  factors.push({ scope: [5, 77], table: Float64Array.of(1, 0.4, 0.3, 1.2) });
  // An odd parity factor on two extra bits and code bit 2 (satisfiable, so BP still converges).
  variables.push({ card: 2 }, { card: 2 });
  factors.push(parityFactor([first + 6, 2, first + 7], 1));
  factors.push({ scope: [first + 6], table: Float64Array.of(0.3, 0.7) });
  return { variables, factors };
}


const NEVER = -1;

function compare(graph: FactorGraph, cfg: MachineConfig, schedule: RuntimeSchedule, iterations: number, o: { lambda?: number; minSum?: boolean; gateRaw?: number } = {}) {
  const lambda = o.lambda ?? 0;
  const sumProduct = !o.minSum;
  const gateRaw = o.gateRaw ?? NEVER;
  const q = quantizeGraph(graph, makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
  const prog = compileGraph(q, cfg, { schedule, semiring: sumProduct ? 'sum-product' : 'min-sum', lambda, tolRaw: gateRaw, maxIter: iterations });
  expect(prog.parity.count).toBeGreaterThan(0);
  const chip = runOnChip(prog, { maxCycles: 50_000_000 });
  expect(chip.report.fault).toBeUndefined();
  if (gateRaw < 0) expect(chip.iterations).toBe(iterations);
  let ref: FixedPointBp;
  let lastChange = 0;
  if (schedule === 'gated-flooding') {
    const gated = new ResidualGatedBp(q, { sumProduct, lambda, gateRaw });
    for (let k = 0; k < chip.iterations; k++) lastChange = gated.iterate();
    ref = gated.bp;
  } else {
    ref = new FixedPointBp(q, { sumProduct, lambda, tolRaw: 0, schedule });
    for (let k = 0; k < chip.iterations; k++) lastChange = ref.iterate();
  }
  expect(referenceMismatches(q, prog, chip, ref)).toBe(0);
  expect(chip.lastChange).toBe(lastChange);
  return { prog, chip };
}

describe('mixed parity + dense models: chip equals the fixed-point reference bit for bit', () => {
  const mixed = mixedModel();
  for (const W of [8, 16]) {
    for (const pes of [1, 4]) {
      it(`flooding, W=${W}, P=${pes}: after 1 and 3 iterations`, () => {
        const cfg = withMessageBits(makeConfig({ pes }), W);
        compare(mixed, cfg, 'flooding', 1);
        const { prog } = compare(mixed, cfg, 'flooding', 3);
        expect(prog.parity.count).toBe(49);
      });
    }
  }
  it('sequential (loopy order and a tree two-pass order), P=1 and 4', () => {
    for (const pes of [1, 4]) {
      compare(mixed, makeConfig({ pes }), 'sequential', 2);
      compare(mixedTree(), makeConfig({ pes }), 'sequential', 2);
    }
  });
  it('damping, min-sum, and gated flooding, P=4', () => {
    const cfg = makeConfig({ pes: 4 });
    compare(mixed, cfg, 'flooding', 3, { lambda: 64 });
    compare(mixed, withMessageBits(cfg, 8), 'flooding', 3, { minSum: true });
    compare(mixed, cfg, 'gated-flooding', 8, { gateRaw: 8 });
  });
});

describe('accuracy of the structured parity path', () => {
  it('a mixed tree: the chip is within 4e-3 (W=16) and 0.015 (W=8) max TV of exact inference', () => {
    const g = mixedTree();
    const exact = exactInference(g).marginals;
    const tv = (m: number[][]) => Math.max(...m.map((p, i) => p.reduce((s, x, c) => s + Math.abs(x - exact[i]![c]!), 0) / 2));
    // Measured: W=16 3.3e-3 (dense path 7.6e-4: the cnu's box-plus works at F, fupd at F + G = 12
    // fraction bits), W=8 1.1e-2 (dense 1.3e-2).
    for (const [W, bound] of [[16, 4e-3], [8, 0.015]] as const) {
      const r = inferOnChip(g, { cfg: withMessageBits(makeConfig({ pes: 4 }), W), schedule: 'sequential', maxIter: 5 });
      expect(r.compile.structuredFactors).toBe(4);
      expect(tv(r.marginals)).toBeLessThan(bound);
    }
  });
  it('the mixed loopy model: the chip is within 1e-3 max TV of float BP (exact tables) at W=16', () => {
    const r = inferOnChip(mixedModel(), { cfg: makeConfig({ pes: 4 }), maxIter: 30 });
    expect(r.compile.structuredFactors).toBe(49);
    expect(r.converged).toBe(true);
    expect(r.maxTV).toBeLessThan(1e-3); // measured 2.1e-4, the same as the dense path
  });
});

describe('limits of the structured path', () => {
  it('a block that does not fit three vector registers is refused, naming the factor and the way out', () => {
    const g: FactorGraph = { variables: Array.from({ length: 4 }, () => ({ card: 2 })), factors: [parityFactor([0, 1, 2, 3], 0), { scope: [0], table: Float64Array.of(0.6, 0.4) }] };
    const cfg = makeConfig({ pes: 1, lanes: 2, vregLanes: 2 });
    const q = quantizeGraph(g, makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
    const o = { schedule: 'flooding' as const, semiring: 'sum-product' as const, lambda: 0, tolRaw: 0, maxIter: 3 };
    expect(() => compileGraph(q, cfg, o)).toThrow(/parity factor 0 \(degree 4\) needs vregLanes >= 3 for its structured update \(the config has 2\); raise vregLanes or use the dense path \(gp5sim infer --parity dense\)/);
    expect(compileGraph(q, cfg, { ...o, parityPath: 'dense' }).parity.count).toBe(0);
  });
});

describe('emitted assembly of a mixed program', () => {
  it('reassembles with gp5asm to the identical code and data words, cnu and fupd side by side', () => {
    const cfg = makeConfig({ pes: 4 });
    const q = quantizeGraph(mixedModel(), makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
    const prog = compileGraph(q, cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 32, tolRaw: 8, maxIter: 20, keepAssembly: true });
    const text = toAssembly(prog, 'mixed');
    const obj = assemble(text, { fileName: 'mixed.s' }).object;
    for (let pe = 0; pe < 4; pe++) {
      const code = obj.sections.find((s) => s.space === 'code' && Array.isArray(s.pes) && s.pes[0] === pe)!;
      expect(Array.from(code.words)).toEqual(Array.from(prog.code[pe]!));
      const data = obj.sections.find((s) => s.space === 'scratchpad' && Array.isArray(s.pes) && s.pes[0] === pe)!;
      expect(Array.from(new Int32Array(data.words.buffer, data.words.byteOffset, data.words.length))).toEqual(Array.from(prog.data[pe]!));
    }
    expect(text).toMatch(/cnu\.spa r10, r15, r11/);
    expect(text).toMatch(/vdamp v7, v7, v1, 32/);
    expect(text).toMatch(/fupd\.sp r1, /);
  });
});

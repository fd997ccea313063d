// The simulated chip's messages and beliefs equal the bit-accurate fixed-point reference bit for
// bit, after each tested iteration, for P in {1, 4, 16} and W in {8, 16}, and for the unsigned
// message code (W = 8, F = 5, priors as prior words) on every model without structured parity
// factors (those need the signed code). Under flooding the result therefore does not depend on P.
import { describe, it, expect } from 'vitest';
import { configFormat, makeConfig, type MachineConfig } from '../../isa/index.js';
import { quantizeGraph, structuredParityFactors, FixedPointBp, ResidualGatedBp, type FactorGraph } from '../../golden/index.js';
import { compileGraph, runOnChip, chipFactorToVar, chipVarToFactor, withMessageBits, type RuntimeSchedule } from '../../runtime/index.js';
import { CORPUS } from './corpus.js';

const NEVER = -1; // tolRaw below any change: run exactly maxIter iterations

function compare(graph: FactorGraph, cfg: MachineConfig, schedule: RuntimeSchedule, iterations: number, lambda = 0, gateRaw = NEVER) {
  const q = quantizeGraph(graph, configFormat(cfg));
  // For gated-flooding the tolerance is also the gate; other schedules never stop early.
  const prog = compileGraph(q, cfg, { schedule, semiring: 'sum-product', lambda, tolRaw: gateRaw, maxIter: iterations });
  const chip = runOnChip(prog, { maxCycles: 50_000_000 });
  expect(chip.report.fault).toBeUndefined();
  if (gateRaw < 0) expect(chip.iterations).toBe(iterations);
  iterations = chip.iterations;
  // The reference's own loop stops at a fixed point; iterate it by hand for exactly `iterations`.
  let ref: FixedPointBp;
  let lastChange = 0;
  if (schedule === 'gated-flooding') {
    const gated = new ResidualGatedBp(q, { sumProduct: true, lambda, gateRaw: gateRaw });
    for (let k = 0; k < iterations; k++) lastChange = gated.iterate();
    ref = gated.bp;
  } else {
    ref = new FixedPointBp(q, { sumProduct: true, lambda, tolRaw: 0, schedule });
    for (let k = 0; k < iterations; k++) lastChange = ref.iterate();
  }
  let mismatches = 0;
  for (let e = 0; e < q.nEdges; e++) {
    const a = q.edgeFactor[e];
    const i = q.edgeVar[e];
    if (!equal(chipFactorToVar(chip, prog, e), ref.factorToVar(a, i))) mismatches++;
    if (!equal(chipVarToFactor(chip, prog, e), ref.varToFactor(i, a))) mismatches++;
  }
  const beliefs = ref.beliefEnergies();
  for (let i = 0; i < q.nVars; i++) if (!equal(chip.beliefEnergies[i], beliefs[i])) mismatches++;
  expect(mismatches).toBe(0);
  expect(chip.lastChange).toBe(lastChange);
  return chip;
}

function equal(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** W = 8 with the unsigned code at F = 5, the format the compiler picks for most shared models. */
const unsigned8 = (cfg: MachineConfig): MachineConfig => ({ ...withMessageBits(cfg, 8), fracBits: 5, unsignedMessages: 1 });
const hasStructuredParity = (graph: FactorGraph) => structuredParityFactors(quantizeGraph(graph, configFormat(makeConfig()))).some((p) => p >= 0);

describe('bit-exact against the fixed-point reference (flooding)', () => {
  for (const model of CORPUS) {
    describe(model.name, () => {
      const graph = model.load();
      const formats: [string, (c: MachineConfig) => MachineConfig][] = [
        ['W=8', (c) => withMessageBits(c, 8)],
        ['W=16', (c) => withMessageBits(c, 16)],
        ...(hasStructuredParity(graph) ? [] : ([['W=8 unsigned F=5', unsigned8]] as [string, (c: MachineConfig) => MachineConfig][])),
      ];
      for (const [name, format] of formats) {
        for (const pes of [1, 4, 16]) {
          it(`${name}, P=${pes}: after 1 and 3 iterations`, () => {
            const cfg = format(makeConfig({ pes, scratchpadBytes: 1 << 20 }));
            compare(graph, cfg, 'flooding', 1);
            compare(graph, cfg, 'flooding', 3);
          });
        }
      }
    });
  }
});

describe('bit-exact: sequential schedule and damping', () => {
  for (const model of CORPUS.filter((m) => /tree|testfast|hoi1|HMM/.test(m.name))) {
    for (const pes of [1, 4]) {
      it(`${model.name}: sequential, P=${pes}, 2 iterations`, () => {
        compare(model.load(), makeConfig({ pes }), 'sequential', 2);
      });
    }
  }
  for (const model of CORPUS.filter((m) => /testfast|Promedus|LDPC|HMM|hoi2|zeros/.test(m.name))) {
    for (const pes of [1, 4, 16]) {
      it(`${model.name}: residual-gated, P=${pes}, gate 8 LSB, up to 12 iterations`, () => {
        compare(model.load(), makeConfig({ pes, scratchpadBytes: 1 << 20 }), 'gated-flooding', 12, 0, 8);
      });
    }
  }
  it('testfast: flooding with damping λ = 128 on 16 PEs, 4 iterations', () => {
    compare(CORPUS[2].load(), makeConfig({ pes: 16 }), 'flooding', 4, 128);
  });
  // The unsigned code under every schedule (and damping) on models with priors and zeros.
  for (const model of CORPUS.filter((m) => /tree|testfast|hoi1|HMM/.test(m.name))) {
    it(`${model.name}: unsigned W = 8, sequential, P=4, 2 iterations`, () => {
      compare(model.load(), unsigned8(makeConfig({ pes: 4 })), 'sequential', 2);
    });
  }
  for (const model of CORPUS.filter((m) => /testfast|Promedus|HMM|hoi2|zeros/.test(m.name))) {
    it(`${model.name}: unsigned W = 8, residual-gated, P=4, gate 8 LSB, up to 12 iterations`, () => {
      compare(model.load(), unsigned8(makeConfig({ pes: 4, scratchpadBytes: 1 << 20 })), 'gated-flooding', 12, 0, 8);
    });
  }
  it('testfast: unsigned W = 8, flooding with damping λ = 128 on 16 PEs, 4 iterations', () => {
    compare(CORPUS[2].load(), unsigned8(makeConfig({ pes: 16 })), 'flooding', 4, 128);
  });
});

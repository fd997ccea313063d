// Small real models on the default 16-PE chip: measured cycles per iteration beside the
// compiler's lane-counting bound (issue 13: target ≤ 1.5× the bound), and the honest lower bound
// that adds the dependency chain (runtime/README.md, "Dependency bound": why 1.5× the lane bound is
// out of reach for these models).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readModelFile } from '../../golden/index.js';
import { makeConfig } from '../../isa/index.js';
import { inferOnChip } from '../../runtime/index.js';
import type { BenchCase, FigureResult } from '../harness.js';

const data = (rel: string) => fileURLToPath(new URL(`../../../shared/data/${rel}`, import.meta.url));

function smallModelCase(name: string, rel: string): BenchCase {
  return {
    kind: 'figure',
    name: `runtime.${name}.laneBoundRatio`,
    unit: 'x',
    description: `${name}, flooding, default 16-PE chip: cycles per iteration / the compiler's lane bound (target ≤ 1.5)`,
    measure: (): FigureResult => {
      const file = data(rel);
      const r = inferOnChip(readModelFile(file, existsSync(`${file}.evid`) ? `${file}.evid` : undefined), { cfg: makeConfig({}), exactLimit: 0 });
      return {
        value: r.laneBound.ratio,
        extra: {
          cyclesPerIteration: { value: r.cyclesPerIteration, unit: 'cycles' },
          laneBound: { value: r.laneBound.cyclesPerIteration, unit: 'cycles' },
          laneTerm: { value: r.laneBound.lanes, unit: 'cycles' },
          networkTerm: { value: r.laneBound.network, unit: 'cycles' },
          // The honest bound: max(lane, network, dependency) — the chain (variable update → factor
          // update → exchange → convergence test) that one iteration cannot beat (lane-bound.ts).
          dependencyBound: { value: r.bound.dependency.cyclesPerIteration, unit: 'cycles' },
          lowerBound: { value: r.bound.cyclesPerIteration, unit: 'cycles' },
          lowerBoundRatio: { value: r.bound.ratio, unit: 'x' },
        },
      };
    },
  };
}

export const smallModelCases: BenchCase[] = [smallModelCase('testfast', 'libdai/testfast.fg'), smallModelCase('alarm', 'libdai/alarm.fg')];

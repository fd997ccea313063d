// Run the model's solver: float BP, exact (junction tree), Gibbs or the simulated chip (through
// runtime/index.ts), and return results by variable name.
import { beliefPropagation, exactInference, exactMap, gibbsSampling } from '../golden/index.js';
import { DEFAULT_CONFIG, parseConfig } from '../isa/index.js';
import { inferOnChip, withMessageBits } from '../runtime/index.js';
import type { Model } from './graph.js';
import { checkSolver } from './options.js';
import { argmaxStates, Solution } from './solution.js';

/** Solve `model` with its solver and options. */
export function solveModel(model: Model): Solution {
  const o = model.options;
  checkSolver(model.solver, o);
  const semiring = o.semiring ?? 'sum-product';
  const max = semiring === 'max-product';
  const graph = model.toFactorGraph();
  const base = { solver: model.solver, semiring } as const;
  switch (model.solver) {
    case 'bp': {
      const r = beliefPropagation(graph, {
        semiring: max ? 'min-sum' : 'sum-product',
        schedule: o.schedule ?? 'flooding',
        damping: o.damping ?? 0,
        tol: o.tolerance ?? 1e-9,
        maxIter: o.iterations ?? 1000,
        factorBeliefs: false,
      });
      return new Solution(model.variables, r.marginals, argmaxStates(r.marginals), { ...base, logZ: max ? null : r.logZ, converged: r.converged, iterations: r.iterations, cycles: null });
    }
    case 'exact': {
      if (max) {
        const r = exactMap(graph);
        return new Solution(model.variables, r.maxMarginals, r.assignment, { ...base, logZ: null, converged: true, iterations: 0, cycles: null });
      }
      const r = exactInference(graph);
      return new Solution(model.variables, r.marginals, argmaxStates(r.marginals), { ...base, logZ: r.logZ, converged: true, iterations: 0, cycles: null });
    }
    case 'gibbs': {
      const r = gibbsSampling(graph, {
        ...(o.seed !== undefined && { seed: o.seed }),
        ...(o.burnIn !== undefined && { burnIn: o.burnIn }),
        ...(o.samples !== undefined && { samples: o.samples }),
        ...(o.restarts !== undefined && { restarts: o.restarts }),
        ...(o.initialTemperature !== undefined && { initialTemperature: o.initialTemperature }),
      });
      const states = max ? r.best : argmaxStates(r.marginals);
      return new Solution(model.variables, r.marginals, states, { ...base, logZ: null, converged: true, iterations: r.sweeps, cycles: null });
    }
    case 'chip': {
      let cfg = o.pes !== undefined ? parseConfig({ pes: o.pes }, 'model options') : { ...DEFAULT_CONFIG };
      if (o.bits !== undefined) cfg = withMessageBits(cfg, o.bits);
      const r = inferOnChip(graph, {
        cfg,
        // The chip's residual schedule is residual-gated flooding (runtime/README.md).
        schedule: o.schedule === 'residual' ? 'gated-flooding' : (o.schedule ?? 'flooding'),
        semiring: max ? 'min-sum' : 'sum-product',
        damping: o.damping ?? 0,
        ...(o.tolerance !== undefined && { tol: o.tolerance }),
        maxIter: o.iterations ?? 100,
        exactLimit: 0,
      });
      return new Solution(model.variables, r.marginals, argmaxStates(r.marginals), { ...base, logZ: null, converged: r.converged, iterations: r.iterations, cycles: r.cycles });
    }
  }
}

// libDAI-style software BP runs the update lists of golden/schedules.ts (libdaiUpdates): the plan
// it lowers them to, and the refusal of a list it cannot run.
import { describe, it, expect } from 'vitest';
import { compileBpGraph, libdaiUpdates, planSteps, type FactorGraph } from '../../golden/index.js';

// Variables 0, 1, 2 (binary); factors: unary(0), pair(0, 1), pair(1, 2).
const graph: FactorGraph = {
  variables: [{ card: 2 }, { card: 2 }, { card: 2 }],
  factors: [
    { scope: [0], table: Float64Array.from([1, 2]) },
    { scope: [0, 1], table: Float64Array.from([1, 2, 3, 4]) },
    { scope: [1, 2], table: Float64Array.from([4, 3, 2, 1]) },
  ],
};

describe('software BP consumes the schedule lists', () => {
  const g = compileBpGraph(graph);
  it('flooding: the V phase is the belief pass; then every factor, unary included, in id order', () => {
    const { steps, factorUpdates } = planSteps(g, libdaiUpdates(graph, 'flooding'));
    expect(Array.from(steps)).toEqual([1, 0, 1, 1, 1, 2]);
    expect(factorUpdates).toBe(5);
  });
  it('sequential (SEQFIX, no tree special case): per factor its v->f updates, then its f->v updates', () => {
    // Edges: 0 = (f0, v0), 1 = (f1, v0), 2 = (f1, v1), 3 = (f2, v1), 4 = (f2, v2). V(0, f0) is
    // not all of v0's edges, so it stays; V(2, f2) is v2's only edge but not in the leading run.
    const { steps } = planSteps(g, libdaiUpdates(graph, 'sequential'));
    expect(Array.from(steps)).toEqual([0, 0, 1, 0, 0, 1, 0, 2, 1, 1, 0, 3, 0, 4, 1, 2]);
  });
  it('refuses a list that splits a factor’s outgoing updates', () => {
    expect(() => planSteps(g, [{ kind: 'F', factor: 1, variable: 1 }])).toThrow(/factor 1's outgoing messages together/);
  });
});

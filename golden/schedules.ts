// Per-iteration update lists for the fixed-point BP reference (fixed-bp.ts), exported so the
// runtime generates GP5 code in exactly the same order. See golden/README.md, "Fixed-point
// reference: operation order".
//
// On the chip (and in the fixed and float references) only factors with two or more scope
// variables take part: unary factors are folded into a per-variable prior and have no messages.
// libDAI-style software BP (bp.ts) keeps unary factors as factors with messages: the same builders
// with `{ unaryFactors: true }` (libdaiUpdates).

/**
 * The structure the builders need: variable count and factor scopes. A `FactorGraph` qualifies, and
 * so does a `QuantizedGraph` (fixed-bp.ts).
 */
export interface GraphShape {
  readonly variables: { readonly length: number };
  readonly factors: readonly { readonly scope: readonly number[] }[];
}

/**
 * One message update.
 * - `F`: factor → variable message m_{factor→variable} (fupd.sp / fupd.ms).
 * - `V`: variable → factor message n_{variable→factor} (vupd, leaving out m_{factor→variable}).
 */
export type Update =
  | { readonly kind: 'F'; readonly factor: number; readonly variable: number }
  | { readonly kind: 'V'; readonly variable: number; readonly factor: number };

/**
 * The one schedule vocabulary (golden/README.md, "Schedules"). Each chip schedule is an update list
 * from `scheduleUpdates`; the compiler, the fixed-point reference and the float reference
 * (float-schedule-bp.ts) all consume that list, so "same schedule" holds by construction.
 * - `flooding`, `sequential`: the lists below, run as they are.
 * - `gated-flooding`: the flooding list, with each factor's F updates skipped while its inputs moved
 *   by at most the tolerance since it last ran (fixed-residual.ts); its float reference is flooding.
 * `residual` (heap residual BP, libDAI SEQMAX) has no fixed list and runs in software only (bp.ts).
 */
export const CHIP_SCHEDULES = ['flooding', 'sequential', 'gated-flooding'] as const;
export type ChipSchedule = (typeof CHIP_SCHEDULES)[number];

/** The schedules whose update list runs ungated (the fixed-point reference's own loop). */
export type FixedSchedule = 'flooding' | 'sequential';

/** Which factors a list covers: 2+-ary only (default; unary factors are priors) or every factor. */
export interface ScheduleScope {
  unaryFactors?: boolean;
}

const minArity = (s: ScheduleScope | undefined) => (s?.unaryFactors ? 1 : 2);

/**
 * Flooding (parallel): every V(i, a) for i in increasing variable id and a in increasing factor id
 * (2+-ary factors only); then every F(a, i) for a in increasing factor id and i in a's scope order.
 * V updates read only factor→variable messages and F updates only variable→factor messages, so
 * updating in place equals double buffering.
 *
 * V comes first so that the F updates of an iteration see the priors already in the first iteration
 * (messages start at 0, which is not what V computes from m = 0 when a variable has a prior). With F
 * first, a model whose pairwise factors are symmetric (all evidence in unary factors, e.g. libDAI's
 * testfast.fg) gets uniform F outputs in iteration 1, change 0, and would "converge" after one
 * iteration with every belief wrong. With V first, an iteration change of 0 is a true fixed point.
 */
export function floodingSchedule(graph: GraphShape, scope?: ScheduleScope): Update[] {
  const fs: Update[] = [];
  const adj: number[][] = Array.from({ length: graph.variables.length }, () => []);
  const min = minArity(scope);
  graph.factors.forEach((fa, a) => {
    if (fa.scope.length < min) return;
    for (const i of fa.scope) {
      fs.push({ kind: 'F', factor: a, variable: i });
      adj[i]!.push(a);
    }
  });
  const out: Update[] = [];
  adj.forEach((as, i) => {
    for (const a of as) out.push({ kind: 'V', variable: i, factor: a });
  });
  for (const u of fs) out.push(u);
  return out;
}

/**
 * Sequential. On a forest (the 2+-ary factors and the variables form no cycle) it is the two-pass
 * order, exact after one iteration: rooted at each component's lowest variable id, messages flow
 * from the leaves up to the root (for each factor, deepest first: V from its child variables, then
 * F to its parent variable), then back down (for each factor, shallowest first: V from its parent
 * variable, then F to each child variable). Otherwise the fixed order of libDAI's SEQFIX: for each
 * 2+-ary factor a in increasing id, V(i, a) for each i in a's scope order, then F(a, i) for each i.
 * Either way every edge gets one V and one F update per iteration.
 */
export function sequentialSchedule(graph: GraphShape): Update[] {
  return treeSchedule(graph) ?? fixedOrderSchedule(graph);
}

/** The two-pass order of a forest, or null if the graph has a cycle. */
export function treeSchedule(graph: GraphShape): Update[] | null {
  const nV = graph.variables.length;
  const nF = graph.factors.length;
  // Bipartite nodes: variable i is node i, factor a is node nV + a (2+-ary factors only).
  const adj: number[][] = Array.from({ length: nV + nF }, () => []);
  let edges = 0;
  let nodes = nV;
  graph.factors.forEach((fa, a) => {
    if (fa.scope.length < 2) return;
    nodes++;
    for (const i of fa.scope) {
      adj[i]!.push(nV + a);
      adj[nV + a]!.push(i);
      edges++;
    }
  });
  const parent = new Int32Array(nV + nF).fill(-2); // -2 unvisited, -1 root
  const order: number[] = [];
  let components = 0;
  for (let root = 0; root < nV; root++) {
    if (parent[root] !== -2) continue;
    components++;
    parent[root] = -1;
    order.push(root);
    for (let k = order.length - 1; k < order.length; k++) {
      const u = order[k]!;
      for (const w of adj[u]!) {
        if (parent[w] === -2) {
          parent[w] = u;
          order.push(w);
        }
      }
    }
  }
  // A forest has exactly nodes − components edges (a repeated variable in a scope also fails this).
  if (edges !== nodes - components) return null;
  const up: Update[] = [];
  const down: Update[] = [];
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    if (node < nV) continue;
    const a = node - nV;
    const p = parent[node]!;
    for (const i of graph.factors[a]!.scope) if (i !== p) up.push({ kind: 'V', variable: i, factor: a });
    up.push({ kind: 'F', factor: a, variable: p });
  }
  for (const node of order) {
    if (node < nV) continue;
    const a = node - nV;
    const p = parent[node]!;
    down.push({ kind: 'V', variable: p, factor: a });
    for (const i of graph.factors[a]!.scope) if (i !== p) down.push({ kind: 'F', factor: a, variable: i });
  }
  return [...up, ...down];
}

/** libDAI SEQFIX-like fixed order (see sequentialSchedule). */
export function fixedOrderSchedule(graph: GraphShape, scope?: ScheduleScope): Update[] {
  const out: Update[] = [];
  const min = minArity(scope);
  graph.factors.forEach((fa, a) => {
    if (fa.scope.length < min) return;
    for (const i of fa.scope) out.push({ kind: 'V', variable: i, factor: a });
    for (const i of fa.scope) out.push({ kind: 'F', factor: a, variable: i });
  });
  return out;
}

/** The update list of a chip schedule (for `gated-flooding`, the flooding list its gate filters). */
export function scheduleUpdates(graph: GraphShape, schedule: ChipSchedule): Update[] {
  if (schedule === 'flooding' || schedule === 'gated-flooding') return floodingSchedule(graph);
  if (schedule === 'sequential') return sequentialSchedule(graph);
  throw new RangeError(`unknown chip schedule '${String(schedule)}' (expected ${CHIP_SCHEDULES.join(', ')})`);
}

/**
 * The update list of libDAI-style software BP (bp.ts, `gp5sim solve`), over every factor including
 * unary ones: `flooding` is floodingSchedule (libDAI's parallel update), `sequential` is always the
 * fixed order (libDAI's SEQFIX, which does not special-case trees, unlike the chip's sequential).
 */
export function libdaiUpdates(graph: GraphShape, schedule: FixedSchedule): Update[] {
  if (schedule === 'flooding') return floodingSchedule(graph, { unaryFactors: true });
  if (schedule === 'sequential') return fixedOrderSchedule(graph, { unaryFactors: true });
  throw new RangeError(`unknown list schedule '${String(schedule)}' (expected flooding, sequential)`);
}

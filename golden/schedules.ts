// Per-iteration update lists for the fixed-point BP reference (fixed-bp.ts), exported so the
// runtime generates GP5 code in exactly the same order. See golden/README.md, "Fixed-point
// reference: operation order".
//
// Only factors with two or more scope variables take part: unary factors are folded into a
// per-variable prior and have no messages.

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

/** The named schedules of the fixed-point reference. */
export type FixedSchedule = 'flooding' | 'sequential';

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
export function floodingSchedule(graph: GraphShape): Update[] {
  const fs: Update[] = [];
  const adj: number[][] = Array.from({ length: graph.variables.length }, () => []);
  graph.factors.forEach((fa, a) => {
    if (fa.scope.length < 2) return;
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
 * Sequential (fixed order, libDAI SEQFIX-like): for each 2+-ary factor a in increasing id, V(i, a)
 * for each i in a's scope order, then F(a, i) for each i in a's scope order.
 */
export function sequentialSchedule(graph: GraphShape): Update[] {
  const out: Update[] = [];
  graph.factors.forEach((fa, a) => {
    if (fa.scope.length < 2) return;
    for (const i of fa.scope) out.push({ kind: 'V', variable: i, factor: a });
    for (const i of fa.scope) out.push({ kind: 'F', factor: a, variable: i });
  });
  return out;
}

/** The update list of a named schedule. */
export function scheduleUpdates(graph: GraphShape, schedule: FixedSchedule): Update[] {
  if (schedule === 'flooding') return floodingSchedule(graph);
  if (schedule === 'sequential') return sequentialSchedule(graph);
  throw new RangeError(`unknown fixed-point schedule '${String(schedule)}' (expected flooding or sequential)`);
}

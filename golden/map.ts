// Exact MAP (most probable assignment): max-product bucket elimination along the min-fill order
// exact inference uses, in the log domain, with an argmax table per eliminated variable for the
// traceback. Zero potentials are -Infinity, so deterministic factors and evidence are exact.
import { ExactTooLargeError, ZeroPartitionError } from './errors.js';
import { DEFAULT_MAX_TABLE_SIZE, DEFAULT_MAX_TOTAL_SIZE, eliminationOrder } from './exact.js';
import type { FactorGraph } from './model.js';

export interface ExactMapOptions {
  /** Largest clique table (entries). Default 2^24. */
  maxTableSize?: number;
  /** Largest sum of clique table sizes (entries). Default 2^27. */
  maxTotalSize?: number;
}

export interface ExactMapResult {
  /** The most probable state of each variable (variable-id order); ties go to the lowest state. */
  assignment: Int32Array;
  /** Natural log of the unnormalised weight of that assignment (the max of the joint). */
  logWeight: number;
}

interface LogFactor {
  scope: number[];
  logT: Float64Array;
}

/** Strides of `scope`'s first-fastest layout, aligned to the variables of `clique` (0 if absent). */
function alignedStrides(clique: readonly number[], scope: readonly number[], card: readonly number[]): Int32Array {
  const st = new Int32Array(clique.length);
  let s = 1;
  for (const v of scope) {
    st[clique.indexOf(v)] = s;
    s *= card[v]!;
  }
  return st;
}

/** Exact MAP assignment. Throws ExactTooLargeError when a clique is too big, ZeroPartitionError when every assignment has weight 0. */
export function exactMap(graph: FactorGraph, options: ExactMapOptions = {}): ExactMapResult {
  const maxTable = options.maxTableSize ?? DEFAULT_MAX_TABLE_SIZE;
  const maxTotal = options.maxTotalSize ?? DEFAULT_MAX_TOTAL_SIZE;
  const n = graph.variables.length;
  const card = graph.variables.map((v) => v.card);
  const order = eliminationOrder(graph, maxTable, maxTotal);
  const pos = new Int32Array(n);
  order.forEach((v, i) => (pos[v] = i));
  // buckets[i]: factors whose earliest-eliminated variable is order[i].
  const buckets: LogFactor[][] = Array.from({ length: n }, () => []);
  const place = (f: LogFactor): void => {
    let first = f.scope[0]!;
    for (const v of f.scope) if (pos[v]! < pos[first]!) first = v;
    buckets[pos[first]!]!.push(f);
  };
  let logWeight = 0;
  for (const f of graph.factors) place({ scope: [...f.scope], logT: Float64Array.from(f.table, Math.log) });
  const trace: { rest: number[]; arg: Int32Array }[] = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = order[i]!;
    const bucket = buckets[i]!;
    const restSet = new Set<number>();
    for (const f of bucket) for (const u of f.scope) if (u !== v) restSet.add(u);
    const rest = [...restSet];
    const clique = [v, ...rest];
    let size = 1;
    for (const u of clique) size *= card[u]!;
    if (size > maxTable) throw new ExactTooLargeError(size, maxTable, `the MAP clique of variable ${v}`);
    total += size;
    if (total > maxTotal) throw new ExactTooLargeError(total, maxTotal, 'the MAP clique tables together');
    const joint = new Float64Array(size);
    const k = clique.length;
    const cards = Int32Array.from(clique, (u) => card[u]!);
    const ix = new Int32Array(k);
    for (const f of bucket) {
      const st = alignedStrides(clique, f.scope, card);
      ix.fill(0);
      let j = 0;
      for (let l = 0; l < size; l++) {
        joint[l]! += f.logT[j]!;
        for (let d = 0; d < k; d++) {
          j += st[d]!;
          if (++ix[d]! < cards[d]!) break;
          j -= st[d]! * cards[d]!;
          ix[d] = 0;
        }
      }
    }
    // Max out v (first in the layout: contiguous runs of card[v]).
    const cv = card[v]!;
    const out = new Float64Array(size / cv);
    const arg = new Int32Array(size / cv);
    for (let r = 0; r < out.length; r++) {
      let best = -Infinity;
      let bk = 0;
      for (let x = 0; x < cv; x++) {
        const w = joint[r * cv + x]!;
        if (w > best) {
          best = w;
          bk = x;
        }
      }
      out[r] = best;
      arg[r] = bk;
    }
    trace[i] = { rest, arg };
    if (rest.length > 0) place({ scope: rest, logT: out });
    else logWeight += out[0]!;
  }
  if (logWeight === -Infinity) throw new ZeroPartitionError();
  const assignment = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const { rest, arg } = trace[i]!;
    let l = 0;
    let s = 1;
    for (const u of rest) {
      l += assignment[u]! * s;
      s *= card[u]!;
    }
    assignment[order[i]!] = arg[l]!;
  }
  return { assignment, logWeight };
}

// Will a model fit the machine? Counted from the graph alone (no quantising, placing or
// compiling), so a model far too large is refused in milliseconds, with advice that names only
// configurations that exist (at most CONFIG_MAX.pes PEs and CONFIG_MAX.scratchpadBytes per PE).
import { CONFIG_MAX, factorDescriptorWords, scratchpadWords, variableDescriptorWords, type MachineConfig } from '../isa/index.js';
import { detectParity, structuredParityFactors, type FactorGraph, type ParityPath, type QuantizedGraph } from '../golden/index.js';
import { CompileError } from './errors.js';
import { parityFactorWords } from './parity-lowering.js';
import { ALL_OUTPUTS_MIN_DEGREE } from './descriptors.js';

/** Words at the bottom of every PE's scratchpad reserved for status (iterations, change). */
export const STATUS_WORDS = 4;

/** The structure the count needs; a FactorGraph and a QuantizedGraph both give it cheaply. */
export interface FitShape {
  nVars: number;
  card(v: number): number;
  nFactors: number;
  scope(a: number): readonly number[];
  tableLength(a: number): number;
  /** True when factor a takes the structured parity path (no table, no fupd descriptors: parityFactorWords). */
  structured?(a: number): boolean;
}

export interface FitEstimate {
  /** Scratchpad words of the whole program over all PEs, without cross-PE copies (a lower bound). */
  totalWords: number;
  /** Lower bound on the fullest PE: status words + totalWords / P. */
  perPeWords: number;
  limitWords: number;
  fits: boolean;
  /** Graph nodes (variables and 2+-ary factors): with more PEs than this, some PEs get no work. */
  nodes: number;
}

/**
 * Count what the compiler will allocate: tables, priors, messages, descriptors, beliefs; for a
 * structured parity factor of degree d its n (2d) and parityFactorWords(d) — O(d), no table.
 * `allOutputs` (every schedule but sequential): a variable of degree 2 or more has one all-outputs
 * vupd descriptor instead of one per edge, a factor of arity 2 or more one all-outputs fupd
 * descriptor (descriptors.ts).
 */
export function estimateFit(g: FitShape, cfg: MachineConfig, allOutputs = true): FitEstimate {
  const deg = new Int32Array(g.nVars);
  const hasPrior = new Uint8Array(g.nVars);
  let total = 0;
  let nodes = g.nVars;
  for (let a = 0; a < g.nFactors; a++) {
    const scope = g.scope(a);
    if (scope.length === 1) {
      if (!hasPrior[scope[0]!]) total += g.card(scope[0]!);
      hasPrior[scope[0]!] = 1;
      continue;
    }
    nodes++;
    if (g.structured?.(a)) {
      for (const v of scope) deg[v]!++;
      total += 2 * scope.length + parityFactorWords(scope.length);
      continue;
    }
    total += g.tableLength(a);
    // One all-outputs descriptor (a split factor, or one that saves too few beats, has one per
    // edge: this stays a lower bound).
    const all = allOutputs && scope.length >= ALL_OUTPUTS_MIN_DEGREE;
    if (all) total += factorDescriptorWords(scope.length, true);
    for (const v of scope) {
      deg[v]!++;
      // m and n of the edge, and its factor descriptor.
      total += 2 * g.card(v) + (all ? 0 : factorDescriptorWords(scope.length));
    }
  }
  for (let v = 0; v < g.nVars; v++) {
    // One descriptor per edge (or one all-outputs descriptor) and one for the belief, each listing
    // every input; the belief itself.
    const inputs = deg[v]! + hasPrior[v]!;
    const updates = allOutputs && deg[v]! >= ALL_OUTPUTS_MIN_DEGREE ? variableDescriptorWords(inputs, true) : deg[v]! * variableDescriptorWords(inputs);
    total += updates + variableDescriptorWords(inputs) + g.card(v);
  }
  const limitWords = scratchpadWords(cfg);
  const perPeWords = STATUS_WORDS + Math.ceil(total / cfg.pes);
  return { totalWords: total, perPeWords, limitWords, fits: perPeWords <= limitWords, nodes };
}

/**
 * What to change so that `totalWords` (spread over the PEs) fits: a valid PE count for this
 * scratchpad, a valid scratchpad for this PE count, the maximum scratchpad with enough PEs — or
 * that no configuration can hold it.
 */
export function fitAdvice(totalWords: number, cfg: MachineConfig): string {
  const pesFor = (words: number) => Math.ceil(totalWords / (words - STATUS_WORDS));
  const maxWords = CONFIG_MAX.scratchpadBytes >>> 2;
  const ways: string[] = [];
  const p = pesFor(scratchpadWords(cfg));
  if (p <= CONFIG_MAX.pes) ways.push(`--pes ${p} or more`);
  const kib = Math.ceil(((STATUS_WORDS + Math.ceil(totalWords / cfg.pes)) * 4) / 1024);
  if (kib * 1024 <= CONFIG_MAX.scratchpadBytes) ways.push(`a config with scratchpadBytes >= ${kib} KiB`);
  const pMax = pesFor(maxWords);
  if (ways.length === 0 && pMax <= CONFIG_MAX.pes) ways.push(`--pes ${pMax} or more with scratchpadBytes ${CONFIG_MAX.scratchpadBytes / 1024} KiB`);
  if (ways.length === 0) {
    return `no configuration can hold it (at most ${CONFIG_MAX.pes} PEs of ${CONFIG_MAX.scratchpadBytes / 1024} KiB; it needs about ${Math.ceil((totalWords * 4) / 1024 / 1024)} MiB)`;
  }
  return `use ${ways.join(', or ')}`;
}

/** The fit estimate of a quantised graph (the same count inferOnChip makes before quantising). */
export function estimateQuantizedFit(q: QuantizedGraph, cfg: MachineConfig, parityPath?: ParityPath, allOutputs = true): FitEstimate {
  const structured = structuredParityFactors(q, parityPath);
  return estimateFit(
    { nVars: q.nVars, card: (v) => q.card[v]!, nFactors: q.nFactors, scope: (a) => q.scopes[a]!, tableLength: (a) => q.tabOff[a + 1]! - q.tabOff[a]!, structured: (a) => structured[a]! >= 0 },
    cfg,
    allOutputs,
  );
}

/**
 * The fit shape of a model before quantising: a 2+-ary factor whose table is a parity constraint
 * (golden's detectParity, which the quantiser applies too) is structured unless the path is 'dense'.
 */
export function fitShapeOfGraph(graph: FactorGraph, parityPath?: ParityPath): FitShape {
  return {
    nVars: graph.variables.length,
    card: (v) => graph.variables[v]!.card,
    nFactors: graph.factors.length,
    scope: (a) => graph.factors[a]!.scope,
    tableLength: (a) => graph.factors[a]!.table.length,
    structured: (a) => {
      if (parityPath === 'dense') return false;
      const f = graph.factors[a]!;
      return f.scope.length >= 2 && detectParity(f.scope.map((v) => graph.variables[v]!.card), f.table) >= 0;
    },
  };
}

/** Refuse a model that cannot fit, with the ways out that exist. */
export function checkFit(est: FitEstimate, cfg: MachineConfig): void {
  if (!est.fits) {
    throw new CompileError(
      `the model needs at least ${est.perPeWords} scratchpad words per PE on ${cfg.pes} PEs (${est.totalWords} in all) but a PE has ${est.limitWords}: ${fitAdvice(est.totalWords, cfg)}`,
    );
  }
}

// The product's main job: a factor graph in, marginals out from the simulated chip, with the
// hardware's error against float BP (and exact inference when it is cheap) made visible.
import { defaultFracBits, defaultTableSize, messageCode, unsignedMessagesOf, type MachineConfig, type MessageCode } from '../isa/index.js';
import {
  FloatScheduleBp,
  exactInference,
  ExactTooLargeError,
  graphIsBinaryPairwise,
  type ExactResult,
  type FactorGraph,
  type ParityPath,
} from '../golden/index.js';
import type { MachineMemory, RunOptions, SimReport } from '../sim/index.js';
import { compileGraph, type RuntimeSchedule } from './compile.js';
import { checkFit, estimateFit, fitShapeOfGraph } from './fit.js';
import { runOnChip } from './execute.js';
import { toAssembly } from './program.js';
import { chooseFormat, clippingWarnings, UNSIGNED_BELOW_BITS } from './number-format.js';
import { defaultTolerance, tvStats } from './accuracy.js';
import { CompileError } from './errors.js';
export { defaultTolerance, tvStats } from './accuracy.js';
import { denseDependencyBound, iterationBound, pairwiseDependencyBound, type IterationBound, type LaneBound } from './lane-bound.js';
import {
  compilePairwise,
  compilePairwiseSequential,
  runPairwise,
  pairwiseAssembly,
  estimatePairwiseFit,
  sequentialPacking,
  PAIRWISE_SEQUENTIAL_MIN_PES,
  PAIRWISE_SEQUENTIAL_MIN_WIDTH,
} from './pairwise/index.js';

export interface InferOptions {
  cfg: MachineConfig;
  schedule?: RuntimeSchedule;
  semiring?: 'sum-product' | 'min-sum';
  /** libDAI-style damping d ∈ [0, 1): λ = round(256 d) on factor→variable messages. */
  damping?: number;
  /**
   * Stop when no factor→variable message changes by more than tol nats (raw ⌊tol·2^F⌋). Default:
   * one max* table bucket — finer tolerances can miss the small limit cycles the table's steps
   * cause (golden/README.md).
   */
  tol?: number;
  maxIter?: number;
  maxCycles?: number;
  sink?: RunOptions['sink'];
  onProgress?: RunOptions['onProgress'];
  /** Progress of the compile (message updates lowered to code so far, of the total). */
  onCompileProgress?: (done: number, total: number) => void;
  emitAsm?: boolean;
  /** Parity factors: 'structured' (default: the LLR check-node update) or 'dense' (their table). */
  parityPath?: ParityPath;
  /** Compare with exact inference when its largest table has at most this many entries (0: never). */
  exactLimit?: number;
  title?: string;
  /**
   * 'auto' (default): a model whose variables are all binary and whose factors are all unary or
   * pairwise runs on the pairwise LLR path (runtime/pairwise/, pfu) under the flooding schedule,
   * and under the sequential schedule on at least PAIRWISE_SEQUENTIAL_MIN_PES PEs when its list
   * packs at least PAIRWISE_SEQUENTIAL_MIN_WIDTH updates per level (otherwise the dense path is
   * faster; gated-flooding stays dense), at W ≥ 16 (below, binary pairwise models take the dense
   * path with unsigned messages, which is more accurate there); 'dense': always the fupd/vupd path;
   * 'pairwise': the LLR path whatever W (a CompileError if the model or schedule cannot take it).
   */
  path?: 'auto' | 'dense' | 'pairwise';
  /**
   * For a caller inferring many times in one thread (a sweep worker): machine memories to build the
   * chip on (sim's MachineMemory), and a cache of exact inference by graph. The result is the same.
   */
  reuse?: { memory?: MachineMemory; exact?: ExactCache };
}

/**
 * Exact inference results by graph object and size limit (null: too large), for callers that run
 * the same graph many times; entries live as long as the graph objects (the caller bounds those).
 */
export class ExactCache {
  private readonly byGraph = new WeakMap<FactorGraph, Map<number, ExactResult | null>>();

  get(graph: FactorGraph, limit: number): ExactResult | null {
    let byLimit = this.byGraph.get(graph);
    if (!byLimit) this.byGraph.set(graph, (byLimit = new Map()));
    let r = byLimit.get(limit);
    if (r === undefined) {
      r = exactOrNull(graph, limit);
      byLimit.set(limit, r);
    }
    return r;
  }
}

/** Exact inference when its largest table has at most `limit` entries, else null. */
function exactOrNull(graph: FactorGraph, limit: number): ExactResult | null {
  try {
    return exactInference(graph, { maxTableSize: limit, maxTotalSize: limit * 4 });
  } catch (e) {
    if (e instanceof ExactTooLargeError) return null;
    throw e;
  }
}

export interface ErrorStats {
  maxTV: number;
  meanTV: number;
}

export interface InferResult {
  marginals: number[][];
  /** Things the user may want to change (e.g. more PEs than graph nodes); the CLI prints them. */
  warnings: string[];
  converged: boolean;
  iterations: number;
  /** Max factor→variable change in the last iteration, in nats. */
  lastChange: number;
  cycles: number;
  cyclesPerIteration: number;
  utilization: number;
  /** Error against the float64 reference (same update list, priors and iteration cap). */
  maxTV: number;
  meanTV: number;
  /** The float64 run of the same update list: convergence and last max change (nats). */
  float: { converged: boolean; iterations: number; lastChange: number };
  exact: (ErrorStats & { logZ: number }) | null;
  /**
   * The number format the chip ran: W, the chosen F and code (runtime/number-format.ts), the max*
   * table size, and the max TV of each F the compiler calibrated (empty when F was chosen by range).
   */
  format: { W: number; F: number; code: MessageCode; maxStarTableSize: number; calibration: { F: number; maxTV: number }[] };
  /** Which code the compiler generated: dense fupd/vupd, or the binary pairwise LLR path (pfu). */
  path: 'dense' | 'pairwise';
  compile: {
    pes: number;
    cutEdges: number;
    imbalance: number;
    beatsPerIteration: number;
    lowerBoundCyclesPerIteration: number;
    memoryBankBound: number;
    boundRatio: number;
    maxScratchpadWords: number;
    transfersPerIteration: number;
    /** Parity factors that took the structured (cnu) path instead of a dense fupd table. */
    structuredFactors: number;
  };
  /** The compiler's lane-counting bound per iteration, and measured cycles per iteration over it. */
  laneBound: LaneBound & { ratio: number };
  /**
   * The honest lower bound per iteration: the largest of the lane term, the network term and the
   * dependency chain (a variable update, the factor update reading it, the exchange when they are
   * on different PEs, and the cheapest convergence test; lane-bound.ts), and measured cycles per
   * iteration over it.
   */
  bound: IterationBound & { ratio: number };
  report: SimReport;
  asm?: string;
}

/**
 * Hardware damping weight for a libDAI-style damping factor d ∈ [0, 1): λ = round(256 d), at most
 * 255 — λ = 256 would keep the old message forever and look converged.
 */
export function dampingLambda(damping: number): number {
  return Math.min(255, Math.round(damping * 256));
}

/** Machine config with message width W (F = ⌊W/2⌋ and the default table size for W). */
export function withMessageBits(cfg: MachineConfig, W: number): MachineConfig {
  return { ...cfg, messageBits: W, fracBits: defaultFracBits(W), maxStarTableSize: defaultTableSize(W) };
}

export function inferOnChip(graph: FactorGraph, o: InferOptions): InferResult {
  const cfg0 = o.cfg;
  const schedule = o.schedule ?? 'flooding';
  const semiring = o.semiring ?? 'sum-product';
  const damping = o.damping ?? 0;
  const maxIter = o.maxIter ?? 100;
  // Count first: a model that cannot fit is refused before anything big is built.
  const fit = estimateFit(fitShapeOfGraph(graph, o.parityPath), cfg0, schedule !== 'sequential');
  // The pairwise path needs fewer words than the dense path: its own estimate (runtime/pairwise/fit.ts).
  const pairwiseSchedule = schedule === 'flooding' || (schedule === 'sequential' && cfg0.pes >= PAIRWISE_SEQUENTIAL_MIN_PES);
  // Below W = 16 the pairwise path's signed 8-bit log-ratios lose accuracy (DBN_11 at W = 8 did
  // not converge there), so binary pairwise models take the dense path with the unsigned code.
  const pairwiseWidth = cfg0.messageBits >= UNSIGNED_BELOW_BITS;
  const path = o.path ?? 'auto';
  if (path === 'pairwise' && !graphIsBinaryPairwise(graph)) throw new CompileError('path pairwise: the model is not binary pairwise (every variable binary, every factor unary or pairwise)');
  if (path === 'pairwise' && !pairwiseSchedule) throw new CompileError(`path pairwise: the pairwise LLR path runs flooding, or sequential on ${PAIRWISE_SEQUENTIAL_MIN_PES}+ PEs, not ${schedule} on ${cfg0.pes} PE${cfg0.pes === 1 ? '' : 's'}`);
  let pairwise = path === 'pairwise' || (path === 'auto' && pairwiseSchedule && pairwiseWidth && graphIsBinaryPairwise(graph));
  checkFit(pairwise ? estimatePairwiseFit(graph, cfg0) : fit, cfg0);
  const warnings: string[] = [];
  // Say when a binary pairwise model does not take the LLR path, and why, rather than fall back silently.
  if (path === 'auto' && !pairwiseWidth && graphIsBinaryPairwise(graph)) {
    warnings.push(`binary pairwise model at W=${cfg0.messageBits}: it runs on the dense fupd/vupd path with unsigned messages (the pairwise LLR path, pfu, takes W ≥ ${UNSIGNED_BELOW_BITS}: its signed log-ratios are too coarse below)`);
  } else if (path === 'auto' && !pairwiseSchedule && graphIsBinaryPairwise(graph)) {
    warnings.push(
      schedule === 'sequential'
        ? `binary pairwise model under the sequential schedule: it runs on the dense fupd/vupd path on ${cfg0.pes} PE${cfg0.pes === 1 ? '' : 's'} (faster there; the pairwise LLR path, pfu, takes sequential from ${PAIRWISE_SEQUENTIAL_MIN_PES} PEs)`
        : `binary pairwise model under the ${schedule} schedule: it runs on the dense fupd/vupd path (the pairwise LLR path, pfu, has no per-factor gate)`,
    );
  }
  if (cfg0.pes > fit.nodes) warnings.push(`${cfg0.pes} PEs for ${fit.nodes} graph nodes: ${cfg0.pes - fit.nodes} PEs get no work (--pes ${fit.nodes} runs the same)`);
  // The config's F is a ceiling: the compiler lowers it while the model's range would clip.
  // The pairwise LLR path computes in signed log-ratios, so it keeps the signed code.
  const chosen = chooseFormat(graph, cfg0.messageBits, cfg0.maxStarTableSize, cfg0.fracBits, {
    code: pairwise || cfg0.unsignedMessages === 1 ? messageCode(cfg0) : 'auto',
    parityPath: o.parityPath,
    calibrate: { maxIter, sumProduct: semiring === 'sum-product' },
  });
  const f = chosen.format;
  const q = chosen.graph;
  const unsignedMessages = unsignedMessagesOf(f.code);
  const cfg: MachineConfig = f.F === cfg0.fracBits && unsignedMessages === cfg0.unsignedMessages ? cfg0 : { ...cfg0, fracBits: f.F, unsignedMessages };
  warnings.push(...clippingWarnings(q.clipped, f));
  if (pairwise && path === 'auto' && schedule === 'sequential') {
    // A list that hardly packs is faster on the dense path (runtime/README.md, "Sequential on the pairwise path").
    const { width } = sequentialPacking(q);
    if (width < PAIRWISE_SEQUENTIAL_MIN_WIDTH) {
      pairwise = false;
      checkFit(fit, cfg0);
      warnings.push(
        `binary pairwise model under the sequential schedule: it runs on the dense fupd/vupd path (its update list packs ${width.toFixed(1)} updates per level, fewer than ${PAIRWISE_SEQUENTIAL_MIN_WIDTH}: the pairwise LLR path, pfu, is slower there)`,
      );
    }
  }
  // The chip compares the change with a 32-bit register: clamp the tolerance there.
  const tolRaw = Math.min(0x7fffffff, Math.floor((o.tol ?? defaultTolerance(f)) * f.scale));
  const runOpts = { maxCycles: o.maxCycles ?? 1e9, sink: o.sink, onProgress: o.onProgress };
  const pwOptions = { semiring, lambda: dampingLambda(damping), tolRaw, maxIter, keepAssembly: o.emitAsm, onProgress: o.onCompileProgress };
  const pw = pairwise ? (schedule === 'sequential' ? compilePairwiseSequential : compilePairwise)(q, cfg, pwOptions) : null;
  const dense = pw ? null : compileGraph(q, cfg, { schedule, semiring, lambda: dampingLambda(damping), tolRaw, maxIter, keepAssembly: o.emitAsm, onProgress: o.onCompileProgress, parityPath: o.parityPath });
  const prog = pw ?? dense!;
  const chip = pw ? runPairwise(pw, runOpts, o.reuse?.memory) : runOnChip(dense!, runOpts, o.reuse?.memory);
  // Float reference: the very update list the compiler compiled, on the same folded priors, in
  // float64, for exactly the chip's iteration count and judged by the chip's tolerance
  // (gated-flooding's float reference is the ungated flooding list), so the error is the number
  // format's alone.
  const floatBp = new FloatScheduleBp(graph, q, prog.updates, { sumProduct: semiring === 'sum-product', lambda: dampingLambda(damping), tol: tolRaw / f.scale });
  const fl = floatBp.runExactly(chip.iterations);
  const vsFloat = tvStats(chip.marginals, fl.marginals);
  let exact: InferResult['exact'] = null;
  const limit = o.exactLimit ?? 1 << 20;
  if (limit > 0 && semiring === 'sum-product') {
    const ex = o.reuse?.exact ? o.reuse.exact.get(graph, limit) : exactOrNull(graph, limit);
    if (ex) exact = { ...tvStats(chip.marginals, ex.marginals), logZ: ex.logZ };
  }
  const iterations = chip.iterations;
  const cyclesPerIteration = iterations > 0 ? chip.report.cycles / iterations : 0;
  const lb = prog.lowerBound.cyclesPerIteration;
  const dependency = pw
    ? pairwiseDependencyBound(q, pw.placement.varPe, cfg.lanes, cfg.hopLatency)
    : denseDependencyBound(q, dense!.placement.edgePe, dense!.placement.varPe, cfg.lanes, cfg.hopLatency, dense!.parity.structured);
  const bound = iterationBound(prog.laneBound, dependency);
  return {
    marginals: chip.marginals,
    warnings,
    converged: chip.converged,
    iterations,
    lastChange: chip.lastChange / f.scale,
    cycles: chip.report.cycles,
    cyclesPerIteration,
    utilization: chip.report.utilization,
    maxTV: vsFloat.maxTV,
    meanTV: vsFloat.meanTV,
    float: { converged: fl.converged, iterations: fl.iterations, lastChange: fl.lastChange },
    exact,
    format: { W: cfg.messageBits, F: cfg.fracBits, code: f.code, maxStarTableSize: cfg.maxStarTableSize, calibration: chosen.calibration },
    path: pw ? 'pairwise' : 'dense',
    compile: {
      pes: cfg.pes,
      cutEdges: prog.placement.cutEdges,
      imbalance: prog.placement.imbalance,
      beatsPerIteration: prog.beatsPerIteration,
      lowerBoundCyclesPerIteration: lb,
      memoryBankBound: prog.lowerBound.memoryBanks,
      boundRatio: lb > 0 ? cyclesPerIteration / lb : 0,
      maxScratchpadWords: prog.memoryUsed.reduce((mx, w) => Math.max(mx, w), 0),
      transfersPerIteration: prog.transfersPerIteration,
      structuredFactors: pw ? 0 : dense!.parity.count,
    },
    laneBound: { ...prog.laneBound, ratio: prog.laneBound.cyclesPerIteration > 0 ? cyclesPerIteration / prog.laneBound.cyclesPerIteration : 0 },
    bound: { ...bound, ratio: bound.cyclesPerIteration > 0 ? cyclesPerIteration / bound.cyclesPerIteration : 0 },
    report: chip.report,
    ...(o.emitAsm ? { asm: pw ? pairwiseAssembly(pw, o.title ?? 'factor graph') : toAssembly(dense!, o.title ?? 'factor graph') } : {}),
  };
}

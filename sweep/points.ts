// THE adapter from a sweep point to the library calls (runtime's inferOnChip and structured LDPC
// decoder — via ldpc-point.ts —, sim's simulate). Everything that knows those APIs' option names lives here, so a change of those APIs
// is adapted in this one file.
import { parseModel, applyEvidence, parseEvidence, isingGrid, randomTree, hmmChain, type FactorGraph, type ModelFormat } from '../golden/index.js';
import { parseObject, STALL_CAUSE_NAMES, LLR_RULES, type LlrRule } from '../isa/index.js';
import { inferOnChip, type LdpcChipSchedule } from '../runtime/index.js';
import { simulate, type SimReport, type TraceSink } from '../sim/index.js';
import { isUserError } from '../errors/index.js';
import { energyMetrics, reportCounters } from './energy.js';
import { ldpcConfig, runLdpcPoint } from './ldpc-point.js';
import { pointConfig, type SweepPoint } from './spec.js';
import { stableHash } from './key.js';
import { workerReuse, type PointReuse } from './reuse.js';

export type PointKind = 'infer' | 'ldpc' | 'run';
export type OptionValue = number | string;

interface OptionSpec {
  /** A description of what is wrong, or undefined when the value is fine. */
  check(v: unknown): string | undefined;
}

const oneOf = (...names: string[]): OptionSpec => ({ check: (v) => (typeof v === 'string' && names.includes(v) ? undefined : `expected one of ${names.join(', ')}`) });
const int = (lo: number, hi: number): OptionSpec => ({ check: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? undefined : `expected an integer ${lo} … ${hi}`) });
const num = (lo: number, hi: number, what: string): OptionSpec => ({ check: (v) => (typeof v === 'number' && Number.isFinite(v) && v >= lo && v < hi ? undefined : `expected ${what}`) });

const MAX_CYCLES = int(1, Number.MAX_SAFE_INTEGER);

/** The options each kind of point takes (the same names and ranges as the CLI's flags). */
export const OPTION_SCHEMA: Record<PointKind, Record<string, OptionSpec>> = {
  infer: {
    schedule: oneOf('flooding', 'sequential', 'residual'),
    semiring: oneOf('sum-product', 'min-sum'),
    damping: num(0, 1, 'a number in [0, 1)'),
    maxIter: int(0, 1_000_000),
    tol: num(0, 1e6, 'a tolerance in nats, 0 … 1e6'),
    maxCycles: MAX_CYCLES,
  },
  ldpc: {
    ebn0: num(-10, 30, 'Eb/N0 in dB, -10 … 30'),
    frames: int(1, 1_000_000),
    iters: int(1, 100_000),
    seed: int(0, 2 ** 31),
    /** Check-node rule of the LLR unit (cnu.<rule>), and the float decoder beside it. */
    rule: oneOf(...LLR_RULES),
    schedule: oneOf('layered', 'flooding'),
    /** Frames per shard: a point with more frames is split into shards that run in parallel. */
    shardFrames: int(1, 1_000_000),
  },
  run: { maxCycles: MAX_CYCLES },
};

/** Seeded model generators a spec may name instead of a file (golden's generators). */
export const GENERATORS: Record<string, { params: string[]; required: string[]; build(p: Record<string, number>): FactorGraph }> = {
  ising: { params: ['rows', 'cols', 'seed'], required: ['rows', 'cols'], build: (p) => isingGrid({ rows: p.rows, cols: p.cols, seed: p.seed ?? 1 }) },
  tree: { params: ['nVars', 'seed'], required: ['nVars'], build: (p) => randomTree({ nVars: p.nVars, seed: p.seed ?? 1 }) },
  hmm: { params: ['classes', 'frames', 'seed'], required: ['classes', 'frames'], build: (p) => hmmChain({ classes: p.classes, frames: p.frames, seed: p.seed ?? 1 }).graph },
};

/** A UAI evidence file's name and text, applied to the model as `gp5sim infer --evid` does. */
export interface EvidencePayload {
  name: string;
  text: string;
}

/** What a worker needs besides the point: the model's text (and its evidence) or the program's bytes (base64). */
export type Payload = { kind: 'none' } | { kind: 'model'; name: string; format: ModelFormat; text: string; evidence?: EvidencePayload } | { kind: 'object'; name: string; base64: string };

/** The factor graph of a model payload, with its evidence applied (clamped) when it has some. */
export function payloadGraph(payload: Extract<Payload, { kind: 'model' }>): FactorGraph {
  const graph = parseModel(payload.text, payload.name, payload.format);
  return payload.evidence ? applyEvidence(graph, parseEvidence(payload.evidence.text, payload.evidence.name)) : graph;
}

/** One unit of work: a point, or one shard of an LDPC point's frames. JSON-serialisable. */
export interface PointTask {
  key: string;
  point: SweepPoint;
  payload: Payload;
  shard?: { index: number; count: number };
}

export type Metrics = Record<string, number | string | boolean | null>;

export interface PePoint {
  pe: number;
  cycles: number;
  utilization: number;
  stalls: Record<string, number>;
}

export interface PointOutcome {
  metrics: Metrics;
  perPe?: PePoint[];
  /** Wall-clock milliseconds inside the library call (the simulation itself). */
  simMs: number;
}

/** Defaults of the options a point does not set (as the CLI's). */
const LDPC_DEFAULTS = { ebn0: 2.5, frames: 20, iters: 50, seed: 1, rule: 'spa' as LlrRule, schedule: 'layered' as LdpcChipSchedule };

/** How many tasks a point becomes: LDPC points with shardFrames split their frames. */
export function shardCount(point: SweepPoint): number {
  if (point.kind !== 'ldpc' || point.options.shardFrames === undefined) return 1;
  const frames = Number(point.options.frames ?? LDPC_DEFAULTS.frames);
  return Math.ceil(frames / Number(point.options.shardFrames));
}

/** Shard i's own seed: an independent stream, the same in every process. */
function shardSeed(seed: number, index: number, count: number): number {
  return count === 1 ? seed : parseInt(stableHash('ldpc-shard', seed, index).slice(0, 8), 16) >>> 1;
}

/**
 * Run one task; `sink` (infer and run points) sees the simulator's trace events, e.g. for a heatmap.
 * `reuse`: what is kept between points (default this thread's; null: build everything afresh).
 */
export function runPoint(task: PointTask, sink?: TraceSink, reuse: PointReuse | null = workerReuse): PointOutcome {
  const { point } = task;
  const cfg = pointConfig(point.machine);
  const o = point.options;
  const t0 = performance.now();
  try {
    if (point.kind === 'ldpc') {
      if (task.payload.kind !== 'model') throw new Error('an ldpc point needs its code text');
      const frames = Number(o.frames ?? LDPC_DEFAULTS.frames);
      const { index, count } = task.shard ?? { index: 0, count: 1 };
      const per = Number(o.shardFrames ?? frames);
      const ldpcCfg = ldpcConfig(cfg, point.machine);
      const metrics = runLdpcPoint(task.payload.text, task.payload.name, ldpcCfg, {
        ebn0: Number(o.ebn0 ?? LDPC_DEFAULTS.ebn0),
        frames: Math.min(frames, (index + 1) * per) - index * per,
        maxIter: Number(o.iters ?? LDPC_DEFAULTS.iters),
        seed: shardSeed(Number(o.seed ?? LDPC_DEFAULTS.seed), index, count),
        rule: (o.rule as LlrRule | undefined) ?? LDPC_DEFAULTS.rule,
        schedule: (o.schedule as LdpcChipSchedule | undefined) ?? LDPC_DEFAULTS.schedule,
      }, reuse?.memory(ldpcCfg));
      return { metrics, simMs: performance.now() - t0 };
    }
    if (point.kind === 'run') {
      if (task.payload.kind !== 'object') throw new Error('a run point needs its object bytes');
      const bytes = Buffer.from(task.payload.base64, 'base64');
      const obj = parseObject(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), task.payload.name);
      const { report } = simulate(obj, cfg, { source: task.payload.name, maxCycles: Number(o.maxCycles ?? 100_000_000), sink, memory: reuse?.memory(cfg) });
      const simMs = performance.now() - t0;
      return { metrics: { status: report.status, ...reportMetrics(report), ...energyMetrics({ ...reportCounters(report), cycles: report.cycles }, cfg) }, perPe: perPe(report), simMs };
    }
    const graph = pointGraph(task, reuse);
    const r = inferOnChip(graph, {
      cfg,
      schedule: (o.schedule as 'flooding' | undefined) ?? 'flooding',
      semiring: (o.semiring as 'sum-product' | undefined) ?? 'sum-product',
      damping: Number(o.damping ?? 0),
      tol: o.tol === undefined ? undefined : Number(o.tol),
      maxIter: Number(o.maxIter ?? 100),
      maxCycles: Number(o.maxCycles ?? 100_000_000),
      sink,
      reuse: reuse ? { memory: reuse.memory(cfg), exact: reuse.exact } : undefined,
    });
    const simMs = performance.now() - t0;
    return {
      metrics: {
        status: r.report.status,
        ...(task.payload.kind === 'model' && task.payload.evidence ? { evidence: task.payload.evidence.name } : {}),
        converged: r.converged,
        iterations: r.iterations,
        cyclesPerIteration: r.cyclesPerIteration,
        lowerBoundCyclesPerIteration: r.compile.lowerBoundCyclesPerIteration,
        boundRatio: r.compile.boundRatio,
        maxTV: r.maxTV,
        meanTV: r.meanTV,
        exactMaxTV: r.exact?.maxTV ?? null,
        ...reportMetrics(r.report),
        ...energyMetrics({ ...reportCounters(r.report), cycles: r.report.cycles }, cfg, { messages: r.report.bpMessages, frames: 1 }),
      },
      perPe: perPe(r.report),
      simMs,
    };
  } catch (e) {
    // A point that cannot run (does not fit, faults) is a result, not the end of the sweep.
    if (!isUserError(e)) throw e;
    return { metrics: { status: 'error', error: (e as Error).message }, simMs: performance.now() - t0 };
  }
}

/** A generated model's key in a worker's reuse: its generator and parameters (the pool's affinity uses the same). */
export const generatedModelKey = (point: SweepPoint) => `generate\0${JSON.stringify(point.model)}`;

/** An infer point's model: parsed (or generated) once per worker while it stays in `reuse`. */
function pointGraph(task: PointTask, reuse: PointReuse | null): FactorGraph {
  const { payload, point } = task;
  if (payload.kind === 'model') {
    if (!reuse) return payloadGraph(payload);
    const ev = payload.evidence;
    // The key is the model's identity: its name, format and bytes, and its evidence's.
    const key = ['model', payload.name, payload.format, payload.text, ev ? ev.name : '', ev ? ev.text : ''].join('\0');
    return reuse.graph(key, () => payloadGraph(payload));
  }
  return reuse ? reuse.graph(generatedModelKey(point), () => generated(point)) : generated(point);
}

function generated(point: SweepPoint): FactorGraph {
  const m = point.model;
  if (!('generate' in m)) throw new Error('a file model needs its text');
  return GENERATORS[m.generate].build(m.params);
}

function reportMetrics(r: SimReport): Metrics {
  const out: Metrics = {
    cycles: r.cycles,
    instructions: r.instructions,
    utilization: r.utilization,
    bpMessages: r.bpMessages,
    bankConflicts: r.bankConflicts,
    flits: r.network.flits,
    flitHops: r.network.flitHops,
    linkWaitCycles: r.network.linkWaitCycles,
    timeMicroseconds: r.timeMicroseconds,
  };
  for (const c of STALL_CAUSE_NAMES) out[`stall.${c}`] = r.stalls[c];
  return out;
}

function perPe(r: SimReport): PePoint[] {
  return r.pes.map((p) => ({ pe: p.pe, cycles: p.cycles, utilization: p.utilization, stalls: { ...p.stalls } }));
}

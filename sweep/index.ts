// Public surface of sweep/: design-space sweeps over machines, schedules and models, their rows,
// the local worker pool and the distributed queue, energy and area estimates, plots and run diffs.
export { SweepSpecError, PointError, PoolError } from './errors.js';
export { parseSweepSpec, pointConfig, MAX_POINTS, type SweepSpec, type SweepPoint, type ModelRef } from './spec.js';
export { canonicalJson, stableHash } from './key.js';
export { PointReuse, workerReuse, MAX_CACHED_MODELS, MAX_CACHED_MEMORIES, MAX_REUSED_MEMORY_BYTES } from './reuse.js';
export { runPoint, payloadGraph, shardCount, OPTION_SCHEMA, GENERATORS, type EvidencePayload, type PointTask, type PointOutcome, type Payload, type Metrics, type PePoint, type PointKind } from './points.js';
export { mergeLdpcShards, runLdpcPoint, ldpcConfig, type LdpcRun } from './ldpc-point.js';
export { eventEnergies, eventCounts, ldpcEventCounts, ldpcEnergyPj, energyMetrics, reportCounters, ENERGY_NOTES, type EventEnergies, type EnergyCounters } from './energy.js';
export { areaMm2, areaEstimate, areaMetrics, parseSynthCells, unitUm2, SynthCellsError, SYNTH_UNITS, type SynthCells, type UnitCells, type AreaEstimate } from './area.js';
export { ENERGY_SOURCES, ENERGY_CONSTANTS, SYNTH_AREA } from './energy-config.js';
export { planSweep, tasksOf, modelName, type PlannedPoint } from './plan.js';
export { rowToJsonLine, parseRows, rowsToCsv, type SweepRow } from './rows.js';
export { inlineExecutor, type Executor } from './executor.js';
export { poolExecutor } from './pool.js';
export { processPoolExecutor, handSize, CHILD_V8_FLAGS, type ProcessPoolExecutor, type ProcessPoolOptions } from './process-pool.js';
export { localPool, POOL_KINDS, DEFAULT_POOL, type PoolKind, type LocalPool } from './local-pool.js';
export { runSweep, type RunSweepOptions } from './run-sweep.js';
export { readRun, diffRuns, RunFileError, type RunSummary, type RunDiff, type DiffLine } from './diff.js';
export { queueExecutor, queueWorker, redisConnection, QueueError, QUEUE_NAME, type QueueWorkerOptions } from './queue.js';
export { StallHeatmapSink, MAX_BUCKETS, type StallHeatmap } from './stall-heatmap.js';
export { sweepPlots, paretoFront, type Plot } from './plots.js';
export { plotToSvg } from './render.js';
export { reportHtml } from './report-html.js';
export { buildSweepReport, type SweepReport } from './report.js';

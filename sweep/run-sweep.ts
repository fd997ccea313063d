// Runs a plan on an executor: skips finished points, keeps the executor busy, merges LDPC shards,
// and hands back each row as it finishes (for appending) and all rows in point order at the end.
import type { Executor } from './executor.js';
import type { PointOutcome, Metrics } from './points.js';
import { ldpcConfig, mergeLdpcShards } from './ldpc-point.js';
import { tasksOf, type PlannedPoint } from './plan.js';
import { areaMetrics, type SynthCells } from './area.js';
import { pointConfig } from './spec.js';
import type { SweepRow } from './rows.js';

export interface RunSweepOptions {
  /** Keys of points already finished (their rows are passed in `previous`). */
  previous?: SweepRow[];
  onRow?: (row: SweepRow) => void;
  onProgress?: (done: number, total: number) => void;
  /** Synthesis cell counts (rtl/synth/cells.json) for the area estimate, when the shell found them. */
  synthesis?: SynthCells;
}

/** A row's metrics with the area columns last: a function of the machine and the cells file, so
 * resumed rows get today's figure too. `areas` caches them by machine (one config parse per machine,
 * not per row: the runner's time per point is what two workers' speed-up loses). */
function withArea(metrics: Metrics, machine: Record<string, number | string>, synth: SynthCells | undefined, areas: Map<string, Metrics>): Metrics {
  const { 'est.areaMm2': _a, 'est.areaSource': _s, ...rest } = metrics;
  void _a, void _s;
  const key = JSON.stringify(machine);
  let area = areas.get(key);
  if (!area) areas.set(key, (area = areaMetrics(pointConfig(machine), synth)));
  return { ...rest, ...area };
}

/** NaN and ±Infinity as null, as a row reads back from results.jsonl (and as a process pool's JSON
 * channel delivers them): a fresh row equals its resumed self on every executor. */
function finiteOrNull(m: Metrics): Metrics {
  for (const k in m) {
    const v = m[k];
    if (typeof v === 'number' && !Number.isFinite(v)) m[k] = null;
  }
  return m;
}

export async function runSweep(plan: PlannedPoint[], exec: Executor, o: RunSweepOptions = {}): Promise<SweepRow[]> {
  const areas = new Map<string, Metrics>();
  const byKey = new Map((o.previous ?? []).map((r) => [r.key, r]));
  const rows: SweepRow[] = [];
  const todo: PlannedPoint[] = [];
  for (const p of plan) {
    const old = byKey.get(p.key);
    // The index follows the current spec (the same point may sit elsewhere in an edited spec).
    if (old) rows.push({ ...old, index: p.index, metrics: old.metrics.status === 'error' ? old.metrics : withArea(old.metrics, old.machine, o.synthesis, areas) });
    else todo.push(p);
  }
  let done = rows.length;
  o.onProgress?.(done, plan.length);
  // Keep a bounded number of points in flight: memory stays in proportion to the pool, not the sweep.
  let next = 0;
  const lane = async () => {
    while (next < todo.length) {
      const p = todo[next++];
      const t0 = performance.now();
      const outcomes: PointOutcome[] = await Promise.all(tasksOf(p).map((t) => exec.run(t)));
      const merged = p.point.kind === 'ldpc' ? mergeLdpcShards(outcomes.map((x) => x.metrics), ldpcConfig(pointConfig(p.point.machine), p.point.machine)) : outcomes[0].metrics;
      const metrics = finiteOrNull(merged.status === 'error' ? merged : withArea(merged, p.point.machine, o.synthesis, areas));
      const row: SweepRow = {
        index: p.index,
        key: p.key,
        kind: p.point.kind,
        model: p.modelName,
        machine: p.point.machine,
        options: p.point.options,
        metrics,
        ...(outcomes[0].perPe ? { perPe: outcomes[0].perPe } : {}),
        wall: { ms: performance.now() - t0, simMs: outcomes.reduce((a, x) => a + x.simMs, 0) },
      };
      rows.push(row);
      o.onRow?.(row);
      o.onProgress?.(++done, plan.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, exec.inFlight ?? exec.concurrency) }, lane));
  return rows.sort((a, b) => a.index - b.index);
}

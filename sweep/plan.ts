// A sweep's plan: every point with its index, stable key, display name and payload, and the tasks
// (shards) it becomes.
import { createHash } from 'node:crypto';
import { stableHash } from './key.js';
import { shardCount, type Payload, type PointTask } from './points.js';
import type { SweepPoint, SweepSpec } from './spec.js';

export interface PlannedPoint {
  index: number;
  key: string;
  /** The model as the spec names it: its path, or e.g. ising(rows=8,cols=8,seed=1). */
  modelName: string;
  point: SweepPoint;
  payload: Payload;
}

/** Name of a point's model for rows and plots. */
export function modelName(point: SweepPoint): string {
  const m = point.model;
  if ('file' in m) return m.evid ? `${m.file} + ${m.evid}` : m.file;
  return `${m.generate}(${Object.entries(m.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')})`;
}

/**
 * Plan the points. `payloadOf` gives each point's payload (the shell reads files; points sharing a
 * model share one payload object). The key covers the point and the payload's bytes (and its
 * evidence), so editing a model or evidence file reruns its points.
 */
export function planSweep(spec: SweepSpec, payloadOf: (p: SweepPoint) => Payload): PlannedPoint[] {
  const digests = new Map<Payload, string>();
  return spec.points.map((point, index) => {
    const payload = payloadOf(point);
    let digest = digests.get(payload);
    if (digest === undefined) {
      const bytes = payload.kind === 'model' ? payload.text : payload.kind === 'object' ? payload.base64 : '';
      const h = createHash('sha256').update(bytes);
      // Evidence is part of the model: another (or no) evidence file is another point.
      if (payload.kind === 'model' && payload.evidence) h.update('\0evid\0').update(payload.evidence.text);
      digest = h.digest('hex');
      digests.set(payload, digest);
    }
    return { index, key: stableHash(point, digest), modelName: modelName(point), point, payload };
  });
}

/** The tasks of a point: one, or one per LDPC shard. */
export function tasksOf(p: PlannedPoint): PointTask[] {
  const count = shardCount(p.point);
  if (count === 1) return [{ key: p.key, point: p.point, payload: p.payload }];
  return Array.from({ length: count }, (_, index) => ({ key: `${p.key}.${index}`, point: p.point, payload: p.payload, shard: { index, count } }));
}

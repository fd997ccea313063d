// Which waiting tasks a pool child takes next: models it already holds first. A model split
// across children is parsed, and its exact marginals computed, once in each: dealing the bench's
// tasks out one by one costs 1.48x the CPU of one process (sweep/README.md, "Model affinity").
import { MAX_CACHED_MODELS } from './reuse.js';

/** The models a child's worker keeps, most recently used last (as many as MAX_CACHED_MODELS). */
export type HeldModels = Set<string>;

/** Record that a child ran `model`: it moves to the newest end, and the oldest beyond the cache's size is dropped. */
export function holdModel(held: HeldModels, model: string): void {
  held.delete(model);
  held.add(model);
  if (held.size > MAX_CACHED_MODELS) held.delete(held.values().next().value!);
}

/**
 * Take up to `count` entries out of `queue` for one child: each time the oldest whose model the
 * child holds, else the oldest of a model no other child holds, else the oldest. Updates `held`.
 */
export function takeAffineHand<T extends { model: string }>(queue: T[], count: number, held: HeldModels, others: readonly HeldModels[]): T[] {
  const hand: T[] = [];
  while (hand.length < count && queue.length > 0) {
    let i = queue.findIndex((j) => held.has(j.model));
    if (i < 0) i = Math.max(0, queue.findIndex((j) => !others.some((o) => o.has(j.model))));
    const [job] = queue.splice(i, 1);
    holdModel(held, job.model);
    hand.push(job);
  }
  return hand;
}

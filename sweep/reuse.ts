// What a sweep worker keeps from one point to the next (sweep/README.md, "Reuse across points"):
// machine memories by size, parsed models, and exact inference by model. A row is the same with
// them as without (tests/sweep/reuse.test.ts); they only save allocation and repeated work.
import type { FactorGraph } from '../golden/index.js';
import type { MachineConfig } from '../isa/index.js';
import { ExactCache } from '../runtime/index.js';
import { MachineMemory } from '../sim/index.js';

/** Models kept parsed (the most recently used). */
export const MAX_CACHED_MODELS = 16;
/** Machine memories kept, by scratchpad and shared-memory size (the most recently used). */
export const MAX_CACHED_MEMORIES = 2;
/** Machines larger than this (all PEs' scratchpads and the shared memory) get fresh memories, not kept ones. */
export const MAX_REUSED_MEMORY_BYTES = 64 << 20;

export class PointReuse {
  private readonly graphs = new Map<string, FactorGraph>();
  private readonly memories: MachineMemory[] = [];
  /** Exact inference by graph: entries go with the graphs this cache drops. */
  readonly exact = new ExactCache();

  /** The model under `key`, built by `build` unless it is among the last MAX_CACHED_MODELS used. */
  graph(key: string, build: () => FactorGraph): FactorGraph {
    let g = this.graphs.get(key);
    if (g === undefined) {
      g = build();
      if (this.graphs.size >= MAX_CACHED_MODELS) this.graphs.delete(this.graphs.keys().next().value!);
    } else this.graphs.delete(key);
    this.graphs.set(key, g);
    return g;
  }

  /** Memories for a machine of this configuration (undefined when it is too large to keep). */
  memory(cfg: MachineConfig): MachineMemory | undefined {
    if (cfg.pes * cfg.scratchpadBytes + cfg.sharedBytes > MAX_REUSED_MEMORY_BYTES) return undefined;
    const i = this.memories.findIndex((m) => m.fits(cfg));
    const m = i >= 0 ? this.memories.splice(i, 1)[0] : new MachineMemory(cfg);
    if (this.memories.length >= MAX_CACHED_MEMORIES) this.memories.shift();
    this.memories.push(m);
    return m;
  }
}

/** This thread's (or process's) reuse: every executor's worker runs its points with it. */
export const workerReuse = new PointReuse();

// Validated fupd/vupd descriptors of one PE, so a descriptor issued again skips its checks.
// A direct-mapped table answers the common case without hashing; a Map holds what the table
// evicted, so any number of descriptors stays cached. Entries live until a store touches a
// descriptor's words (the machine's descMark), then all go at once.

/** Slots of the direct-mapped table (a power of two; 16 KiB per PE). */
const SLOTS = 1024;
const SLOT_MASK = SLOTS - 1;

/** What a validated descriptor costs: output length, beats and lane-operations. */
export interface CachedDescriptor {
  outLen: number;
  beats: number;
  laneOps: number;
}

export class DescriptorCache {
  /** Key (desc·2 + isVupd) held by each slot, −1 when empty. */
  private readonly tag = new Int32Array(SLOTS).fill(-1);
  private readonly outLen = new Int32Array(SLOTS);
  private readonly beats = new Int32Array(SLOTS);
  private readonly laneOps = new Int32Array(SLOTS);
  private readonly evicted = new Map<number, CachedDescriptor>();
  /** The last hit (found writes it; valid until the next call). */
  readonly hit: CachedDescriptor = { outLen: 0, beats: 0, laneOps: 0 };

  /** Whether key is cached; if so its figures are in `hit`. */
  find(key: number): boolean {
    const slot = key & SLOT_MASK;
    if (this.tag[slot] === key) {
      this.hit.outLen = this.outLen[slot];
      this.hit.beats = this.beats[slot];
      this.hit.laneOps = this.laneOps[slot];
      return true;
    }
    if (this.evicted.size === 0) return false;
    const e = this.evicted.get(key);
    if (e === undefined) return false;
    this.evicted.delete(key);
    this.add(key, e.outLen, e.beats, e.laneOps);
    this.hit.outLen = e.outLen;
    this.hit.beats = e.beats;
    this.hit.laneOps = e.laneOps;
    return true;
  }

  add(key: number, outLen: number, beats: number, laneOps: number): void {
    const slot = key & SLOT_MASK;
    const old = this.tag[slot];
    if (old >= 0 && old !== key) this.evicted.set(old, { outLen: this.outLen[slot], beats: this.beats[slot], laneOps: this.laneOps[slot] });
    this.tag[slot] = key;
    this.outLen[slot] = outLen;
    this.beats[slot] = beats;
    this.laneOps[slot] = laneOps;
  }

  clear(): void {
    this.tag.fill(-1);
    this.evicted.clear();
  }
}

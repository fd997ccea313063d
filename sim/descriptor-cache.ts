// Validated fupd/vupd descriptors of one PE, so a descriptor issued again skips its checks.
// A direct-mapped table indexed by the descriptor's address answers the common case without
// hashing (two descriptors cannot start at one word, so only addresses 4,096 words apart share a
// slot); a key whose slot is taken lives in a Map instead, for good, so a program cycling through
// many descriptors never thrashes the table. Entries live until a store touches a descriptor's
// words (the machine's descMark), then all go at once.

/** Slots of the direct-mapped table (a power of two; 64 KiB per PE, made on first use). */
const SLOTS = 4096;
const SLOT_MASK = SLOTS - 1;
/** Words per slot: key, output length, beats, lane-operations. */
const STRIDE = 4;

/** What a validated descriptor costs: output length, beats and lane-operations. */
export interface CachedDescriptor {
  outLen: number;
  beats: number;
  laneOps: number;
}

export class DescriptorCache {
  /** Per slot: the key (desc·2 + isVupd, −1 when empty), then its figures. */
  private readonly table = new Int32Array(SLOTS * STRIDE).fill(-1);
  private readonly overflow = new Map<number, CachedDescriptor>();
  /** Offsets of the slots in use, so clear touches only those. */
  private readonly used = new Int32Array(SLOTS);
  private usedCount = 0;
  /** The last hit (find writes it; valid until the next call). */
  readonly hit: CachedDescriptor = { outLen: 0, beats: 0, laneOps: 0 };

  /** Whether key is cached; if so its figures are in `hit`. */
  find(key: number): boolean {
    const at = ((key >>> 1) & SLOT_MASK) * STRIDE;
    const table = this.table;
    if (table[at] === key) {
      this.hit.outLen = table[at + 1];
      this.hit.beats = table[at + 2];
      this.hit.laneOps = table[at + 3];
      return true;
    }
    if (this.overflow.size === 0) return false;
    const e = this.overflow.get(key);
    if (e === undefined) return false;
    this.hit.outLen = e.outLen;
    this.hit.beats = e.beats;
    this.hit.laneOps = e.laneOps;
    return true;
  }

  /** Cache a key that find has just missed. */
  add(key: number, outLen: number, beats: number, laneOps: number): void {
    const at = ((key >>> 1) & SLOT_MASK) * STRIDE;
    const table = this.table;
    if (table[at] >= 0) {
      this.overflow.set(key, { outLen, beats, laneOps });
      return;
    }
    table[at] = key;
    this.used[this.usedCount++] = at;
    table[at + 1] = outLen;
    table[at + 2] = beats;
    table[at + 3] = laneOps;
  }

  clear(): void {
    for (let i = 0; i < this.usedCount; i++) this.table[this.used[i]] = -1;
    this.usedCount = 0;
    this.overflow.clear();
  }
}

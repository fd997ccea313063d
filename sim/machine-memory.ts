// Memories for machines built one after another in one thread (a sweep worker runs hundreds of
// small points): a Machine built with a MachineMemory takes these arrays, zeroed and loaded from its
// image, instead of allocating its shared memory (1 MiB by default) and 256 KiB per PE afresh.
import { scratchpadWords, sharedWords, type MachineConfig } from '../isa/index.js';

/**
 * Reusable machine memories for configurations of one scratchpad and shared-memory size (any
 * number of PEs: the per-PE arrays grow with the largest machine built on them). A machine built
 * on them owns them until the next machine is built on them: read its results out first.
 */
export class MachineMemory {
  readonly scratchpadWords: number;
  readonly sharedWords: number;
  private sharedMem: Int32Array | undefined;
  /** Per PE: the full-size scratchpad array. */
  private readonly spms: Int32Array[] = [];
  /** Per PE: how many leading words of its array the last machine may have left nonzero. */
  private readonly dirty: number[] = [];
  private readonly marks: Uint8Array[] = [];

  constructor(cfg: MachineConfig) {
    this.scratchpadWords = scratchpadWords(cfg);
    this.sharedWords = sharedWords(cfg);
  }

  /** Whether a machine of this configuration can be built on these memories. */
  fits(cfg: MachineConfig): boolean {
    return scratchpadWords(cfg) === this.scratchpadWords && sharedWords(cfg) === this.sharedWords;
  }

  /** The shared memory, holding `init` (all of it: an image's shared memory has its full length). */
  shared(init: Int32Array): Int32Array {
    const mem = (this.sharedMem ??= new Int32Array(this.sharedWords));
    mem.set(init);
    return mem;
  }

  /**
   * PE pe's scratchpad holding `init`: a view of its first init.length words, as a fresh machine
   * starts with the initialised prefix; the words beyond are zero for `fullScratchpad`.
   */
  scratchpad(pe: number, init: Int32Array): Int32Array {
    let mem = this.spms[pe];
    if (mem === undefined) {
      mem = this.spms[pe] = new Int32Array(this.scratchpadWords);
      this.dirty[pe] = 0;
    }
    mem.set(init);
    if (this.dirty[pe] > init.length) mem.fill(0, init.length, this.dirty[pe]);
    this.dirty[pe] = init.length;
    return init.length === this.scratchpadWords ? mem : mem.subarray(0, init.length);
  }

  /** PE pe's whole scratchpad, its prefix view's words in place (a machine extending it on first use beyond the prefix). */
  fullScratchpad(pe: number): Int32Array {
    this.dirty[pe] = this.scratchpadWords;
    return this.spms[pe];
  }

  /** PE pe's descriptor marks (one byte per scratchpad word), zeroed. */
  descMark(pe: number): Uint8Array {
    const mark = (this.marks[pe] ??= new Uint8Array(this.scratchpadWords));
    mark.fill(0);
    return mark;
  }
}

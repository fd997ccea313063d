// The GP5 object file: what gp5asm writes and the simulator loads. The binary layout is
// documented in OBJECT-FORMAT.md; serialisation and parsing live here so that asm/ (writer) and
// sim/ (loader) share one definition and depend only on isa/.

/** Where a section's words go. */
export type SectionSpace = 'code' | 'scratchpad' | 'shared';

export interface ObjectSection {
  /** Section name as written in the source (for listings and diagnostics). */
  name: string;
  space: SectionSpace;
  /**
   * PEs that receive the section: 'all' for shared code and replicated data, else a list of PE ids.
   * Sections in 'shared' memory are loaded once (pes is 'all').
   */
  pes: 'all' | number[];
  /** Word address of words[0] in its space. */
  origin: number;
  words: Uint32Array;
}

export interface ObjectSymbol {
  name: string;
  value: number;
  /** 'label' for addresses, 'const' for .equ constants. */
  kind: 'label' | 'const';
  /** Section the label belongs to (labels only). */
  section?: string;
}

/** Machine properties the object was assembled for; the loader rejects a config that violates them. */
export interface ObjectRequirements {
  /** Highest PE id used by any section or entry point, plus one. */
  minPes: number;
  /** Message format that data directives converted probabilities/energies with. */
  messageBits: number;
  fracBits: number;
}

export interface ObjectFile {
  version: number;
  requirements: ObjectRequirements;
  /** Entry pc for PEs not listed in entryPerPe. */
  entry: number;
  /** Per-PE entry points (PE id → pc). */
  entryPerPe: Map<number, number>;
  sections: ObjectSection[];
  symbols: ObjectSymbol[];
}

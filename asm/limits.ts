// The assembler's caps, so hostile input (includes, expansions, huge counts) fails fast with a
// message naming the cap.

/** Words one object may hold. */
export const MAX_TOTAL_WORDS = 1 << 24;

/** Caps on what one assembly may read, so hostile includes fail fast with a clear message. */
export const ASSEMBLER_LIMITS = {
  /** Total bytes of source text, counting each inclusion of a file again. */
  sourceBytes: 64 << 20,
  /** Total source lines processed, counting each inclusion and macro/.rept expansion again. */
  sourceLines: 2_000_000,
  /** Characters in one line. */
  lineChars: 65_536,
  /** Nesting of .include. */
  includeDepth: 32,
  /** Repetitions of one .rept. */
  repeat: 1_000_000,
  /** Nesting of macro and .rept expansions (a macro that calls itself stops here). */
  expansionDepth: 100,
  /** .include directives executed in one assembly (a file that includes the next twice, 30 deep, is 2^30). */
  includes: 10_000,
} as const;

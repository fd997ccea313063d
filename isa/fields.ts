// Bit fields of the 32-bit GP5 instruction word. Every instruction places its operands in these
// fields; bits an instruction does not use are reserved and must be zero (the decoder rejects
// words with reserved bits set, so every valid word has exactly one encoding).

export interface BitField {
  /** Most significant bit (inclusive). */
  readonly hi: number;
  /** Least significant bit (inclusive). */
  readonly lo: number;
}

export const FIELDS = {
  /** Opcode: bits 31..26. Opcode 0 is permanently invalid so zeroed memory faults when executed. */
  op: { hi: 31, lo: 26 },
  /** First register field (destination or first source). */
  A: { hi: 25, lo: 22 },
  /** Second register field. */
  B: { hi: 21, lo: 18 },
  /** Third register field. */
  C: { hi: 17, lo: 14 },
  /** 14-bit immediate (instructions with three register fields). */
  imm14: { hi: 13, lo: 0 },
  /** 18-bit immediate (instructions with two register fields). */
  imm18: { hi: 17, lo: 0 },
  /** 22-bit immediate (instructions with one register field). */
  imm22: { hi: 21, lo: 0 },
  /** 12-bit count in the register-field positions (loopi). */
  cnt12: { hi: 25, lo: 14 },
} as const satisfies Record<string, BitField>;

export type FieldName = keyof typeof FIELDS;

export function fieldWidth(f: BitField): number {
  return f.hi - f.lo + 1;
}

export function fieldMask(f: BitField): number {
  const w = fieldWidth(f);
  return (w === 32 ? 0xffffffff : ((1 << w) >>> 0) - 1) >>> 0;
}

/** Bits of the word covered by field f, as an unsigned 32-bit mask in place. */
export function fieldMaskInPlace(f: BitField): number {
  return (fieldMask(f) << f.lo) >>> 0;
}

export function extractField(word: number, f: BitField): number {
  return (word >>> f.lo) & fieldMask(f);
}

export function insertField(word: number, f: BitField, value: number): number {
  return ((word & ~fieldMaskInPlace(f)) | ((value & fieldMask(f)) << f.lo)) >>> 0;
}

export function signExtend(value: number, bits: number): number {
  const shift = 32 - bits;
  return (value << shift) >> shift;
}

// GF(2) row reduction of a parity-check matrix on bit-packed rows: the information positions of a
// code and a systematic encoder built from the same reduction.
//
// Rule: Gauss-Jordan elimination taking the columns from the LAST one backwards (n-1, n-2, ..., 0);
// a column gets a pivot when some not-yet-used row has a 1 there. Pivot columns carry the parity
// bits, the other k = n - rank columns the information bits. For codes whose parity part sits on
// the right (WiMAX, CCSDS) the information bits are therefore positions 0..k-1.
import type { ParityCheckMatrix } from '../formats/alist.js';

/** The reduced form: each pivot row has a single 1 among the pivot columns (its own). */
interface Reduction {
  readonly n: number;
  readonly words: number;
  /** Pivot rows, bit-packed, `words` Uint32 words each (rank rows in total). */
  readonly rows: Uint32Array;
  /** Column of each pivot row. */
  readonly pivotCol: Int32Array;
  readonly rank: number;
}

function packRows(h: ParityCheckMatrix, words: number): Uint32Array {
  const bits = new Uint32Array(h.m * words);
  for (let r = 0; r < h.m; r++) for (const c of h.rows[r]!) bits[r * words + (c >>> 5)]! |= 1 << (c & 31);
  return bits;
}

function reduce(h: ParityCheckMatrix): Reduction {
  const words = (h.n + 31) >>> 5;
  const bits = packRows(h, words);
  const pivotCol = new Int32Array(h.m);
  let rank = 0;
  const tmp = new Uint32Array(words);
  for (let c = h.n - 1; c >= 0 && rank < h.m; c--) {
    const w = c >>> 5;
    const mask = 1 << (c & 31);
    let p = rank;
    while (p < h.m && (bits[p * words + w]! & mask) === 0) p++;
    if (p === h.m) continue; // no pivot: an information column
    if (p !== rank) {
      // Swap rows p and rank.
      tmp.set(bits.subarray(p * words, p * words + words));
      bits.copyWithin(p * words, rank * words, rank * words + words);
      bits.set(tmp, rank * words);
    }
    const pr = rank * words;
    for (let r = 0; r < h.m; r++) {
      if (r === rank) continue;
      const o = r * words;
      // Columns above c are already cleared in the pivot row's other pivots; XOR whole rows anyway
      // (words is small: 32 for MacKay 1008).
      if ((bits[o + w]! & mask) !== 0) for (let k = 0; k < words; k++) bits[o + k]! ^= bits[pr + k]!;
    }
    pivotCol[rank++] = c;
  }
  return { n: h.n, words, rows: bits.slice(0, rank * words), pivotCol: pivotCol.slice(0, rank), rank };
}

/** Rank of H over GF(2). */
export function gf2Rank(h: ParityCheckMatrix): number {
  return reduce(h).rank;
}

function nonPivots(red: Reduction): Int32Array {
  const isPivot = new Uint8Array(red.n);
  for (const c of red.pivotCol) isPivot[c] = 1;
  const out = new Int32Array(red.n - red.rank);
  let k = 0;
  for (let c = 0; c < red.n; c++) if (!isPivot[c]) out[k++] = c;
  return out;
}

/**
 * The sorted 0-based positions of the k = n − rank(H) information bits: the non-pivot columns of a
 * GF(2) reduction of H done from the last column backwards (see the file comment). Rank-deficient
 * H is fine (its dependent rows get no pivot).
 */
export function informationPositions(h: ParityCheckMatrix): Int32Array {
  return nonPivots(reduce(h));
}

/** A systematic encoder of a code: information bits go to `infoPositions`, parity bits are solved. */
export interface LdpcEncoder {
  readonly n: number;
  readonly k: number;
  readonly infoPositions: Int32Array;
  /** Codeword (0/1 bytes, length n) with H·c = 0 and c[infoPositions[i]] = info[i]. */
  encode(info: ArrayLike<number>, out?: Uint8Array): Uint8Array;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Build the encoder from the same reduction as `informationPositions`. */
export function ldpcEncoder(h: ParityCheckMatrix): LdpcEncoder {
  const red = reduce(h);
  const info = nonPivots(red);
  const { words, rows, pivotCol, rank, n } = red;
  const packed = new Uint32Array(words);
  return {
    n,
    k: info.length,
    infoPositions: info,
    encode(bitsIn: ArrayLike<number>, out = new Uint8Array(n)): Uint8Array {
      if (bitsIn.length !== info.length) throw new RangeError(`encode: expected ${info.length} information bits, got ${bitsIn.length}`);
      if (out.length !== n) throw new RangeError(`encode: output must have ${n} entries, got ${out.length}`);
      out.fill(0);
      packed.fill(0);
      for (let i = 0; i < info.length; i++) {
        if (bitsIn[i]! & 1) {
          const c = info[i]!;
          out[c] = 1;
          packed[c >>> 5]! |= 1 << (c & 31);
        }
      }
      // Each pivot row r reads: c[pivot r] = XOR of the information bits in row r (it has no other pivot).
      for (let r = 0; r < rank; r++) {
        let par = 0;
        for (let w = 0; w < words; w++) par ^= popcount(rows[r * words + w]! & packed[w]!);
        out[pivotCol[r]!] = par & 1;
      }
      return out;
    },
  };
}

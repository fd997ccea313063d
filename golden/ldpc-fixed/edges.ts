// Flat edge numbering of a parity-check matrix, shared by the fixed-point reference and the chip
// compiler so both walk edges in the same order: edges are check-major (check r's edges are
// rowStart[r] … rowStart[r+1]−1, in increasing column order), and each bit lists its edges in
// increasing check order.
import type { ParityCheckMatrix } from '../formats/alist.js';

export interface LdpcEdges {
  n: number;
  m: number;
  /** Number of edges E (ones in H). */
  edges: number;
  /** m + 1 offsets into edgeVar. */
  rowStart: Int32Array;
  /** The bit of each edge. */
  edgeVar: Int32Array;
  /** n + 1 offsets into colEdge. */
  colStart: Int32Array;
  /** Edge ids of each bit, in increasing check order. */
  colEdge: Int32Array;
}

export function ldpcEdges(h: ParityCheckMatrix): LdpcEdges {
  const rowStart = new Int32Array(h.m + 1);
  for (let r = 0; r < h.m; r++) rowStart[r + 1] = rowStart[r] + h.rows[r].length;
  const E = rowStart[h.m];
  const edgeVar = new Int32Array(E);
  const colStart = new Int32Array(h.n + 1);
  for (let r = 0; r < h.m; r++) {
    const row = h.rows[r];
    for (let j = 0; j < row.length; j++) {
      edgeVar[rowStart[r] + j] = row[j];
      colStart[row[j] + 1]++;
    }
  }
  for (let v = 0; v < h.n; v++) colStart[v + 1] += colStart[v];
  const fill = colStart.slice(0, h.n);
  const colEdge = new Int32Array(E);
  for (let e = 0; e < E; e++) colEdge[fill[edgeVar[e]]++] = e;
  return { n: h.n, m: h.m, edges: E, rowStart, edgeVar, colStart, colEdge };
}

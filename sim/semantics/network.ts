// PE-to-PE messages and barriers: thin calls into the network and barrier models.
import type { Semantic } from './state.js';

export const send: Semantic = (x) => x.send(x.R[x.a], x.R[x.b], x.imm);
export const recv: Semantic = (x) => x.recv(x.R[x.a], x.R[x.b], x.imm);
export const bar: Semantic = (x) => x.barrier(x.R[x.b]);
/** The reduction's maximum is written to rd when the barrier completes. */
export const barmax: Semantic = (x) => x.barrier(x.R[x.b]);

// PE-to-PE messages and barriers: thin calls into the network and barrier models.
import type { Semantic } from './state.js';

export const send: Semantic = (x) => x.send(x.R[x.a], x.R[x.b], x.imm);
export const recv: Semantic = (x) => x.recv(x.R[x.a], x.R[x.b], x.imm);
/** Arrive with ra (r0, so 0, for `bar`); at completion barmax's rd gets the maximum over the PEs. */
export const bar: Semantic = (x) => x.barrier(x.R[x.b]);
export const barmax: Semantic = bar;

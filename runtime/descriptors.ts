// Compiler phase 3: one fupd descriptor per edge, one vupd descriptor per edge and one belief
// descriptor per variable, written field by field with the ISA's layouts (FD, VD).
import { FD, VD, factorDescriptorWords, variableDescriptorWords } from '../isa/index.js';
import type { QuantizedGraph } from '../golden/index.js';
import type { Placement } from './placement.js';
import type { Layout } from './layout.js';

export interface Descriptors {
  /** Per edge: address of the F(a, i) descriptor on the factor's PE. */
  fDesc: Int32Array;
  /** Per edge: address of the V(i, a) descriptor on the variable's PE. */
  vDesc: Int32Array;
  /** Per variable: address of its belief descriptor. */
  bDesc: Int32Array;
}

/** The words of a factor descriptor (FD): header, then (card, stride, input address) per scope position. */
export function factorDescriptor(
  h: { entries: number; outPos: number; table: number; out: number; lambda: number },
  vars: readonly { card: number; stride: number; addr: number }[],
): Int32Array {
  const w = new Int32Array(factorDescriptorWords(vars.length));
  w[FD.entries] = h.entries;
  w[FD.arity] = vars.length;
  w[FD.outPos] = h.outPos;
  w[FD.table] = h.table;
  w[FD.out] = h.out;
  w[FD.lambda] = h.lambda;
  vars.forEach((v, j) => {
    const o = FD.header + FD.perVar * j;
    w[o + FD.card] = v.card;
    w[o + FD.stride] = v.stride;
    w[o + FD.addr] = v.addr;
  });
  return w;
}

/** The words of a variable descriptor (VD): header, then the input addresses. exclude −1: none. */
export function variableDescriptor(h: { card: number; exclude: number; out: number; lambda: number }, inputs: readonly number[]): Int32Array {
  const w = new Int32Array(variableDescriptorWords(inputs.length));
  w[VD.card] = h.card;
  w[VD.inputs] = inputs.length;
  w[VD.exclude] = h.exclude;
  w[VD.out] = h.out;
  w[VD.lambda] = h.lambda;
  w.set(inputs, VD.header);
  return w;
}

export function writeDescriptors(q: QuantizedGraph, place: Placement, L: Layout, lambda: number): Descriptors {
  const E = q.nEdges;
  const fDesc = new Int32Array(E);
  for (let e = 0; e < E; e++) {
    const a = q.edgeFactor[e];
    const m = L.mem[place.factorPe[a]];
    const vars: { card: number; stride: number; addr: number }[] = [];
    for (let ej = q.fOff[a]; ej < q.fOff[a + 1]; ej++) vars.push({ card: L.card(ej), stride: q.edgeStride[ej], addr: ej === e ? 0 : L.nSeenByFactor(ej) });
    const w = factorDescriptor({ entries: q.tabOff[a + 1] - q.tabOff[a], outPos: q.edgePos[e], table: L.tabAddr[a], out: L.mAddr[e], lambda }, vars);
    fDesc[e] = m.alloc(w.length);
    m.set(fDesc[e], w);
  }
  const vDesc = new Int32Array(E);
  const bDesc = new Int32Array(q.nVars);
  for (let i = 0; i < q.nVars; i++) {
    const m = L.mem[place.varPe[i]];
    const hasPrior = L.priorAddr[i] >= 0 ? 1 : 0;
    const first = q.vOff[i];
    const deg = q.vOff[i + 1] - first;
    const inputs: number[] = [];
    if (hasPrior) inputs.push(L.priorAddr[i]);
    for (let k = 0; k < deg; k++) inputs.push(L.mSeenByVar(q.vEdges[first + k]));
    for (let k = 0; k < deg; k++) {
      const e = q.vEdges[first + k];
      const w = variableDescriptor({ card: q.card[i], exclude: hasPrior + k, out: L.nAddr[e], lambda: 0 }, inputs);
      vDesc[e] = m.alloc(w.length);
      m.set(vDesc[e], w);
    }
    const w = variableDescriptor({ card: q.card[i], exclude: -1, out: L.beliefAddr[i], lambda: 0 }, inputs);
    bDesc[i] = m.alloc(w.length);
    m.set(bDesc[i], w);
  }
  return { fDesc, vDesc, bDesc };
}

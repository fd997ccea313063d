// Compiler phase 3: one fupd descriptor per edge, one vupd descriptor per edge (or, where the
// schedule updates all of a variable's messages together, one all-outputs vupd descriptor per
// variable) and one belief descriptor per variable, written through isa/'s descriptor writers
// (isa/descriptors.ts). A structured parity factor has no fupd descriptors (its cnu descriptor
// comes from allocParity).
import { fupdAllBeatsFor, fupdBeatsFor, laneBeats, factorDescriptorWords, variableDescriptorWords, writeAllOutputsDescriptor, writeFactorHeader, writeFactorOutputs, writeFactorVar, writeVariableDescriptor } from '../isa/index.js';
import type { QuantizedGraph } from '../golden/index.js';
import type { Placement } from './placement.js';
import type { Layout } from './layout.js';

export interface Descriptors {
  /** Per edge: address of the F(a, i) descriptor on the edge's PE (placement.edgePe) (−1: structured parity factor, or its factor has an all-outputs descriptor). */
  fDesc: Int32Array;
  /** Per factor: address of its all-outputs fupd descriptor (outPos = arity) on its PE (−1: none, one fupd per edge). */
  fAll: Int32Array;
  /** Per edge: address of the V(i, a) descriptor on the variable's PE (−1: its variable has an all-outputs descriptor). */
  vDesc: Int32Array;
  /** Per variable: address of its all-outputs vupd descriptor (VD.allFlag; −1: none, one vupd per edge). */
  aDesc: Int32Array;
  /** Per variable: address of its belief descriptor. */
  bDesc: Int32Array;
}

/**
 * Whether variable i's messages are computed by one all-outputs vupd when the schedule updates them
 * together (flooding's variable phase): from degree 2, where it takes fewer beats than one vupd per
 * edge (1 + (n + d)·⌈D/L⌉ against d·(1 + n·⌈D/L⌉) for n inputs; ISA.md "Variable update").
 */
export function takesAllOutputs(q: QuantizedGraph, i: number): boolean {
  return q.vOff[i + 1] - q.vOff[i] >= ALL_OUTPUTS_MIN_DEGREE;
}

/** The smallest degree (arity) whose variable (factor) takes an all-outputs descriptor. */
export const ALL_OUTPUTS_MIN_DEGREE = 2;

/**
 * Whether factor a's messages are computed by one all-outputs fupd when the schedule updates them
 * together: arity 2 or more, every edge on its home PE (a split factor's PEs compute one fupd per
 * edge), and at least ALL_OUTPUTS_MIN_SAVING of the beats of one fupd per edge saved (ISA.md
 * "Factor update"). It writes every output at its end, which holds back the sends of the first
 * ones: ObjectDetection_11's 16-state pairwise factors save 1 beat in 74 and ran at 684 cycles per
 * iteration with it, 663 without.
 */
export function factorTakesAllOutputs(q: QuantizedGraph, place: Placement, a: number, lanes: number): boolean {
  const k = q.fOff[a + 1] - q.fOff[a];
  if (k < ALL_OUTPUTS_MIN_DEGREE) return false;
  for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) if (place.edgePe[e] !== place.factorPe[a]) return false;
  const n = q.tabOff[a + 1] - q.tabOff[a];
  let cards = 0;
  for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) cards += laneBeats(q.card[q.edgeVar[e]], lanes);
  return fupdAllBeatsFor(n, k, 2 * cards, lanes) <= (1 - ALL_OUTPUTS_MIN_SAVING) * k * fupdBeatsFor(n, cards, lanes);
}

/** The fraction of beats an all-outputs fupd must save to be used. */
export const ALL_OUTPUTS_MIN_SAVING = 0.1;

/** `allOutputs` (on a machine of `lanes` lanes): the schedule computes every update of a node together (not sequential). */
export function writeDescriptors(q: QuantizedGraph, place: Placement, L: Layout, lambda: number, structured?: Int8Array, allOutputs?: { lanes: number }): Descriptors {
  const E = q.nEdges;
  const fDesc = new Int32Array(E).fill(-1);
  const fAll = new Int32Array(q.nFactors).fill(-1);
  for (let e = 0; e < E; e++) {
    const a = q.edgeFactor[e];
    if (structured !== undefined && structured[a] >= 0) continue;
    // On the PE that computes this edge (a split factor's edges use that PE's table and n copies).
    const p = place.edgePe[e];
    const m = L.mem[p];
    const k = q.fOff[a + 1] - q.fOff[a];
    const entries = q.tabOff[a + 1] - q.tabOff[a];
    if (allOutputs && factorTakesAllOutputs(q, place, a, allOutputs.lanes)) {
      if (e !== q.fOff[a]) continue; // one descriptor for the factor, at its first edge
      const d = m.alloc(factorDescriptorWords(k, true));
      fAll[a] = d;
      writeFactorHeader(m.words, d, { entries, arity: k, outPos: k, table: L.tabOn(a, p), out: -1, lambda });
      const outputs: number[] = [];
      for (let j = 0; j < k; j++) {
        const ej = q.fOff[a] + j;
        writeFactorVar(m.words, d, j, L.card(ej), q.edgeStride[ej], L.nSeenOn(ej, p));
        outputs.push(L.mAddr[ej]);
      }
      writeFactorOutputs(m.words, d, outputs);
      continue;
    }
    const d = m.alloc(factorDescriptorWords(k));
    fDesc[e] = d;
    writeFactorHeader(m.words, d, { entries, arity: k, outPos: q.edgePos[e], table: L.tabOn(a, p), out: L.mAddr[e], lambda });
    for (let j = 0; j < k; j++) {
      const ej = q.fOff[a] + j;
      writeFactorVar(m.words, d, j, L.card(ej), q.edgeStride[ej], ej === e ? 0 : L.nSeenOn(ej, p));
    }
  }
  const vDesc = new Int32Array(E).fill(-1);
  const aDesc = new Int32Array(q.nVars).fill(-1);
  const bDesc = new Int32Array(q.nVars);
  for (let i = 0; i < q.nVars; i++) {
    const m = L.mem[place.varPe[i]];
    const hasPrior = L.priorAddr[i] >= 0 ? 1 : 0;
    // An unsigned format's priors are prior words, wider than messages (isa/fixed.ts priorMax).
    const priorWord = hasPrior === 1 && q.format.code === 'unsigned';
    const first = q.vOff[i];
    const deg = q.vOff[i + 1] - first;
    const inputs: number[] = [];
    if (hasPrior) inputs.push(L.priorAddr[i]);
    for (let k = 0; k < deg; k++) inputs.push(L.mSeenByVar(q.vEdges[first + k]));
    if (allOutputs && takesAllOutputs(q, i)) {
      const outputs = hasPrior ? [-1] : [];
      for (let k = 0; k < deg; k++) outputs.push(L.nAddr[q.vEdges[first + k]]);
      aDesc[i] = m.alloc(variableDescriptorWords(inputs.length, true));
      writeAllOutputsDescriptor(m.words, aDesc[i], { card: q.card[i], lambda: 0, priorWord }, inputs, outputs);
    } else for (let k = 0; k < deg; k++) {
      const e = q.vEdges[first + k];
      vDesc[e] = m.alloc(variableDescriptorWords(inputs.length));
      writeVariableDescriptor(m.words, vDesc[e], { card: q.card[i], exclude: hasPrior + k, out: L.nAddr[e], lambda: 0, priorWord }, inputs);
    }
    bDesc[i] = m.alloc(variableDescriptorWords(inputs.length));
    writeVariableDescriptor(m.words, bDesc[i], { card: q.card[i], exclude: -1, out: L.beliefAddr[i], lambda: 0, priorWord }, inputs);
  }
  return { fDesc, fAll, vDesc, aDesc, bDesc };
}

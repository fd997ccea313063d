// Cross-check: the fixed-point reference (golden/fixed-bp.ts, an independent implementation) against
// the ISA's executable fupd/vupd semantics (isa/bp-kernels.ts, what the simulator runs), driven with
// descriptors built from the graph as the runtime will build them. Every message must agree bit for
// bit after every iteration.
import { describe, it, expect } from 'vitest';
import {
  FixedPointBp,
  parseFg,
  quantizeGraph,
  randomTree,
  scheduleUpdates,
  edgeIndex,
  type FactorGraph,
  type QuantizedGraph,
  type Update,
} from '../../golden/index.js';
import { FD, VD, factorUpdate, makeFormat, variableUpdate, type FixedFormat } from '../../isa/index.js';
import { readData } from './helpers.js';

/** A memory image: tables, priors, m, n, one F and one V descriptor per edge, one belief descriptor per variable. */
function buildImage(qg: QuantizedGraph, lambda: number) {
  let top = 0;
  const tabBase = top;
  top += qg.tables.length;
  const priorBase = top;
  top += qg.priors.length;
  const mBase = top;
  top += qg.msgSize;
  const nBase = top;
  top += qg.msgSize;
  const fDesc = new Int32Array(qg.nEdges);
  const vDesc = new Int32Array(qg.nEdges);
  const bDesc = new Int32Array(qg.nVars);
  const words: number[][] = [];
  const inputsOf = (i: number): number[] => {
    const ins: number[] = [];
    if (qg.priorOff[i]! >= 0) ins.push(priorBase + qg.priorOff[i]!);
    for (let k = qg.vOff[i]!; k < qg.vOff[i + 1]!; k++) ins.push(mBase + qg.mOff[qg.vEdges[k]!]!);
    return ins;
  };
  for (let e = 0; e < qg.nEdges; e++) {
    const a = qg.edgeFactor[e]!;
    const eb = qg.fOff[a]!;
    const k = qg.fOff[a + 1]! - eb;
    const d = [qg.tabOff[a + 1]! - qg.tabOff[a]!, k, qg.edgePos[e]!, tabBase + qg.tabOff[a]!, mBase + qg.mOff[e]!, lambda];
    for (let j = 0; j < k; j++) d.push(qg.card[qg.edgeVar[eb + j]!]!, qg.edgeStride[eb + j]!, nBase + qg.nOff[eb + j]!);
    expect(d.length).toBe(FD.header + FD.perVar * k);
    fDesc[e] = top;
    top += d.length;
    words.push(d);
    const i = qg.edgeVar[e]!;
    const ins = inputsOf(i);
    const x = ins.indexOf(mBase + qg.mOff[e]!);
    const v = [qg.card[i]!, ins.length, x, nBase + qg.nOff[e]!, 0, ...ins];
    expect(v.length).toBe(VD.header + ins.length);
    vDesc[e] = top;
    top += v.length;
    words.push(v);
  }
  const belBase: number[] = [];
  for (let i = 0; i < qg.nVars; i++) {
    const ins = inputsOf(i);
    bDesc[i] = top;
    top += VD.header + ins.length;
    belBase.push(top);
    words.push([qg.card[i]!, ins.length, -1, top, 0, ...ins]);
    top += qg.card[i]!;
    words.push(new Array<number>(qg.card[i]!).fill(0));
  }
  const mem = new Int32Array(top);
  mem.set(qg.tables, tabBase);
  mem.set(qg.priors, priorBase);
  let p = nBase + qg.msgSize;
  for (const w of words) {
    mem.set(w, p);
    p += w.length;
  }
  return { mem, mBase, nBase, fDesc, vDesc, bDesc, belBase };
}

function crossCheck(g: FactorGraph, f: FixedFormat, sumProduct: boolean, lambda: number, schedule: 'flooding' | 'sequential', iters: number): void {
  const qg = quantizeGraph(g, f);
  const list: Update[] = scheduleUpdates(g, schedule);
  const ref = new FixedPointBp(qg, { sumProduct, lambda, schedule: list });
  const img = buildImage(qg, lambda);
  for (let t = 0; t < iters; t++) {
    let change = 0;
    for (const u of list) {
      const e = edgeIndex(qg, u.factor, u.variable);
      if (u.kind === 'F') change = Math.max(change, factorUpdate(f, img.mem, img.fDesc[e]!, sumProduct));
      else variableUpdate(f, img.mem, img.vDesc[e]!);
    }
    expect(ref.iterate()).toBe(change);
    expect(img.mem.subarray(img.mBase, img.mBase + qg.msgSize)).toEqual(ref.m);
    expect(img.mem.subarray(img.nBase, img.nBase + qg.msgSize)).toEqual(ref.n);
  }
  const be = ref.beliefEnergies();
  for (let i = 0; i < qg.nVars; i++) {
    variableUpdate(f, img.mem, img.bDesc[i]!);
    expect(img.mem.subarray(img.belBase[i]!, img.belBase[i]! + qg.card[i]!)).toEqual(be[i]);
  }
}

describe('fixed-point reference = ISA fupd/vupd kernels, bit for bit', () => {
  const testfast = parseFg(readData('libdai/testfast.fg'), 'testfast.fg');
  for (const [W, F, T] of [
    [8, 4, 256],
    [16, 8, 256],
    [24, 12, 4096],
  ] as const) {
    it(`W=${W}: testfast.fg and random trees with zeros, sp/ms, λ 0/100, flooding/sequential`, () => {
      const f = makeFormat(W, F, T);
      const graphs = [testfast, ...[3, 4, 5].map((seed) => randomTree({ nVars: 25, seed, maxCard: 5, tripleProb: 0.4, zeroProb: 0.2 }))];
      for (const g of graphs)
        for (const sp of [true, false])
          for (const lambda of [0, 100])
            for (const schedule of ['flooding', 'sequential'] as const) crossCheck(g, f, sp, lambda, schedule, 6);
    });
  }
});

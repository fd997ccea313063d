// The model corpus for the runtime's golden tests: real models from ../shared/data as they are,
// plus seeded generated workloads.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  readModelFile,
  parseAlist,
  parityFactorGraph,
  addChannelFactors,
  randomTree,
  hmmChain,
  Prng,
  type FactorGraph,
} from '../../golden/index.js';
import { awgnFrame } from '../../runtime/index.js';

export const dataPath = (rel: string) => fileURLToPath(new URL(`../../../shared/data/${rel}`, import.meta.url));

export function ldpcFrame(file: string, ebn0: number, seed: number): FactorGraph {
  const h = parseAlist(readFileSync(dataPath(file), 'utf8'), file);
  return addChannelFactors(parityFactorGraph(h), { llr: awgnFrame(h.n, (h.n - h.m) / h.n, ebn0, new Prng(seed)) });
}

export const CORPUS: { name: string; load: () => FactorGraph }[] = [
  { name: 'random tree (seed 3, cards 2..8)', load: () => randomTree({ nVars: 25, seed: 3, maxCard: 8 }) },
  { name: 'random tree with zeros (seed 9)', load: () => randomTree({ nVars: 20, seed: 9, maxCard: 5, zeroProb: 0.15 }) },
  { name: 'libdai testfast.fg', load: () => readModelFile(dataPath('libdai/testfast.fg')) },
  { name: 'libdai alarm.fg', load: () => readModelFile(dataPath('libdai/alarm.fg')) },
  { name: 'libdai hoi1.fg', load: () => readModelFile(dataPath('libdai/hoi1.fg')) },
  { name: 'libdai hoi2.fg', load: () => readModelFile(dataPath('libdai/hoi2.fg')) },
  { name: 'libdai hoi3.fg', load: () => readModelFile(dataPath('libdai/hoi3.fg')) },
  { name: 'libdai hoi4.fg', load: () => readModelFile(dataPath('libdai/hoi4.fg')) },
  { name: 'UAI Promedus_24 + evidence', load: () => readModelFile(dataPath('uai2014/Promedus_24.uai'), dataPath('uai2014/Promedus_24.uai.evid')) },
  { name: 'UAI Grids_11 (does not converge)', load: () => readModelFile(dataPath('uai2014/Grids_11.uai'), dataPath('uai2014/Grids_11.uai.evid')) },
  { name: 'LDPC 96.3.963, one noisy frame at 2 dB', load: () => ldpcFrame('ldpc/96.3.963.alist', 2, 5) },
  { name: 'HMM chain, 4 classes x 30 frames of 0.1 s', load: () => hmmChain({ classes: 4, frames: 30, seed: 11 }).graph },
];

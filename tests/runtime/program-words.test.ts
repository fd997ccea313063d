// Pins the compilers' output: a SHA-256 over every generated program word and initial scratchpad
// word, per model, schedule and PE count. A refactor of the compiler (phases, codegen modules,
// descriptor writers) must leave these unchanged; a deliberate change of generated code updates
// the hash here with the reason in the commit message. Regenerate: PRINT_PROGRAM_HASHES=1.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { makeConfig, makeFormat, type MachineConfig } from '../../isa/index.js';
import { CHIP_SCHEDULES, isingGrid, parseAlist, quantizeGraph, readModelFile, type FactorGraph } from '../../golden/index.js';
import { compileGraph, compileDecoder, compileLdpc, withMessageBits } from '../../runtime/index.js';
import { dataPath } from './corpus.js';

function hashWords(h: ReturnType<typeof createHash>, words: ArrayLike<number>): void {
  const u = Uint32Array.from(words as ArrayLike<number>, (w) => w >>> 0);
  h.update(`${u.length};`);
  h.update(new Uint8Array(u.buffer));
}

/** Code and data hashed apart ("code/data"), so a change of number format (table words) shows as data only. */
function hashProgram(code: readonly ArrayLike<number>[], data: readonly ArrayLike<number>[]): string {
  const hc = createHash('sha256');
  for (const c of code) hashWords(hc, c);
  const hd = createHash('sha256');
  for (const d of data) hashWords(hd, d);
  return `${hc.digest('hex').slice(0, 12)}/${hd.digest('hex').slice(0, 12)}`;
}

const MODELS: { name: string; load: () => FactorGraph }[] = [
  { name: 'testfast', load: () => readModelFile(dataPath('libdai/testfast.fg')) },
  { name: 'alarm', load: () => readModelFile(dataPath('libdai/alarm.fg')) },
  { name: 'grid24', load: () => isingGrid({ rows: 24, cols: 24, seed: 1 }) },
];

function cfgFor(pes: number, W = 16): MachineConfig {
  return withMessageBits(makeConfig({ pes, scratchpadBytes: 1 << 20 }), W);
}

/** Every (model, schedule, P) program the factor-graph compiler makes, plus its special paths. */
function programHashes(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of MODELS) {
    const graph = m.load();
    for (const pes of [1, 4, 16]) {
      const cfg = cfgFor(pes);
      const q = quantizeGraph(graph, makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
      for (const schedule of CHIP_SCHEDULES) {
        const p = compileGraph(q, cfg, { schedule, semiring: 'sum-product', lambda: 64, tolRaw: 8, maxIter: 7 });
        out[`${m.name} ${schedule} P=${pes}`] = hashProgram(p.code, p.data);
      }
    }
    const cfg = cfgFor(4, 8);
    const q = quantizeGraph(graph, makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
    const p = compileGraph(q, cfg, { schedule: 'flooding', semiring: 'min-sum', lambda: 0, tolRaw: 0, maxIter: 3 });
    out[`${m.name} min-sum W=8 P=4`] = hashProgram(p.code, p.data);
  }
  // Addresses beyond the 18-bit offset (the base-register path): a 40x40 grid on one PE.
  const big = makeConfig({ pes: 1, scratchpadBytes: 4 << 20 });
  const qBig = quantizeGraph(isingGrid({ rows: 40, cols: 40, seed: 1 }), makeFormat(big.messageBits, big.fracBits, big.maxStarTableSize));
  for (const schedule of CHIP_SCHEDULES) {
    const p = compileGraph(qBig, big, { schedule, semiring: 'sum-product', lambda: 0, tolRaw: 8, maxIter: 5 });
    if (p.memoryUsed[0] <= 131071) throw new Error('grid40 no longer reaches beyond the 18-bit offset');
    out[`grid40 ${schedule} P=1 (base register)`] = hashProgram(p.code, p.data);
  }
  // The dense LDPC decoder (stopOnParity) and the LLR-unit decoder.
  const h = parseAlist(readFileSync(dataPath('ldpc/96.3.963.alist'), 'utf8'), '96.3.963.alist');
  for (const pes of [1, 4]) {
    const p = compileDecoder(h, cfgFor(pes), 10);
    out[`96.3.963 stopOnParity P=${pes}`] = hashProgram(p.code, p.data);
  }
  for (const schedule of ['layered', 'flooding'] as const) {
    const p = compileLdpc(h, makeConfig({ pes: 2 }), { rule: 'spa', schedule, maxIter: 12, earlyStop: true });
    out[`96.3.963 llr ${schedule}`] = hashProgram(p.image.code, p.image.scratchpad);
  }
  return out;
}

// Code hashes measured before the compiler split (commit e0137e8) and unchanged since; data hashes
// re-pinned when the factor unit moved to F + G = 12 fraction bits (issue 13's number format: table
// words change, code does not; the LLR decoder has no tables).
const EXPECTED: Record<string, string> = {
  'testfast flooding P=1': '275f0ebe0954/3d86dfd7c1bf',
  'testfast sequential P=1': 'aa8cb79d1c47/3d86dfd7c1bf',
  'testfast gated-flooding P=1': '4c15621e05dd/52b97f18ab0a',
  'testfast flooding P=4': '8ed591485fbc/3da3244f5e10',
  'testfast sequential P=4': 'f2c499acba78/3da3244f5e10',
  'testfast gated-flooding P=4': 'd321deed2c82/7fdbc3829625',
  'testfast flooding P=16': 'e9f7137f56a7/ddd64d28850f',
  'testfast sequential P=16': '027543258246/ddd64d28850f',
  'testfast gated-flooding P=16': '952a2540a7a1/43a7a13449b4',
  'testfast min-sum W=8 P=4': 'ed870a6abed5/947c9c67a5e4',
  'alarm flooding P=1': '881b2f7e28fb/114fa35f551b',
  'alarm sequential P=1': 'e7f27aacc7c6/114fa35f551b',
  'alarm gated-flooding P=1': '931c8bf40132/75e9edbef56c',
  'alarm flooding P=4': 'e9d515a4980d/605f3f9b0237',
  'alarm sequential P=4': 'a06b7cb47c98/605f3f9b0237',
  'alarm gated-flooding P=4': '09394cc825f4/d01d5470149e',
  'alarm flooding P=16': '67abfad4e55a/ba270504fb8a',
  'alarm sequential P=16': '6903b26cede7/ba270504fb8a',
  'alarm gated-flooding P=16': '3bde23573604/c18c62d755f4',
  'alarm min-sum W=8 P=4': 'afca7aa5489f/ed233e04354b',
  'grid24 flooding P=1': 'c03fcd6d04e7/8cad291eeb61',
  'grid24 sequential P=1': 'f6d9b459d628/8cad291eeb61',
  'grid24 gated-flooding P=1': '647faf38839f/6dbe2d7ba82c',
  'grid24 flooding P=4': '1e8209f7c606/883f9598534f',
  'grid24 sequential P=4': 'c98c700223f5/883f9598534f',
  'grid24 gated-flooding P=4': 'f56a0108e941/5957f73111c5',
  'grid24 flooding P=16': '2cc4dbfbb89a/4b0e127eb127',
  'grid24 sequential P=16': '46192214ce5f/4b0e127eb127',
  'grid24 gated-flooding P=16': '7b02ebb319e0/3f0ea5eff97d',
  'grid24 min-sum W=8 P=4': '0f94e1fb8d6d/28df84f79e27',
  'grid40 flooding P=1 (base register)': '53872e8b9438/a8731578912b',
  'grid40 sequential P=1 (base register)': '14399191f5b3/a8731578912b',
  'grid40 gated-flooding P=1 (base register)': '2391eeadfa17/230559655cb9',
  '96.3.963 stopOnParity P=1': '002b7d5b86a2/3b7c18827154',
  '96.3.963 stopOnParity P=4': '2f7b8051a6c8/8dde146bd593',
  '96.3.963 llr layered': 'bc6c4e6f4a44/efad306598eb',
  '96.3.963 llr flooding': '7916a8c26a97/6db90fcb2d9c',
};

describe('generated program words are pinned', () => {
  it('every model, schedule and PE count hashes as before', () => {
    const got = programHashes();
    if (process.env.PRINT_PROGRAM_HASHES) console.log(JSON.stringify(got, null, 2));
    expect(got).toEqual(EXPECTED);
  }, 60_000);
});

describe('decoder mode needs flooding', () => {
  it('stopOnParity with the sequential or gated schedule is refused, not ignored', async () => {
    const { CompileError } = await import('../../runtime/index.js');
    const h = parseAlist(readFileSync(dataPath('ldpc/96.3.963.alist'), 'utf8'), '96.3.963.alist');
    const p = compileDecoder(h, cfgFor(1), 2);
    for (const schedule of ['sequential', 'gated-flooding'] as const) {
      expect(() => compileGraph(p.graph, p.cfg, { ...p.options, schedule })).toThrow(CompileError);
      expect(() => compileGraph(p.graph, p.cfg, { ...p.options, schedule })).toThrow('stopOnParity needs binary variables and the flooding schedule');
    }
  });
});

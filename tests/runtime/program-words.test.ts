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
  // Addresses beyond the 18-bit offset (the base-register path): a 42x42 grid on one PE (40x40 was,
  // until the all-outputs descriptors made its flooding program smaller).
  const big = makeConfig({ pes: 1, scratchpadBytes: 4 << 20 });
  const qBig = quantizeGraph(isingGrid({ rows: 42, cols: 42, seed: 1 }), makeFormat(big.messageBits, big.fracBits, big.maxStarTableSize));
  for (const schedule of CHIP_SCHEDULES) {
    const p = compileGraph(qBig, big, { schedule, semiring: 'sum-product', lambda: 0, tolRaw: 8, maxIter: 5 });
    if (p.memoryUsed[0] <= 131071) throw new Error('grid42 no longer reaches beyond the 18-bit offset');
    out[`grid42 ${schedule} P=1 (base register)`] = hashProgram(p.code, p.data);
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
// words change, code does not; the LLR decoder has no tables). Code hashes of the factor-graph
// programs re-pinned for the hardware-loop frame (codegen/loop.ts: `loop r5` instead of the bge on
// the cap and the jal back; the iteration count moved before barmax): data words unchanged. Code
// hashes of every multi-PE factor-graph program re-pinned for the send/recv operands held in
// registers across the loop and reused in r6/r7 (codegen/operands.ts): data words unchanged. Code
// and data hashes of the flooding and gated-flooding programs re-pinned for the all-outputs vupd
// and fupd (one descriptor per variable of degree ≥ 2 and per unsplit factor of arity ≥ 2 instead
// of one per edge): sequential unchanged.
const EXPECTED: Record<string, string> = {
  'testfast flooding P=1': 'f25dd3fc55c9/e0fe86c53595',
  'testfast sequential P=1': '7728193917dc/3d86dfd7c1bf',
  'testfast gated-flooding P=1': '48b3a04ce32a/9fea05e8b45c',
  'testfast flooding P=4': '2dedf24a33a7/b7b88ea7b216',
  'testfast sequential P=4': 'f228955b317e/3da3244f5e10',
  'testfast gated-flooding P=4': '4506a68cddae/856bc473621e',
  'testfast flooding P=16': 'a242068545df/4589f97b0a4d',
  'testfast sequential P=16': '36bdc3162fd8/ddd64d28850f',
  'testfast gated-flooding P=16': '81718bb27f08/98f74161067d',
  'testfast min-sum W=8 P=4': 'f831085e5a73/50f5be0b7c7f',
  'alarm flooding P=1': '0908abb67808/1c91aaeae50e',
  'alarm sequential P=1': 'dcd34743c685/114fa35f551b',
  'alarm gated-flooding P=1': '6a6099f5ca15/598736dd90df',
  'alarm flooding P=4': '9051968ffe67/41885e196f76',
  'alarm sequential P=4': '0806a3bc4718/605f3f9b0237',
  'alarm gated-flooding P=4': '4ad90aefd975/7328f276685d',
  'alarm flooding P=16': 'da0d97e0d08d/63c0f64af3de',
  'alarm sequential P=16': '4951570dca6d/ba270504fb8a',
  'alarm gated-flooding P=16': '2736cf1b79ec/49725dc88764',
  'alarm min-sum W=8 P=4': 'f0b450b7fe55/70d03ee84fa4',
  'grid24 flooding P=1': 'ae669a7fd656/90bc35abcdf5',
  'grid24 sequential P=1': '55bf634f50ab/8cad291eeb61',
  'grid24 gated-flooding P=1': '95cff627dfbf/c33b6f0a6bb6',
  'grid24 flooding P=4': '70646b54611b/0cbcad6c9c2b',
  'grid24 sequential P=4': 'aab76f682072/883f9598534f',
  'grid24 gated-flooding P=4': 'b9a7d9ad045a/ad73e4aa82d4',
  'grid24 flooding P=16': '708922fcdc45/bd0412a6b211',
  'grid24 sequential P=16': '9066415d59c2/4b0e127eb127',
  'grid24 gated-flooding P=16': 'ebd7ba756199/f24a48c8116f',
  'grid24 min-sum W=8 P=4': '8e24441c699e/423ab9c3ed8c',
  'grid42 flooding P=1 (base register)': '7ee5c632da8f/88deb3a34c65',
  'grid42 sequential P=1 (base register)': '6a86c364c629/d4cfc9e24c2a',
  'grid42 gated-flooding P=1 (base register)': '2e1c9c881258/4f54f8aa1a0e',
  '96.3.963 stopOnParity P=1': 'cd9e0350a1a0/306db4e28dd7',
  '96.3.963 stopOnParity P=4': 'cd65a6422a49/32a333ffce38',
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

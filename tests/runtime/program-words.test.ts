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
// words change, code does not; the LLR decoder has no tables). Code hashes of the factor-graph
// programs re-pinned for the hardware-loop frame (codegen/loop.ts: `loop r5` instead of the bge on
// the cap and the jal back; the iteration count moved before barmax): data words unchanged. Code
// hashes of every multi-PE factor-graph program re-pinned for the send/recv operands held in
// registers across the loop and reused in r6/r7 (codegen/operands.ts): data words unchanged.
const EXPECTED: Record<string, string> = {
  'testfast flooding P=1': 'fe96f30c0222/3d86dfd7c1bf',
  'testfast sequential P=1': '7728193917dc/3d86dfd7c1bf',
  'testfast gated-flooding P=1': '171b0e6ec174/52b97f18ab0a',
  'testfast flooding P=4': '3b4833bd902b/3da3244f5e10',
  'testfast sequential P=4': 'f228955b317e/3da3244f5e10',
  'testfast gated-flooding P=4': 'c87f84f59ebc/7fdbc3829625',
  'testfast flooding P=16': '99b79701b1be/5ec8a55f47a1',
  'testfast sequential P=16': '36bdc3162fd8/ddd64d28850f',
  'testfast gated-flooding P=16': 'db7e0e88a393/43a7a13449b4',
  'testfast min-sum W=8 P=4': '6b0a727a9577/947c9c67a5e4',
  'alarm flooding P=1': '375d73b4eb0d/114fa35f551b',
  'alarm sequential P=1': 'dcd34743c685/114fa35f551b',
  'alarm gated-flooding P=1': '2172e7e70392/75e9edbef56c',
  'alarm flooding P=4': 'c4882d270ae6/605f3f9b0237',
  'alarm sequential P=4': '0806a3bc4718/605f3f9b0237',
  'alarm gated-flooding P=4': 'b15c5cb48ab6/d01d5470149e',
  'alarm flooding P=16': '766e8338904a/89f0b26b06b7',
  'alarm sequential P=16': '4951570dca6d/ba270504fb8a',
  'alarm gated-flooding P=16': 'a9022ee45a73/c18c62d755f4',
  'alarm min-sum W=8 P=4': '20741e2d6690/ed233e04354b',
  'grid24 flooding P=1': '8262dbecb1b7/8cad291eeb61',
  'grid24 sequential P=1': '55bf634f50ab/8cad291eeb61',
  'grid24 gated-flooding P=1': '6731935fb1df/6dbe2d7ba82c',
  'grid24 flooding P=4': '40575e575acd/883f9598534f',
  'grid24 sequential P=4': 'aab76f682072/883f9598534f',
  'grid24 gated-flooding P=4': 'ff9dfa530199/5957f73111c5',
  'grid24 flooding P=16': '5e050d8daf91/4b0e127eb127',
  'grid24 sequential P=16': '9066415d59c2/4b0e127eb127',
  'grid24 gated-flooding P=16': 'f83c864b3714/3f0ea5eff97d',
  'grid24 min-sum W=8 P=4': '7d7fc5a8793c/28df84f79e27',
  'grid40 flooding P=1 (base register)': '160a910da65c/a8731578912b',
  'grid40 sequential P=1 (base register)': '74af040d76fa/a8731578912b',
  'grid40 gated-flooding P=1 (base register)': 'fc203bcf7066/230559655cb9',
  '96.3.963 stopOnParity P=1': 'b2efde90767c/3b7c18827154',
  '96.3.963 stopOnParity P=4': '586f36a767f3/8dde146bd593',
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

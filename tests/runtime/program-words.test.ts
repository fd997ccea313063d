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
// registers across the loop and reused in r6/r7 (codegen/operands.ts): data words unchanged. Code
// and data hashes of the flooding and gated-flooding programs re-pinned for the all-outputs vupd
// (one descriptor per variable of degree ≥ 2 instead of one per edge): sequential unchanged.
const EXPECTED: Record<string, string> = {
  'testfast flooding P=1': '8f5f94145b62/51ca0644ff0c',
  'testfast sequential P=1': '7728193917dc/3d86dfd7c1bf',
  'testfast gated-flooding P=1': '64e74d23add0/2e925b1073c5',
  'testfast flooding P=4': '24b192734ee6/7460fb89d71d',
  'testfast sequential P=4': 'f228955b317e/3da3244f5e10',
  'testfast gated-flooding P=4': '1bfddcd14a2e/7eb921929e89',
  'testfast flooding P=16': 'a1484da2b32f/3e5a5c8a158c',
  'testfast sequential P=16': '36bdc3162fd8/ddd64d28850f',
  'testfast gated-flooding P=16': 'cd87deb90e9b/ca12f72215e7',
  'testfast min-sum W=8 P=4': '75cf027b60d3/e00e17c91592',
  'alarm flooding P=1': 'fa43907089a1/16a7d2e9bf58',
  'alarm sequential P=1': 'dcd34743c685/114fa35f551b',
  'alarm gated-flooding P=1': 'f260272415db/385676cf2812',
  'alarm flooding P=4': '7679b85588ac/8486095152bb',
  'alarm sequential P=4': '0806a3bc4718/605f3f9b0237',
  'alarm gated-flooding P=4': 'cb9dc8507d16/85ab72d6380b',
  'alarm flooding P=16': '1eb0219ac2e7/d3bb8500de7c',
  'alarm sequential P=16': '4951570dca6d/ba270504fb8a',
  'alarm gated-flooding P=16': '579c2ef4a53d/9d66b1661538',
  'alarm min-sum W=8 P=4': '1f77ea0d63ed/0ea0bcf461bd',
  'grid24 flooding P=1': 'de8705ca9cac/3628cdfe087e',
  'grid24 sequential P=1': '55bf634f50ab/8cad291eeb61',
  'grid24 gated-flooding P=1': '2c0ae0f39596/db1d3997ed6f',
  'grid24 flooding P=4': 'f8e6f5be5555/7273bc5e0b1d',
  'grid24 sequential P=4': 'aab76f682072/883f9598534f',
  'grid24 gated-flooding P=4': '990423b6addd/dcc52c13c563',
  'grid24 flooding P=16': '73acb7a813f4/278d595e16d6',
  'grid24 sequential P=16': '9066415d59c2/4b0e127eb127',
  'grid24 gated-flooding P=16': '8a7e89b038bc/6cc1cf977a54',
  'grid24 min-sum W=8 P=4': 'c03f1a40c668/ed02df0da94b',
  'grid40 flooding P=1 (base register)': '8851a106f499/dad12ae1f1f2',
  'grid40 sequential P=1 (base register)': '74af040d76fa/a8731578912b',
  'grid40 gated-flooding P=1 (base register)': '87783f0138cc/39fa06a04e85',
  '96.3.963 stopOnParity P=1': '557f68d7af0c/a9635a541e36',
  '96.3.963 stopOnParity P=4': 'f99998873514/74710a6b4fde',
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

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

function hashProgram(code: readonly ArrayLike<number>[], data: readonly ArrayLike<number>[]): string {
  const h = createHash('sha256');
  for (const c of code) hashWords(h, c);
  h.update('|');
  for (const d of data) hashWords(h, d);
  return h.digest('hex').slice(0, 16);
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

// Measured before the compiler split (commit e0137e8).
const EXPECTED: Record<string, string> = {
  'testfast flooding P=1': '2bdd46e43203c943',
  'testfast sequential P=1': '3ce23297ce5ca872',
  'testfast gated-flooding P=1': '4f6f622d46582d5c',
  'testfast flooding P=4': '8da553167a1bc2d8',
  'testfast sequential P=4': '7df39ab5b179e43d',
  'testfast gated-flooding P=4': '6f46ea83f9944c6f',
  'testfast flooding P=16': 'b330a64ca760e7d6',
  'testfast sequential P=16': '66a3dc0adb7fee7e',
  'testfast gated-flooding P=16': '13f799b77aab6fbf',
  'testfast min-sum W=8 P=4': '198614e8a0551bcb',
  'alarm flooding P=1': '39f0653ac5b9b632',
  'alarm sequential P=1': '9aa8f539ce2fd436',
  'alarm gated-flooding P=1': '53b1e596b2951074',
  'alarm flooding P=4': 'dc2d915243da022b',
  'alarm sequential P=4': '7ce25c5aaef26c54',
  'alarm gated-flooding P=4': '30c1efbb0aeb82db',
  'alarm flooding P=16': 'b86b26b3f6a09e3d',
  'alarm sequential P=16': '9297eddc0c1415a5',
  'alarm gated-flooding P=16': '5811a8c1eb3f1afa',
  'alarm min-sum W=8 P=4': '2e5aba01f7ec0a3d',
  'grid24 flooding P=1': '03441ad029348d80',
  'grid24 sequential P=1': '47d0fd75780dfe52',
  'grid24 gated-flooding P=1': '397466ddc93ca1ed',
  'grid24 flooding P=4': '7628900b7d3b2749',
  'grid24 sequential P=4': '333c430479e64659',
  'grid24 gated-flooding P=4': '0ea1ce4119dfed24',
  'grid24 flooding P=16': '043b948fbfaebc08',
  'grid24 sequential P=16': 'f013bc6bb965984e',
  'grid24 gated-flooding P=16': 'd12177ef380388c1',
  'grid24 min-sum W=8 P=4': '2458b2ff5409cb56',
  'grid40 flooding P=1 (base register)': '059a819daff5c5da',
  'grid40 sequential P=1 (base register)': '9dedc27c730c5479',
  'grid40 gated-flooding P=1 (base register)': '9b4b46a0c890c885',
  '96.3.963 stopOnParity P=1': '565df8bb5d700411',
  '96.3.963 stopOnParity P=4': 'b209f19212d1cfa8',
  '96.3.963 llr layered': '040074dc76d00add',
  '96.3.963 llr flooding': '5af33f30c0ada600',
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

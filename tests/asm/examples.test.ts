// Every program in examples/ assembles cleanly and round-trips; the results stated in the comments
// of the max* and factor-update examples are checked against the ISA's bit-exact kernels.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, disassembleObject, serializeObject, type AssembleResult } from '../../asm/index.js';
import { makeFormat, maxStar, factorUpdate } from '../../isa/index.js';

const DIR = join(import.meta.dirname, '../../examples');
const files = readdirSync(DIR).filter((f) => f.endsWith('.s'));
const load = (f: string) => assemble(readFileSync(join(DIR, f), 'utf8'), { fileName: join(DIR, f), readFile: (p) => readFileSync(p, 'utf8') });
const sym = (r: AssembleResult, name: string) => r.object.symbols.find((s) => s.name === name)!.value;
const scratch = (r: AssembleResult, pe = 0) => {
  const mem = new Int32Array(4096);
  for (const s of r.object.sections) {
    if (s.space === 'scratchpad' && (s.pes === 'all' || s.pes.includes(pe))) s.words.forEach((w, i) => (mem[s.origin + i] = w | 0));
  }
  return mem;
};
const f = makeFormat(16, 8, 256);

describe('examples', () => {
  it('has the three required examples', () => {
    expect(files).toEqual(expect.arrayContaining(['maxstar-reduce.s', 'factor-update.s', 'pe-exchange.s']));
  });
  for (const file of files) {
    it(`${file} assembles cleanly and reassembles from its disassembly`, () => {
      const r = load(file);
      expect(r.diagnostics).toEqual([]);
      const again = assemble(disassembleObject(r.object), { fileName: 'dis.s' });
      expect(Buffer.from(serializeObject(again.object)).equals(Buffer.from(serializeObject(r.object)))).toBe(true);
    });
  }

  it('maxstar-reduce.s: the stated energies and max* result', () => {
    const r = load('maxstar-reduce.s');
    const mem = scratch(r);
    const m = sym(r, 'msg');
    const e = Array.from(mem.subarray(m, m + 4));
    expect(m).toBe(0);
    expect(e).toEqual([589, 412, 308, 235]);
    expect(sym(r, 'result')).toBe(4);
    expect(e.slice(1).reduce((acc, x) => maxStar(f, acc, x), e[0])).toBe(0);
  });

  it('factor-update.s: the stated layout and message', () => {
    const r = load('factor-update.s');
    const mem = scratch(r);
    expect([sym(r, 'table'), sym(r, 'msg_a'), sym(r, 'out_b'), sym(r, 'change')]).toEqual([12, 18, 20, 23]);
    // .table words at the factor unit's F + G = 12, .prob message words at F = 8.
    expect(Array.from(mem.subarray(12, 20))).toEqual([2839, 4931, 6592, 9431, 9431, 914, 235, 131]);
    const change = factorUpdate(f, mem, sym(r, 'desc'), true);
    expect(Array.from(mem.subarray(20, 23))).toEqual([197, 291, 0]);
    expect(change).toBe(291);
  });

  it('pe-exchange.s: per-PE layout and entries', () => {
    const r = load('pe-exchange.s');
    expect([sym(r, 'inbox'), sym(r, 'result'), sym(r, 'own'), sym(r, 'own_b')]).toEqual([0, 4, 8, 8]);
    expect(Array.from(scratch(r, 0).subarray(8, 12))).toEqual([1, 2, 3, 4]);
    expect(Array.from(scratch(r, 1).subarray(8, 12))).toEqual([100, 200, 300, 400]);
    expect(r.object.requirements.minPes).toBe(2);
    expect(r.object.entry).toBe(sym(r, 'idle'));
    expect([...r.object.entryPerPe]).toEqual([
      [0, sym(r, 'pe0')],
      [1, sym(r, 'pe1')],
    ]);
  });
});

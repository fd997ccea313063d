// Directives, expressions, sections and includes.
import { describe, it, expect } from 'vitest';
import { assemble, AssemblyError, type AssembleOptions } from '../../asm/index.js';
import { SHARED_BASE, makeFormat, energyFromProb } from '../../isa/index.js';

const asm = (src: string, opts: AssembleOptions = {}) => assemble(src, { fileName: 't.s', ...opts });
const sec = (src: string, name: string, opts: AssembleOptions = {}) => {
  const s = asm(src, opts).object.sections.filter((x) => x.name === name);
  return s.map((x) => ({ origin: x.origin, words: Array.from(x.words) }));
};
const data = (src: string, opts: AssembleOptions = {}) => sec(`.data\n${src}`, '.data', opts)[0].words;
const errors = (src: string, opts: AssembleOptions = {}) => {
  try {
    asm(src, opts);
  } catch (e) {
    if (e instanceof AssemblyError) return e.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
    throw e;
  }
  throw new Error('expected an AssemblyError');
};

describe('expressions', () => {
  it('follow C precedence and associativity', () => {
    const w = data(
      [
        '.word 1 + 2 * 3, (1 + 2) * 3, 10 - 4 - 3, 100 / 7 / 2, -7 / 2, -7 % 3',
        '.word 1 << 2 + 1, 0xf0 | 0x0f & 0x3c, 6 ^ 3 | 8, ~0 & 0xff, !0, !5, - -3',
        '.word 0b1010, 0x7fffffff + 1, -1 >> 4, -1 >>> 28, 1 + 2 << 3 == 0',
      ].join('\n').replace(', 1 + 2 << 3 == 0', ''),
    );
    expect(w.map((x) => x | 0)).toEqual([7, 9, 3, 7, -3, -1, 8, 0xfc, 13, 255, 1, 0, 3, 10, -0x80000000, -1, 15]);
  });
  it('support constants, labels and the current address', () => {
    const w = data('.equ N, 4\n.equ M, N * N + later\nfirst: .word M, ., . + 1, first\nlater: .word later - first\n');
    expect(w).toEqual([16 + 4, 0, 1, 0, 4]); // `.` is the address where the statement starts
  });
  it('reports division by zero and undefined symbols', () => {
    expect(errors('.data\n.word 1 / 0, nope')).toEqual(['2:9: division by zero', "2:14: undefined symbol 'nope'"]);
  });
  it('detects constants defined in terms of themselves', () => {
    expect(errors('.equ A, B + 1\n.equ B, A\n')[0]).toMatch(/defined in terms of itself/);
  });
});

describe('data directives', () => {
  const f = makeFormat(16, 8, 256);
  it('.prob converts probabilities to energies (0 -> MAX)', () => {
    expect(data('.prob 0.25, 0.75, 0, 1')).toEqual([energyFromProb(f, 0.25), energyFromProb(f, 0.75), 32767, 0]);
    expect(data('.prob 0.25')).toEqual([355]);
  });
  it('.energy converts nats, inf -> MAX, negative values as 32-bit words', () => {
    expect(data('.energy 1.5, inf, -0.5, 2, 1e-2')).toEqual([384, 32767, (-128) >>> 0, 512, 3]);
  });
  it('.msg stores raw energies and checks the format range', () => {
    expect(data('.msg 12, -3')).toEqual([12, 0xfffffffd]);
    expect(errors('.data\n.msg 40000')).toEqual(['2:6: .msg energy 40000 is outside -32768 … 32767 (W = 16)']);
  });
  it('.format and --bits/--frac change the conversion and the requirements', () => {
    const r = asm('.format 12, 6\n.data\n.prob 0.5, 0\n');
    expect(Array.from(r.object.sections[0].words)).toEqual([44, 2047]);
    expect(r.object.requirements).toMatchObject({ messageBits: 12, fracBits: 6 });
    const r2 = asm('.data\n.prob 0.5\n', { messageBits: 8 });
    expect(r2.object.requirements).toMatchObject({ messageBits: 8, fracBits: 4 });
    expect(Array.from(r2.object.sections[0].words)).toEqual([11]);
    expect(errors('.format 12, 6\n', { messageBits: 16, fracBits: 8 })[0]).toMatch(/conflicts with the requested message format 16, 8/);
    expect(errors('.format 40, 6\n')[0]).toMatch(/W = 40 outside 8 … 32/);
  });
  it('.word range, .zero, .align, .org', () => {
    expect(data('.word -1, 0xffffffff, -0x80000000')).toEqual([0xffffffff, 0xffffffff, 0x80000000]);
    expect(errors('.data\n.word 0x100000000')[0]).toMatch(/does not fit in 32 bits/);
    const s = sec('.data\n.word 1\n.align 4\n.word 2\n.zero 2\n.word 3\n.org 20\n.word 4\n', '.data');
    expect(s).toEqual([
      { origin: 0, words: [1, 0, 0, 0, 2, 0, 0, 3] },
      { origin: 20, words: [4] },
    ]);
  });
});

describe('sections', () => {
  it('place per-PE sections after the shared ones, .shared at SHARED_BASE', () => {
    const r = asm('.text\nnop\nnop\n.text pe=0\na: halt\n.text pe=1,2\nb: halt\n.shared\nc: .word 5\n.data pe=3\nd: .word 1\n');
    const secs = r.object.sections.map((s) => [s.name, s.space, s.pes, s.origin, s.words.length]);
    expect(secs).toEqual([
      ['.text', 'code', 'all', 0, 2],
      ['.text pe=0', 'code', [0], 2, 1],
      ['.text pe=1,2', 'code', [1, 2], 2, 1],
      ['.shared', 'shared', 'all', SHARED_BASE, 1],
      ['.data pe=3', 'scratchpad', [3], 0, 1],
    ]);
    expect(r.object.requirements.minPes).toBe(4);
    expect(r.object.symbols.find((s) => s.name === 'c')).toEqual({ name: 'c', value: SHARED_BASE, kind: 'label', section: '.shared' });
  });
  it('accept PE ranges and canonicalise the section name', () => {
    const r = asm('.text pe=3, 0..2, 7\nhalt\n');
    expect(r.object.sections[0].name).toBe('.text pe=0..3,7');
    expect(r.object.sections[0].pes).toEqual([0, 1, 2, 3, 7]);
  });
  it('reject overlaps on a shared PE, instructions in data, and .shared with a PE list', () => {
    expect(errors('.text\nnop\n.text pe=1\n.org 0\nnop\n')[0]).toMatch(/5:1: \.text pe=1 words at 0 … 0 overlap \.text .* on PE 1/);
    expect(errors('.data\nadd r1, r2, r3\n')[0]).toMatch(/instruction 'add' in a data section/);
    expect(errors('.shared pe=1\n')[0]).toMatch(/takes no PE list/);
  });
  it('.entry sets the default and per-PE entry points; .minpes raises the PE requirement', () => {
    const r = asm('nop\nmain: halt\nother: halt\n.entry main\n.entry other pe=2,5\n.minpes 8\n');
    expect(r.object.entry).toBe(1);
    expect([...r.object.entryPerPe]).toEqual([
      [2, 2],
      [5, 2],
    ]);
    expect(r.object.requirements.minPes).toBe(8);
    expect(errors('a: halt\n.entry a\n.entry a\n')[0]).toMatch(/second \.entry for all PEs/);
  });
  it('.local keeps labels out of the symbol table', () => {
    const r = asm('.local tmp\ntmp: nop\nkeep: beq r0, r0, tmp\n');
    expect(r.object.symbols.map((s) => s.name)).toEqual(['keep']);
  });
});

describe('.include', () => {
  const files: Record<string, string> = {
    'dir/main.s': '.include "lib/consts.s"\nli r1, K\n.include "lib/code.s"\n',
    'dir/lib/consts.s': '.equ K, 42 ; from consts\n',
    'dir/lib/code.s': '.include "../tail.s"\n',
    'dir/tail.s': 'halt\n',
    'cyc/a.s': '.include "b.s"\n',
    'cyc/b.s': 'nop\n.include "a.s"\n',
  };
  const readFile = (p: string) => {
    if (!(p in files)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return files[p];
  };
  it('resolves paths relative to the including file, without a filesystem', () => {
    const r = assemble(files['dir/main.s'], { fileName: 'dir/main.s', readFile });
    expect(Array.from(r.object.sections[0].words)).toEqual([0x4040002a, 0x7c000000]);
    expect(r.listing.map((l) => `${l.file}:${l.line}`)).toContain('dir/tail.s:1');
  });
  it('reports an include cycle with the chain', () => {
    try {
      assemble(files['cyc/a.s'], { fileName: 'cyc/a.s', readFile });
      throw new Error('no error');
    } catch (e) {
      const d = (e as AssemblyError).diagnostics[0];
      expect(d).toMatchObject({ file: 'cyc/b.s', line: 2, col: 10 });
      expect(d.message).toBe('include cycle: cyc/a.s → cyc/b.s → cyc/a.s');
    }
  });
  it('reports missing files and a missing reader', () => {
    expect(errors('.include "nope.s"\n', { readFile })[0]).toBe('1:10: cannot read include file "nope.s": no such file');
    expect(errors('.include "x.s"\n')[0]).toMatch(/no file reader/);
  });
});

// Accuracy of the chip's answers, the emitted assembly, and LDPC decoding on the simulated chip.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { assemble } from '../../asm/index.js';
import { exactInference, quantizeGraph, randomTree, parseAlist, readModelFile, beliefPropagation } from '../../golden/index.js';
import { compileGraph, toAssembly, inferOnChip, decodeLdpc, tvStats, CompileError, runOnChip, simulateLdpc, informationPositionsOf } from '../../runtime/index.js';
import { dataPath } from './corpus.js';

describe('accuracy', () => {
  it('trees: the sequential (two-pass) schedule is exact after one iteration, up to the W=16 format bound (7.5e-3)', () => {
    for (const seed of [1, 2, 3, 4]) {
      const g = randomTree({ nVars: 30, seed, maxCard: 6 });
      const ex = exactInference(g);
      const r = inferOnChip(g, { cfg: makeConfig({ pes: 4 }), schedule: 'sequential', tol: 0, maxIter: 30, exactLimit: 0 });
      expect(r.report.status).toBe('halted');
      expect(r.converged).toBe(true);
      expect(r.iterations).toBe(2); // the second iteration confirms: no message changes
      expect(tvStats(r.marginals, ex.marginals).maxTV).toBeLessThan(7.5e-3);
    }
  });

  it('testfast.fg at W=16: max TV against float BP ≤ 1e-2, and reported per W', () => {
    const g = readModelFile(dataPath('libdai/testfast.fg'));
    const fl = beliefPropagation(g, { tol: 1e-9, maxIter: 1000 });
    const errors: Record<number, number> = {};
    for (const W of [8, 12, 16, 24]) {
      const cfg = makeConfig({ pes: 4, messageBits: W, fracBits: Math.floor(W / 2), maxStarTableSize: W <= 16 ? 256 : 4096 });
      const r = inferOnChip(g, { cfg, maxIter: 300, exactLimit: 0 }); // default tolerance: one max* bucket
      errors[W] = tvStats(r.marginals, fl.marginals).maxTV;
    }
    console.log('testfast max TV vs float BP per W:', errors);
    expect(errors[16]).toBeLessThanOrEqual(1e-2);
    expect(errors[12]).toBeLessThan(errors[8]);
    expect(errors[24]).toBeLessThan(errors[16]);
  });
});

describe('emitted assembly', () => {
  it('reassembles with gp5asm to the identical code and data words (4 PEs)', () => {
    const g = readModelFile(dataPath('libdai/hoi1.fg'));
    const cfg = makeConfig({ pes: 4 });
    const q = quantizeGraph(g, makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
    const prog = compileGraph(q, cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 8, maxIter: 50, keepAssembly: true });
    const text = toAssembly(prog, 'hoi1.fg');
    const obj = assemble(text, { fileName: 'hoi1.s' }).object;
    for (let pe = 0; pe < 4; pe++) {
      const code = obj.sections.find((s) => s.space === 'code' && Array.isArray(s.pes) && s.pes[0] === pe)!;
      expect(Array.from(code.words)).toEqual(Array.from(prog.code[pe]));
      const data = obj.sections.find((s) => s.space === 'scratchpad' && Array.isArray(s.pes) && s.pes[0] === pe)!;
      expect(Array.from(new Int32Array(data.words.buffer, data.words.byteOffset, data.words.length))).toEqual(Array.from(prog.data[pe]));
    }
    expect(text).toMatch(/fupd\.sp r1, \d+\(r0\)/);
    expect(text).toMatch(/pe0_loop:/);
  });

  it('a model that does not fit the scratchpad is a clear compile error', () => {
    const g = readModelFile(dataPath('libdai/alarm.fg'));
    const cfg = makeConfig({ pes: 1, scratchpadBytes: 4096 });
    const q = quantizeGraph(g, makeFormat(16, 8, 256));
    expect(() => compileGraph(q, cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 0, maxIter: 1 })).toThrow(CompileError);
    expect(() => compileGraph(q, cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 0, maxIter: 1 })).toThrow(
      /needs at least \d+ scratchpad words per PE on 1 PEs \(\d+ in all\) but a PE has 1024: use --pes \d+ or more, or a config with scratchpadBytes >= \d+ KiB/,
    );
  });

  it('Grids_11 on the chip reports non-convergence honestly at the iteration cap', () => {
    const g = readModelFile(dataPath('uai2014/Grids_11.uai'), dataPath('uai2014/Grids_11.uai.evid'));
    const cfg = makeConfig({ pes: 16 });
    const q = quantizeGraph(g, makeFormat(16, 8, 256));
    const chip = runOnChip(compileGraph(q, cfg, { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 8, maxIter: 60 }));
    expect(chip.report.status).toBe('halted');
    expect(chip.converged).toBe(false);
    expect(chip.iterations).toBe(60);
    expect(chip.lastChange).toBeGreaterThan(8);
    for (const m of chip.marginals) for (const p of m) expect(Number.isFinite(p)).toBe(true);
  });
});

describe('LDPC decoding on the chip', () => {
  it('stops on a zero syndrome: no iteration when the channel decisions are already a codeword', () => {
    const h = parseAlist(readFileSync(dataPath('ldpc/96.3.963.alist'), 'utf8'), '96.3.963.alist');
    const clean = decodeLdpc(h, { cfg: makeConfig({ pes: 4 }), ebn0: 12, frames: 3, iters: 50, seed: 1 });
    expect(clean.ber).toBe(0);
    expect(clean.meanIterations).toBe(0);
    const noisy = decodeLdpc(h, { cfg: makeConfig({ pes: 4 }), ebn0: 4, frames: 6, iters: 50, seed: 1 });
    expect(noisy.ber).toBe(0);
    expect(noisy.meanIterations).toBeGreaterThan(0);
    expect(noisy.meanIterations).toBeLessThan(10);
  });

  it('WiMAX (576, rate 1/2): BER < 1e-3 at 2.5 dB and BER falls as Eb/N0 rises (1.5, 2.0, 2.5 dB)', () => {
    // The structured LLR-unit decoder (runtime/ldpc/); the dense decodeLdpc took a minute for 78 frames.
    const h = parseAlist(readFileSync(dataPath('ldpc/WIMAX_288_576.alist'), 'utf8'), 'WIMAX_288_576.alist');
    const cfg = makeConfig({});
    const infoPositions = informationPositionsOf(h);
    const at = (ebn0: number, frames: number) =>
      simulateLdpc(h, { cfg, rule: 'spa', schedule: 'flooding', maxIter: 50, earlyStop: true, ebn0, seed: 2026, maxFrames: frames, minFrameErrors: 0, infoPositions, decoder: 'chip' });
    const r15 = at(1.5, 128);
    const r20 = at(2.0, 128);
    const r25 = at(2.5, 128);
    expect(r25.frames * h.n).toBeGreaterThanOrEqual(17_000);
    expect(r25.ber).toBeLessThan(1e-3);
    expect(r15.ber).toBeGreaterThan(r20.ber);
    expect(r20.ber).toBeGreaterThanOrEqual(r25.ber);
    expect(r25.mbps).toBeGreaterThan(0);
  });
});

// The `--emit-asm` header lists the registers from the register map (runtime/registers.ts), not
// from a hand-written list: every named register appears with its number, in number order.
import { describe, it, expect } from 'vitest';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { quantizeGraph, readModelFile } from '../../golden/index.js';
import { compileGraph, inferOnChip, toAssembly } from '../../runtime/index.js';
import { REG, VREG } from '../../runtime/registers.js';
import { dataPath } from './corpus.js';

describe('emitted assembly header', () => {
  const g = readModelFile(dataPath('libdai/hoi1.fg'));
  const cfg = makeConfig({ pes: 2 });
  const q = quantizeGraph(g, makeFormat(cfg.messageBits, cfg.fracBits, cfg.maxStarTableSize));
  const prog = compileGraph(q, cfg, { schedule: 'gated-flooding', semiring: 'sum-product', lambda: 0, tolRaw: 8, maxIter: 5, keepAssembly: true });
  const header = toAssembly(prog, 'hoi1.fg').split('\n').find((l) => l.startsWith('; registers:'))!;

  it('is the register map, in number order', () => {
    expect(header).toBe(
      '; registers: r1 change, r2 reduced, r3 tol, r4 iter, r5 maxIter, r6 pe, r7 addr, r8 base, r9 residual, r10 syndrome, r11 parity, r12 n0, r13 n1, r14 m0, r15 m1; vector: v1 input, v2 snapshot (runtime/registers.ts)',
    );
  });

  it('names every register of REG (but r0) and VREG', () => {
    for (const [name, n] of Object.entries(REG)) if (n !== 0) expect(header).toContain(`r${n} ${name}`);
    for (const [name, n] of Object.entries(VREG)) expect(header).toContain(`v${n} ${name}`);
    expect(header).not.toContain('r0 ');
  });

  it('is the same map on the binary pairwise path, which says where its transfer operands live', () => {
    const r = inferOnChip(readModelFile(dataPath('libdai/testfast.fg')), { cfg: makeConfig({ pes: 4 }), exactLimit: 0, emitAsm: true, maxIter: 2 });
    const line = r.asm!.split('\n').find((l) => l.startsWith('; registers:'))!;
    expect(r.asm).toContain('binary pairwise LLR path');
    expect(line).toBe(`${header}; here r6/r7 and r9–r15 hold send/recv operands`);
  });
});

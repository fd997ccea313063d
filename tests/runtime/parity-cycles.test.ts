// Cycle figures of the structured parity path on LDPC codes compiled as factor graphs (inferOnChip,
// 16 PEs, one noisy frame at 2.5 dB, a fixed iteration count): the LLR conversion of every check's
// inputs is one vector subtract per run of messages (parity-lowering.ts), not two scalar
// instructions per edge, a PE's cnus run back to back, and send/recv operands stay in registers
// (codegen/operands.ts; before that: 3268 and 35257 cycles). runtime/README.md "Parity factors"
// quotes these numbers.
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../../isa/index.js';
import { inferOnChip } from '../../runtime/index.js';
import { ldpcFrame } from './corpus.js';

describe('structured parity path: cycles on LDPC codes via inferOnChip', () => {
  // [code, iterations, cycles now, cycles with the per-edge scalar conversion and one cnu at a time, dense path]
  // (2963 and 31362 before sends overlapped compute: runtime/README.md, "Sends that overlap compute";
  // 2743 and 30062 with one vupd per edge before the all-outputs vupd)
  const cases = [
    ['ldpc/96.3.963.alist', 10, 2533, 3886, 5006],
    ['ldpc/WIMAX_288_576.alist', 20, 22732, 44295, 61195],
  ] as const;
  for (const [file, iterations, cycles, before, dense] of cases) {
    it(`${file}: ${iterations} iterations in ${cycles} cycles (was ${before}; dense path ${dense})`, () => {
      const r = inferOnChip(ldpcFrame(file, 2.5, 5), { cfg: makeConfig({ pes: 16 }), maxIter: iterations, tol: 0 });
      expect(r.compile.structuredFactors).toBeGreaterThan(0);
      expect([r.iterations, r.cycles]).toEqual([iterations, cycles]);
      expect(cycles).toBeLessThan(before);
    });
  }
});

// stopOnParity (decoder mode): after the variable phase, each PE computes the syndrome of the hard
// decisions of its factors' variables, OR-reduced over PEs with barmax; all satisfied → done.
import { REG } from '../registers.js';
import type { Codegen } from './context.js';
import { DONE_LABEL } from './loop.js';

export function emitParityStop(g: Codegen): void {
  const { q, placement, layout } = g.input;
  const { out } = g;
  out.code.forEach((c, p) => {
    c.emit('addi', REG.syndrome, REG.zero, 0);
    for (let a = 0; a < q.nFactors; a++) {
      if (placement.factorPe[a] !== p || q.fOff[a + 1] === q.fOff[a]) continue;
      c.emit('addi', REG.parity, REG.zero, 0);
      for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) {
        // Belief energies of variable i: n_{i→a} + m_{a→i}; decided 1 when E(1) < E(0).
        c.emit('ld', REG.n0, out.at(p, layout.nSeenByFactor(e)));
        c.emit('ld', REG.n1, out.at(p, layout.nSeenByFactor(e) + 1));
        c.emit('ld', REG.m0, out.at(p, layout.mAddr[e]));
        c.emit('ld', REG.m1, out.at(p, layout.mAddr[e] + 1));
        c.emit('add', REG.n0, REG.n0, REG.m0);
        c.emit('add', REG.n1, REG.n1, REG.m1);
        c.emit('slt', REG.n0, REG.n1, REG.n0);
        c.emit('xor', REG.parity, REG.parity, REG.n0);
      }
      c.emit('or', REG.syndrome, REG.syndrome, REG.parity);
    }
    c.emit('barmax', REG.syndrome, REG.syndrome);
    c.emitTo(DONE_LABEL, 'beq', 2, REG.syndrome, REG.zero);
  });
}

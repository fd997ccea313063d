// gated-flooding: the flooding variable phase, then per factor a residual gate — the largest
// |n − snapshot| over its inputs (vld/vmaxad); only above the tolerance does it refresh the
// snapshot and recompute its outgoing messages (golden's ResidualGatedBp).
import { REG, VREG } from '../registers.js';
import type { Codegen } from './context.js';
import { emitVariablePhase } from './flooding.js';

export function emitGatedIteration(g: Codegen): void {
  const { q } = g.input;
  emitVariablePhase(g, g.input.updates);
  for (let a = 0; a < q.nFactors; a++) if (q.fOff[a + 1] > q.fOff[a]) emitGatedFactor(g, a);
  g.exchange.sync();
}

function emitGatedFactor(g: Codegen, a: number): void {
  const { q, cfg, placement, layout, snapshots } = g.input;
  const p = placement.factorPe[a];
  const c = g.out.code[p];
  const at = (addr: number) => g.out.at(p, addr);
  const vlmax = cfg.vregLanes;
  let vl = -1;
  const setVl = (n: number) => {
    if (n !== vl) c.emit('setvli', REG.zero, n);
    vl = n;
  };
  /** Edge e's message in vector-register-sized chunks. */
  const chunks = (e: number, body: (off: number, len: number) => void) => {
    for (let off = 0; off < layout.card(e); off += vlmax) body(off, Math.min(vlmax, layout.card(e) - off));
  };
  const skip = `skip${a}`;
  c.emit('addi', REG.residual, REG.zero, 0);
  for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) {
    chunks(e, (off, len) => {
      setVl(len);
      c.emit('vld', VREG.input, at(layout.nSeenByFactor(e) + off));
      c.emit('vld', VREG.snapshot, at(snapshots[e] + off));
      c.emit('vmaxad', REG.residual, VREG.input, VREG.snapshot);
    });
  }
  c.emitTo(skip, 'bge', 2, REG.tol, REG.residual);
  for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) {
    chunks(e, (off, len) => {
      setVl(len);
      c.emit('vld', VREG.input, at(layout.nSeenByFactor(e) + off));
      c.emit('vst', VREG.input, at(snapshots[e] + off));
    });
  }
  for (let e = q.fOff[a]; e < q.fOff[a + 1]; e++) g.update({ kind: 'F', factor: a, variable: q.edgeVar[e] }, false);
  c.label(skip);
  g.forgetRegisters(p); // the base register may or may not have been set on the skipped path
}

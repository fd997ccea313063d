// Sends and receives that overlap compute under flooding (runtime/codegen/exchange.ts beginPhase,
// sendReady, receiveFor; runtime/README.md, "Sends that overlap compute"): the shape of the loop
// body on alarm's 16 PEs. Both shape tests fail with sendReady and receiveFor made no-ops.
import { describe, expect, it } from 'vitest';
import { decode } from '../../isa/index.js';
import { readModelFile, quantizeGraph } from '../../golden/index.js';
import { makeConfig, makeFormat } from '../../isa/index.js';
import { compileGraph } from '../../runtime/index.js';
import { dataPath } from './corpus.js';

/** Per PE: the loop body's mnemonics (from after `loop` to its end). */
function loopBodies(pes: number): string[][] {
  const q = quantizeGraph(readModelFile(dataPath('libdai/alarm.fg')), makeFormat(16, 8, 256));
  const p = compileGraph(q, makeConfig({ pes }), { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 8, maxIter: 100 });
  return p.code.map((code) => {
    const words = Array.from(code);
    const head = words.findIndex((w) => decode(w)?.def.mnemonic === 'loop');
    const end = decode(words[head])!.operands[1] as number;
    return words.slice(head + 1, head + end).map((w) => decode(w)!.def.mnemonic);
  });
}

/** Indices in `body` of each mnemonic in `names`. */
const at = (body: string[], ...names: string[]) => body.flatMap((m, k) => (names.includes(m) ? [k] : []));

describe('flooding: transfers between updates (alarm, 16 PEs)', () => {
  const bodies = loopBodies(16);

  it('sends go out between a phase\'s updates, after the update that follows their last write', () => {
    let between = 0;
    let checked = 0;
    for (const body of bodies) {
      for (const kind of ['vupd', 'fupd.sp']) {
        const updates = at(body, kind);
        // A send with updates of the same phase on both sides (at the sync they all came after).
        between += at(body, 'send').filter((k) => k > updates[0] && k < updates[updates.length - 1]).length;
      }
      // Never right after the body's first update when its phase has another on this PE: its run
      // needs one more update before it goes (with none, the sync's sends follow it).
      const first = at(body, 'vupd', 'fupd.sp')[0];
      if (at(body, body[first]).length >= 2) {
        checked++;
        expect(body[first + 1]).not.toBe('send');
      }
    }
    expect(between).toBeGreaterThanOrEqual(bodies.length / 2);
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('the variable phase\'s receives wait for the fupds that read their copies', () => {
    let deferred = 0;
    for (const body of bodies) {
      const fupds = at(body, 'fupd.sp');
      if (fupds.length < 2) continue;
      deferred += at(body, 'recv').filter((k) => k > fupds[0] && k < fupds[fupds.length - 1]).length;
    }
    expect(deferred).toBeGreaterThan(0);
  });

  it('on one PE there is nothing to move: no send, no recv', () => {
    const [body] = loopBodies(1);
    expect(at(body, 'send', 'recv')).toEqual([]);
  });
});

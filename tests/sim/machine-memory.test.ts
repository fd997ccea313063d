// Machines built on reused memories (sim/machine-memory.ts) start from exactly what a fresh machine
// starts from: the image's words, zero elsewhere, whatever the previous machine on them wrote.
import { describe, it, expect } from 'vitest';
import { makeConfig, SHARED_BASE } from '../../isa/index.js';
import { Machine, MachineMemory, loadImage, buildReport } from '../../sim/index.js';
import { I, M, objectOf, type TestProgram } from './helpers.js';

const cfg = makeConfig({ pes: 2 });
/** Scratchpad word 5000 and shared word 7 of PE 0, beyond its data: 0 on a fresh machine. */
const READ = 5000;
// Writes 77 beyond the data prefix and into shared memory (PE 1 writes its own scratchpad too).
const dirty: TestProgram = {
  code: [[I('addi', 1, 0, 77), I('st', 1, M(0, READ)), I('lui', 2, SHARED_BASE >>> 10), I('st', 1, M(2, 7)), I('halt')], [I('addi', 1, 0, 5), I('st', 1, M(0, READ)), I('halt')]],
  data: [[0, 0, [1, 2, 3]]],
};
// Reads them back and into registers; data word 1 only at 0 … 1.
const reader: TestProgram = {
  code: [[I('ld', 3, M(0, READ)), I('lui', 2, SHARED_BASE >>> 10), I('ld', 4, M(2, 7)), I('ld', 5, M(0, 2)), I('halt')], [I('ld', 3, M(0, READ)), I('halt')]],
  data: [[0, 0, [9, 8]]],
};

function runOn(p: TestProgram, memory?: MachineMemory) {
  const m = new Machine(cfg, loadImage(objectOf(p, cfg), cfg), memory);
  const report = buildReport(m, m.run(), cfg);
  return { m, report };
}

describe('machines on reused memories', () => {
  it('see only their own image, not what the previous machine wrote', () => {
    const memory = new MachineMemory(cfg);
    const a = runOn(dirty, memory);
    expect(a.m.pes[0].spm[READ]).toBe(77);
    expect(a.m.shared[7]).toBe(77);
    const b = runOn(reader, memory);
    const fresh = runOn(reader);
    expect([b.m.pes[0].sreg[3], b.m.pes[0].sreg[4], b.m.pes[0].sreg[5], b.m.pes[1].sreg[3]]).toEqual([0, 0, 0, 0]);
    expect(b.report).toEqual(fresh.report);
    expect([...b.m.pes[0].spm.subarray(0, READ + 1)]).toEqual([...fresh.m.pes[0].spm.subarray(0, READ + 1)]);
    // The same arrays: reused, not reallocated.
    expect(b.m.shared).toBe(a.m.shared);
    expect(b.m.pes[0].spm.buffer).toBe(a.m.pes[0].spm.buffer);
  });

  it('refuse a configuration of another memory size', () => {
    const memory = new MachineMemory(makeConfig({ pes: 2, scratchpadBytes: 65536 }));
    expect(() => runOn(reader, memory)).toThrow(/do not fit/);
  });
});

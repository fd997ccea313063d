// The compiler's object and --emit-asm text carry the message code: an unsigned program's
// assembly says `.format W, F, unsigned`, reassembles to the same words with unsignedMessages 1,
// and (like its object) loads only on an unsigned machine.
import { describe, it, expect } from 'vitest';
import { assemble, serializeObject } from '../../asm/index.js';
import { configFormat, makeConfig } from '../../isa/index.js';
import { quantizeGraph, readModelFile } from '../../golden/index.js';
import { compileGraph, inferOnChip, toAssembly, toObject, withMessageBits } from '../../runtime/index.js';
import { Machine, loadImage } from '../../sim/index.js';
import { dataPath } from './corpus.js';

describe('emitted assembly with the unsigned code', () => {
  it('testfast.fg at W = 8: inferOnChip picks unsigned; its asm reassembles to a program that runs the same cycles, unsigned only', () => {
    const cfg0 = withMessageBits(makeConfig({ pes: 4 }), 8);
    const r = inferOnChip(readModelFile(dataPath('libdai/testfast.fg')), { cfg: cfg0, exactLimit: 0, emitAsm: true, maxIter: 20 });
    expect(r.format.code).toBe('unsigned');
    expect(r.path).toBe('dense');
    expect(r.asm!.split('\n')).toContain(`.format 8, ${r.format.F}, unsigned`);
    const obj = assemble(r.asm!, { fileName: 'testfast.s' }).object;
    expect(obj.requirements).toEqual({ minPes: 4, messageBits: 8, fracBits: r.format.F, unsignedMessages: 1 });
    // The machine inferOnChip ran: the reassembled words give the same run, cycle for cycle.
    const cfg = { ...cfg0, fracBits: r.format.F, unsignedMessages: 1 };
    expect(new Machine(cfg, loadImage(obj, cfg)).run({ maxCycles: 1e9 }).cycles).toBe(r.cycles);
    expect(() => loadImage(obj, { ...cfg, unsignedMessages: 0 }, 'testfast.s')).toThrow(
      'testfast.s: data was assembled for unsigned messages but the machine has signed (config unsignedMessages: 0)',
    );
  });

  it('hoi1.fg compiled unsigned: toAssembly reassembles to toObject’s words and requirements; signed text is unchanged', () => {
    const g = readModelFile(dataPath('libdai/hoi1.fg'));
    const opts = { schedule: 'flooding', semiring: 'sum-product', lambda: 0, tolRaw: 2, maxIter: 10, keepAssembly: true } as const;
    const cfg = { ...withMessageBits(makeConfig({ pes: 2 }), 8), fracBits: 5, unsignedMessages: 1 };
    const prog = compileGraph(quantizeGraph(g, configFormat(cfg)), cfg, opts);
    const text = toAssembly(prog, 'hoi1.fg');
    const mine = toObject(prog);
    const obj = assemble(text, { fileName: 'hoi1.s' }).object;
    expect(mine.requirements).toEqual({ minPes: 2, messageBits: 8, fracBits: 5, unsignedMessages: 1 });
    expect(obj.requirements).toEqual(mine.requirements);
    expect(serializeObject(mine)[6]).toBe(1);
    for (const s of mine.sections) {
      const back = obj.sections.find((o) => o.space === s.space && o.name === s.name)!;
      expect(Array.from(back.words)).toEqual(Array.from(s.words));
    }
    const signedCfg = withMessageBits(makeConfig({ pes: 2 }), 8);
    const signedText = toAssembly(compileGraph(quantizeGraph(g, configFormat(signedCfg)), signedCfg, opts), 'hoi1.fg');
    expect(signedText.split('\n')).toContain(`.format 8, ${signedCfg.fracBits}`);
    expect(signedText).not.toContain('unsigned');
    expect(toObject(compileGraph(quantizeGraph(g, configFormat(signedCfg)), signedCfg, opts)).requirements.unsignedMessages).toBe(0);
  });
});

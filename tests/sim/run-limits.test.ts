// Issue 10: large machines cost memory in proportion to what runs; empty programs, instruction
// limits and memory dumps (`gp5sim run --max-instructions`, `--dump-memory`).
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../cli/hostile-helpers.js';
import { makeConfig, type ObjectFile } from '../../isa/index.js';
import { Machine, dumpMemory, loadImage, parseMemoryRange, simulate } from '../../sim/index.js';
import { VcdSink, STALL_HALTED, parseVcd } from '../../trace/index.js';
import { I, M, objectOf, run } from './helpers.js';

const gp5sim = (...args: string[]) => runTool('gp5sim', args);
const tmp = mkdtempSync(join(tmpdir(), 'gp5sim-limits-'));
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);
const source = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

describe('per-PE state is allocated lazily', () => {
  it('a 4096-PE machine running a 16-PE program costs megabytes, not gigabytes', () => {
    // Like the runtime's output for a small model on --pes 4096: every PE has a little code (a
    // barrier, then halt), 16 PEs have data; the 256 KiB scratchpads are never touched.
    const cfg = makeConfig({ pes: 4096 });
    const code = Array.from({ length: 4096 }, () => [I('bar'), I('halt')]);
    const data: [number, number, number[]][] = Array.from({ length: 16 }, (_, pe) => [pe, 0, Array.from({ length: 64 }, (_, i) => i)]);
    const obj = objectOf({ code, data }, cfg);
    const before = process.memoryUsage();
    const machine = new Machine(cfg, loadImage(obj, cfg));
    const result = machine.run();
    const after = process.memoryUsage();
    expect(result).toEqual({ status: 'halted', cycles: 2 });
    expect(machine.retired).toBe(2 * 4096);
    // Eager allocation took 4096 × 256 KiB twice (image and machine) plus 4096² message queues.
    const grown = after.arrayBuffers - before.arrayBuffers + (after.heapUsed - before.heapUsed);
    expect(grown).toBeLessThan(96 * 2 ** 20);
    expect(machine.pes[5].spm.length).toBe(64);
    expect(machine.pes[100].spm.length).toBe(0);
  });

  it('a scratchpad grows to full size on first use beyond its data, reading zeros', () => {
    const { machine, report } = run({ code: [[I('addi', 1, 0, 9), I('st', 1, M(0, 16000)), I('ld', 2, M(0, 16001)), I('halt')]], data: [[0, 0, [5]]] }, { pes: 1, scratchpadBytes: 65536 });
    expect(report.status).toBe('halted');
    expect(machine.pes[0].spm.length).toBe(16384);
    expect(machine.pes[0].spm[16000]).toBe(9);
    expect(machine.pes[0].spm[0]).toBe(5);
    expect(machine.pes[0].sreg[2]).toBe(0);
  });

  it('PEs that share one program from an `all` section share one instruction memory', () => {
    const cfg = makeConfig({ pes: 64 });
    const obj: ObjectFile = { ...objectOf({ code: [] }, cfg), sections: [{ name: 'text', space: 'code', pes: 'all', origin: 0, words: Uint32Array.of(I('nop'), I('halt')) }] };
    const image = loadImage(obj, cfg);
    expect(new Set(image.code).size).toBe(1);
    expect(simulate(obj, cfg).report).toMatchObject({ status: 'halted', cycles: 2, instructions: 128 });
  });
});

describe('PEs without code and empty programs', () => {
  it('a PE with no code is idle: halted from reset, 0 instructions, not a barrier participant', () => {
    const cfg = makeConfig({ pes: 4 });
    const obj: ObjectFile = { ...objectOf({ code: [] }, cfg), sections: [{ name: 'text', space: 'code', pes: [0], origin: 0, words: Uint32Array.of(I('bar'), I('halt')) }] };
    const { report } = simulate(obj, cfg);
    expect(report.status).toBe('halted');
    expect(report.cycles).toBe(2);
    expect(report.pes.map((p) => p.instructions)).toEqual([2, 0, 0, 0]);
    expect(report.pes.map((p) => p.cycles)).toEqual([2, 0, 0, 0]);
  });

  it('an idle PE is halted from cycle 0 in the VCD', () => {
    const cfg = makeConfig({ pes: 2 });
    const obj: ObjectFile = { ...objectOf({ code: [] }, cfg), sections: [{ name: 'text', space: 'code', pes: [0], origin: 0, words: Uint32Array.of(I('nop'), I('halt')) }] };
    let vcd = '';
    simulate(obj, cfg, { sink: new VcdSink((c) => (vcd += c)) });
    const stall: Record<string, [number, number][]> = {};
    const { header } = parseVcd(vcd, 'idle.vcd', (time, id, value) => (stall[id] ??= []).push([time, value]));
    const id = (pe: number) => header.vars.find((v) => v.path === `gp5.pe${pe}.stall`)!.id;
    expect(stall[id(1)]).toEqual([[0, STALL_HALTED]]);
    expect(stall[id(0)].at(-1)).toEqual([2, STALL_HALTED]);
  });

  it('a program without code is a clear load error through the CLI (exit 1, no stack)', () => {
    // An empty source is already refused by the assembler; data alone assembles but cannot run.
    const r = gp5sim('run', source('empty.s', '.data\n.word 5\n'), '--pes', '2');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('empty.s: the program has no code: nothing to run');
    expect(r.stderr).not.toMatch(/outside the program|… -1/);
    noStack(r.stderr);
  });

  it('an entry past a PE\'s code names the PE and its code range', () => {
    const { report } = run({ code: [[I('halt')]] }, { pes: 1 }, (m) => (m.pes[0].pc = 3));
    expect(report.fault).toMatchObject({ cause: 'pc-out-of-range', pe: 0, pc: 3, cycle: 0 });
    expect(report.fault!.message).toBe("pc 3 is outside PE 0's code (0 … 0)");
  });
});

describe('--max-instructions', () => {
  const prog = { code: [[I('addi', 1, 0, 1), I('addi', 2, 0, 2), I('addi', 3, 0, 3), I('addi', 4, 0, 4), I('halt')], [I('nop'), I('nop'), I('halt')]] };

  it('stops at the Nth retirement in (cycle, PE) order, reported like the cycle limit', () => {
    const { report, machine } = run(prog, { pes: 2 }, undefined, { maxInstructions: 5 });
    // Cycle 0: PE 0, PE 1; cycle 1: PE 0, PE 1; cycle 2: PE 0 retires the 5th.
    expect(report.fault).toMatchObject({ cause: 'instruction-limit', pe: 0, pc: 3, cycle: 2, message: 'instruction limit of 5 reached before every PE halted' });
    expect(report.cycles).toBe(3);
    expect(report.instructions).toBe(5);
    expect([machine.pes[0].sreg[3], machine.pes[0].sreg[4]]).toEqual([3, 0]);
  });

  it('a limit the program reaches only with its last halt changes nothing', () => {
    expect(run(prog, { pes: 2 }, undefined, { maxInstructions: 8 }).report).toMatchObject({ status: 'halted', cycles: 5, instructions: 8 });
  });

  it('through the CLI: exit 1 with the fault; a bad value is a usage error', () => {
    const file = source('four.s', 'addi r1, r0, 1\naddi r2, r0, 2\naddi r3, r0, 3\nhalt\n');
    const r = gp5sim('run', file, '--pes', '1', '--max-instructions', '2', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'fault', cycles: 2, instructions: 2, fault: { cause: 'instruction-limit', pc: 2 } });
    const bad = gp5sim('run', file, '--max-instructions', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--max-instructions');
    noStack(bad.stderr);
  });
});

describe('--dump-memory', () => {
  it('parses PE:ADDR:LEN in decimal or hex and rejects anything else', () => {
    expect(parseMemoryRange('3:0x10:4')).toEqual({ pe: 3, addr: 16, len: 4 });
    expect(() => parseMemoryRange('0:9')).toThrow("memory range '0:9': expected PE:ADDR:LEN");
    expect(() => parseMemoryRange('0:9:0')).toThrow(/LEN must be 1/);
  });

  it('reads a PE\'s scratchpad (unwritten words are 0) and shared memory', () => {
    const { machine } = run({ code: [[I('addi', 1, 0, 5), I('st', 1, M(0, 10)), I('halt')]], shared: [[2, [7, 8]]] }, { pes: 1 });
    expect(Array.from(dumpMemory(machine, { pe: 0, addr: 9, len: 3 }).words)).toEqual([0, 5, 0]);
    expect(Array.from(dumpMemory(machine, { pe: 0, addr: 0x100002, len: 2 }).words)).toEqual([7, 8]);
    expect(() => dumpMemory(machine, { pe: 1, addr: 0, len: 1 })).toThrow('memory range 1:0:1: PE 1 is not on this machine (0 … 0)');
  });

  it('through the CLI: text lines and JSON; a range outside memory is a usage error before the run', () => {
    const file = source('store.s', 'addi r1, r0, 5\nst r1, 10(r0)\naddi r2, r0, -7\nst r2, 11(r0)\nhalt\n');
    const text = gp5sim('run', file, '--pes', '1', '--dump-memory', '0:9:4', '--dump-memory', '0:0x100000:2');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('PE 0 M[9…12]: 0 5 -7 0\nshared M[1048576…1048577]: 0 0\n');
    const json = JSON.parse(gp5sim('run', file, '--pes', '1', '--json', '--dump-memory', '0:10:2').stdout);
    expect(json.memory).toEqual([{ pe: 0, addr: 10, len: 2, words: [5, -7] }]);
    const bad = gp5sim('run', file, '--pes', '1', '--dump-memory', '0:70000:2');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--dump-memory: memory range 0:70000:2: outside the scratchpad (0 … 65535)');
    noStack(bad.stderr);
  });
});

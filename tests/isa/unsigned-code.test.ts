// The unsigned message code (issue 13): a normalised energy is never negative, so W bits hold
// 0 … 2^W − 2 finite and 2^W − 1 the zero flag; table words W + G bits, prior words W + 2 bits.
// The vupd descriptor flags its prior word (VD.priorFlag), which only an unsigned machine accepts.
import { describe, it, expect } from 'vitest';
import {
  VD,
  ConfigError,
  configFormat,
  makeConfig,
  makeFormat,
  messageCode,
  narrowNormalized,
  priorEnergy,
  representableNats,
  tableEnergy,
  variableUpdate,
  widen,
  widenPrior,
  writeVariableDescriptor,
  PRIOR_EXTRA_BITS,
} from '../../isa/index.js';
import { CompileError, planLdpc } from '../../runtime/index.js';
import { I, M, run } from '../sim/helpers.js';

const u8 = makeFormat(8, 5, 256, 'unsigned');
const s8 = makeFormat(8, 5, 256);

describe('unsigned message code: the format', () => {
  it('W = 8, F = 5: MAX 255, MIN 0, G = 7, table zero 2^15 − 1, prior zero 2^10 − 1', () => {
    expect([u8.code, u8.max, u8.min, u8.guard, u8.tableMax, u8.priorMax]).toEqual(['unsigned', 255, 0, 7, 32767, 1023]);
    expect([s8.code, s8.max, s8.min, s8.guard, s8.tableMax, s8.priorMax]).toEqual(['signed', 127, -128, 7, 16383, 127]);
    expect(PRIOR_EXTRA_BITS).toBe(2);
    // Twice the range at the same F: 254/32 against 126/32 nats.
    expect(representableNats(u8)).toBeCloseTo(7.9375, 10);
    expect(representableNats(s8)).toBeCloseTo(3.9375, 10);
    // The guard cap keeps an unsigned table word a non-negative 32-bit value.
    expect(makeFormat(24, 2, 4096, 'unsigned').guard).toBe(7);
    expect(makeFormat(24, 2, 4096).guard).toBe(8);
  });

  it('quantisers: priors reach 1022/32 nats, tables 32766/4096, messages saturate at 254', () => {
    expect(priorEnergy(u8, Math.exp(-9.2))).toBe(294); // a Promedus disease prior: beyond the 7.9-nat message range
    expect(priorEnergy(u8, 1e-30)).toBe(1022); // clipped, not zero
    expect(priorEnergy(u8, 0)).toBe(1023);
    expect(tableEnergy(u8, Math.exp(-1))).toBe(4096);
    expect(tableEnergy(u8, 1e-30)).toBe(32766);
    expect(widen(u8, 254)).toBe(254);
    expect(widen(u8, 255)).toBe(Infinity);
    expect(widenPrior(u8, 1022)).toBe(1022);
    expect(widenPrior(u8, 1023)).toBe(Infinity);
    expect(narrowNormalized(u8, 1e9, 0, 0)).toBe(254);
  });

  it('bad formats are refused', () => {
    expect(() => makeFormat(30, 8, 256, 'unsigned')).toThrow(/unsigned message code needs W ≤ 29/);
    expect(() => makeFormat(8, 4, 256, 'twos' as never)).toThrow(/message code twos is not one of signed, unsigned/);
  });

  it('config: unsignedMessages 0 or 1 selects the code; other values and W > 29 are errors naming the field', () => {
    expect(messageCode(makeConfig())).toBe('signed');
    const cfg = makeConfig({ messageBits: 8, fracBits: 5, unsignedMessages: 1 });
    expect(configFormat(cfg)).toBe(u8);
    expect(() => makeConfig({ unsignedMessages: 2 })).toThrow(ConfigError);
    expect(() => makeConfig({ unsignedMessages: 2 })).toThrow(/config field "unsignedMessages": expected an integer 0 … 1/);
    expect(() => makeConfig({ messageBits: 30, fracBits: 8, unsignedMessages: 1 })).toThrow(/"unsignedMessages": an unsigned message code needs messageBits ≤ 29, got 30/);
  });
});

describe('vupd with a prior word', () => {
  // card 2; input 0 (the prior) at 20, input 1 at 30; output at 40.
  const mem = () => {
    const m = new Int32Array(64);
    writeVariableDescriptor(m, 0, { card: 2, exclude: -1, out: 40, lambda: 0, priorWord: true }, [20, 30]);
    m.set([300, 0], 20); // 9.4 nats: a prior word beyond the message range
    m.set([0, 10], 30);
    return m;
  };

  it('reads input 0 at the prior word range, saturating the narrowed result at 254', () => {
    const m = mem();
    expect(m[VD.inputs]).toBe(VD.priorFlag | 2);
    variableUpdate(u8, m, 0);
    expect([m[40], m[41]]).toEqual([254, 0]); // 300 − 10 = 290 > 254: held at the largest finite
    m[20] = 1023; // the prior word's zero flag
    variableUpdate(u8, m, 0);
    expect([m[40], m[41]]).toEqual([255, 0]);
    // Without the flag, 300 ≥ MAX reads as a zero: the flag is what makes the word a prior word.
    const n = mem();
    n[VD.inputs] = 2;
    n[20] = 300;
    variableUpdate(u8, n, 0);
    expect([n[40], n[41]]).toEqual([255, 0]);
  });

  it('the simulator: an unsigned machine runs it; a signed one faults naming the field', () => {
    const desc = [2, VD.priorFlag | 2, -1, 240, 0, 220, 230];
    const data: [number, number, number[]][] = [[0, 100, desc], [0, 220, [300, 0]], [0, 230, [0, 10]]];
    const ok = run({ code: [[I('vupd', 1, M(0, 100)), I('halt')]], data }, { pes: 1, messageBits: 8, fracBits: 5, unsignedMessages: 1 });
    expect(ok.report.fault).toBeUndefined();
    expect([ok.machine.pes[0]!.spm[240], ok.machine.pes[0]!.spm[241]]).toEqual([254, 0]);
    const bad = run({ code: [[I('vupd', 1, M(0, 100)), I('halt')]], data }, { pes: 1, messageBits: 8, fracBits: 5 });
    expect(bad.report.fault).toMatchObject({ cause: 'bad-descriptor', pe: 0, pc: 0 });
    expect(bad.report.fault!.message).toBe(`descriptor field inputs = ${VD.priorFlag | 2} at word 101 outside 0 … 256`);
    // A flagged prior word needs an input 0 to be it.
    const none = run({ code: [[I('vupd', 1, M(0, 100)), I('halt')]], data: [[0, 100, [2, VD.priorFlag, -1, 240, 0]]] }, { pes: 1, messageBits: 8, fracBits: 5, unsignedMessages: 1 });
    expect(none.report.fault).toMatchObject({ cause: 'bad-descriptor', pe: 0, pc: 0 });
    expect(none.report.fault!.message).toBe('descriptor field inputs = 0 (prior-word flag set) at word 101 outside 1 … 256');
  });
});

describe('the LLR paths keep the signed code', () => {
  it('an LDPC decoder on an unsigned config is a CompileError', () => {
    const h = { m: 2, n: 4, rows: [[0, 1, 2], [1, 2, 3]], cols: [[0], [0, 1], [0, 1], [1]] };
    const signed = makeConfig({ pes: 1, messageBits: 8, fracBits: 4 });
    expect(planLdpc(h, signed, 'flooding', 2).slots.length).toBeGreaterThan(0);
    expect(() => planLdpc(h, { ...signed, unsignedMessages: 1 }, 'flooding', 2)).toThrow(CompileError);
    expect(() => planLdpc(h, { ...signed, unsignedMessages: 1 }, 'flooding', 2)).toThrow('the LDPC decoder (cnu/vnu) computes signed log-ratios and needs the signed message code (config unsignedMessages: 0)');
  });
});

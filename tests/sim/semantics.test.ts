// The semantic function map is checked against the ISA table when sim/ loads: a missing, extra or
// unknown semantic is an error naming it.
import { describe, it, expect } from 'vitest';
import { INSTRUCTIONS, SEM_NAMES } from '../../isa/index.js';
import { SEMANTICS, checkSemantics, SemanticsError } from '../../sim/index.js';

describe('semantics map', () => {
  it('has exactly one function per sem name, and every name is used by the table', () => {
    expect(Object.keys(SEMANTICS).sort()).toEqual([...SEM_NAMES].sort());
    expect(() => checkSemantics(SEMANTICS)).not.toThrow();
    expect(new Set(INSTRUCTIONS.map((d) => d.sem))).toEqual(new Set(SEM_NAMES));
  });

  it('a missing semantic is an error naming it', () => {
    const { vadd: _, ...rest } = SEMANTICS;
    expect(() => checkSemantics(rest)).toThrow(SemanticsError);
    expect(() => checkSemantics(rest)).toThrow('simulator semantics do not match the ISA table: no semantic function for vadd');
  });

  it('an extra semantic is an error naming it', () => {
    expect(() => checkSemantics({ ...SEMANTICS, vfrob: () => {} })).toThrow('semantic functions not in SEM_NAMES: vfrob');
  });

  it('a table row naming an unknown semantic, or a name no row uses, is an error naming it', () => {
    const row = { ...INSTRUCTIONS[0], mnemonic: 'chk', opcode: 0x3f, sem: 'ldpc_check' as (typeof SEM_NAMES)[number] };
    expect(() => checkSemantics(SEMANTICS, [...INSTRUCTIONS, row])).toThrow('ISA table names unknown semantics: ldpc_check (chk)');
    expect(() => checkSemantics(SEMANTICS, INSTRUCTIONS.filter((d) => d.sem !== 'vext'))).toThrow('no instruction of the ISA table uses vext');
  });
});

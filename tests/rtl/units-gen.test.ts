// The datapath units' includes are generated from isa/fixed.ts and isa/llr-kernels.ts
// (rtl/units/gen-units.ts); the checked-in files must be what the generator writes now, and the
// units must restate no opcode or format constant.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generatedUnitFiles, UNITS_DIR, unitFormat } from '../../rtl/units/gen-units.js';

describe('rtl/units/gen', () => {
  it('the checked-in includes are up to date (run `npx tsx rtl/units/gen-units.ts`)', () => {
    for (const [rel, text] of generatedUnitFiles()) expect(readFileSync(join(UNITS_DIR, rel), 'utf8'), rel).toBe(text);
  });

  it('holds makeFormat’s numbers: W=16 F=8 shift 3 table[0]=176 G=4, W=8 F=4 G=8 TMAX=32767, wide table[0]=2835', () => {
    const files = generatedUnitFiles();
    const w16 = files.get('gen/w16/gp5_unit_fmt.vh')!;
    const w8 = files.get('gen/w8/gp5_unit_fmt.vh')!;
    expect(w16).toContain('`define GP5U_TSHIFT 3 ');
    expect(w16).toContain('`define GP5U_ACC_BITS 26 ');
    expect(w16).toContain('`define GP5U_G 4 ');
    expect(files.get('gen/w16/gp5_unit_tables.vh')).toContain('      0: gp5u_corr = 176;');
    expect(w8).toContain('`define GP5U_G 8 ');
    expect(w8).toContain('`define GP5U_TMAX 32767 ');
    expect(unitFormat(8).wideCorr[0]).toBe(2835); // the factor unit's table at F + G = 12
  });

  it('the units restate no opcode or format number', () => {
    for (const f of readdirSync(UNITS_DIR).filter((n) => n.endsWith('.v'))) {
      const v = readFileSync(join(UNITS_DIR, f), 'utf8').replace(/\/\/.*$/gm, '');
      expect(v, f).not.toMatch(/6'h[0-9a-f]{2}/);
      expect(v, f).not.toMatch(/\b(32767|2048|176|2047)\b/);
    }
  });
});

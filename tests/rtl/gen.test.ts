// The RTL's includes are generated: the message format and max* table from isa/fixed.ts, the
// opcodes and timing from the ISA table. The checked-in files must be what the generators write now.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateFormat, GEN_DIR } from '../../rtl/gen-format.js';
import { makeFormat, INSTRUCTIONS, DAMP_LAMBDA_MAX } from '../../isa/index.js';
import { generateIsaHeader } from '../../rtl/gen-isa.js';

describe('rtl/gen', () => {
  it('gp5_format.vh and maxstar_corr.hex are up to date (run `npx tsx rtl/gen-format.ts`)', () => {
    const g = generateFormat();
    expect(readFileSync(join(GEN_DIR, 'gp5_format.vh'), 'utf8')).toBe(g.vh);
    expect(readFileSync(join(GEN_DIR, 'maxstar_corr.hex'), 'utf8')).toBe(g.hex);
  });

  it('the table is makeFormat’s: 256 entries, shift 3, table[0] = 176, table[22] = 103', () => {
    const f = makeFormat(16, 8, 256);
    const g = generateFormat();
    expect(g.vh).toContain('localparam GP5_TSHIFT = 3;');
    expect(g.vh).toContain("gp5_corr_rom[0] = 32'd176;");
    expect(g.vh).toContain("gp5_corr_rom[22] = 32'd103;");
    expect(g.vh).toContain("gp5_corr = (k < 32'd256) ? gp5_corr_rom[k[7:0]] : 32'd0;");
    const hex = g.hex.trim().split('\n').map((h) => parseInt(h, 16));
    expect(hex).toEqual(Array.from(f.corr));
  });
});

describe('rtl/gen: the wide datapath and the LLR unit', () => {
  it('guard bits, table zero word and the F + G table follow makeFormat (W16 F8: G 4; W16 F4: G 8; both at F + G = 12)', () => {
    const vh = generateFormat().vh;
    expect(vh).toContain('localparam GP5_G = 4;');
    expect(vh).toContain(`localparam signed [47:0] GP5_TABLE_MAX = ${2 ** 19 - 1};`);
    expect(vh).toContain('localparam signed [47:0] GP5_OMS_OFFSET = 128;');
    const f4 = makeFormat(16, 4, 256);
    const g4 = generateFormat(16, 4, 256).vh;
    expect(g4).toContain('localparam GP5_G = 8;');
    expect(g4).toContain(`localparam signed [47:0] GP5_TABLE_MAX = ${2 ** 23 - 1};`);
    expect(g4).toContain(`localparam GP5_WTSHIFT = ${f4.wideShift};`);
    expect(g4).toContain(`gp5_wcorr_rom[0] = 32'd${f4.wideCorr[0]};`);
    expect(g4).toContain(`gp5_wcorr = (k < 32'd${f4.wideCorr.length}) ? gp5_wcorr_rom[k[${Math.log2(f4.wideCorr.length) - 1}:0]] : 32'd0;`);
    expect(Array.from(f4.wideCorr)).toEqual(Array.from(makeFormat(16, 8, 256).wideCorr)); // F + G = 12 for both: one factor-unit table
  });

  it('gp5_isa.vh holds the cnu/vnu descriptor layouts and the LLR unit limits', () => {
    const vh = generateIsaHeader();
    for (const line of ['localparam CND_C2V = 1;', 'localparam CND_HEADER = 4;', 'localparam VND_HEADER = 3;', 'localparam LLR_FIRST_PASS_BIT = 16;', 'localparam LLR_MAX_DEGREE = 256;', 'localparam LLR_MAX_LANES = 16;']) {
      expect(vh).toContain(line);
    }
    expect(vh).toContain('OP_VNU: gp5_in_isa = 1;');
    expect(vh).toContain('default: gp5_in_isa = 0;');
  });
});

describe('rtl/gen/gp5_isa.vh', () => {
  const rtl = readFileSync(join(GEN_DIR, '..', 'gp5_pe.v'), 'utf8');

  it('is up to date with the ISA table (run `npx tsx rtl/gen-isa.ts`)', () => {
    expect(readFileSync(join(GEN_DIR, 'gp5_isa.vh'), 'utf8')).toBe(generateIsaHeader());
  });

  it('holds the table’s opcodes, units, beat rules, stall codes and timing', () => {
    const vh = generateIsaHeader();
    expect(vh).toContain("localparam [5:0] OP_FUPD_SP = 6'h3c;");
    expect(vh).toContain('localparam U_CTRL = 8;');
    expect(vh).toContain('localparam B_VL2 = 2;  // 2 · ⌈VL / L⌉');
    expect(vh).toContain("localparam [3:0] S_MEM_ORDER = 4'd5;");
    expect(vh).toContain("localparam [3:0] S_HALTED = 4'd15;");
    expect(vh).toContain('OP_VRMAXS: gp5_latency = 4;');
    expect(vh).toContain('OP_BEQ: gp5_redirect_penalty = 2;');
    for (const d of INSTRUCTIONS) expect(vh).toContain(`OP_${d.mnemonic.toUpperCase().replace('.', '_')}: gp5_unit = U_${d.timing.unit.toUpperCase()};`);
  });

  it('gp5_pe.v includes it and restates no opcode, unit, beat rule or stall code', () => {
    expect(rtl).toContain('`include "gp5_isa.vh"');
    expect(rtl).not.toMatch(/6'h[0-9a-f]{2}/);
    expect(rtl).not.toMatch(/localparam\s+(\[[^\]]*\]\s*)?(U|B|S|OP)_/);
    expect(rtl).not.toMatch(/\blat = \d/);
  });

  it('holds the damping limit, which the RTL uses instead of a literal (λ ≤ 256, blend ÷ 2^8)', () => {
    const vh = generateIsaHeader();
    expect(DAMP_LAMBDA_MAX).toBe(256);
    expect(vh).toContain('localparam DAMP_LAMBDA_MAX = 256;');
    expect(vh).toContain('localparam DAMP_SHIFT = 8;');
    const pfu = readFileSync(join(GEN_DIR, '..', 'gp5_pfu.vh'), 'utf8');
    for (const src of [rtl, pfu]) {
      const code = src.replace(/\/\/.*$/gm, '');   // comments may name the number
      expect(code).not.toMatch(/\b256\b|>>> ?8\b|\+ ?128\b/);
    }
    expect(pfu).toMatch(/pdamp > DAMP_LAMBDA_MAX/);
    expect(rtl).toMatch(/>>> DAMP_SHIFT/);
  });
});

// The RTL's message-format include and max* table are generated from isa/fixed.ts: the checked-in
// files must be what rtl/gen-format.ts writes now (one source of truth).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateFormat, GEN_DIR } from '../../rtl/gen-format.js';
import { makeFormat } from '../../isa/index.js';

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
    expect(g.vh).toContain("32'd0: gp5_corr = 32'd176;");
    expect(g.vh).toContain("32'd22: gp5_corr = 32'd103;");
    const hex = g.hex.trim().split('\n').map((h) => parseInt(h, 16));
    expect(hex).toEqual(Array.from(f.corr));
  });
});

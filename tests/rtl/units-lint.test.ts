// The datapath units are Verilator-clean: `verilator --lint-only -Wall` at every generated width,
// no warning suppressed on the command line (the few deliberate ones are lint_off'd in place).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { UNIT_TOPS, unitIncludes, unitSources, type UnitName } from '../../rtl/units/icarus.js';
import { UNIT_WIDTHS } from '../../rtl/units/gen-units.js';
import { requireTool } from '../tools.js';

const haveVerilator = requireTool('verilator', 'verilator', 'the datapath unit lint');

describe.skipIf(!haveVerilator)('rtl/units verilator lint', () => {
  for (const unit of Object.keys(UNIT_TOPS) as UnitName[]) {
    it(`${UNIT_TOPS[unit]} lints clean with -Wall at W = ${UNIT_WIDTHS.join(', ')}`, () => {
      for (const W of UNIT_WIDTHS) {
        const r = spawnSync('verilator', ['--lint-only', '-Wall', ...unitIncludes(W).map((d) => `-I${d}`), '--top-module', UNIT_TOPS[unit], ...unitSources(unit)], { encoding: 'utf8' });
        expect(`${r.stdout}${r.stderr}`, `W=${W}`).toBe('');
        expect(r.status).toBe(0);
      }
    }, 180_000); // seconds of CPU each; the wide ROM units take longer on a shared machine
  }
});

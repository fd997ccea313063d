// The synthesis report (rtl/synth/cells.json): its schema, the configurations it covers, and a
// validator. Helper code for run.ts, the bench case and the sweep's area model; no I/O here.
import type { UnitStats } from './yosys.js';

/** Lanes L × message bits W synthesised by `npm run synth`. */
export const SYNTH_CONFIGS: readonly { lanes: number; bits: number }[] = [
  { lanes: 8, bits: 8 },
  { lanes: 8, bits: 16 },
  { lanes: 16, bits: 8 },
  { lanes: 16, bits: 16 },
];

export const CELLS_UNITS = ['vector', 'llr', 'factor', 'vnu', 'pfu', 'factorLanes'] as const;
export type CellsUnit = (typeof CELLS_UNITS)[number];

export interface CellsConfig {
  lanes: number;
  bits: number;
  units: Record<CellsUnit, UnitStats>;
}

export interface CellsReport {
  tool: string;
  /** synthSourceHash of the sources the figures come from (a test compares it with today's). */
  sourceHash: string;
  configs: CellsConfig[];
}

/** Throws naming the first field that does not follow the schema. */
export function validateCellsReport(x: unknown, source = 'cells.json'): CellsReport {
  const fail = (where: string, what: string): never => {
    throw new Error(`${source}: ${where}: expected ${what}`);
  };
  const count = (v: unknown, where: string): number => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fail(where, 'a non-negative integer'));
  if (typeof x !== 'object' || x === null) fail('top level', 'an object');
  const r = x as Record<string, unknown>;
  if (typeof r.tool !== 'string' || !/^yosys \S+/.test(r.tool)) fail('tool', '"yosys <version>"');
  if (typeof r.sourceHash !== 'string') fail('sourceHash', 'a string');
  if (!Array.isArray(r.configs) || r.configs.length === 0) fail('configs', 'a non-empty array');
  (r.configs as unknown[]).forEach((c, i) => {
    if (typeof c !== 'object' || c === null) fail(`configs[${i}]`, 'an object');
    const cc = c as Record<string, unknown>;
    count(cc.lanes, `configs[${i}].lanes`);
    count(cc.bits, `configs[${i}].bits`);
    if (typeof cc.units !== 'object' || cc.units === null) fail(`configs[${i}].units`, 'an object');
    for (const u of CELLS_UNITS) {
      const s = (cc.units as Record<string, unknown>)[u] as Record<string, unknown> | undefined;
      if (typeof s !== 'object' || s === null) fail(`configs[${i}].units.${u}`, 'an object');
      count(s!.cells, `configs[${i}].units.${u}.cells`);
      count(s!.flipFlops, `configs[${i}].units.${u}.flipFlops`);
      count(s!.memoryBits, `configs[${i}].units.${u}.memoryBits`);
    }
  });
  return r as unknown as CellsReport;
}

/** The report as a table: one row per configuration and unit. */
export function cellsTable(r: CellsReport): string {
  const rows = [['L', 'W', 'unit', 'cells', 'flip-flops', 'RAM bits']];
  for (const c of r.configs) for (const u of CELLS_UNITS) rows.push([c.lanes, c.bits, u, c.units[u].cells, c.units[u].flipFlops, c.units[u].memoryBits].map(String));
  const w = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((v, i) => (i < 3 ? v.padEnd(w[i]) : v.padStart(w[i]))).join('  ')).join('\n') + '\n';
}

/** The message widths the configurations use (the units' generated includes must cover them). */
export const SYNTH_WIDTHS: readonly number[] = [...new Set(SYNTH_CONFIGS.map((c) => c.bits))];

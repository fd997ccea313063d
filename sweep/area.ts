// The area ESTIMATE of a machine: from the RTL's synthesis cell counts (rtl/synth/cells.json, written
// by `npm run synth`) when they cover the machine's lanes and W, otherwise from the per-unit
// estimate alone. The synthesised units replace the estimate's lane datapath; SRAMs, the scalar
// core and the router stay per-unit estimates either way. The shell reads the file; this parses it.
import type { MachineConfig } from '../isa/index.js';
import { UserError } from '../errors/index.js';
import { ENERGY_CONSTANTS as K, SYNTH_AREA } from './energy-config.js';

export const SYNTH_UNITS = ['vector', 'llr', 'factor'] as const;
export type SynthUnit = (typeof SYNTH_UNITS)[number];

export interface UnitCells {
  /** All cells of the unit, flip-flops included (Yosys `stat`, generic gates). */
  cells: number;
  flipFlops: number;
  /** Bits of inferred RAM/ROM left as memories (0 or absent when there are none). */
  memoryBits?: number;
}

export interface SynthCells {
  tool: string;
  configs: { lanes: number; bits: number; units: Record<SynthUnit, UnitCells> }[];
}

export class SynthCellsError extends UserError {
  override name = 'SynthCellsError';
}

/** Parse and check cells.json; a wrong field is an error naming the file and the field. */
export function parseSynthCells(text: string, file: string): SynthCells {
  const fail = (field: string, expected: string): never => {
    throw new SynthCellsError(`${file}: ${field}: expected ${expected}`);
  };
  let x: unknown;
  try {
    x = JSON.parse(text);
  } catch (e) {
    return fail('(syntax)', `JSON (${(e as Error).message})`);
  }
  const obj = (v: unknown, field: string) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(field, 'an object'));
  const count = (v: unknown, field: string) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fail(field, 'a non-negative integer'));
  const r = obj(x, '(root)');
  if (typeof r.tool !== 'string' || !/^yosys \S/.test(r.tool)) fail('tool', '"yosys <version>"');
  if (!Array.isArray(r.configs) || r.configs.length === 0) fail('configs', 'a non-empty list of { lanes, bits, units }');
  const configs = (r.configs as unknown[]).map((c, i) => {
    const cc = obj(c, `configs[${i}]`);
    const u = obj(cc.units, `configs[${i}].units`);
    const units = {} as Record<SynthUnit, UnitCells>;
    for (const name of SYNTH_UNITS) {
      const s = obj(u[name], `configs[${i}].units.${name}`);
      const f = `configs[${i}].units.${name}`;
      const cells = count(s.cells, `${f}.cells`);
      const flipFlops = count(s.flipFlops, `${f}.flipFlops`);
      if (flipFlops > cells) fail(`${f}.flipFlops`, `at most cells (${cells}): cells count the flip-flops too`);
      units[name] = { cells, flipFlops, memoryBits: s.memoryBits === undefined ? 0 : count(s.memoryBits, `${f}.memoryBits`) };
    }
    return { lanes: count(cc.lanes, `configs[${i}].lanes`), bits: count(cc.bits, `configs[${i}].bits`), units };
  });
  return { tool: r.tool as string, configs };
}

/** µm² of one synthesised unit: generic gates as NAND2 equivalents, flip-flops as DFF cells, RAM bits as SRAM. */
export function unitUm2(u: UnitCells): number {
  const gates = u.cells - u.flipFlops;
  return gates * SYNTH_AREA.nand2EquivalentsPerGate * SYNTH_AREA.nand2Um2 + u.flipFlops * SYNTH_AREA.dffUm2 + (u.memoryBits ?? 0) * K.sramUm2PerBit;
}

export interface AreaEstimate {
  mm2: number;
  /** Which figures it comes from, for rows and the report. */
  source: string;
}

/** Area in mm²: synthesis for the lane datapath when `synth` has this (lanes, W), else the per-unit estimate. */
export function areaEstimate(cfg: MachineConfig, synth?: SynthCells): AreaEstimate {
  const W = cfg.messageBits;
  const match = synth?.configs.find((c) => c.lanes === cfg.lanes && c.bits === W);
  const datapath = match ? SYNTH_UNITS.reduce((a, u) => a + unitUm2(match.units[u]), 0) : cfg.lanes * W * K.adderUm2PerBit * K.laneAdderEquivalents;
  const um2 =
    cfg.pes *
      (cfg.scratchpadBytes * 8 * K.sramUm2PerBit +
        cfg.codeBytes * 8 * K.sramUm2PerBit +
        cfg.maxStarTableSize * W * K.sramUm2PerBit +
        datapath +
        W * K.adderUm2PerBit * K.scalarAdderEquivalents +
        K.routerPorts * K.routerBufferFlits * cfg.lanes * W * K.sramUm2PerBit) +
    cfg.sharedBytes * 8 * K.sramUm2PerBit;
  const source = match
    ? `synthesis (${synth!.tool}, L=${cfg.lanes} W=${W}: vector+llr+factor units) + per-unit SRAM/scalar/router`
    : synth
      ? `per-unit estimate (cells.json has no L=${cfg.lanes} W=${W})`
      : 'per-unit estimate (no synthesis cell counts)';
  return { mm2: um2 / 1e6, source };
}

/** Area in mm² (the per-unit estimate, or synthesis when `synth` covers the machine). */
export function areaMm2(cfg: MachineConfig, synth?: SynthCells): number {
  return areaEstimate(cfg, synth).mm2;
}

/** The row columns: est.areaMm2 and est.areaSource. */
export function areaMetrics(cfg: MachineConfig, synth?: SynthCells): { 'est.areaMm2': number; 'est.areaSource': string } {
  const a = areaEstimate(cfg, synth);
  return { 'est.areaMm2': a.mm2, 'est.areaSource': a.source };
}

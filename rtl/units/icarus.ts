// Runs a datapath unit's Icarus testbench (rtl/units/tb/tb_<unit>.v) on a stimulus file and returns
// its output lines. Library code: no printing; throws on a tool failure with the tool's output.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UNITS_DIR, UNITS_GEN_DIR } from './gen-units.js';

/** The Verilog sources of each unit (its top first), relative to rtl/units. */
export const UNIT_SOURCES = {
  vector: ['gp5_vec_unit.v', 'gp5_maxstar.v'],
  llr: ['gp5_llr_unit.v', 'gp5_boxplus.v'],
  factor: ['gp5_factor_unit.v', 'gp5_wide_maxstar.v'],
  factorLanes: ['gp5_factor_lanes_unit.v', 'gp5_wide_maxstar.v'],
  vnu: ['gp5_vnu_unit.v'],
  pfu: ['gp5_pfu_unit.v', 'gp5_wide_maxstar.v'],
} as const;
export type UnitName = keyof typeof UNIT_SOURCES;
export const UNIT_TOPS: Record<UnitName, string> = {
  vector: 'gp5_vec_unit',
  llr: 'gp5_llr_unit',
  factor: 'gp5_factor_unit',
  factorLanes: 'gp5_factor_lanes_unit',
  vnu: 'gp5_vnu_unit',
  pfu: 'gp5_pfu_unit',
};

/** Include directories for width W: the unit format, then the ISA header (rtl/gen). */
export function unitIncludes(W: number): string[] {
  return [join(UNITS_GEN_DIR, `w${W}`), join(UNITS_DIR, '..', 'gen')];
}

/** Verilog sources of a unit as absolute paths. */
export function unitSources(unit: UnitName): string[] {
  return UNIT_SOURCES[unit].map((f) => join(UNITS_DIR, f));
}

/**
 * Compile tb_<top>.v with the unit at width W and parameters `params` (tb parameters, passed with
 * -P), run it on `stimulus` and return the lines it wrote. `defines` are passed as -D (the planted
 * BUG_* mutations the tests use to show that a wrong unit fails).
 */
export function runUnitBench(unit: UnitName, W: number, params: Record<string, number>, stimulus: string, defines: readonly string[] = []): string[] {
  const dir = mkdtempSync(join(tmpdir(), `gp5-unit-${unit}-`));
  try {
    const tb = `tb_${UNIT_TOPS[unit]}`;
    const vvp = join(dir, 'tb.vvp');
    const args = ['-g2005', '-o', vvp, '-s', tb];
    for (const inc of unitIncludes(W)) args.push('-I', inc);
    args.push('-I', join(UNITS_DIR, 'tb')); // tb_files.vh, shared by the testbenches
    for (const [k, v] of Object.entries(params)) args.push(`-P${tb}.${k}=${v}`);
    for (const d of defines) args.push(`-D${d}`);
    args.push(join(UNITS_DIR, 'tb', `${tb}.v`), ...unitSources(unit));
    execFileSync('iverilog', args, { stdio: 'pipe' });
    const stim = join(dir, 'stim.txt');
    const out = join(dir, 'out.txt');
    writeFileSync(stim, stimulus);
    execFileSync('vvp', ['-n', vvp, `+stim=${stim}`, `+out=${out}`], { stdio: 'pipe', maxBuffer: 1 << 26 });
    return readFileSync(out, 'utf8').split('\n').filter((l) => l.length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lanes (two's complement, W bits each, lane 0 lowest) as one hex word. */
export function packLanes(values: ArrayLike<number>, W: number): string {
  let v = 0n;
  const mask = (1n << BigInt(W)) - 1n;
  for (let i = values.length - 1; i >= 0; i--) v = (v << BigInt(W)) | (BigInt(values[i]) & mask);
  return v.toString(16);
}

/** The inverse of packLanes: n signed W-bit lanes of a hex word. */
export function unpackLanes(hex: string, n: number, W: number): number[] {
  let v = BigInt('0x' + (hex.replace(/[xz]/gi, '0') || '0'));
  const out: number[] = [];
  const mask = (1n << BigInt(W)) - 1n;
  for (let i = 0; i < n; i++) {
    let x = Number(v & mask);
    if (x >= 2 ** (W - 1)) x -= 2 ** W;
    out.push(x);
    v >>= BigInt(W);
  }
  return out;
}

/** A hex word with x/z bits is reported as such (never silently read as 0). */
export function hasUnknown(hex: string): boolean {
  return /[xz]/i.test(hex);
}

/** A signed 32-bit value of a hex word. */
export function hex32(hex: string): number {
  return Number(BigInt.asIntN(32, BigInt('0x' + hex)));
}

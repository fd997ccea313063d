// Yosys synthesis of one datapath unit at one configuration, to generic cells: cells, flip-flops and
// the bits of the RAMs it infers. Library code: no printing; throws with Yosys's output on failure.
//
// The script is Yosys's generic `synth` with two changes. The design is NOT flattened: the per-lane
// blocks (max*, wide max*, box-plus, each with its correction ROM) are modules without parameters,
// so Yosys maps each once and `stat -top` multiplies it by its instances; flattening would map the
// same 4096-entry wide ROM once per lane (2L times in the pfu unit), which made a fresh run several
// times slower for the same figures give or take the optimisations across the block boundary.
// And after the coarse pass only ROMs are mapped to logic (`memory_map -rom-only`); inferred RAMs
// (the check-node unit's edge RAM, the factor unit's accumulator) stay $mem_v2 cells, counted as one
// cell each and reported as memoryBits, since a real flow maps them to SRAM macros, not flip-flops.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../../isa/index.js';
import { UNIT_TOPS, unitIncludes, unitSources, type UnitName } from '../units/icarus.js';

export const SYNTH_UNITS = ['vector', 'llr', 'factor', 'vnu', 'pfu', 'factorLanes'] as const satisfies readonly UnitName[];

/** Input messages per table entry the synthesised factor unit takes (arity ≤ 4 in one beat). */
export const FACTOR_INPUTS = 3;
/** Accumulator entries of the synthesised factor unit: the largest vector message (vregLanes). */
export const FACTOR_DEPTH = DEFAULT_CONFIG.vregLanes;

export interface UnitStats {
  cells: number;
  flipFlops: number;
  /** Bits of inferred RAM ($mem_v2 cells kept as memories). */
  memoryBits: number;
}

/** The unit's Verilog parameters at L lanes (the one-entry factor unit has no lanes). */
export function unitParams(unit: UnitName, lanes: number): Record<string, number> {
  const factor = { NIN: FACTOR_INPUTS, DEPTH: FACTOR_DEPTH, AW: Math.ceil(Math.log2(FACTOR_DEPTH)) };
  if (unit === 'factor') return factor;
  if (unit === 'factorLanes') return { L: lanes, ...factor };
  return { L: lanes };
}

/** "yosys 0.23" from `yosys -V`. */
let version: string | undefined;
export function yosysVersion(): string {
  if (version !== undefined) return version;
  const r = spawnSync('yosys', ['-V'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`yosys -V failed: ${r.stderr || r.error}`);
  const m = /Yosys\s+([0-9][^\s]*)/.exec(r.stdout);
  version = `yosys ${m ? m[1] : r.stdout.trim()}`;
  return version;
}

function script(unit: UnitName, lanes: number, bits: number, statFile: string, memFile: string): string {
  const top = UNIT_TOPS[unit];
  const inc = unitIncludes(bits).map((d) => `-I${d}`).join(' ');
  const lines = [`read_verilog ${inc} ${unitSources(unit).join(' ')}`];
  for (const [k, v] of Object.entries(unitParams(unit, lanes))) lines.push(`chparam -set ${k} ${v} ${top}`);
  lines.push(
    `synth -top ${top} -run begin:fine`,
    'opt -fast -full',
    'memory_map -rom-only',
    'opt -full',
    'techmap',
    'opt -fast',
    'abc -fast',
    'opt -fast',
    `tee -q -o ${memFile} dump t:$mem_v2`,
    `tee -q -o ${statFile} stat -json -top ${top}`,
  );
  return lines.join('\n') + '\n';
}

/** Flip-flop and latch cell types of Yosys's generic library ($_DFF_P_, $_SDFFE_PP0P_, …). */
const FF_CELL = /^\$_(S?DFF|DFFSR|ALDFF|DLATCH)/;

/** Figures from `stat -json -top` (its `design` section: leaf cells of the whole hierarchy) and the RAM dump. */
export function parseStats(statJson: string, memDump: string): UnitStats {
  const stat = JSON.parse(statJson) as { design: { num_cells: number; num_cells_by_type: Record<string, number> } };
  let flipFlops = 0;
  for (const [type, n] of Object.entries(stat.design.num_cells_by_type)) if (FF_CELL.test(type)) flipFlops += n;
  let memoryBits = 0;
  for (const cell of memDump.split(/\n\s*cell /).slice(1)) {
    const width = /parameter \\WIDTH (\d+)/.exec(cell);
    const size = /parameter \\SIZE (\d+)/.exec(cell);
    if (width && size) memoryBits += Number(width[1]) * Number(size[1]);
  }
  return { cells: stat.design.num_cells, flipFlops, memoryBits };
}

/** Every file a unit's synthesis reads at width W: its sources and the include directories' files. */
function inputFiles(unit: UnitName, bits: number): string[] {
  const files = [...unitSources(unit)];
  for (const d of unitIncludes(bits)) for (const f of readdirSync(d).sort()) if (f.endsWith('.vh')) files.push(join(d, f));
  return files;
}

/**
 * Hash of what this folder owns of the synthesis inputs: the units' sources, their generated
 * includes (rtl/units/gen) at every width in `widths`, and this file (the script). Not the ISA
 * header rtl/gen/gp5_isa.vh, which other work regenerates (the vector unit takes only its OP_*
 * codes), nor the Yosys version (cells.json's `tool`). cells.json records it, so a test can tell
 * when the checked-in figures are stale. (The result cache keys on every input.)
 */
export function synthSourceHash(widths: readonly number[]): string {
  const h = createHash('sha256');
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const W of widths)
    for (const u of SYNTH_UNITS)
      for (const f of inputFiles(u, W)) {
        const rel = f.slice(f.lastIndexOf(join('rtl', 'units')));
        if (rel.startsWith(join('rtl', 'units'))) h.update(rel).update(readFileSync(f));
      }
  return h.digest('hex').slice(0, 16);
}

/** Results are cached by input hash in node_modules/.cache/gp5-synth (GP5_SYNTH_CACHE overrides). */
export function synthCacheDir(): string {
  return process.env.GP5_SYNTH_CACHE ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '.cache', 'gp5-synth');
}

function cacheKey(unit: UnitName, lanes: number, bits: number): string {
  const h = createHash('sha256');
  h.update(yosysVersion()).update(script(unit, lanes, bits, 'STAT', 'MEM'));
  for (const f of inputFiles(unit, bits)) h.update(readFileSync(f));
  return `${unit}-L${lanes}-W${bits}-${h.digest('hex').slice(0, 16)}.json`;
}

/**
 * Synthesise one unit (asynchronously: several can run at once); resolves to its statistics.
 * A result cached for identical inputs is returned without running Yosys unless `fresh`.
 */
export function synthUnit(unit: UnitName, lanes: number, bits: number, fresh = false): Promise<UnitStats> {
  const cached = join(synthCacheDir(), cacheKey(unit, lanes, bits));
  if (!fresh && existsSync(cached)) return Promise.resolve(JSON.parse(readFileSync(cached, 'utf8')) as UnitStats);
  const dir = mkdtempSync(join(tmpdir(), `gp5-synth-${unit}-`));
  const statFile = join(dir, 'stat.json');
  const memFile = join(dir, 'mem.txt');
  const ys = join(dir, 'synth.ys');
  writeFileSync(ys, script(unit, lanes, bits, statFile, memFile));
  return new Promise<UnitStats>((resolve, reject) => {
    const p = spawn('yosys', ['-q', '-s', ys], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    p.stdout.on('data', (d: Buffer) => (log += d.toString()));
    p.stderr.on('data', (d: Buffer) => (log += d.toString()));
    p.on('error', (e) => {
      rmSync(dir, { recursive: true, force: true });
      reject(e);
    });
    p.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`yosys failed on ${unit} (L=${lanes}, W=${bits}), exit ${code}:\n${log.slice(-4000)}`);
        const stats = parseStats(readFileSync(statFile, 'utf8'), readFileSync(memFile, 'utf8'));
        mkdirSync(dirname(cached), { recursive: true });
        writeFileSync(cached, JSON.stringify(stats) + '\n');
        resolve(stats);
      } catch (e) {
        reject(e);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

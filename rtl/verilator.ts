// The Verilator build of the array: gp5_array.v + gp5_pe.v under rtl/verilator/gp5_vtop.v, driven by
// rtl/verilator/harness.cpp, built once per parameter set (and define set, and source hash) into
// node_modules/.cache/gp5-rtl/<key>/ (GP5_RTL_CACHE overrides the directory).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VCD_SIGNALS } from '../trace/index.js';
import { RTL_DIR, buildKey } from './harness.js';

export const VERILATOR_SOURCES = ['gp5_array.v', 'gp5_pe.v', 'verilator/gp5_vtop.v'];
/** Warnings: -Wall, except the behavioural model's blocking assignments in clocked blocks (rtl/README.md). */
export const VERILATOR_LINT_FLAGS = ['-Wall', '-Wno-BLKSEQ'];

const LINT_FILE = 'lint.txt';

/**
 * C++ optimisation of the model's per-cycle code (Verilator's make variable OPT_FAST, -Os by
 * default): -O2 runs the array faster for a longer first build.
 */
export const VERILATOR_MAKEFLAGS = 'OPT_FAST=-O2';

/** Verilator's own diagnostics (%Warning…, %Error… lines and their notes) from a run's stderr. */
function lintLines(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => /^%(Warning|Error)/.test(l))
    .map((l) => l + '\n')
    .join('');
}

/**
 * Verilator's warnings on the sources of a build (-Wall, BLKSEQ waived), '' when clean: recorded
 * when the binary was built; for a build cached before that was recorded, a --lint-only run.
 */
export function buildWarnings(bin: string): string {
  const file = join(dirname(bin), LINT_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const args = ['--lint-only', ...VERILATOR_LINT_FLAGS, '-I' + join(RTL_DIR, 'gen'), '-I' + RTL_DIR, '--top-module', 'gp5_vtop', ...VERILATOR_SOURCES.map((f) => join(RTL_DIR, f))];
  const r = spawnSync('verilator', args, { encoding: 'utf8', stdio: 'pipe' });
  return lintLines(r.stderr ?? '');
}

export function rtlCacheDir(): string {
  return process.env.GP5_RTL_CACHE ?? join(RTL_DIR, '..', 'node_modules', '.cache', 'gp5-rtl');
}

/** The X-macro list of trace signals the harness reads (from trace/formats.ts). */
export function traceSignalsHeader(): string {
  return `#define GP5_TRACE_SIGNALS(X) ${VCD_SIGNALS.map((s) => `X(${s.name}, ${s.width})`).join(' ')}\n`;
}

/** Build (or reuse) the Verilator binary for these tb parameters; returns its path. */
export function buildVerilator(params: Record<string, number>, defines: string[] = []): string {
  const pes = params.NPE ?? 1;
  if (pes > 64) throw new Error(`the Verilator harness reads at most 64 PEs (got ${pes})`);
  const key = buildKey(params, defines, 'verilator/harness.cpp' + traceSignalsHeader() + VERILATOR_MAKEFLAGS);
  const dir = join(rtlCacheDir(), key);
  const bin = join(dir, 'gp5_vtop');
  if (existsSync(bin)) return bin;
  const tmp = `${dir}.tmp${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'gp5_trace_signals.h'), traceSignalsHeader());
  const args = ['--cc', '--exe', '--build', ...VERILATOR_LINT_FLAGS, '-Wno-fatal', '-O3', '--x-assign', 'fast', '--x-initial', 'fast'];
  args.push('-I' + join(RTL_DIR, 'gen'), '-I' + RTL_DIR, '--top-module', 'gp5_vtop', '-Mdir', tmp, '-o', 'gp5_vtop');
  args.push('-CFLAGS', `-O1 -DGP5_NPE=${pes} -I${tmp}`, '-MAKEFLAGS', VERILATOR_MAKEFLAGS);
  for (const d of defines) args.push(`-D${d}`);
  for (const [k, v] of Object.entries(params)) args.push(`-G${k}=${v}`);
  args.push(...VERILATOR_SOURCES.map((f) => join(RTL_DIR, f)), join(RTL_DIR, 'verilator', 'harness.cpp'));
  const r = spawnSync('verilator', args, { encoding: 'utf8', stdio: 'pipe', maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`verilator build failed (exit ${r.status}):\n${r.stderr}`);
  // The build lints with the same flags as --lint-only: keep its warnings beside the binary.
  writeFileSync(join(tmp, LINT_FILE), lintLines(r.stderr));
  // Publish atomically: concurrent builders of the same key each build, one wins the rename.
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  return bin;
}

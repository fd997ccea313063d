// `gp5sim sweep SPEC -o DIR`: run a design-space sweep (JSON or YAML spec) on a local pool
// or a Redis queue; rows go to DIR/results.jsonl and DIR/results.csv, and a rerun skips finished points.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { modelFormatOf } from '../../golden/index.js';
import { serializeObject } from '../../isa/index.js';
import {
  parseSweepSpec,
  planSweep,
  pointConfig,
  parseRows,
  rowToJsonLine,
  rowsToCsv,
  runSweep,
  inlineExecutor,
  localPool,
  DEFAULT_POOL,
  POOL_KINDS,
  queueExecutor,
  buildSweepReport,
  parseSynthCells,
  payloadGraph,
  SweepSpecError,
  MAX_POINTS,
  type Executor,
  type PoolKind,
  type Payload,
  type SweepPoint,
  type SynthCells,
} from '../../sweep/index.js';
import { runCommand, intFlag, UsageError } from '../io.js';
import { progressBar } from '../machine-options.js';
import { loadProgram } from '../load-program.js';

interface SweepFlags {
  out: string;
  workers?: string;
  pool: string;
  queue?: string;
  json?: boolean;
  report: boolean;
  heatmap?: string;
  synth?: string;
}

/** The RTL's synthesis cell counts: --synth FILE, else the repository's rtl/synth/cells.json when it exists (cli/ or dist/cli/). */
function synthesisCells(flag: string | undefined): SynthCells | undefined {
  if (flag !== undefined) {
    if (!existsSync(flag)) throw new UsageError(`--synth: no such file '${flag}'`);
    return parseSynthCells(readFileSync(flag, 'utf8'), flag);
  }
  for (const rel of ['../../rtl/synth/cells.json', '../../../rtl/synth/cells.json']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(url)) return parseSynthCells(readFileSync(url, 'utf8'), fileURLToPath(url));
  }
  return undefined;
}

/**
 * The evidence file of an infer point's model, as `gp5sim infer MODEL --evid FILE` would take it:
 * the spec's `evid` (relative to the spec), none for `evid: false`, else FILE.uai.evid beside a
 * .uai model when it exists (the UAI competition's pairing).
 */
function evidencePath(p: SweepPoint, path: string, base: string): string | undefined {
  const m = p.model;
  if (p.kind !== 'infer' || !('file' in m) || m.evid === false) return undefined;
  if (m.evid !== undefined) return resolve(base, m.evid);
  return /\.uai$/i.test(path) && existsSync(`${path}.evid`) ? `${path}.evid` : undefined;
}

/** Reads each model (and evidence) file once; a run point's program is assembled once per (file, W, F). */
function payloadReader(specFile: string): (p: SweepPoint) => Payload {
  const base = dirname(specFile);
  const cache = new Map<string, Payload>();
  const none: Payload = { kind: 'none' };
  const fileIndex = new Map<string, number>();
  return (p) => {
    const m = p.model;
    if (!('file' in m)) return none;
    const i = fileIndex.get(m.file) ?? fileIndex.set(m.file, fileIndex.size).get(m.file)!;
    const field = `models[${i}]`;
    const path = resolve(base, m.file);
    if (p.kind === 'run') {
      const cfg = pointConfig(p.machine);
      const id = `${path}\0${cfg.messageBits}\0${cfg.fracBits}`;
      if (!cache.has(id)) {
        if (!existsSync(path)) throw new SweepSpecError(specFile, field, `no such program file '${m.file}'`);
        cache.set(id, { kind: 'object', name: m.file, base64: Buffer.from(serializeObject(loadProgram(path, cfg))).toString('base64') });
      }
      return cache.get(id)!;
    }
    const evidence = evidencePath(p, path, base);
    const id = `${path}\0${evidence ?? ''}`;
    if (!cache.has(id)) {
      const format = modelFormatOf(path);
      if (!format) throw new SweepSpecError(specFile, field, `cannot tell the format of '${m.file}': expected .uai, .fg, .json or .alist`);
      if ((format === 'alist') !== (p.kind === 'ldpc')) throw new SweepSpecError(specFile, field, p.kind === 'ldpc' ? `an ldpc sweep needs .alist codes, got '${m.file}'` : `'${m.file}' is a code: use kind: ldpc`);
      if (!existsSync(path)) throw new SweepSpecError(specFile, field, `no such model file '${m.file}'`);
      if (evidence !== undefined && !existsSync(evidence)) throw new SweepSpecError(specFile, `${field}.evid`, `no such evidence file '${m.evid}'`);
      const payload: Payload = { kind: 'model', name: m.file, format, text: readFileSync(path, 'utf8') };
      if (evidence !== undefined) {
        payload.evidence = { name: m.evid || `${m.file}.evid`, text: readFileSync(evidence, 'utf8') };
        // A bad evidence file (an id or value out of range) stops the sweep here, naming its line,
        // rather than failing every point of the model.
        payloadGraph(payload);
      }
      cache.set(id, payload);
    }
    return cache.get(id)!;
  };
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('run a design-space sweep: every point of SPEC (machine x options x models) through infer, ldpc or run')
    .argument('<spec>', 'sweep spec, JSON or YAML (see examples/sweeps/)')
    .requiredOption('-o, --out <dir>', 'results folder: results.jsonl and results.csv (a rerun skips points already there)')
    .option('--workers <n>', 'local workers (default: one per core; 1 runs the points in this process)')
    .option('--pool <kind>', `local workers as child processes (process) or worker threads (thread)`, DEFAULT_POOL)
    .option('--queue <url>', 'enqueue the points on a Redis queue (redis://HOST:PORT) for `gp5sim worker`s instead of running them here')
    .option('--no-report', 'do not write DIR/report.html and DIR/plots/*.svg')
    .option('--heatmap <index>', 'the point whose per-PE stall heatmap the report shows (default: the first infer or run point)')
    .option('--synth <cells.json>', 'synthesis cell counts for the area estimate (default: rtl/synth/cells.json when it exists; else the per-unit estimate)')
    .option('--json', 'print a JSON summary instead of text')
    .action(async (specFile: string, flags: SweepFlags) => {
      await runCommand(async () => {
        const workers = intFlag('--workers', flags.workers, 1, 256) ?? availableParallelism();
        const heatmap = intFlag('--heatmap', flags.heatmap, 0, MAX_POINTS);
        if (!(POOL_KINDS as readonly string[]).includes(flags.pool)) throw new UsageError(`--pool expects ${POOL_KINDS.join(' or ')}, got '${flags.pool}'`);
        if (flags.queue !== undefined && !/^rediss?:\/\/[^/\s]+/.test(flags.queue)) throw new UsageError(`--queue expects redis://HOST:PORT, got '${flags.queue}'`);
        const spec = parseSweepSpec(readFileSync(specFile, 'utf8'), specFile);
        const plan = planSweep(spec, payloadReader(specFile));
        const synthesis = synthesisCells(flags.synth);
        mkdirSync(flags.out, { recursive: true });
        const results = join(flags.out, 'results.jsonl');
        const previous = existsSync(results) ? parseRows(readFileSync(results, 'utf8')) : [];
        const exec: Executor = flags.queue !== undefined ? await queueExecutor(flags.queue) : workers === 1 ? inlineExecutor() : localPool(flags.pool as PoolKind, workers);
        const bar = progressBar('sweep', plan.length, flags.json);
        let rows;
        try {
          rows = await runSweep(plan, exec, { previous, synthesis, onRow: (row) => appendFileSync(results, rowToJsonLine(row)), onProgress: (d) => bar.update(d) });
        } finally {
          bar.stop();
          await exec.close();
        }
        // Rewrite in point order (rows were appended as they finished) so the files are deterministic.
        writeFileSync(results + '.tmp', rows.map(rowToJsonLine).join(''));
        renameSync(results + '.tmp', results);
        writeFileSync(join(flags.out, 'results.csv'), rowsToCsv(rows));
        if (heatmap !== undefined && heatmap >= plan.length) throw new UsageError(`--heatmap expects a point index 0 … ${plan.length - 1}, got ${heatmap}`);
        if (flags.report) {
          const report = await buildSweepReport(spec.name, rows, plan, heatmap);
          mkdirSync(join(flags.out, 'plots'), { recursive: true });
          for (const { id, svg } of report.svgs) writeFileSync(join(flags.out, 'plots', `${id}.svg`), svg);
          writeFileSync(join(flags.out, 'report.html'), report.html);
        }
        const skipped = plan.filter((p) => previous.some((r) => r.key === p.key)).length;
        const errors = rows.filter((r) => r.metrics.status !== 'halted').length;
        const summary = { spec: specFile, name: spec.name, points: plan.length, skipped, errors, results, csv: join(flags.out, 'results.csv') };
        if (flags.json) process.stdout.write(JSON.stringify(summary) + '\n');
        else process.stdout.write(`sweep ${spec.name}: ${plan.length} points (${skipped} already done, ${errors} did not halt) → ${results}, ${summary.csv}\n`);
        return 0;
      });
    });
}

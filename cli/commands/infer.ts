// `gp5sim infer MODEL`: compile a factor graph for the chip, run it on the simulator, and report
// marginals with the hardware's error against float BP (and exact inference when cheap).
import type { Command } from 'commander';
import { addChannelFactors, beliefPropagation, CHIP_SCHEDULES, parityFactorGraph, parseAlist, writeMar, writePr, Prng, type ChipSchedule, type FactorGraph } from '../../golden/index.js';
import { configFormat } from '../../isa/index.js';
import { awgnFrame, inferOnChip, withMessageBits, type InferResult } from '../../runtime/index.js';
import { colours, numberFlag, runCommand, UsageError, EXIT_NOT_CONVERGED, EXIT_USER_ERROR } from '../io.js';
import { openOutputs, readInputText, writeAndClose } from '../files.js';
import { modelFormatFor, readModel } from '../read-model.js';
import { nonConvergenceWarning, plural, printWarnings } from '../warnings.js';
import { addMachineOptions, intFlag, machineConfig, progressBar, traceSinks, type MachineFlags } from '../machine-options.js';
import { formatSimReport } from '../sim-report-text.js';

interface InferFlags extends MachineFlags {
  evid?: string;
  format?: string;
  schedule: string;
  semiring: string;
  bits?: string;
  maxIter: string;
  tol?: string;
  damping: string;
  emitAsm?: string;
  out?: string;
  pr?: string;
  strict?: boolean;
  ebn0: string;
  seed: string;
  perPe?: boolean;
  parity: string;
  path: string;
}


/** An alist code becomes a decoding problem: one seeded noisy all-zero frame at --ebn0. */
function loadModel(path: string, flags: InferFlags): FactorGraph {
  const format = modelFormatFor(path, flags.format);
  if (format !== 'alist') return readModel(path, format, flags.evid);
  const h = parseAlist(readInputText(path), path);
  const ebn0 = numberFlag('--ebn0', flags.ebn0, (x) => x > -10 && x < 30, 'Eb/N0 in dB');
  const seed = intFlag('--seed', flags.seed, 0, 2 ** 31)!;
  return addChannelFactors(parityFactorGraph(h), { llr: awgnFrame(h.n, (h.n - h.m) / h.n, ebn0, new Prng(seed)) });
}

export function formatInfer(r: InferResult, graph: FactorGraph, model: string, c: ReturnType<typeof colours>, perPe: boolean): string {
  const out: string[] = [];
  const sci = (x: number) => x.toExponential(3);
  out.push(c.bold(`gp5sim infer ${model}`));
  out.push(`model: ${graph.variables.length} variables, ${graph.factors.length} factors; format W=${r.format.W} F=${r.format.F} ${r.format.code} (max* table ${r.format.maxStarTableSize})`);
  if (r.format.calibration.length > 0) {
    out.push(`format calibrated on the host against float: ${r.format.calibration.map((c) => `F=${c.F} max TV ${c.maxTV.toPrecision(3)}`).join(', ')}`);
  }
  out.push(
    r.path === 'pairwise'
      ? 'code: the binary pairwise LLR path (one LLR per message, pfu; --path dense for fupd/vupd)'
      : `code: dense fupd/vupd; parity factors on the structured path (cnu): ${r.compile.structuredFactors} of ${graph.factors.length} factors`,
  );
  out.push(
    `placement: ${plural(r.compile.pes, 'PE')}, ${r.compile.cutEdges} cut edges, load imbalance ${r.compile.imbalance.toFixed(3)}, ${r.compile.maxScratchpadWords} scratchpad words on the fullest PE`,
  );
  const conv = r.converged ? c.green('converged') : c.yellow('did not converge');
  const change = r.iterations > 0 && Number.isFinite(r.lastChange) ? `${r.lastChange.toFixed(4)} nats` : 'n/a';
  out.push(`${conv} after ${plural(r.iterations, 'iteration')} (last max message change ${change})`);
  const perIteration =
    r.iterations > 0
      ? `${r.cyclesPerIteration.toFixed(1)} per iteration; compiler lower bound ${r.compile.lowerBoundCyclesPerIteration.toFixed(1)} (ratio ${r.compile.boundRatio.toFixed(3)}); lane bound ${r.laneBound.cyclesPerIteration.toFixed(1)} (${r.laneBound.binding}, ratio ${r.laneBound.ratio.toFixed(2)}); dependency bound ${r.bound.dependency.cyclesPerIteration.toFixed(1)}; lower bound ${r.bound.cyclesPerIteration.toFixed(1)} (${r.bound.binding}, ratio ${r.bound.ratio.toFixed(2)})`
      : 'no iteration ran';
  out.push(`cycles: ${r.cycles.toLocaleString('en-US')} total, ${perIteration}; utilisation ${(100 * r.utilization).toFixed(1)}%`);
  out.push(
    `error vs float BP (same update list, priors and cap; ${r.float.converged ? 'converged' : 'not converged'} after ${r.float.iterations} it.): max TV ${sci(r.maxTV)}, mean TV ${sci(r.meanTV)}`,
  );
  out.push(r.exact ? `error vs exact: max TV ${sci(r.exact.maxTV)}, mean TV ${sci(r.exact.meanTV)}` : 'error vs exact: not computed (too large for exact inference, or min-sum)');
  const show = Math.min(r.marginals.length, 20);
  out.push('', c.dim('var  marginal'));
  for (let i = 0; i < show; i++) out.push(`${String(i).padStart(3)}  ${r.marginals[i].map((p) => p.toFixed(4)).join(' ')}`);
  if (show < r.marginals.length) out.push(c.dim(`… ${r.marginals.length - show} more (use --out F.MAR or --json)`));
  if (perPe) out.push('', formatSimReport(r.report, c, 'simulator').trimEnd());
  return out.join('\n') + '\n';
}

export function registerInfer(program: Command): void {
  const cmd = program
    .command('infer')
    .description('compile a factor graph for the chip, run it on the simulator, and report marginals and their error')
    .argument('<model>', 'model: .uai (with --evid), .fg, .json, or .alist (decodes one noisy frame)')
    .option('--evid <file>', 'UAI evidence file')
    .option('--schedule <s>', 'flooding, sequential, or gated-flooding (a factor runs only when its inputs moved more than --tol; residual is an alias)', 'flooding')
    .option('--semiring <s>', 'sum-product or min-sum', 'sum-product')
    .option('--bits <W>', 'message width W (F = W/2, max* table for W); overrides the config')
    .option('--max-iter <n>', 'iteration cap', '100')
    .option('--tol <t>', 'converged when no factor→variable message changes by more than t nats (default: one max* table bucket)')
    .option('--damping <d>', 'damping in [0, 1) on factor→variable messages', '0')
    .option('--emit-asm <file>', 'write the generated GP5 assembly (reassembles with gp5asm)')
    .option('-o, --out <file>', 'write the marginals as a UAI .MAR file')
    .option('--pr <file>', 'write log10 Z as a UAI .PR file (from exact inference when cheap, else the Bethe free energy of float BP)')
    .option('--format <f>', 'model format when the name does not say: uai, fg, json or alist')
    .option('--strict', `exit ${EXIT_NOT_CONVERGED} when the chip's BP does not converge`)
    .option('--ebn0 <dB>', 'for .alist models: channel Eb/N0 of the decoded frame', '2.5')
    .option('--seed <n>', 'for .alist models: noise seed', '1')
    .option('--parity <path>', 'parity (XOR) factors: structured (the LLR check-node update) or dense (their 2^d table through fupd)', 'structured')
    .option('--path <p>', 'auto (binary pairwise models under flooding, or sequential on 4+ PEs, at W ≥ 16 take the pairwise LLR path, pfu), dense (always fupd/vupd) or pairwise (always pfu)', 'auto')
    .option('--per-pe', 'also print the per-PE simulator table')
    .option('--json', 'print one JSON object');
  addMachineOptions(cmd).action(async (model: string, flags: InferFlags) => {
    await runCommand(() => {
      // `residual` is heap residual BP in `solve`; on the chip it used to name gated flooding.
      if (flags.schedule === 'residual') {
        process.stderr.write("note: on the chip, --schedule residual means gated-flooding (heap residual BP is software only: gp5sim solve)\n");
        flags.schedule = 'gated-flooding';
      }
      if (!(CHIP_SCHEDULES as readonly string[]).includes(flags.schedule)) {
        throw new UsageError(`--schedule expects ${CHIP_SCHEDULES.join(', ')}, got '${flags.schedule}'`);
      }
      if (flags.semiring !== 'sum-product' && flags.semiring !== 'min-sum') throw new UsageError(`--semiring expects sum-product or min-sum, got '${flags.semiring}'`);
      if (flags.parity !== 'structured' && flags.parity !== 'dense') throw new UsageError(`--parity expects structured or dense, got '${flags.parity}'`);
      if (flags.path !== 'auto' && flags.path !== 'dense' && flags.path !== 'pairwise') throw new UsageError(`--path expects auto, dense or pairwise, got '${flags.path}'`);
      modelFormatFor(model, flags.format);
      let cfg = machineConfig(flags);
      const bits = intFlag('--bits', flags.bits, 8, 32);
      if (bits !== undefined) cfg = withMessageBits(cfg, bits);
      const maxIter = intFlag('--max-iter', flags.maxIter, 0, 1_000_000)!;
      const damping = numberFlag('--damping', flags.damping, (x) => x >= 0 && x < 1, 'a number in [0, 1)');
      const f = configFormat(cfg);
      // Absent: the runtime's default, one max* table bucket.
      const tol =
        flags.tol !== undefined ? numberFlag('--tol', flags.tol, (x) => x >= 0 && x * f.scale <= 0x7fffffff, `a number 0 … ${Math.floor(0x7fffffff / f.scale)} (nats)`) : undefined;
      const maxCycles = intFlag('--max-cycles', flags.maxCycles, 1, Number.MAX_SAFE_INTEGER)!;
      const inputs = [model, flags.evid, flags.config];
      const outs = openOutputs({ out: flags.out, pr: flags.pr, emitAsm: flags.emitAsm }, inputs);
      const traces = traceSinks(flags, cfg.pes, inputs);
      const graph = loadModel(model, flags);
      const bar = progressBar('simulating', maxCycles, flags.json, true);
      // Compiling a large graph takes seconds: its own bar, made once the total is known.
      let compileBar: ReturnType<typeof progressBar> | undefined;
      const onCompileProgress = (done: number, total: number) => {
        compileBar ??= progressBar('compiling', total, flags.json);
        compileBar.update(done);
        if (done >= total) compileBar.stop();
      };
      let r: InferResult;
      try {
        r = inferOnChip(graph, {
          cfg,
          schedule: flags.schedule as ChipSchedule,
          semiring: flags.semiring,
          damping,
          tol,
          maxIter,
          maxCycles,
          sink: traces.sink,
          onProgress: bar.update,
          onCompileProgress,
          emitAsm: flags.emitAsm !== undefined,
          parityPath: flags.parity,
          path: flags.path,
          title: model,
        });
      } finally {
        compileBar?.stop();
        bar.stop();
        traces.close();
      }
      writeAndClose(outs.emitAsm, r.asm ?? '');
      writeAndClose(outs.out, writeMar(r.marginals));
      // log Z for the .PR: exact when it was cheap, else the Bethe estimate of software float BP.
      const logZ = r.exact
        ? { value: r.exact.logZ, source: 'exact' }
        : outs.pr
          ? { value: beliefPropagation(graph, { schedule: 'flooding', semiring: flags.semiring, maxIter: Math.max(maxIter, 1), factorBeliefs: false }).logZ, source: 'Bethe free energy of float BP' }
          : undefined;
      if (logZ) writeAndClose(outs.pr, writePr(logZ.value));
      const warnings = [...r.warnings, ...(r.converged ? [] : [nonConvergenceWarning("the chip's BP", r.iterations, r.iterations > 0 ? r.lastChange : null)])];
      if (r.report.status !== 'halted') {
        process.stderr.write(formatSimReport(r.report, colours(process.stderr), 'simulator'));
        return EXIT_USER_ERROR;
      }
      if (flags.json) {
        const { asm: _asm, report, ...rest } = r;
        void _asm;
        process.stdout.write(JSON.stringify({ model, evidence: flags.evid ?? null, ...rest, logZSource: logZ?.source ?? null, warnings, simulator: report }) + '\n');
      } else {
        printWarnings(warnings);
        process.stdout.write(formatInfer(r, graph, model, colours(), flags.perPe === true));
      }
      return flags.strict && !r.converged ? EXIT_NOT_CONVERGED : 0;
    });
  });
}

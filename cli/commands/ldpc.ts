// `gp5sim ldpc CODE.alist`: decode noisy frames (BPSK over AWGN) on the simulated chip's LLR unit,
// or with the software float decoder, and report BER (information and coded bits), FER and throughput.
import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { LLR_RULES, type LlrRule } from '../../isa/index.js';
import { parseAlist } from '../../golden/index.js';
import { simulateLdpc, withLdpcBits, ldpcSoftware, informationPositionsOf, HOST_LINK_BYTES_PER_SECOND, type LdpcSimPoint } from '../../runtime/index.js';
import { colours, runCommand, UsageError, numberFlag } from '../io.js';
import { addMachineOptions, intFlag, machineConfig, progressBar, type MachineFlags } from '../machine-options.js';

interface LdpcFlags extends MachineFlags {
  ebn0: string;
  maxFrames: string;
  frames?: string;
  minFrameErrors: string;
  maxIter: string;
  iters?: string;
  seed: string;
  bits?: string;
  rule: string;
  schedule: string;
  decoder: string;
  earlyStop: boolean;
  out?: string;
}

const SCHEDULES = ['flooding', 'layered'] as const;
const DECODERS = ['chip', 'float'] as const;

const HELP = `
Figures (text and --json, one object per Eb/N0 point):
  ber         bit-error rate on the k information bits (as aff3ct counts it)
  codedBer    bit-error rate on all n coded bits
  fer         frame-error rate (a frame with any information-bit error)
  mbps        information Mbit/s of simulated time at the config's clock (chip; decode cycles only)
  hostIo      the same with each frame's channel LLRs loaded and decisions read back over the host
              link (an assumed 4 GB/s, runtime/ldpc/bound.ts HOST_LINK_BYTES_PER_SECOND), not
              overlapped with decoding: hostIo.mbps ("Mbit/s +I/O"); hostIo.linkMbps, the link alone;
              hostIo.bytes, wordsIn, wordsOut, seconds
  laneBound   the default datapath's lane bound: useful lane-operations per frame per iteration
              / (P·L) × mean iterations, as Mbit/s
  laneUtilization, framesPerSecond (wall clock), meanIterations, cyclesPerFrame

Examples:
  gp5sim ldpc ../shared/data/ldpc/WIMAX_288_576.alist --ebn0 2,2.5 --max-frames 768
  gp5sim ldpc code.alist --rule nms --schedule flooding --max-iter 20 --bits 8 --json
  gp5sim ldpc code.alist --ebn0 2 --min-frame-errors 100 --max-frames 100000 --decoder float

Exit codes: 0 success, 1 bad input (file, code that does not fit the chip), 2 bad usage.
`;

function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} expects ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

export function registerLdpc(program: Command): void {
  const cmd = program
    .command('ldpc')
    .description('decode noisy LDPC frames (BPSK over AWGN) on the chip\'s LLR unit or in software; report BER, FER and throughput')
    .argument('<code>', 'parity-check matrix in alist format')
    .option('--ebn0 <dB[,dB…]>', 'Eb/N0 in dB (a comma-separated list sweeps)', '2.5')
    .option('--rule <r>', `check-node rule: ${LLR_RULES.join(', ')}`, 'spa')
    .option('--schedule <s>', 'flooding or layered (row-layered)', 'layered')
    .option('--max-iter <K>', 'iteration cap per frame', '50')
    .addOption(new Option('--iters <K>').hideHelp())
    .option('--no-early-stop', 'run every frame to the iteration cap (no syndrome stop)')
    .option('--max-frames <N>', 'frames per Eb/N0 at most', '256')
    .addOption(new Option('--frames <N>').hideHelp())
    .option('--min-frame-errors <N>', 'stop a point once N frame errors are seen (0: never)', '0')
    .option('--decoder <d>', 'chip (the simulator) or float (the software decoder, same schedule and frames)', 'chip')
    .option('--seed <n>', 'noise seed', '1')
    .option('--bits <W>', 'message width W (F = min(W/2, W − 6): 8 bits are Q5.2)')
    .option('-o, --out <file>', 'also write the JSON result to a file')
    .option('--json', 'print one JSON object')
    .addHelpText('after', HELP);
  addMachineOptions(cmd, false).action(async (code: string, flags: LdpcFlags) => {
    await runCommand(() => {
      const points = flags.ebn0.split(',').map((t) => numberFlag('--ebn0', t, (x) => x >= -10 && x <= 30, 'dB values in -10 … 30'));
      const rule = choice<LlrRule>('--rule', flags.rule, LLR_RULES);
      const schedule = choice('--schedule', flags.schedule, SCHEDULES);
      const decoder = choice('--decoder', flags.decoder, DECODERS);
      let cfg = machineConfig(flags);
      const bits = intFlag('--bits', flags.bits, 8, 32);
      if (bits !== undefined) cfg = withLdpcBits(cfg, bits);
      const maxFrames = intFlag('--max-frames', flags.frames ?? flags.maxFrames, 1, 100_000_000)!;
      const minFrameErrors = intFlag('--min-frame-errors', flags.minFrameErrors, 0, 100_000_000)!;
      const maxIter = intFlag('--max-iter', flags.iters ?? flags.maxIter, 1, 100_000)!;
      const seed = intFlag('--seed', flags.seed, 0, 2 ** 31)!;
      const software = ldpcSoftware();
      const h = parseAlist(readFileSync(code, 'utf8'), code);
      const infoPositions = informationPositionsOf(h);
      const results: LdpcSimPoint[] = [];
      const bar = progressBar('decoding', maxFrames * points.length, flags.json);
      const now = () => performance.now();
      try {
        points.forEach((ebn0, i) => {
          results.push(
            simulateLdpc(h, { cfg, rule, schedule, maxIter, earlyStop: flags.earlyStop, ebn0, seed, maxFrames, minFrameErrors, infoPositions, decoder, float: software.decodeLdpcFloat, now, onFrames: (d) => bar.update(i * maxFrames + d) }),
          );
        });
      } finally {
        bar.stop();
      }
      const json = JSON.stringify({ code, n: h.n, m: h.m, k: infoPositions.length, rule, schedule, decoder, maxIter, earlyStop: flags.earlyStop, pes: cfg.pes, lanes: cfg.lanes, messageBits: cfg.messageBits, clockMHz: cfg.clockMHz, points: results });
      if (flags.out) writeFileSync(flags.out, json + '\n');
      if (flags.json) {
        process.stdout.write(json + '\n');
        return 0;
      }
      process.stdout.write(formatLdpc(code, h.n, infoPositions.length, cfg.pes, cfg.messageBits, cfg.clockMHz, `${decoder}, ${schedule} ${rule}, ≤ ${maxIter} iterations${flags.earlyStop ? '' : ', no early stop'}`, results));
      return 0;
    });
  });
}

function formatLdpc(code: string, n: number, k: number, pes: number, W: number, clockMHz: number, what: string, results: LdpcSimPoint[]): string {
  const c = colours();
  const out = [
    c.bold(`gp5sim ldpc ${code}`),
    `code: n=${n}, k=${k}, rate ${(k / n).toFixed(3)}; ${pes} PEs, W=${W}, ${clockMHz} MHz; ${what}`,
    c.dim(`Mbit/s counts decode cycles; +I/O adds loading the channel LLRs and reading the decisions back over a host link of ${HOST_LINK_BYTES_PER_SECOND / 1e9} GB/s (assumed), not overlapped`),
    '',
  ];
  out.push(c.dim('Eb/N0   frames   fr.err   BER (info)   BER (coded)  FER          mean it.   Mbit/s   Mbit/s +I/O   lane bound   lane util   frames/s'));
  for (const r of results) {
    out.push(
      [
        r.ebn0.toFixed(2).padStart(5),
        String(r.frames).padStart(6),
        String(r.frameErrors).padStart(6),
        r.ber.toExponential(3).padEnd(11),
        r.codedBer.toExponential(3).padEnd(11),
        r.fer.toExponential(3).padEnd(11),
        r.meanIterations.toFixed(2).padStart(8),
        (r.decoder === 'chip' ? r.mbps.toFixed(1) : 'n/a').padStart(8),
        (r.decoder === 'chip' ? r.hostIo.mbps.toFixed(1) : 'n/a').padStart(11),
        r.laneBound.mbps.toFixed(1).padStart(10),
        (r.decoder === 'chip' ? `${(100 * r.laneUtilization).toFixed(1)}%` : 'n/a').padStart(9),
        r.framesPerSecond.toFixed(1).padStart(9),
      ].join('   '),
    );
  }
  return out.join('\n') + '\n';
}

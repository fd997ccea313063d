// `gp5sim ldpc CODE.alist`: decode noisy frames on the simulated chip and report error rates.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseAlist } from '../../golden/index.js';
import { decodeLdpc, withMessageBits, type LdpcResult } from '../../runtime/index.js';
import { colours, runCommand, UsageError } from '../io.js';
import { addMachineOptions, intFlag, machineConfig, progressBar, type MachineFlags } from '../machine-options.js';

interface LdpcFlags extends MachineFlags {
  ebn0: string;
  frames: string;
  iters: string;
  seed: string;
  bits?: string;
  semiring: string;
}

export function registerLdpc(program: Command): void {
  const cmd = program
    .command('ldpc')
    .description('decode noisy LDPC frames (BPSK over AWGN) on the simulated chip; report BER, FER and throughput')
    .argument('<code>', 'parity-check matrix in alist format')
    .option('--ebn0 <dB[,dB…]>', 'Eb/N0 in dB (a comma-separated list sweeps)', '2.5')
    .option('--frames <N>', 'frames per Eb/N0', '20')
    .option('--iters <K>', 'iteration cap per frame', '50')
    .option('--seed <n>', 'noise seed', '1')
    .option('--bits <W>', 'message width W')
    .option('--semiring <s>', 'sum-product or min-sum', 'sum-product')
    .option('--json', 'print one JSON object');
  addMachineOptions(cmd, false).action(async (code: string, flags: LdpcFlags) => {
    await runCommand(() => {
      const points = flags.ebn0.split(',').map((t) => {
        const x = Number(t);
        if (t.trim() === '' || !Number.isFinite(x) || x < -10 || x > 30) throw new UsageError(`--ebn0 expects dB values, got '${flags.ebn0}'`);
        return x;
      });
      if (flags.semiring !== 'sum-product' && flags.semiring !== 'min-sum') throw new UsageError(`--semiring expects sum-product or min-sum, got '${flags.semiring}'`);
      let cfg = machineConfig(flags);
      const bits = intFlag('--bits', flags.bits, 8, 32);
      if (bits !== undefined) cfg = withMessageBits(cfg, bits);
      const frames = intFlag('--frames', flags.frames, 1, 1_000_000)!;
      const iters = intFlag('--iters', flags.iters, 1, 100_000)!;
      const seed = intFlag('--seed', flags.seed, 0, 2 ** 31)!;
      const h = parseAlist(readFileSync(code, 'utf8'), code);
      const results: LdpcResult[] = [];
      const bar = progressBar('decoding', frames * points.length, flags.json);
      try {
        points.forEach((ebn0, k) => {
          results.push(decodeLdpc(h, { cfg, ebn0, frames, iters, seed, semiring: flags.semiring as 'sum-product', onFrame: (d) => bar.update(k * frames + d) }));
        });
      } finally {
        bar.stop();
      }
      if (flags.json) {
        process.stdout.write(JSON.stringify({ code, n: h.n, m: h.m, pes: cfg.pes, clockMHz: cfg.clockMHz, points: results }) + '\n');
        return 0;
      }
      const c = colours();
      const out = [c.bold(`gp5sim ldpc ${code}`), `code: n=${h.n}, m=${h.m}, rate ${results[0].rate.toFixed(3)}; ${cfg.pes} PEs, W=${cfg.messageBits}, ${cfg.clockMHz} MHz; ${flags.semiring}, ≤ ${iters} iterations`, ''];
      out.push(c.dim('Eb/N0   frames   bit errors   BER          FER          mean it.   cycles/frame   Mbit/s   util'));
      for (const r of results) {
        out.push(
          `${r.ebn0.toFixed(2).padStart(5)}   ${String(r.frames).padStart(6)}   ${String(r.bitErrors).padStart(10)}   ${r.ber.toExponential(3).padEnd(11)}  ${r.fer.toExponential(3).padEnd(11)}  ${r.meanIterations.toFixed(1).padStart(8)}   ${Math.round(r.cyclesPerFrame).toString().padStart(12)}   ${r.mbps.toFixed(2).padStart(6)}   ${(100 * r.utilization).toFixed(1)}%`,
        );
      }
      process.stdout.write(out.join('\n') + '\n');
      return 0;
    });
  });
}

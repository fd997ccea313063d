// An LDPC sweep point (or one shard of its frames) on the runtime's structured chip decoder
// (runtime/ldpc, the decoder `gp5sim ldpc` runs), with golden's float decoder of the same rule and
// schedule on the very same frames. Every figure is a sum over frames, so shards merge exactly.
import type { LlrRule, MachineConfig } from '../isa/index.js';
import type { MachineMemory } from '../sim/index.js';
import { parseAlist, Prng, type ParityCheckMatrix } from '../golden/index.js';
import { LdpcChipDecoder, awgnFrames, informationPositionsOf, ldpcSoftware, ldpcFracBits, ldpcHostIo, type LdpcChipSchedule } from '../runtime/index.js';
import { ldpcEnergyPj } from './energy.js';

export interface LdpcRun {
  ebn0: number;
  frames: number;
  maxIter: number;
  seed: number;
  rule: LlrRule;
  schedule: LdpcChipSchedule;
}

/** A parsed code and its information positions, kept per worker: points of one code parse it once. */
interface Code {
  h: ParityCheckMatrix;
  info: Int32Array;
}
const codes = new Map<string, Code>();
const MAX_CACHED_CODES = 16;

function codeOf(text: string, name: string): Code {
  let c = codes.get(text);
  if (!c) {
    const h = parseAlist(text, name);
    c = { h, info: informationPositionsOf(h) };
    if (codes.size >= MAX_CACHED_CODES) codes.delete(codes.keys().next().value!);
    codes.set(text, c);
  }
  return c;
}

/**
 * The machine an LDPC point runs on: W given without F takes the LDPC format F = min(W/2, W − 6)
 * (as `gp5sim ldpc --bits W` does), not the factor-graph default.
 */
export function ldpcConfig(cfg: MachineConfig, machine: Record<string, number | string>): MachineConfig {
  return 'messageBits' in machine && !('fracBits' in machine) ? { ...cfg, fracBits: ldpcFracBits(cfg.messageBits) } : cfg;
}

/** Error counts of hard decisions (n × frames) against the all-zero codeword. */
function countErrors(h: ParityCheckMatrix, info: Int32Array, hard: Uint8Array, iterations: Int32Array, frames: number, into: ErrorCounts): void {
  for (let f = 0; f < frames; f++) {
    let coded = 0;
    for (let v = 0; v < h.n; v++) coded += hard[f * h.n + v];
    let inf = 0;
    for (let j = 0; j < info.length; j++) inf += hard[f * h.n + info[j]];
    into.codedBitErrors += coded;
    into.bitErrors += inf;
    if (coded > 0) into.frameErrors++;
    into.iterationSum += iterations[f];
  }
}

interface ErrorCounts {
  bitErrors: number;
  codedBitErrors: number;
  frameErrors: number;
  iterationSum: number;
}
const zeroCounts = (): ErrorCounts => ({ bitErrors: 0, codedBitErrors: 0, frameErrors: 0, iterationSum: 0 });

/**
 * Decode `run.frames` all-zero BPSK/AWGN frames drawn from Prng(run.seed), chunk by chunk (one chip
 * run of P·K·VL frames each, as simulateLdpc does), on the chip and with the float decoder. The
 * metrics are sums (mergeLdpcShards turns them into rates). `memory`: kept machine memories the
 * chip's runs are built on (the same metrics).
 */
export function runLdpcPoint(text: string, name: string, cfg: MachineConfig, run: LdpcRun, memory?: MachineMemory): Record<string, number | string> {
  const { h, info } = codeOf(text, name);
  const options = { rule: run.rule, schedule: run.schedule, maxIter: run.maxIter, earlyStop: true };
  const chip = new LdpcChipDecoder(h, cfg, options, 'queue', memory);
  const float = ldpcSoftware().decodeLdpcFloat;
  const rate = info.length / h.n;
  const rng = new Prng(run.seed);
  const onChip = zeroCounts();
  const inFloat = zeroCounts();
  let cycles = 0;
  let instructions = 0;
  let laneOps = 0;
  let hostWordsIn = 0;
  let hostWordsOut = 0;
  for (let done = 0; done < run.frames; ) {
    const count = Math.min(chip.runFrames, run.frames - done);
    const llr = awgnFrames(h.n, rate, run.ebn0, count, rng);
    const r = chip.decode(chip.quantize(llr), count);
    countErrors(h, info, r.hard, r.iterations, count, onChip);
    cycles += r.cycles;
    instructions += r.instructions;
    laneOps += r.laneOps;
    hostWordsIn += r.hostWordsIn;
    hostWordsOut += r.hostWordsOut;
    const f = float(h, llr, count, options);
    countErrors(h, info, f.hard, f.iterations, count, inFloat);
    done += count;
  }
  return {
    status: 'halted',
    n: h.n,
    m: h.m,
    k: info.length,
    rate,
    ebn0: run.ebn0,
    frames: run.frames,
    ...onChip,
    cycles,
    instructions,
    laneOps,
    hostWordsIn,
    hostWordsOut,
    clockMHz: cfg.clockMHz,
    pes: cfg.pes,
    lanes: cfg.lanes,
    energyPjSum: ldpcEnergyPj({ instructions, laneOps, flitHops: 0 }, cfg, run.rule),
    'float.bitErrors': inFloat.bitErrors,
    'float.codedBitErrors': inFloat.codedBitErrors,
    'float.frameErrors': inFloat.frameErrors,
    'float.iterationSum': inFloat.iterationSum,
  };
}

type Metrics = Record<string, number | string | boolean | null>;

/**
 * Merge LDPC shard metrics (in shard order) into the point's metrics: sums, then the rates. BER is
 * on the k information bits (as aff3ct and `gp5sim ldpc` count it), codedBer on all n bits;
 * `hostIo.*` is runtime's host-link figure (ldpcHostIo) over all shards, on the point's machine `cfg`.
 */
export function mergeLdpcShards(shards: Metrics[], cfg: MachineConfig): Metrics {
  const bad = shards.find((s) => s.status !== 'halted');
  if (bad) return bad;
  const first = shards[0];
  const sum = (key: string) => shards.reduce((a, s) => a + Number(s[key]), 0);
  const frames = sum('frames');
  const n = Number(first.n);
  const k = Number(first.k);
  const cycles = sum('cycles');
  const laneOps = sum('laneOps');
  const energyPj = sum('energyPjSum');
  const clockMHz = Number(first.clockMHz);
  const seconds = cycles / (clockMHz * 1e6);
  const hostIo = ldpcHostIo(cfg, frames * k, cycles, sum('hostWordsIn'), sum('hostWordsOut'));
  const rates = (prefix: string) => ({
    [`${prefix}bitErrors`]: sum(`${prefix}bitErrors`),
    [`${prefix}frameErrors`]: sum(`${prefix}frameErrors`),
    [`${prefix}ber`]: sum(`${prefix}bitErrors`) / (frames * k),
    [`${prefix}codedBer`]: sum(`${prefix}codedBitErrors`) / (frames * n),
    [`${prefix}fer`]: sum(`${prefix}frameErrors`) / frames,
    [`${prefix}meanIterations`]: sum(`${prefix}iterationSum`) / frames,
  });
  return {
    status: 'halted',
    n,
    m: first.m,
    k,
    rate: first.rate,
    ebn0: first.ebn0,
    frames,
    ...rates(''),
    cycles,
    cyclesPerFrame: cycles / frames,
    mbps: cycles > 0 ? (frames * k * clockMHz) / cycles : 0,
    'hostIo.mbps': hostIo.mbps,
    'hostIo.linkMbps': hostIo.linkMbps,
    'hostIo.bytes': hostIo.bytes,
    instructions: sum('instructions'),
    laneOps,
    laneUtilization: cycles > 0 ? laneOps / (Number(first.pes) * Number(first.lanes) * cycles) : 0,
    ...rates('float.'),
    'est.energyPj': energyPj,
    'est.njPerFrame': energyPj / 1000 / frames,
    'est.pjPerInfoBit': energyPj / (frames * k),
    'est.powerMw': seconds > 0 ? (energyPj * 1e-12) / seconds / 1e-3 : null,
  };
}

// Monte-Carlo BER/FER of an LDPC code over BPSK/AWGN, decoded by the chip (structured LLR unit)
// or by a software float decoder of the same schedule on the same frames. Frames come from one
// seeded stream, chunk by chunk, so both decoders see identical frames; a point stops at
// maxFrames or, checked after each chunk, once minFrameErrors frame errors are seen.
import type { LlrRule, MachineConfig } from '../../isa/index.js';
import { Prng, ldpcEdges, type ParityCheckMatrix } from '../../golden/index.js';
import { awgnFrames } from './channel.js';
import { MachineMemory } from '../../sim/index.js';
import { LdpcChipDecoder } from './run.js';
import { ldpcHostIo, ldpcLaneBound, type HostIo, type LaneBound } from './bound.js';
import type { LdpcChipSchedule } from './layout.js';

/** The software float decoder (golden's decodeLdpcFloat), injected so runtime stays below golden's optional parts. */
export type FloatDecoder = (
  h: ParityCheckMatrix,
  channelLlr: Float64Array,
  frames: number,
  opts: { rule: LlrRule; schedule: LdpcChipSchedule; maxIter: number; earlyStop: boolean },
) => { hard: Uint8Array; iterations: Int32Array };

export interface LdpcSimOptions {
  cfg: MachineConfig;
  rule: LlrRule;
  schedule: LdpcChipSchedule;
  maxIter: number;
  earlyStop: boolean;
  ebn0: number;
  seed: number;
  maxFrames: number;
  /** Stop once this many frame errors are seen (0: decode maxFrames). */
  minFrameErrors: number;
  /** Sorted 0-based information bit positions (k of them). */
  infoPositions: Int32Array;
  decoder: 'chip' | 'float';
  float?: FloatDecoder;
  /** Frames per chunk (default: one chip run, P·K·VL frames). */
  chunkFrames?: number;
  onFrames?: (done: number) => void;
  /** Wall clock in ms (injected: runtime does no I/O but may be timed by its caller). */
  now?: () => number;
}

export interface LdpcSimPoint {
  ebn0: number;
  decoder: 'chip' | 'float';
  frames: number;
  frameErrors: number;
  fer: number;
  /** Errors and BER on the k information bits (as aff3ct counts). */
  bitErrors: number;
  ber: number;
  /** Errors and BER on all n coded bits. */
  codedBitErrors: number;
  codedBer: number;
  meanIterations: number;
  /** Chip only (0 for float): simulated cycles, per frame, information Mbit/s, lane utilisation. */
  cycles: number;
  cyclesPerFrame: number;
  mbps: number;
  laneUtilization: number;
  laneBound: LaneBound;
  /** Chip only (zeros for float): mbps with the frames' host-link I/O charged beside it (bound.ts, ldpcHostIo); mbps keeps its meaning (decode cycles only). */
  hostIo: HostIo;
  wallSeconds: number;
  framesPerSecond: number;
}

export function simulateLdpc(h: ParityCheckMatrix, o: LdpcSimOptions): LdpcSimPoint {
  const cfg = o.cfg;
  const k = o.infoPositions.length;
  const rate = k / h.n;
  // One set of machine memories for every chunk's machines (zeroed and reloaded per run), not fresh
  // typed arrays per chunk.
  const chip = o.decoder === 'chip' ? new LdpcChipDecoder(h, cfg, o, 'queue', new MachineMemory(cfg)) : undefined;
  if (o.decoder === 'float' && !o.float) throw new Error('simulateLdpc: decoder float needs the float decoder');
  const chunk = o.chunkFrames ?? chip?.runFrames ?? 1024;
  const rng = new Prng(o.seed);
  const now = o.now ?? (() => 0);
  const t0 = now();
  let frames = 0;
  let frameErrors = 0;
  let bitErrors = 0;
  let codedBitErrors = 0;
  let iterSum = 0;
  let cycles = 0;
  let laneOps = 0;
  let hostWordsIn = 0;
  let hostWordsOut = 0;
  while (frames < o.maxFrames && !(o.minFrameErrors > 0 && frameErrors >= o.minFrameErrors)) {
    const count = Math.min(chunk, o.maxFrames - frames);
    const llr = awgnFrames(h.n, rate, o.ebn0, count, rng);
    let hard: Uint8Array;
    let iterations: Int32Array;
    if (chip) {
      const r = chip.decode(chip.quantize(llr), count);
      ({ hard, iterations } = r);
      cycles += r.cycles;
      laneOps += r.laneOps;
      hostWordsIn += r.hostWordsIn;
      hostWordsOut += r.hostWordsOut;
    } else {
      ({ hard, iterations } = o.float!(h, llr, count, o));
    }
    for (let f = 0; f < count; f++) {
      let coded = 0;
      for (let v = 0; v < h.n; v++) coded += hard[f * h.n + v];
      let info = 0;
      for (let j = 0; j < k; j++) info += hard[f * h.n + o.infoPositions[j]];
      codedBitErrors += coded;
      bitErrors += info;
      if (coded > 0) frameErrors++;
      iterSum += iterations[f];
    }
    frames += count;
    o.onFrames?.(frames);
  }
  const wallSeconds = (now() - t0) / 1000;
  const meanIterations = frames > 0 ? iterSum / frames : 0;
  const cyclesPerFrame = frames > 0 ? cycles / frames : 0;
  return {
    ebn0: o.ebn0,
    decoder: o.decoder,
    frames,
    frameErrors,
    fer: frames > 0 ? frameErrors / frames : 0,
    bitErrors,
    ber: frames > 0 ? bitErrors / (frames * k) : 0,
    codedBitErrors,
    codedBer: frames > 0 ? codedBitErrors / (frames * h.n) : 0,
    meanIterations,
    cycles,
    cyclesPerFrame,
    mbps: cycles > 0 ? (frames * k * cfg.clockMHz) / cycles : 0,
    laneUtilization: cycles > 0 ? laneOps / (cfg.pes * cfg.lanes * cycles) : 0,
    laneBound: ldpcLaneBound({ n: h.n, edges: ldpcEdges(h).edges }, k, cfg, o.schedule, meanIterations),
    hostIo: ldpcHostIo(cfg, frames * k, cycles, hostWordsIn, hostWordsOut),
    wallSeconds,
    framesPerSecond: wallSeconds > 0 ? frames / wallSeconds : 0,
  };
}

// LDPC decoding on the simulated chip: BPSK over AWGN, the all-zero codeword (exact for linear
// codes under a symmetric channel and decoder), sum-product flooding BP that stops as soon as the
// hard decisions satisfy every parity check (syndrome 0), or at the iteration cap.
import { energyFromNats, configFormat, type MachineConfig } from '../isa/index.js';
import { parityFactorGraph, quantizeGraph, Prng, addChannelFactors, awgnLlr, awgnSigma, type ParityCheckMatrix } from '../golden/index.js';
import { Machine, loadImage, buildReport } from '../sim/index.js';
import { compileGraph, type CompiledProgram } from './compile.js';
import { toObject } from './program.js';

export interface LdpcOptions {
  cfg: MachineConfig;
  /** Eb/N0 in dB. */
  ebn0: number;
  frames: number;
  /** Iteration cap per frame (decoding stops early when no message changes). */
  iters: number;
  seed: number;
  semiring?: 'sum-product' | 'min-sum';
  onFrame?: (done: number) => void;
}

export interface LdpcResult {
  n: number;
  m: number;
  rate: number;
  ebn0: number;
  frames: number;
  bitErrors: number;
  frameErrors: number;
  ber: number;
  fer: number;
  /** Mean iterations per frame. */
  meanIterations: number;
  cycles: number;
  cyclesPerFrame: number;
  /** Information bits decoded per second of simulated time, in Mbit/s, at the config's clock. */
  mbps: number;
  utilization: number;
}

/** Channel LLRs (ln p(0)/p(1)) of one all-zero frame (golden's BPSK/AWGN channel). */
export function awgnFrame(n: number, rate: number, ebn0: number, rng: Prng): Float64Array {
  const llr = new Float64Array(n);
  awgnLlr(new Uint8Array(n), awgnSigma(rate, ebn0), rng, llr);
  return llr;
}

export function compileDecoder(h: ParityCheckMatrix, cfg: MachineConfig, iters: number, semiring: 'sum-product' | 'min-sum' = 'sum-product'): CompiledProgram {
  // Placeholder channel (every bit gets a prior slot); frames patch the prior words.
  const g = addChannelFactors(parityFactorGraph(h), { llr: new Float64Array(h.n).fill(1) });
  const q = quantizeGraph(g, configFormat(cfg));
  return compileGraph(q, cfg, { schedule: 'flooding', semiring, lambda: 0, tolRaw: 0, maxIter: iters, stopOnParity: true, parityPath: 'dense' });
}

export function decodeLdpc(h: ParityCheckMatrix, o: LdpcOptions): LdpcResult {
  const cfg = o.cfg;
  const rate = (h.n - h.m) / h.n;
  const prog = compileDecoder(h, cfg, o.iters, o.semiring);
  const f = prog.graph.format;
  // Load once; each frame only rewrites the prior words (the Machine copies the scratchpads).
  const image = loadImage(toObject(prog), cfg, 'ldpc');
  const rng = new Prng(o.seed);
  let bitErrors = 0;
  let frameErrors = 0;
  let cycles = 0;
  let iterSum = 0;
  let utilSum = 0;
  for (let frame = 0; frame < o.frames; frame++) {
    const llr = awgnFrame(h.n, rate, o.ebn0, rng);
    // Patch the priors: energies (0, LLR) or (−LLR, 0) — the same values quantizeGraph gives.
    for (let i = 0; i < h.n; i++) {
      const spm = image.scratchpad[prog.placement.varPe[i]];
      const at = prog.map.priorAddr[i];
      const l = llr[i];
      spm[at] = l >= 0 ? 0 : energyFromNats(f, -l);
      spm[at + 1] = l >= 0 ? energyFromNats(f, l) : 0;
    }
    const machine = new Machine(cfg, image);
    const run = machine.run({ maxCycles: 1e9 });
    if (run.status !== 'halted') throw new Error(`LDPC decoder faulted: ${run.fault?.message}`);
    cycles += run.cycles;
    let errs = 0;
    for (let i = 0; i < h.n; i++) {
      const spm = machine.pes[prog.placement.varPe[i]].spm;
      const b = prog.map.beliefAddr[i];
      if (spm[b + 1] < spm[b]) errs++; // decided 1 (lower energy) but 0 was sent
    }
    bitErrors += errs;
    if (errs > 0) frameErrors++;
    iterSum += machine.pes[0].spm[prog.map.statusIterations];
    utilSum += buildReport(machine, run, cfg).utilization;
    o.onFrame?.(frame + 1);
  }
  const frames = o.frames;
  return {
    n: h.n,
    m: h.m,
    rate,
    ebn0: o.ebn0,
    frames,
    bitErrors,
    frameErrors,
    ber: bitErrors / (frames * h.n),
    fer: frameErrors / frames,
    meanIterations: iterSum / frames,
    cycles,
    cyclesPerFrame: cycles / frames,
    mbps: cycles > 0 ? (frames * h.n * rate * cfg.clockMHz) / cycles : 0,
    utilization: utilSum / frames,
  };
}

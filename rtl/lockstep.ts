// Lockstep co-simulation (as RISC-V cosim with Spike / difftest): gp5sim writes its commit log
// into a FIFO while the Verilator binary reads it and checks each retirement as it happens
// (rtl/verilator/harness.cpp +lockstep), stopping at the first divergence. Neither side keeps a
// trace: memory stays bounded by the pipe, so runs too long for a full VCD can be checked.
// At a divergence the report is `gp5sim compare`'s (trace/ formatCompareText): gp5sim's last
// commit-log lines (a ring) against the harness's VCD of the trace port's last cycles (+lockvcd),
// compared as a commit log against a VCD is — retirements with their cycles.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineConfig } from '../isa/index.js';
import { Machine, type ProgramImage } from '../sim/index.js';
import { COMMIT_LOG_HEADER, CommitLogSink, compareTraces, formatCompareText, parseCompareMap, type CompareResult, type ReportColours } from '../trace/index.js';
import { imageToHex, rtlMap, writeHex } from './harness.js';

export interface LockstepResult {
  agree: boolean;
  /** `GP5RTL lockstep agree: N retirements`, or at a divergence `compare`'s report on the window (else the harness's). */
  report: string;
  /** `compare`'s result on the window at a divergence. */
  result?: CompareResult;
  cycles: number;
}

/** gp5sim commit-log lines kept for the report: more than the pipe holds ahead of the harness. */
const RING_LINES = 8192;

/** The last RING_LINES commit-log lines written (bounded memory whatever the run's length). */
class LineRing {
  private readonly lines: string[] = new Array<string>(RING_LINES);
  private count = 0;
  private partial = '';
  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop()!;
    for (const l of parts) if (l !== '' && !l.startsWith('#')) this.lines[this.count++ % RING_LINES] = l;
  }
  /** The kept lines whose cycle is in [from, to], in order; undefined when lines from `from` on were dropped. */
  window(from: number, to: number): string[] | undefined {
    const n = Math.min(this.count, RING_LINES);
    const out: string[] = [];
    for (let i = this.count - n; i < this.count; i++) {
      const l = this.lines[i % RING_LINES];
      const cycle = Number(l.slice(0, l.indexOf('\t')));
      if (i === this.count - n && cycle > from && this.count > RING_LINES) return undefined;
      if (cycle >= from && cycle <= to) out.push(l);
    }
    return out;
  }
}

/** Thrown into the simulator when the RTL side has stopped reading (it diverged). */
class ReaderGone extends Error {}

/** Check `image` on the RTL binary against gp5sim retirement by retirement; `rtlImage` gives the RTL another image (tests). */
export async function lockstep(bin: string, image: ProgramImage, cfg: MachineConfig, dir: string, name: string, maxCycles = 10_000_000, rtlImage = image): Promise<LockstepResult> {
  mkdirSync(dir, { recursive: true });
  const fifo = join(dir, `${name}.commits.fifo`);
  rmSync(fifo, { force: true });
  if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error(`mkfifo ${fifo} failed`);
  const windowVcd = join(dir, `${name}.lockstep-window.vcd`);
  rmSync(windowVcd, { force: true });
  const child = spawn(bin, [...writeHex(imageToHex(rtlImage), dir, name), `+lockstep=${fifo}`, `+lockvcd=${windowVcd}`, `+maxcycles=${maxCycles}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 2)));
  // Opening the FIFO for writing waits for the harness to open it for reading.
  const fd = openSync(fifo, 'w');
  const ring = new LineRing();
  let cycles = 0;
  try {
    const sink = new CommitLogSink((chunk) => {
      ring.push(chunk);
      try {
        writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') throw new ReaderGone();
        throw e;
      }
    });
    cycles = new Machine(cfg, image).run({ sink, maxCycles }).cycles;
  } catch (e) {
    if (!(e instanceof ReaderGone)) throw e;
  } finally {
    closeSync(fd);
    rmSync(fifo, { force: true });
  }
  const code = await exit;
  // The lockstep report: from its first line on (the harness's halt line precedes an agreement).
  const at = out.indexOf('GP5RTL lockstep');
  const own = (at >= 0 ? out.slice(at) : out).trim();
  const agree = code === 0 && /GP5RTL lockstep agree/.test(out);
  if (agree || !existsSync(windowVcd)) return { agree, report: own, cycles };
  const result = windowCompare(ring, windowVcd, cfg.pes, name);
  return result ? { agree, report: formatCompareText(result, PLAIN).trimEnd(), result, cycles } : { agree, report: own, cycles };
}

const same = (s: string) => s;
const PLAIN: ReportColours = { bold: same, red: same, green: same };

/** `compare` of gp5sim's commit-log lines over the harness's window against the window's VCD (undefined if the ring lost them). */
function windowCompare(ring: LineRing, windowVcd: string, pes: number, name: string): CompareResult | undefined {
  const vcd = readFileSync(windowVcd, 'utf8');
  const stamps = [...vcd.matchAll(/^#(\d+)$/gm)].map((m) => Number(m[1]));
  if (stamps.length < 2) return undefined;
  const from = stamps[0];
  const to = stamps[stamps.length - 1] - 1;
  const lines = ring.window(from, to);
  if (!lines) return undefined;
  const log = [COMMIT_LOG_HEADER, ...lines].join('\n') + '\n';
  const map = parseCompareMap(JSON.stringify(rtlMap(pes, true)), 'rtlMap');
  return compareTraces({ file: `${name}.sim.log (cycles ${from}…${to})`, text: log }, { file: windowVcd, text: vcd }, { map });
}

// Lockstep co-simulation (as RISC-V cosim with Spike / difftest): gp5sim writes its commit log
// into a FIFO while the Verilator binary reads it and checks each retirement as it happens
// (rtl/verilator/harness.cpp +lockstep), stopping at the first divergence. Neither side keeps a
// trace: memory stays bounded by the pipe, so runs too long for a full VCD can be checked.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineConfig } from '../isa/index.js';
import { Machine, type ProgramImage } from '../sim/index.js';
import { CommitLogSink } from '../trace/index.js';
import { imageToHex, writeHex } from './harness.js';

export interface LockstepResult {
  agree: boolean;
  /** The harness's report: `GP5RTL lockstep agree: N retirements` or the divergence. */
  report: string;
  cycles: number;
}

/** Thrown into the simulator when the RTL side has stopped reading (it diverged). */
class ReaderGone extends Error {}

/** Check `image` on the RTL binary against gp5sim retirement by retirement; `rtlImage` gives the RTL another image (tests). */
export async function lockstep(bin: string, image: ProgramImage, cfg: MachineConfig, dir: string, name: string, maxCycles = 10_000_000, rtlImage = image): Promise<LockstepResult> {
  mkdirSync(dir, { recursive: true });
  const fifo = join(dir, `${name}.commits.fifo`);
  rmSync(fifo, { force: true });
  if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error(`mkfifo ${fifo} failed`);
  const child = spawn(bin, [...writeHex(imageToHex(rtlImage), dir, name), `+lockstep=${fifo}`, `+maxcycles=${maxCycles}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 2)));
  // Opening the FIFO for writing waits for the harness to open it for reading.
  const fd = openSync(fifo, 'w');
  let cycles = 0;
  try {
    const sink = new CommitLogSink((chunk) => {
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
  return { agree: code === 0 && /GP5RTL lockstep agree/.test(out), report: (at >= 0 ? out.slice(at) : out).trim(), cycles };
}

// Run `gp5sim` as a child with its peak RSS and wall time measured (tests/trace/rss-probe.mjs): the
// built bundle, as the other hostile-input suites run it (starting it under tsx took ~1 s a run).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cliCommand } from '../cli/hostile-helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const probe = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  peakMiB: number;
  seconds: number;
}

export function gp5simMeasured(args: string[], timeoutMs = 60_000): Promise<CliRun> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const [node, bundle] = cliCommand('gp5sim');
    execFile(node!, ['--import', probe, bundle!, ...args], { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const m = /peak-rss-kib (\d+)\s*$/.exec(stderr);
      resolve({
        status: err ? ((err as { code?: number }).code ?? -1) : 0,
        stdout,
        stderr: stderr.replace(/\npeak-rss-kib \d+\s*$/, ''),
        peakMiB: m ? Number(m[1]) / 1024 : NaN,
        seconds: (performance.now() - t0) / 1000,
      });
    });
  });
}

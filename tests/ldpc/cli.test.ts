// `gp5sim ldpc` end to end through the real CLI: options, JSON figures, hostile codes and flags.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool } from '../cli/hostile-helpers.js';

const data = (rel: string) => fileURLToPath(new URL(`../../../shared/data/${rel}`, import.meta.url));
const gp5sim = (...args: string[]) => runTool('gp5sim', args);
const tmp = mkdtempSync(join(tmpdir(), 'gp5ldpc-'));

/** An alist with the given rows (0-based columns). */
function alist(n: number, rows: number[][]): string {
  const cols: number[][] = Array.from({ length: n }, () => []);
  rows.forEach((row, r) => row.forEach((c) => cols[c].push(r)));
  const lines = [`${n} ${rows.length}`, `${Math.max(...cols.map((c) => c.length))} ${Math.max(...rows.map((r) => r.length))}`, cols.map((c) => c.length).join(' '), rows.map((r) => r.length).join(' ')];
  for (const c of cols) lines.push(c.map((x) => x + 1).join(' '));
  for (const r of rows) lines.push(r.map((x) => x + 1).join(' '));
  const path = join(tmp, `code${n}-${rows.length}.alist`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('lane utilisation in gp5sim run', () => {
  it('is in the summary and in --json (vld + vrmaxs + vrmin of VL = 4: 4 useful lane-ops each)', () => {
    const j = JSON.parse(gp5sim('run', 'examples/maxstar-reduce.s', '--pes', '1', '--json').stdout.trim().split('\n')[0]);
    expect(j.laneOps).toBeGreaterThanOrEqual(12);
    expect(j.laneUtilization).toBeCloseTo(j.laneOps / (8 * j.cycles), 12);
    expect(gp5sim('run', 'examples/maxstar-reduce.s', '--pes', '1').stdout).toMatch(/lane utilisation: \d+\.\d%/);
  });
});

describe('gp5sim ldpc', () => {
  it('--json carries both BERs, the lane bound, lane utilisation and frames per second', () => {
    const out = join(tmp, 'r.json');
    const r = gp5sim('ldpc', data('ldpc/CCSDS_64_128.alist'), '--ebn0', '3', '--max-frames', '40', '--max-iter', '10', '--rule', 'nms', '--schedule', 'flooding', '--json', '-o', out);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ n: 128, m: 64, rule: 'nms', schedule: 'flooding', decoder: 'chip', maxIter: 10 });
    const p = j.points[0];
    expect(p.frames).toBe(40);
    for (const key of ['ber', 'codedBer', 'fer', 'meanIterations', 'mbps', 'laneUtilization', 'framesPerSecond', 'cyclesPerFrame']) expect(typeof p[key]).toBe('number');
    expect(p.mbps).toBeGreaterThan(0);
    expect(p.laneBound.mbps).toBeGreaterThan(p.mbps); // the bound bounds
    expect(p.laneBound.laneOpsPerFrameIteration).toBe(2 * 512 + 128); // flooding: 2E + n (CCSDS has E = 512)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(j);
  });

  it('is deterministic: the same seed gives the same error counts', () => {
    const run = () => JSON.parse(gp5sim('ldpc', data('ldpc/96.3.963.alist'), '--ebn0', '1', '--max-frames', '48', '--max-iter', '8', '--json').stdout).points[0];
    const a = run();
    const b = run();
    expect([a.bitErrors, a.codedBitErrors, a.frameErrors, a.cycles]).toEqual([b.bitErrors, b.codedBitErrors, b.frameErrors, b.cycles]);
    expect(a.frameErrors).toBeGreaterThan(0); // 1 dB on a short code: the counts are not trivially 0
  });

  it('--min-frame-errors stops a point early, in whole chunks', () => {
    const r = gp5sim('ldpc', data('ldpc/96.3.963.alist'), '--ebn0', '0', '--max-frames', '100000', '--min-frame-errors', '5', '--max-iter', '5', '--pes', '1', '--json');
    expect(r.status).toBe(0);
    const p = JSON.parse(r.stdout).points[0];
    expect(p.frameErrors).toBeGreaterThanOrEqual(5);
    expect(p.frames).toBeLessThan(1000);
  });

  it('--decoder float decodes the same frames in software (coded BER of the same order as the chip)', () => {
    const args = [data('ldpc/96.3.963.alist'), '--ebn0', '2', '--max-frames', '64', '--max-iter', '20', '--json'];
    const chip = JSON.parse(gp5sim('ldpc', ...args).stdout).points[0];
    const float = JSON.parse(gp5sim('ldpc', ...args, '--decoder', 'float').stdout).points[0];
    expect(float.decoder).toBe('float');
    expect(float.frames).toBe(64);
    expect(float.mbps).toBe(0); // no simulated time in software
    expect(chip.frameErrors).toBeGreaterThan(0);
    expect(Math.abs(chip.frameErrors - float.frameErrors)).toBeLessThanOrEqual(Math.max(3, chip.frameErrors / 2));
  });

  it('keeps --iters and --frames as aliases', () => {
    const r = gp5sim('ldpc', data('ldpc/96.3.963.alist'), '--frames', '3', '--iters', '4', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.maxIter).toBe(4);
    expect(j.points[0].frames).toBe(3);
  });

  it('a check too large for the LLR unit is a clear error naming the limit (exit 1, no stack)', () => {
    const r = gp5sim('ldpc', alist(300, [Array.from({ length: 300 }, (_, i) => i)]));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('check 1 has degree 300');
    expect(r.stderr).toContain('at most 256');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a degree-40 check decodes (no dense 2^40 table)', () => {
    const r = gp5sim('ldpc', alist(80, [Array.from({ length: 40 }, (_, i) => i), Array.from({ length: 40 }, (_, i) => 40 + i)]), '--max-frames', '8', '--ebn0', '6', '--json');
    expect(r.status).toBe(0);
  });

  it('a code that does not fit the scratchpad names the words needed and the limit', () => {
    const cfg = join(tmp, 'small.json');
    writeFileSync(cfg, JSON.stringify({ scratchpadBytes: 8192 }));
    const r = gp5sim('ldpc', data('ldpc/WIMAX_288_576.alist'), '--config', cfg);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/needs \d+ scratchpad words per PE .* 2048 words \(config scratchpadBytes 8192\)/);
  });

  it('bad flags are usage errors (exit 2) naming what was expected', () => {
    const code = data('ldpc/96.3.963.alist');
    for (const [flag, value, expected] of [
      ['--rule', 'sum', 'spa, ms, nms, oms'],
      ['--schedule', 'serial', 'flooding, layered'],
      ['--decoder', 'gpu', 'chip, float'],
      ['--max-iter', '0', 'integer 1'],
      ['--min-frame-errors', '-1', 'integer 0'],
      ['--ebn0', 'NaN', 'dB values'],
    ]) {
      const r = gp5sim('ldpc', code, flag, value);
      expect(r.status, `${flag} ${value}`).toBe(2);
      expect(r.stderr).toContain(expected);
    }
  });

  it('--help names both BER figures, examples and exit codes', () => {
    const r = gp5sim('ldpc', '--help');
    expect(r.stdout).toContain('codedBer');
    expect(r.stdout).toMatch(/information bits/);
    expect(r.stdout).toContain('Exit codes');
  });
});

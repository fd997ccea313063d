// `gp5sim ldpc` reports the host-I/O figure beside the decode-only Mbit/s, in the summary and --json.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runTool } from './hostile-helpers.js';

const alist = fileURLToPath(new URL('../../../shared/data/ldpc/CCSDS_64_128.alist', import.meta.url));
const gp5sim = (...args: string[]) => runTool('gp5sim', args);

describe('gp5sim ldpc host I/O', () => {
  it('--json has hostIo beside mbps; the summary has the Mbit/s +I/O column and states the assumed link', () => {
    const args = [alist, '--ebn0', '3', '--max-frames', '64', '--max-iter', '10'];
    const j = JSON.parse(gp5sim('ldpc', ...args, '--json').stdout);
    const p = j.points[0];
    expect(p.hostIo.wordsIn).toBe(8 * (128 * 8 + 1)); // 8 batches of VL = 8 frames: apps + mask
    expect(p.hostIo.wordsOut).toBe(8 * (128 * 8 + 10)); // apps + the 10-word iteration log
    expect(p.hostIo.bytes).toBe(4 * (p.hostIo.wordsIn + p.hostIo.wordsOut));
    expect(p.hostIo.mbps).toBeCloseTo((64 * 64) / (p.cycles / 1e9 + p.hostIo.bytes / 4e9) / 1e6, 6);
    expect(p.hostIo.mbps).toBeLessThan(p.mbps);
    const text = gp5sim('ldpc', ...args).stdout;
    expect(text).toContain('host link of 4 GB/s (assumed)');
    expect(text).toMatch(/Mbit\/s \+I\/O/);
    const row = text.trim().split('\n').at(-1)!.trim().split(/\s{2,}/);
    expect(Number(row[8])).toBeCloseTo(p.hostIo.mbps, 1);
  });
});

// The sweep report: the stall heatmap's samples add up to the simulator's counters, the plots a
// sweep calls for are written as SVG, and headless Chromium renders the HTML without script errors.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runPoint, StallHeatmapSink, MAX_BUCKETS, paretoFront, type SweepPoint } from '../../sweep/index.js';
import { STALL_CAUSE_NAMES } from '../../isa/index.js';
import { gp5sim, tempDir, writeSpec, data, hasData } from './helpers.js';

const tmp = tempDir('gp5report-');
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium) {
  if (process.env.CI === 'true') throw new Error('chromium is missing and CI=true: install it (apt-get install -y chromium; .ci/run does)');
  console.warn('\n\x1b[33mWARNING: chromium not found; the report rendering test is SKIPPED (apt-get install -y chromium)\x1b[0m\n');
}

describe('stall heatmap sink', () => {
  it('per PE and cause, the buckets add up exactly to the simulator stall counters, over a coarsened run', () => {
    const point: SweepPoint = { kind: 'infer', model: { generate: 'ising', params: { rows: 6, cols: 6, seed: 4 } }, machine: { pes: 4 }, options: { maxIter: 20, schedule: 'sequential' } };
    const sink = new StallHeatmapSink();
    const out = runPoint({ key: 'k', point, payload: { kind: 'none' } }, sink);
    const m = sink.result();
    expect(m.pes).toBe(4);
    // The run is far longer than MAX_BUCKETS cycles, so the buckets were widened.
    expect(m.bucketCycles).toBeGreaterThan(1);
    expect(m.buckets * m.bucketCycles).toBeGreaterThanOrEqual(Number(out.metrics.cycles) - m.bucketCycles);
    let checked = 0;
    for (let pe = 0; pe < 4; pe++) {
      STALL_CAUSE_NAMES.forEach((cause, c) => {
        let sum = 0;
        for (let b = 0; b < MAX_BUCKETS; b++) sum += m.cycles[(pe * MAX_BUCKETS + b) * STALL_CAUSE_NAMES.length + c];
        expect(sum, `PE ${pe} ${cause}`).toBe(out.perPe![pe].stalls[cause]);
        if (sum > 0) checked++;
      });
    }
    expect(checked).toBeGreaterThan(4);
  });

  it('the Pareto front keeps exactly the non-dominated points', () => {
    const pts = [
      { n: 'a', k: [10, 0.1, 5] },
      { n: 'b', k: [5, 0.1, 5] }, // dominated by a
      { n: 'c', k: [1, 0.01, 9] },
      { n: 'd', k: [10, 0.1, 5] }, // equal to a: not dominated
    ];
    expect([...paretoFront(pts, (p) => p.k as [number, number, number])].map((p) => p.n)).toEqual(['a', 'c', 'd']);
  });
});

describe.skipIf(!hasData)('gp5sim sweep report', () => {
  it('writes the plots the points call for, and the HTML renders in headless Chromium without errors', async () => {
    const wp = writeSpec(tmp, 'wp.yaml', 'kind: infer\nmodels: [{ generate: ising, rows: 4, cols: 4, seed: 1 }]\nmachine: { pes: [1, 4], messageBits: [10, 16] }\noptions: { maxIter: 30 }\n');
    expect(gp5sim('sweep', wp, '-o', join(tmp, 'wp'), '--workers', '1').status).toBe(0);
    expect(readdirSync(join(tmp, 'wp/plots')).sort()).toEqual(['cycles-per-iteration-vs-p.svg', 'error-vs-w.svg', 'pareto.svg', 'stall-heatmap.svg', 'utilization-vs-p.svg']);
    const heat = readFileSync(join(tmp, 'wp/plots/stall-heatmap.svg'), 'utf8');
    expect(heat).toMatch(/^<svg /);
    expect(heat).toMatch(/main stall cause/);
    expect(readFileSync(join(tmp, 'wp/report.html'), 'utf8')).toMatch(/Stalls per PE over time \(point #0, ising\(rows=4,cols=4,seed=1\)\)/);

    const code = join(data, 'ldpc/96.3.963.alist');
    const lspec = writeSpec(tmp, 'l.yaml', `kind: ldpc\nmodels: [${code}]\nmachine: { pes: 4 }\noptions: { ebn0: [1, 2], frames: 10, iters: 10 }\n`);
    expect(gp5sim('sweep', lspec, '-o', join(tmp, 'l'), '--workers', '1').status).toBe(0);
    expect(readdirSync(join(tmp, 'l/plots'))).toEqual(['ber-fer-vs-ebn0.svg']);
    expect(readFileSync(join(tmp, 'l/plots/ber-fer-vs-ebn0.svg'), 'utf8')).toMatch(/float/);

    if (!chromium) return;
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(pathToFileURL(join(tmp, 'wp/report.html')).href, { waitUntil: 'load' });
      const seen = await page.evaluate(() => ({
        plots: document.body.dataset.plots,
        figures: [...document.querySelectorAll('figure.plot')].map((f) => ({ id: f.id, w: f.querySelector('svg')!.getBoundingClientRect().width, marks: f.querySelectorAll('svg path, svg rect').length })),
      }));
      expect(errors).toEqual([]);
      expect(seen.plots).toBe('5');
      expect(seen.figures.map((f) => f.id)).toEqual(['utilization-vs-p', 'cycles-per-iteration-vs-p', 'error-vs-w', 'pareto', 'stall-heatmap']);
      for (const f of seen.figures) {
        expect(f.w, f.id).toBeGreaterThan(300);
        expect(f.marks, f.id).toBeGreaterThan(3);
      }
    } finally {
      await browser.close();
    }
  }, 180_000);
});

// The energy and area ESTIMATE: Horowitz's 45 nm anchor points, per-event energies per W, and a
// run's total as counts x energies.
import { describe, it, expect } from 'vitest';
import { eventEnergies, eventCounts, energyMetrics, reportCounters, areaMm2, runPoint, pointConfig, type SweepPoint } from '../../sweep/index.js';
import { sramPj64 } from '../../sweep/energy-config.js';
import { inferOnChip } from '../../runtime/index.js';
import { isingGrid } from '../../golden/index.js';

describe('energy model', () => {
  it("reproduces Horowitz's SRAM figures (10, 20, 100 pJ per 64-bit read at 8 KB, 32 KB, 1 MB) within 15%", () => {
    expect(sramPj64(8192)).toBe(10);
    expect(sramPj64(32768)).toBe(20);
    expect(sramPj64(1 << 20) / 100).toBeCloseTo(1.13, 2);
  });

  it('per-event energies for the default machine (W = 16, 8 lanes, 256 KiB scratchpad)', () => {
    const e = eventEnergies(pointConfig({}));
    expect(e.aluOp).toBeCloseTo(0.05, 12); // 0.1 pJ per 32-bit add, halved
    expect(e.laneOp).toBeCloseTo(0.1, 12);
    expect(e.scratchpadWord).toBeCloseTo(10 * Math.sqrt(32) * 0.25, 12); // 14.14 pJ
    expect(e.flitHop).toBeCloseTo(0.1 * 2 * 8 * 16, 12); // 25.6 pJ: 128 bits over 2 mm
    expect(e.maxStarLookup).toBeCloseTo(10 * Math.sqrt(1024 / 8192) * 0.25, 12); // a 512-byte table, clamped to 1 KB
    // Wider words cost proportionally more.
    expect(eventEnergies(pointConfig({ messageBits: 32 })).scratchpadWord).toBeCloseTo(2 * e.scratchpadWord, 12);
  });

  it("a run's energy is its event counts times the energies; power and pJ per message follow", () => {
    const cfg = pointConfig({ pes: 4 });
    const r = inferOnChip(isingGrid({ rows: 5, cols: 5, seed: 2 }), { cfg, maxIter: 20 }).report;
    const n = eventCounts(reportCounters(r));
    expect(n.aluOp).toBe(r.instructions);
    expect(r.laneOps).toBeGreaterThan(0);
    expect(n.laneOp).toBe(r.laneOps); // the simulator's useful lane-operation counter
    expect(n.flitHop).toBe(r.network.flitHops);
    const e = eventEnergies(cfg);
    const pj = (Object.keys(e) as (keyof typeof e)[]).reduce((a, k) => a + e[k] * n[k], 0);
    const m = energyMetrics({ ...reportCounters(r), cycles: r.cycles }, cfg, { messages: r.bpMessages, frames: 1 });
    expect(m['est.energyPj']).toBe(pj);
    expect(m['est.pjPerMessage']).toBe(pj / r.bpMessages);
    expect(m['est.njPerFrame']).toBe(pj / 1000);
    expect(m['est.powerMw']).toBeCloseTo((pj * 1e-12) / (r.cycles / 1e9) / 1e-3, 9);
    expect(m['est.pjPerInfoBit']).toBeNull();
    // The sweep's point rows carry the same figures.
    const point: SweepPoint = { kind: 'infer', model: { generate: 'ising', params: { rows: 5, cols: 5, seed: 2 } }, machine: { pes: 4 }, options: { maxIter: 20 } };
    expect(runPoint({ key: 'k', point, payload: { kind: 'none' } }).metrics['est.energyPj']).toBe(pj);
  });

  it('area grows with P and is dominated by SRAM (per-unit estimate)', () => {
    const a4 = areaMm2(pointConfig({ pes: 4 }));
    const a16 = areaMm2(pointConfig({ pes: 16 }));
    expect(a16).toBeGreaterThan(3.5 * a4);
    // 16 PEs x (256 KiB + 4 MiB) + 1 MiB shared, at 0.519 µm² per bit: about 304 mm² of SRAM.
    expect(a16).toBeGreaterThan(300);
    expect(a16).toBeLessThan(320);
  });
});

// LDPC points on the runtime's structured decoder (the one `gp5sim ldpc` runs), their energy from
// the decoder's counters, and the area estimate from synthesis cell counts when they match.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parseAlist } from '../../golden/index.js';
import { simulateLdpc, ldpcSoftware, informationPositionsOf, ldpcFracBits } from '../../runtime/index.js';
import { readRun, runPoint, mergeLdpcShards, ldpcEnergyPj, ldpcConfig, pointConfig, areaEstimate, areaMm2, parseSynthCells, unitUm2, SYNTH_AREA, ENERGY_CONSTANTS, type SweepPoint } from '../../sweep/index.js';

const code963 = new URL('../../../shared/data/ldpc/96.3.963.alist', import.meta.url);
const fixture = new URL('./cells.fixture.json', import.meta.url);

describe.skipIf(!existsSync(code963))('LDPC points: the structured chip decoder', () => {
  const text = existsSync(code963) ? readFileSync(code963, 'utf8') : '';
  const run = (options: SweepPoint['options'], machine: SweepPoint['machine'] = { pes: 2 }) =>
    runPoint({ key: 'k', point: { kind: 'ldpc', model: { file: 'c.alist' }, machine, options }, payload: { kind: 'model', name: 'c.alist', format: 'alist', text } }).metrics;

  it('gives what gp5sim ldpc (simulateLdpc) gives on the same frames, chip and float, for each rule and schedule', () => {
    const h = parseAlist(text, 'c.alist');
    const infoPositions = informationPositionsOf(h);
    for (const [rule, schedule] of [['spa', 'layered'], ['nms', 'flooding']] as const) {
      const cfg = pointConfig({ pes: 2 });
      const m = mergeLdpcShards([run({ ebn0: 1.5, frames: 40, iters: 12, seed: 9, rule, schedule })], cfg);
      const common = { cfg, rule, schedule, maxIter: 12, earlyStop: true, ebn0: 1.5, seed: 9, maxFrames: 40, minFrameErrors: 0, infoPositions, float: ldpcSoftware().decodeLdpcFloat };
      const chip = simulateLdpc(h, { ...common, decoder: 'chip' });
      const float = simulateLdpc(h, { ...common, decoder: 'float' });
      expect(chip.frameErrors, rule).toBeGreaterThan(0);
      expect(m).toMatchObject({ frames: 40, k: 50, bitErrors: chip.bitErrors, frameErrors: chip.frameErrors, ber: chip.ber, codedBer: chip.codedBer, fer: chip.fer, cycles: chip.cycles, meanIterations: chip.meanIterations });
      expect(m.mbps).toBeCloseTo(chip.mbps, 9);
      // The host-I/O figure, as gp5sim ldpc reports it (hostIo.mbps < mbps: the link time is added).
      expect(m['hostIo.mbps']).toBe(chip.hostIo.mbps);
      expect(m['hostIo.linkMbps']).toBe(chip.hostIo.linkMbps);
      expect(m['hostIo.bytes']).toBe(chip.hostIo.bytes);
      expect(chip.hostIo.mbps).toBeLessThan(chip.mbps);
      expect(m.laneUtilization).toBeCloseTo(chip.laneUtilization, 12);
      expect(m).toMatchObject({ 'float.bitErrors': float.bitErrors, 'float.frameErrors': float.frameErrors, 'float.ber': float.ber, 'float.meanIterations': float.meanIterations });
      // Energy from the decoder's own counters; per information bit and per frame follow.
      const pj = ldpcEnergyPj({ instructions: Number(m.instructions), laneOps: Number(m.laneOps), flitHops: 0 }, cfg, rule);
      expect(m['est.energyPj']).toBe(pj);
      expect(m['est.pjPerInfoBit']).toBe(pj / (40 * 50));
      expect(m['est.njPerFrame']).toBe(pj / 1000 / 40);
      expect(m['est.powerMw']).toBeCloseTo((pj * 1e-12) / (chip.cycles / (cfg.clockMHz * 1e6)) / 1e-3, 9);
    }
  }, 60_000);

  it('spa costs max* lookups, min-sum does not; W alone takes the LDPC format', () => {
    const spa = mergeLdpcShards([run({ ebn0: 3, frames: 16, iters: 5, rule: 'spa' })], pointConfig({ pes: 2 }));
    const ms = mergeLdpcShards([run({ ebn0: 3, frames: 16, iters: 5, rule: 'ms' })], pointConfig({ pes: 2 }));
    expect(Number(spa['est.energyPj']) / Number(spa.laneOps)).toBeGreaterThan(Number(ms['est.energyPj']) / Number(ms.laneOps));
    expect(ldpcConfig(pointConfig({ messageBits: 8 }), { messageBits: 8 }).fracBits).toBe(ldpcFracBits(8));
    expect(ldpcConfig(pointConfig({ messageBits: 8, fracBits: 3 }), { messageBits: 8, fracBits: 3 }).fracBits).toBe(3);
    // diff-runs reads an LDPC row's lane utilisation and BER.
    const row = JSON.stringify({ index: 0, key: 'k', kind: 'ldpc', model: 'c', machine: {}, options: {}, metrics: spa, wall: { ms: 0, simMs: 0 } });
    expect(readRun(row, 'r.jsonl')).toMatchObject({ cycles: spa.cycles, utilization: spa.laneUtilization, error: { name: 'BER', value: spa.ber } });
  }, 60_000);
});

describe('area: synthesis cell counts when they cover the machine', () => {
  const synth = parseSynthCells(readFileSync(fixture, 'utf8'), 'cells.fixture.json');

  it('converts cells to µm² (generic gates as 1.5 NAND2_X1, flip-flops as DFF_X1, RAM bits as SRAM)', () => {
    expect(unitUm2({ cells: 1000, flipFlops: 100, memoryBits: 10 })).toBeCloseTo(900 * 1.5 * 0.798 + 100 * 4.522 + 10 * 0.346 * 1.5, 9);
    expect(SYNTH_AREA).toMatchObject({ nand2Um2: 0.798, dffUm2: 4.522 });
  });

  it('uses the matching (lanes, W) config and says so; otherwise the per-unit estimate', () => {
    const cfg = pointConfig({ pes: 4, lanes: 8, messageBits: 16 });
    const est = areaEstimate(cfg);
    const syn = areaEstimate(cfg, synth);
    expect(est.source).toBe('per-unit estimate (no synthesis cell counts)');
    expect(syn.source).toMatch(/^synthesis \(yosys 0\.23, L=8 W=16/);
    const units = synth.configs[0].units;
    const datapath = unitUm2(units.vector) + unitUm2(units.llr) + unitUm2(units.factor);
    const perUnitDatapath = 8 * 16 * ENERGY_CONSTANTS.adderUm2PerBit * ENERGY_CONSTANTS.laneAdderEquivalents;
    expect(syn.mm2 - est.mm2).toBeCloseTo((4 * (datapath - perUnitDatapath)) / 1e6, 9);
    const other = areaEstimate(pointConfig({ pes: 4, lanes: 16 }), synth);
    expect(other.source).toBe('per-unit estimate (cells.json has no L=16 W=16)');
    expect(other.mm2).toBe(areaMm2(pointConfig({ pes: 4, lanes: 16 })));
  });

  it('a malformed file names its field', () => {
    expect(() => parseSynthCells('{"tool":"yosys 0.23","configs":[{"lanes":8,"bits":16,"units":{"vector":{"cells":5,"flipFlops":1}}}]}', 'c.json')).toThrow('c.json: configs[0].units.llr: expected an object');
    expect(() => parseSynthCells('{"tool":"vivado","configs":[]}', 'c.json')).toThrow('c.json: tool: expected "yosys <version>"');
    expect(() => parseSynthCells('{', 'c.json')).toThrow(/^c\.json: \(syntax\): expected JSON/);
  });
});

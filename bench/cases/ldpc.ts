// LDPC decoding on the chip's LLR unit: simulated throughput beside the default datapath's lane
// bound and the target, lane utilisation, and the simulator's own speed against the dense-table
// decoder it replaced. Every case decodes whole chunks (P·K·VL frames) at 2.5 dB, layered SPA,
// ≤ 50 iterations with the syndrome early stop, on the default 16-PE 1 GHz config.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeConfig } from '../../isa/index.js';
import { parseAlist, type ParityCheckMatrix } from '../../golden/index.js';
import { simulateLdpc, informationPositionsOf, HOST_LINK_BYTES_PER_SECOND, type LdpcSimPoint } from '../../runtime/index.js';
import type { BenchCase, FigureResult } from '../harness.js';

/** Issue 12's targets, and the figures of the dense-table decoder at commit 51f1f98 (main before this work). */
const TARGET_MBPS = 1000;
const TARGET_LANE_UTILIZATION = 0.5;
const TARGET_SPEEDUP = 20;
const TODAY_MBPS = 10.7;
const TODAY_FRAMES_PER_SECOND = 1.24; // decodeLdpc, 10 WiMAX frames at 2.5 dB, measured on this machine

function code(file: string): ParityCheckMatrix {
  const path = fileURLToPath(new URL(`../../../shared/data/ldpc/${file}`, import.meta.url));
  return parseAlist(readFileSync(path, 'utf8'), path);
}

const memo = new Map<string, LdpcSimPoint>();
function decode(file: string, frames: number): LdpcSimPoint {
  const key = `${file}/${frames}`;
  let p = memo.get(key);
  if (!p) {
    const h = code(file);
    p = simulateLdpc(h, {
      cfg: makeConfig({}),
      rule: 'spa',
      schedule: 'layered',
      maxIter: 50,
      earlyStop: true,
      ebn0: 2.5,
      seed: 1,
      maxFrames: frames,
      minFrameErrors: 0,
      infoPositions: informationPositionsOf(h),
      decoder: 'chip',
      now: () => performance.now(),
    });
    memo.set(key, p);
  }
  return p;
}

function throughputCase(name: string, file: string, frames: number, label: string, target?: number): BenchCase {
  return {
    kind: 'figure',
    name,
    unit: 'Mbit/s',
    description: `${label} layered SPA on the default 16-PE chip at 1 GHz, 2.5 dB, ≤ 50 iterations, ${frames} frames: information bits per simulated second (decode cycles only), with the lane bound beside it and mbpsWithHostIo, the same with the frames' channel LLRs loaded and decisions read back over an assumed ${HOST_LINK_BYTES_PER_SECOND / 1e9} GB/s host link, not overlapped (hostLinkMbps: the link alone)${target ? ` (target ≥ ${target})` : ' (reported)'}`,
    measure: (): FigureResult => {
      const p = decode(file, frames);
      const extra: FigureResult['extra'] = {
        laneBound: { value: p.laneBound.mbps, unit: 'Mbit/s' },
        mbpsWithHostIo: { value: p.hostIo.mbps, unit: 'Mbit/s' },
        hostLinkMbps: { value: p.hostIo.linkMbps, unit: 'Mbit/s' },
        hostBytesPerFrame: { value: p.hostIo.bytes / p.frames, unit: 'bytes' },
        ber: { value: p.ber, unit: '' },
        meanIterations: { value: p.meanIterations, unit: 'iterations' },
        cyclesPerFrame: { value: p.cyclesPerFrame, unit: 'cycles' },
        laneUtilization: { value: p.laneUtilization, unit: '' },
      };
      if (target) extra.target = { value: target, unit: 'Mbit/s' };
      if (name === 'ldpc.wimax576.simMbps') extra.today = { value: TODAY_MBPS, unit: 'Mbit/s' };
      return { value: p.mbps, extra };
    },
  };
}

export const ldpcCases: BenchCase[] = [
  throughputCase('ldpc.wimax576.simMbps', 'WIMAX_288_576.alist', 3072, 'WiMAX (576,288)', TARGET_MBPS),
  throughputCase('ldpc.mackay1008.simMbps', 'MACKAY_504_1008.alist', 1536, 'MacKay (1008,504)'),
  throughputCase('ldpc.ccsds128.simMbps', 'CCSDS_64_128.alist', 4096, 'CCSDS (128,64)'),
  {
    kind: 'figure',
    name: 'ldpc.wimax576.laneUtilization',
    unit: '',
    description: `useful lane-operations / (P·L·cycles) while decoding WiMAX (576,288) as in ldpc.wimax576.simMbps (target ≥ ${TARGET_LANE_UTILIZATION})`,
    measure: (): FigureResult => ({ value: decode('WIMAX_288_576.alist', 3072).laneUtilization, extra: { target: { value: TARGET_LANE_UTILIZATION, unit: '' } } }),
  },
  {
    kind: 'figure',
    name: 'ldpc.wimax576.simFramesPerSecond',
    unit: 'frames/s',
    description: `simulator wall-clock speed: WiMAX frames decoded per second as in ldpc.wimax576.simMbps, beside the dense-table decoder's ${TODAY_FRAMES_PER_SECOND} frames/s (target ≥ ${TARGET_SPEEDUP}×)`,
    measure: (): FigureResult => {
      const p = decode('WIMAX_288_576.alist', 3072);
      return { value: p.framesPerSecond, extra: { speedup: { value: p.framesPerSecond / TODAY_FRAMES_PER_SECOND, unit: '×' }, target: { value: TARGET_SPEEDUP, unit: '×' } } };
    },
  },
];

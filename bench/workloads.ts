// Generated programs for benchmarks (built with the ISA encoder, no assembler needed).
import { encode, instructionByMnemonic, type MachineConfig, type ObjectFile, type OperandValue } from '../isa/index.js';

const I = (m: string, ...ops: OperandValue[]) => encode(instructionByMnemonic(m)!, ops);

/**
 * A BP-like program: every PE runs `iterations` rounds of `factors` pairwise binary factor updates
 * (fupd.sp) and as many variable updates (vupd), then a barmax convergence reduction.
 */
export function bpLikeProgram(cfg: MachineConfig, factors: number, iterations: number): ObjectFile {
  const data: number[] = [];
  const at = () => data.length;
  // Messages and tables first, then descriptors.
  const msgBase = at();
  for (let i = 0; i < 4 * factors; i++) data.push(i % 3 === 0 ? 0 : 40, i % 5 === 0 ? 20 : 0);
  const tableBase = at();
  for (let i = 0; i < factors; i++) data.push(0, 177, 177, 0);
  const fdesc: number[] = [];
  for (let i = 0; i < factors; i++) {
    fdesc.push(at());
    const inMsg = msgBase + 2 * (4 * i);
    const outMsg = msgBase + 2 * (4 * i + 1);
    data.push(4, 2, i & 1, tableBase + 4 * i, outMsg, 0, 2, 1, inMsg, 2, 2, inMsg);
  }
  const vdesc: number[] = [];
  for (let i = 0; i < factors; i++) {
    vdesc.push(at());
    const a = msgBase + 2 * (4 * i + 1);
    const b = msgBase + 2 * (4 * ((i + 1) % factors) + 1);
    const c = msgBase + 2 * (4 * i + 3);
    data.push(2, 3, 0, msgBase + 2 * (4 * i), 0, a, b, c);
  }
  const body: number[] = [];
  for (let i = 0; i < factors; i++) body.push(I('fupd.sp', 1, { base: 0, offset: fdesc[i] }));
  for (let i = 0; i < factors; i++) body.push(I('vupd', 1, { base: 0, offset: vdesc[i] }));
  body.push(I('barmax', 2, 1), I('addi', 1, 0, 0));
  const code = [I('loopi', iterations, body.length + 1), ...body, I('halt')];
  return {
    version: 1,
    requirements: { minPes: cfg.pes, messageBits: cfg.messageBits, fracBits: cfg.fracBits, unsignedMessages: cfg.unsignedMessages },
    entry: 0,
    entryPerPe: new Map(),
    sections: [
      { name: 'code', space: 'code', pes: 'all', origin: 0, words: Uint32Array.from(code) },
      { name: 'data', space: 'scratchpad', pes: 'all', origin: 0, words: Uint32Array.from(data.map((x) => x >>> 0)) },
    ],
    symbols: [],
  };
}

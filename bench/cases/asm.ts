// Assembler throughput: a generated 100,000-line program (instructions of every operand kind,
// labels, forward and backward branches, data directives, comments) assembled from text to object
// bytes.
import { assemble, serializeObject } from '../../asm/index.js';
import type { BenchCase } from '../harness.js';

/** A deterministic program of `lines` source lines. */
export function generateAsmProgram(lines: number): string {
  const out: string[] = ['; generated benchmark program', '.equ BASE, 0x100', '.text'];
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  let label = 0;
  while (out.length < lines - 4) {
    const i = out.length;
    switch (rnd(12)) {
      case 0:
        out.push(`L${label++}: add r${rnd(16)}, r${rnd(16)}, r${rnd(16)}`);
        break;
      case 1:
        out.push(`    addi r${rnd(16)}, r${rnd(16)}, ${rnd(4000) - 2000}   ; immediate`);
        break;
      case 2:
        out.push(`    ld r${rnd(16)}, ${rnd(200)}(r${rnd(16)})`);
        break;
      case 3:
        out.push(`    vadd v${rnd(8)}, v${rnd(8)}, v${rnd(8)}`);
        break;
      case 4:
        out.push(label > 0 ? `    bne r${rnd(16)}, r${rnd(16)}, L${label - 1 - rnd(Math.min(label, 50))}` : '    nop');
        break;
      case 5:
        out.push(`    beq r1, r2, L${label + 1 + rnd(20)}  // forward`);
        break;
      case 6:
        out.push(`    vld v${rnd(8)}, BASE + ${rnd(64)}(r${rnd(16)})`);
        break;
      case 7:
        out.push(`    fupd.sp r${rnd(16)}, ${rnd(100)}(r${rnd(16)})`);
        break;
      case 8:
        out.push(`    csrr r${rnd(16)}, peid`);
        break;
      case 9:
        out.push(`    slli r${rnd(16)}, r${rnd(16)}, ${rnd(32)}`);
        break;
      case 10:
        out.push(`    vdamp v1, v2, v3, ${rnd(257)}`);
        break;
      default:
        out.push(i % 7 === 0 ? '' : `    li r${rnd(16)}, ${rnd(1 << 30)}`);
    }
  }
  // Define the forward labels the branches may reference.
  for (let k = 0; k < 21; k++) out.push(`L${label + k}: nop`);
  out.push('    halt');
  out.push('.data');
  out.push('tbl: .prob 0.25, 0.75, 0, 1');
  while (out.length < lines) out.push('    .word 1, 2, 3');
  return out.slice(0, Math.max(lines, out.length)).join('\n') + '\n';
}

export const asmCases: BenchCase[] = [
  {
    kind: 'timed',
    name: 'asm.linesPerSec',
    unit: 'lines/s',
    description: 'gp5asm: assemble a generated 100,000-line program to object bytes (parse, two passes, serialise)',
    maxTimeSeconds: 6,
    setup() {
      const lines = 100_000;
      const text = generateAsmProgram(lines);
      const count = text.split('\n').length - 1;
      return {
        fn: () => {
          const r = assemble(text, { fileName: 'bench.s', listing: false });
          serializeObject(r.object);
        },
        workPerCall: count,
      };
    },
  },
];

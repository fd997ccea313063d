// Pre-decoding of instruction memory into flat typed arrays, so the issue loop reads fields
// without allocating or re-decoding.
import { decode, INSTRUCTIONS, SEM_INDEX, UNIT_INDEX, BEAT_INDEX, MEMORY_USE_INDEX, type InstructionDef } from '../isa/index.js';

/** Flat per-instruction info; index = pc. `sem` is the index in SEM_NAMES, -1 for an invalid word. */
export interface DecodedProgram {
  length: number;
  words: Uint32Array;
  sem: Int16Array;
  defIndex: Int16Array;
  /** Register fields A, B, C as encoded. */
  fa: Uint8Array;
  fb: Uint8Array;
  fc: Uint8Array;
  /** First and second numeric operand (immediate, target offset, CSR number, memory offset). */
  imm: Int32Array;
  imm2: Int32Array;
  unit: Uint8Array;
  beats: Uint8Array;
  latency: Uint8Array;
  penalty: Uint8Array;
  /** Scalar registers read (up to 3, -1 none) and written (-1 none). */
  sSrc0: Int8Array;
  sSrc1: Int8Array;
  sSrc2: Int8Array;
  sDst: Int8Array;
  vSrc0: Int8Array;
  vSrc1: Int8Array;
  vDst: Int8Array;
  /** Index in MEMORY_USES: 0 none, 1 read, 2 write, 3 read+write. */
  mem: Uint8Array;
  /** 1 when the scalar destination is also read as an accumulator (fupd, vupd, vmaxad). */
  accum: Uint8Array;
  /** Disassembly text per pc, filled lazily by tracing. */
  text: (string | undefined)[];
}

export function defOf(index: number): InstructionDef {
  return INSTRUCTIONS[index];
}

const defIndexOf = new Map(INSTRUCTIONS.map((d, i) => [d, i]));

export function predecode(words: Uint32Array): DecodedProgram {
  const n = words.length;
  const p: DecodedProgram = {
    length: n,
    words,
    sem: new Int16Array(n).fill(-1),
    defIndex: new Int16Array(n).fill(-1),
    fa: new Uint8Array(n),
    fb: new Uint8Array(n),
    fc: new Uint8Array(n),
    imm: new Int32Array(n),
    imm2: new Int32Array(n),
    unit: new Uint8Array(n),
    beats: new Uint8Array(n),
    latency: new Uint8Array(n),
    penalty: new Uint8Array(n),
    sSrc0: new Int8Array(n).fill(-1),
    sSrc1: new Int8Array(n).fill(-1),
    sSrc2: new Int8Array(n).fill(-1),
    sDst: new Int8Array(n).fill(-1),
    vSrc0: new Int8Array(n).fill(-1),
    vSrc1: new Int8Array(n).fill(-1),
    vDst: new Int8Array(n).fill(-1),
    mem: new Uint8Array(n),
    accum: new Uint8Array(n),
    text: new Array<string | undefined>(n),
  };
  for (let pc = 0; pc < n; pc++) {
    const ins = decode(words[pc]);
    if (!ins) continue;
    const def = ins.def;
    p.sem[pc] = SEM_INDEX[def.sem];
    p.defIndex[pc] = defIndexOf.get(def)!;
    p.unit[pc] = UNIT_INDEX[def.timing.unit];
    p.beats[pc] = BEAT_INDEX[def.timing.beats];
    p.latency[pc] = def.timing.latency;
    p.penalty[pc] = def.timing.redirectPenalty ?? 0;
    p.mem[pc] = MEMORY_USE_INDEX[def.memory];
    const sSrc: number[] = [];
    const vSrc: number[] = [];
    const nums: number[] = [];
    def.operands.forEach((spec, k) => {
      const val = ins.operands[k];
      if (spec.kind === 'mem') {
        const m = val as { base: number; offset: number };
        p.fb[pc] = m.base;
        sSrc.push(m.base);
        nums.push(m.offset);
        return;
      }
      const num = val as number;
      if (spec.kind === 'sreg' || spec.kind === 'vreg') {
        const field = spec.field === 'A' ? p.fa : spec.field === 'B' ? p.fb : p.fc;
        field[pc] = num;
        const reads = spec.role !== 'write';
        const writes = spec.role !== 'read';
        if (spec.kind === 'sreg') {
          if (reads && !writes) sSrc.push(num);
          if (writes) p.sDst[pc] = num;
          if (reads && writes) p.accum[pc] = 1;
        } else {
          if (reads) vSrc.push(num);
          if (writes) p.vDst[pc] = num;
        }
        return;
      }
      nums.push(num);
    });
    // r0 always reads as zero and is never pending, so it creates no hazard.
    const s = sSrc.filter((r) => r !== 0);
    p.sSrc0[pc] = s[0] ?? -1;
    p.sSrc1[pc] = s[1] ?? -1;
    p.sSrc2[pc] = s[2] ?? -1;
    if (p.sDst[pc] === 0) p.sDst[pc] = -1;
    p.vSrc0[pc] = vSrc[0] ?? -1;
    p.vSrc1[pc] = vSrc[1] ?? -1;
    p.imm[pc] = nums[0] ?? 0;
    p.imm2[pc] = nums[1] ?? 0;
  }
  return p;
}

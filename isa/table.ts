// THE instruction table of the GP5-class ISA: the one source of truth. The encoder, decoder,
// disassembler, the assembler's mnemonic set, the simulator's timing and ISA.md all derive from it.
import type { FieldName } from './fields.js';
import { DAMP_LAMBDA_MAX } from './fixed.js';
import type {
  CsrOperand,
  ImmOperand,
  InstructionDef,
  MemOperand,
  RegField,
  Role,
  SregOperand,
  TargetOperand,
  Timing,
  VregOperand,
} from './types.js';

// ---- operand constructors (keep the table below readable) ----
const r = (name: string, field: RegField, role: Role): SregOperand => ({ kind: 'sreg', name, field, role });
const v = (name: string, field: RegField, role: Role): VregOperand => ({ kind: 'vreg', name, field, role });
const simm = (name: string, field: FieldName, bits: number): ImmOperand => ({
  kind: 'imm', name, field, signed: true, min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1,
});
const uimm = (name: string, field: FieldName, min: number, max: number): ImmOperand => ({
  kind: 'imm', name, field, signed: false, min, max,
});
const rel = (name: string, field: FieldName, bits: number): TargetOperand => ({
  kind: 'target', name, field, signed: true, min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1,
});
const fwd = (name: string, field: FieldName, min: number, max: number): TargetOperand => ({
  kind: 'target', name, field, signed: false, min, max,
});
const mem = (name: string): MemOperand => ({ kind: 'mem', name, base: 'B', offset: 'imm18', min: -131072, max: 131071 });
const csr = (name: string): CsrOperand => ({ kind: 'csr', name, field: 'imm14' });

const RD = r('rd', 'A', 'write');
const RA = r('ra', 'B', 'read');
const RB = r('rb', 'C', 'read');
const VD = v('vd', 'A', 'write');
const VA = v('va', 'B', 'read');
const VB = v('vb', 'C', 'read');

const t = (unit: Timing['unit'], beats: Timing['beats'], latency: number): Timing => ({ unit, beats, latency });
const ALU = t('alu', 'one', 1);
/** Branches resolve in execute: a taken branch or jump squashes the two younger fetch slots. */
const BRANCH: Timing = { unit: 'branch', beats: 'one', latency: 1, redirectPenalty: 2 };

// ---- the table ----
// Opcode 0x00 is reserved-invalid. Opcodes are grouped by class; gaps are free for extensions.
export const INSTRUCTIONS: readonly InstructionDef[] = [
  // Scalar ALU, register-register (32-bit two's complement, wrapping).
  { mnemonic: 'add', opcode: 0x01, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'add', summary: 'rd ← ra + rb' },
  { mnemonic: 'sub', opcode: 0x02, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'sub', summary: 'rd ← ra − rb' },
  { mnemonic: 'and', opcode: 0x03, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'and', summary: 'rd ← ra & rb' },
  { mnemonic: 'or', opcode: 0x04, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'or', summary: 'rd ← ra | rb' },
  { mnemonic: 'xor', opcode: 0x05, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'xor', summary: 'rd ← ra ^ rb' },
  { mnemonic: 'sll', opcode: 0x06, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'sll', summary: 'rd ← ra << (rb & 31)' },
  { mnemonic: 'srl', opcode: 0x07, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'srl', summary: 'rd ← ra >>> (rb & 31) (logical)' },
  { mnemonic: 'sra', opcode: 0x08, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'sra', summary: 'rd ← ra >> (rb & 31) (arithmetic)' },
  { mnemonic: 'slt', opcode: 0x09, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'slt', summary: 'rd ← (ra < rb) ? 1 : 0 (signed)' },
  { mnemonic: 'min', opcode: 0x0a, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'min', summary: 'rd ← min(ra, rb) (signed)' },
  { mnemonic: 'max', opcode: 0x0b, group: 'Scalar ALU', operands: [RD, RA, RB], timing: ALU, memory: 'none', sem: 'max', summary: 'rd ← max(ra, rb) (signed)' },
  { mnemonic: 'mul', opcode: 0x0c, group: 'Scalar ALU', operands: [RD, RA, RB], timing: t('mul', 'one', 3), memory: 'none', sem: 'mul', summary: 'rd ← low 32 bits of ra × rb' },

  // Scalar ALU, register-immediate.
  { mnemonic: 'addi', opcode: 0x10, group: 'Scalar immediate', operands: [RD, RA, simm('imm', 'imm18', 18)], timing: ALU, memory: 'none', sem: 'addi', summary: 'rd ← ra + sext(imm18)' },
  { mnemonic: 'andi', opcode: 0x11, group: 'Scalar immediate', operands: [RD, RA, simm('imm', 'imm18', 18)], timing: ALU, memory: 'none', sem: 'andi', summary: 'rd ← ra & sext(imm18)' },
  { mnemonic: 'ori', opcode: 0x12, group: 'Scalar immediate', operands: [RD, RA, simm('imm', 'imm18', 18)], timing: ALU, memory: 'none', sem: 'ori', summary: 'rd ← ra | sext(imm18)' },
  { mnemonic: 'xori', opcode: 0x13, group: 'Scalar immediate', operands: [RD, RA, simm('imm', 'imm18', 18)], timing: ALU, memory: 'none', sem: 'xori', summary: 'rd ← ra ^ sext(imm18)' },
  { mnemonic: 'slli', opcode: 0x14, group: 'Scalar immediate', operands: [RD, RA, uimm('shamt', 'imm18', 0, 31)], timing: ALU, memory: 'none', sem: 'slli', summary: 'rd ← ra << shamt' },
  { mnemonic: 'srli', opcode: 0x15, group: 'Scalar immediate', operands: [RD, RA, uimm('shamt', 'imm18', 0, 31)], timing: ALU, memory: 'none', sem: 'srli', summary: 'rd ← ra >>> shamt (logical)' },
  { mnemonic: 'srai', opcode: 0x16, group: 'Scalar immediate', operands: [RD, RA, uimm('shamt', 'imm18', 0, 31)], timing: ALU, memory: 'none', sem: 'srai', summary: 'rd ← ra >> shamt (arithmetic)' },
  { mnemonic: 'slti', opcode: 0x17, group: 'Scalar immediate', operands: [RD, RA, simm('imm', 'imm18', 18)], timing: ALU, memory: 'none', sem: 'slti', summary: 'rd ← (ra < sext(imm18)) ? 1 : 0 (signed)' },
  { mnemonic: 'lui', opcode: 0x18, group: 'Scalar immediate', operands: [RD, uimm('imm', 'imm22', 0, 0x3fffff)], timing: ALU, memory: 'none', sem: 'lui', summary: 'rd ← imm22 << 10', notes: 'With `ori rd, rd, low10` builds any 32-bit constant; the assembler pseudo-instruction `li` chooses `addi` or `lui`+`ori`.' },

  // Control flow. Branch and jump offsets are in words, relative to the branch's own address.
  { mnemonic: 'beq', opcode: 0x20, group: 'Control flow', operands: [r('ra', 'A', 'read'), r('rb', 'B', 'read'), rel('target', 'imm18', 18)], timing: BRANCH, memory: 'none', sem: 'beq', summary: 'if ra = rb: pc ← pc + off18' },
  { mnemonic: 'bne', opcode: 0x21, group: 'Control flow', operands: [r('ra', 'A', 'read'), r('rb', 'B', 'read'), rel('target', 'imm18', 18)], timing: BRANCH, memory: 'none', sem: 'bne', summary: 'if ra ≠ rb: pc ← pc + off18' },
  { mnemonic: 'blt', opcode: 0x22, group: 'Control flow', operands: [r('ra', 'A', 'read'), r('rb', 'B', 'read'), rel('target', 'imm18', 18)], timing: BRANCH, memory: 'none', sem: 'blt', summary: 'if ra < rb (signed): pc ← pc + off18' },
  { mnemonic: 'bge', opcode: 0x23, group: 'Control flow', operands: [r('ra', 'A', 'read'), r('rb', 'B', 'read'), rel('target', 'imm18', 18)], timing: BRANCH, memory: 'none', sem: 'bge', summary: 'if ra ≥ rb (signed): pc ← pc + off18' },
  { mnemonic: 'jal', opcode: 0x24, group: 'Control flow', operands: [RD, rel('target', 'imm22', 22)], timing: BRANCH, memory: 'none', sem: 'jal', summary: 'rd ← pc + 1; pc ← pc + off22' },
  { mnemonic: 'jalr', opcode: 0x25, group: 'Control flow', operands: [RD, RA, simm('imm', 'imm18', 18)], timing: BRANCH, memory: 'none', sem: 'jalr', summary: 'rd ← pc + 1; pc ← ra + sext(imm18)' },
  { mnemonic: 'loop', opcode: 0x26, group: 'Control flow', operands: [r('rc', 'A', 'read'), fwd('end', 'imm14', 2, 16383)], timing: t('ctrl', 'one', 0), memory: 'none', sem: 'loop', summary: 'repeat the body pc+1 … end−1 rc times (zero-overhead); rc = 0 skips to end', notes: 'Pushes (start, end, count) on the loop stack (depth `loopDepth`); overflow faults. Falling through into `end` with count > 1 returns to the body start with no penalty (a taken branch to `end` does not). Skipping a body (count 0) arrives at `end` like a fall-through, so it also closes an iteration of an enclosing loop that ends at the same address. Branching out of a body leaves the entry on the stack until its `end` is reached.' },
  { mnemonic: 'loopi', opcode: 0x27, group: 'Control flow', operands: [uimm('count', 'cnt12', 0, 4095), fwd('end', 'imm14', 2, 16383)], timing: t('ctrl', 'one', 0), memory: 'none', sem: 'loopi', summary: 'as `loop`, with an immediate count (0 … 4095)' },

  // Scalar memory (word addressed; see the memory map).
  { mnemonic: 'ld', opcode: 0x28, group: 'Scalar memory', operands: [RD, mem('addr')], timing: t('lsu', 'one', 2), memory: 'read', sem: 'ld', summary: 'rd ← M[ra + sext(off18)]' },
  { mnemonic: 'st', opcode: 0x29, group: 'Scalar memory', operands: [r('rs', 'A', 'read'), mem('addr')], timing: t('lsu', 'one', 1), memory: 'write', sem: 'st', summary: 'M[ra + sext(off18)] ← rs' },

  // Vector loads/stores of VL lanes (one word per lane, sign-extended W-bit values).
  { mnemonic: 'vld', opcode: 0x2a, group: 'Vector memory', operands: [VD, mem('addr')], timing: t('lsu', 'vl', 2), memory: 'read', sem: 'vld', summary: 'vd[i] ← sat_W(M[ra + off18 + i]), i < VL' },
  { mnemonic: 'vst', opcode: 0x2b, group: 'Vector memory', operands: [v('vs', 'A', 'read'), mem('addr')], timing: t('lsu', 'vl', 1), memory: 'write', sem: 'vst', summary: 'M[ra + off18 + i] ← vs[i], i < VL' },

  // Vector message arithmetic on VL lanes in the message number format (W bits, F fraction bits).
  { mnemonic: 'vadd', opcode: 0x30, group: 'Vector message arithmetic', operands: [VD, VA, VB], timing: t('vec', 'vl', 2), memory: 'none', sem: 'vadd', summary: 'vd[i] ← sat(va[i] + vb[i])' },
  { mnemonic: 'vsub', opcode: 0x31, group: 'Vector message arithmetic', operands: [VD, VA, VB], timing: t('vec', 'vl', 2), memory: 'none', sem: 'vsub', summary: 'vd[i] ← sat(va[i] − vb[i])' },
  { mnemonic: 'vmin', opcode: 0x32, group: 'Vector message arithmetic', operands: [VD, VA, VB], timing: t('vec', 'vl', 2), memory: 'none', sem: 'vmin', summary: 'vd[i] ← min(va[i], vb[i])' },
  { mnemonic: 'vmaxs', opcode: 0x33, group: 'Vector message arithmetic', operands: [VD, VA, VB], timing: t('vec', 'vl', 3), memory: 'none', sem: 'vmaxs', summary: 'vd[i] ← maxstar(va[i], vb[i])', notes: 'max* of probabilities in the energy domain: −log(e^−a + e^−b) = min(a, b) − corr(|a − b|); see "max* correction table".' },
  { mnemonic: 'vnorm', opcode: 0x34, group: 'Vector message arithmetic', operands: [VD, VA], timing: t('vec', 'vl2', 2), memory: 'none', sem: 'vnorm', summary: 'vd[i] ← sat(va[i] − min_j va[j])', notes: 'Two passes over the lanes (find the minimum, then subtract). A message whose lanes are all MAX (all probabilities 0) becomes all 0 (uniform): the hardware form of the 0/0 guard.' },
  { mnemonic: 'vbcast', opcode: 0x35, group: 'Vector message arithmetic', operands: [VD, RA], timing: t('vec', 'vl', 1), memory: 'none', sem: 'vbcast', summary: 'vd[i] ← sat(ra), i < VL' },
  { mnemonic: 'vdamp', opcode: 0x36, group: 'Vector message arithmetic', operands: [VD, v('vnew', 'B', 'read'), v('vold', 'C', 'read'), uimm('lambda', 'imm14', 0, DAMP_LAMBDA_MAX)], timing: t('vec', 'vl', 3), memory: 'none', sem: 'vdamp', summary: 'vd[i] ← damp(vnew[i], vold[i], λ): (1 − λ/256)·new + (λ/256)·old', notes: 'Exact rule in "Damping blend".' },
  { mnemonic: 'vrmin', opcode: 0x38, group: 'Vector reductions', operands: [RD, VA], timing: t('vec', 'vl', 3), memory: 'none', sem: 'vrmin', summary: 'rd ← min_i va[i]' },
  { mnemonic: 'vrmaxs', opcode: 0x39, group: 'Vector reductions', operands: [RD, VA], timing: t('vec', 'vl', 4), memory: 'none', sem: 'vrmaxs', summary: 'rd ← maxstar(… maxstar(va[0], va[1]) …, va[VL−1])', notes: 'Left fold in lane order, so the result is bit-exact and independent of L.' },
  { mnemonic: 'vmaxad', opcode: 0x3a, group: 'Vector reductions', operands: [r('rd', 'A', 'readwrite'), VA, VB], timing: t('vec', 'vl', 3), memory: 'none', sem: 'vmaxad', summary: 'rd ← max(rd, max_i |va[i] − vb[i]|)', notes: 'Accumulates into rd (clear rd first) so a convergence test over many messages needs one instruction per message. The difference is exact and clamped to 2^31 − 1.' },
  { mnemonic: 'vext', opcode: 0x3b, group: 'Vector reductions', operands: [RD, VA, uimm('lane', 'imm14', 0, 255)], timing: t('vec', 'one', 1), memory: 'none', sem: 'vext', summary: 'rd ← va[lane]', notes: 'lane ≥ vregLanes faults.' },

  // Streaming BP updates (memory to memory, through the factor unit).
  { mnemonic: 'fupd.sp', opcode: 0x3c, group: 'BP updates', operands: [r('rd', 'A', 'readwrite'), mem('desc')], timing: t('fu', 'fupd', 4), memory: 'readwrite', sem: 'fupd_sp', summary: 'factor→variable message, sum-product (max*), from the factor descriptor at ra + off18; rd ← max(rd, |new − old|)', notes: 'See "Factor update". The descriptor, table and messages must be in the local scratchpad.' },
  { mnemonic: 'fupd.ms', opcode: 0x3d, group: 'BP updates', operands: [r('rd', 'A', 'readwrite'), mem('desc')], timing: t('fu', 'fupd', 4), memory: 'readwrite', sem: 'fupd_ms', summary: 'as fupd.sp with min instead of max* (min-sum)' },
  { mnemonic: 'vupd', opcode: 0x3e, group: 'BP updates', operands: [r('rd', 'A', 'readwrite'), mem('desc')], timing: t('fu', 'vupd', 4), memory: 'readwrite', sem: 'vupd', summary: 'variable→factor message or belief from the variable descriptor at ra + off18; rd ← max(rd, |new − old|)', notes: 'See "Variable update".' },

  // LLR check/variable-node updates (inter-frame SIMD: lane k = frame k; see "LLR check and variable updates").
  { mnemonic: 'cnu.spa', opcode: 0x0d, group: 'LLR updates', operands: [r('rd', 'A', 'readwrite'), r('ra', 'B', 'read'), r('rm', 'C', 'read')], timing: t('fu', 'cnu', 2), memory: 'readwrite', sem: 'cnu_spa', summary: 'check-node update, sum-product (box-plus, forward/backward) of the check descriptor at ra, for the lanes set in rm (bit 16: first pass, old c2v read as 0); rd ← rd | lanes not yet a stable codeword', notes: 'See "LLR check and variable updates". Result and memory latency: the write pass, d·⌈VL/L⌉ beats, plus 2. Faults when VL > 16 or the descriptor is malformed.' },
  { mnemonic: 'cnu.ms', opcode: 0x0e, group: 'LLR updates', operands: [r('rd', 'A', 'readwrite'), r('ra', 'B', 'read'), r('rm', 'C', 'read')], timing: t('fu', 'cnu', 2), memory: 'readwrite', sem: 'cnu_ms', summary: 'as cnu.spa with min-sum (two minima and the sign product)' },
  { mnemonic: 'cnu.nms', opcode: 0x0f, group: 'LLR updates', operands: [r('rd', 'A', 'readwrite'), r('ra', 'B', 'read'), r('rm', 'C', 'read')], timing: t('fu', 'cnu', 2), memory: 'readwrite', sem: 'cnu_nms', summary: 'as cnu.ms with each magnitude scaled by 0.75 as m − (m >> 2)' },
  { mnemonic: 'cnu.oms', opcode: 0x19, group: 'LLR updates', operands: [r('rd', 'A', 'readwrite'), r('ra', 'B', 'read'), r('rm', 'C', 'read')], timing: t('fu', 'cnu', 2), memory: 'readwrite', sem: 'cnu_oms', summary: 'as cnu.ms with each magnitude reduced by 0.5 (2^(F−1) raw), floored at 0' },
  { mnemonic: 'vnu', opcode: 0x37, group: 'LLR updates', operands: [r('ra', 'B', 'read'), r('rm', 'C', 'read')], timing: t('fu', 'vnu', 2), memory: 'readwrite', sem: 'vnu', summary: 'posterior update of the variable descriptor at ra for the lanes set in rm: app ← ch + Σ c2v (saturating, in edge order)' },

  // Binary pairwise factor updates (lanes across edges, one LLR per message; see "Binary pairwise factor update").
  { mnemonic: 'pfu.sp', opcode: 0x1e, group: 'Pairwise LLR updates', operands: [r('rd', 'A', 'readwrite'), mem('desc')], timing: t('fu', 'pfu', 4), memory: 'readwrite', sem: 'pfu_sp', summary: 'n binary pairwise factor→variable LLR messages from the pairwise descriptor at ra + off18: out_k ← max*(a_k, b_k + λ_k) − max*(c_k, d_k + λ_k), λ_k = M[src_k]; rd ← max(rd, max_k |new_k − old_k|)', notes: 'See "Binary pairwise factor update". The descriptor, sources, table energies and outputs must be in the local scratchpad.' },
  { mnemonic: 'pfu.ms', opcode: 0x3f, group: 'Pairwise LLR updates', operands: [r('rd', 'A', 'readwrite'), mem('desc')], timing: t('fu', 'pfu', 4), memory: 'readwrite', sem: 'pfu_ms', summary: 'as pfu.sp with min instead of max* (min-sum)' },

  // PE-to-PE messages over the mesh, and synchronisation.
  { mnemonic: 'send', opcode: 0x2c, group: 'Network and synchronisation', operands: [r('rpe', 'A', 'read'), r('raddr', 'B', 'read'), uimm('len', 'imm14', 1, 4096)], timing: t('net', 'msg', 0), memory: 'read', sem: 'send', summary: 'send M[raddr … raddr+len−1] to PE rpe', notes: 'Non-blocking once injected: the PE is busy ⌈len/L⌉ cycles injecting flits. Sending to itself or to a PE id ≥ P faults.' },
  { mnemonic: 'recv', opcode: 0x2d, group: 'Network and synchronisation', operands: [r('rpe', 'A', 'read'), r('raddr', 'B', 'read'), uimm('len', 'imm14', 1, 4096)], timing: t('net', 'msg', 1), memory: 'write', sem: 'recv', summary: 'wait for the next message from PE rpe; M[raddr …] ← it', notes: 'Blocks until the whole message has arrived (stall `recv`). A length different from the sender\'s faults. Messages between a pair of PEs arrive in order.' },
  { mnemonic: 'bar', opcode: 0x2e, group: 'Network and synchronisation', operands: [], timing: t('sync', 'one', 0), memory: 'none', sem: 'bar', summary: 'wait until every PE that has not halted reaches a barrier' },
  { mnemonic: 'barmax', opcode: 0x2f, group: 'Network and synchronisation', operands: [RD, RA], timing: t('sync', 'one', 1), memory: 'none', sem: 'barmax', summary: 'barrier; rd ← max over PEs of ra (signed)', notes: 'The reduction network delivers the maximum of every participating PE\'s ra; used for the on-chip convergence test.' },

  // Machine state.
  { mnemonic: 'csrr', opcode: 0x1a, group: 'Machine state', operands: [RD, csr('csr')], timing: ALU, memory: 'none', sem: 'csrr', summary: 'rd ← CSR[csr]' },
  { mnemonic: 'setvl', opcode: 0x1b, group: 'Machine state', operands: [RD, RA], timing: ALU, memory: 'none', sem: 'setvl', summary: 'VL ← min(max(ra, 1), vregLanes); rd ← VL' },
  { mnemonic: 'setvli', opcode: 0x1c, group: 'Machine state', operands: [RD, uimm('n', 'imm18', 1, 4096)], timing: ALU, memory: 'none', sem: 'setvli', summary: 'VL ← min(n, vregLanes); rd ← VL' },
  { mnemonic: 'nop', opcode: 0x1d, group: 'Machine state', operands: [], timing: ALU, memory: 'none', sem: 'nop', summary: 'no operation' },
  { mnemonic: 'halt', opcode: 0x1f, group: 'Machine state', operands: [], timing: t('ctrl', 'one', 0), memory: 'none', sem: 'halt', summary: 'stop this PE once every earlier instruction has completed (it leaves barriers; the run ends when every PE has halted)', notes: 'Drains: waits (stall `busy`) until all units are idle and all results and memory writes are complete, so a run\'s cycle count includes the last result.' },
];

/** Control/status registers readable with `csrr`. */
export const CSRS = [
  { name: 'peid', number: 0, summary: 'this PE\'s id, 0 … P−1 (row-major on the mesh)' },
  { name: 'npe', number: 1, summary: 'number of PEs P' },
  { name: 'cycle', number: 2, summary: 'low 32 bits of the cycle counter' },
  { name: 'instret', number: 3, summary: 'instructions retired by this PE' },
  { name: 'stalls', number: 4, summary: 'cycles this PE did not issue (all causes)' },
  { name: 'vl', number: 5, summary: 'current vector length VL' },
  { name: 'vlmax', number: 6, summary: 'lanes per vector register (`vregLanes`)' },
  { name: 'msgs', number: 7, summary: 'messages computed by fupd/vupd on this PE' },
  { name: 'meshx', number: 8, summary: 'this PE\'s mesh column' },
  { name: 'meshy', number: 9, summary: 'this PE\'s mesh row' },
] as const;

export type CsrName = (typeof CSRS)[number]['name'];

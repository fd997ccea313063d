// The simulator side of cnu.<rule> and vnu: validate the descriptor, run the isa/ kernel, and
// report beats, latency, the written block and useful lane-operations through one reused record
// (the hot path allocates nothing). Timing: a cnu holds the unit for its descriptor beat and read
// pass; its write pass drains behind the next cnu's read pass unless that cnu reads a vector the
// write pass is still writing (then the unit waits for it). vnu always waits for a write pass.
import {
  checkCheckDescriptor,
  checkVariableNodeDescriptor,
  cnuExecute,
  vnuExecute,
  cnuBeatsFor,
  vnuBeatsFor,
  activeLanes,
  CND,
  VND,
  LLR_MAX_DEGREE,
  type FixedFormat,
} from '../isa/index.js';

export interface LlrIssue {
  beats: number;
  /** Cycles after the last beat until rd and the memory writes are complete. */
  latency: number;
  /** New value of rd (cnu: rd | not-converged lanes). */
  value: number;
  /** The block reported as written (cnu: the c2v block; vnu: the app vector). */
  writeAddr: number;
  writeLen: number;
  /** Useful lane-operations: streamed vectors × active lanes. */
  laneOps: number;
}

/** Per-PE state of the LLR unit: the vectors of the write pass in flight and when it ends. */
export class LlrUnitState {
  writeEnd = 0;
  /** Ranges [writeAt[i], writeAt[i] + writeLen[i]) of the write pass in flight. */
  readonly writeAt = new Int32Array(LLR_MAX_DEGREE + 1);
  readonly writeLen = new Int32Array(LLR_MAX_DEGREE + 1);
  writeCount = 0;
}

/** Whether any vector the check at desc reads overlaps the write pass in flight (ranges of vl words). */
function readsInFlight(st: LlrUnitState, spm: Int32Array, desc: number, d: number, vl: number): boolean {
  const c2v = spm[desc + CND.c2v];
  for (let i = 0; i < st.writeCount; i++) {
    const w = st.writeAt[i];
    const wLen = st.writeLen[i];
    if (c2v < w + wLen && w < c2v + d * vl) return true;
    for (let j = 0; j < d; j++) {
      const a = spm[desc + CND.header + j];
      if (a < w + wLen && w < a + vl) return true;
    }
  }
  return false;
}

/** Execute one cnu (rule ≥ 0) or vnu (rule < 0) issued at cycle t; throws KernelFault on a bad descriptor. */
export function issueLlr(f: FixedFormat, spm: Int32Array, rule: number, desc: number, active: number, acc: number, vl: number, lanes: number, t: number, st: LlrUnitState, r: LlrIssue): void {
  const used = activeLanes(active, vl);
  const pass = Math.ceil(vl / lanes);
  if (rule >= 0) {
    const d = checkCheckDescriptor(spm, desc, vl, f.max);
    const wait = st.writeEnd > t && readsInFlight(st, spm, desc, d, vl) ? st.writeEnd - t : 0;
    r.value = acc | cnuExecute(f, rule, spm, desc, d, vl, active);
    r.beats = wait + cnuBeatsFor(d, vl, lanes);
    r.latency = d * pass + 2;
    r.writeAddr = spm[desc + CND.c2v];
    r.writeLen = d * vl;
    r.laneOps = d * used;
    // Record this check's write pass: the c2v block, then the apps if layered.
    st.writeEnd = t + r.beats + d * pass;
    st.writeAt[0] = r.writeAddr;
    st.writeLen[0] = r.writeLen;
    st.writeCount = 1;
    if ((spm[desc + CND.flags] & CND.layered) !== 0) {
      for (let j = 0; j < d; j++) {
        st.writeAt[st.writeCount] = spm[desc + CND.header + j];
        st.writeLen[st.writeCount++] = vl;
      }
    }
  } else {
    const deg = checkVariableNodeDescriptor(spm, desc, vl);
    const wait = st.writeEnd > t ? st.writeEnd - t : 0;
    vnuExecute(f, spm, desc, deg, vl, active);
    r.value = acc;
    r.beats = wait + vnuBeatsFor(deg, vl, lanes);
    r.latency = 2;
    r.writeAddr = spm[desc + VND.app];
    r.writeLen = vl;
    r.laneOps = (deg + 1) * used;
  }
}

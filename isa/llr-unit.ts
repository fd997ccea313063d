// Descriptor layouts and executable semantics of cnu.<rule> and vnu: inter-frame SIMD, lane k of
// every vector is frame k of the batch, so one streamed vector updates one edge of VL frames.
// The simulator executes exactly these functions; ISA.md documents them.
import { KernelFault, checkRange } from './kernel-fault.js';
import type { FixedFormat } from './fixed.js';
import { ruleBeats } from './timing.js';
import { checkNodeUpdate, llrSat, LLR_FIRST_PASS, LLR_MAX_DEGREE, LLR_MAX_LANES } from './llr-kernels.js';

/** Check descriptor: d, the c2v block (d vectors of VL words, edge j at c2v + j·VL), flags, the c2v cap, d app addresses. */
export const CND = { degree: 0, c2v: 1, flags: 2, cap: 3, header: 4, layered: 1 } as const;
/** Variable descriptor: degree, channel vector, app vector, then one c2v vector address per edge. */
export const VND = { degree: 0, ch: 1, app: 2, header: 3 } as const;

export function checkDescriptorWords(d: number): number {
  return CND.header + d;
}
export function variableNodeDescriptorWords(deg: number): number {
  return VND.header + deg;
}

/**
 * cnu beats: the descriptor and the read pass of d vectors, 1 + d·⌈VL/L⌉; the write pass (d·⌈VL/L⌉
 * more) drains behind the next instruction and is the result latency.
 */
export function cnuBeatsFor(d: number, vl: number, lanes: number): number {
  return ruleBeats('cnu', lanes, d, vl);
}
/** vnu beats: the descriptor, the channel and deg edge vectors: 1 + (deg + 1)·⌈VL/L⌉. */
export function vnuBeatsFor(deg: number, vl: number, lanes: number): number {
  return ruleBeats('vnu', lanes, deg, vl);
}

function degreeField(mem: Int32Array, desc: number, lo: number): number {
  const d = mem[desc];
  if (d < lo || d > LLR_MAX_DEGREE) throw new KernelFault(`descriptor field degree = ${d} at word ${desc} outside ${lo} … ${LLR_MAX_DEGREE}`, desc);
  return d;
}

function laneCount(vl: number): void {
  if (vl > LLR_MAX_LANES) throw new KernelFault(`descriptor field VL = ${vl}: cnu/vnu lane masks hold at most ${LLR_MAX_LANES} lanes`);
}

/** Validate a check descriptor (cap ≤ maxCap, the format's MAX) and everything it points at; returns the degree d. */
export function checkCheckDescriptor(mem: Int32Array, desc: number, vl: number, maxCap: number): number {
  laneCount(vl);
  checkRange(mem, desc, CND.header, 'check descriptor');
  const d = degreeField(mem, desc, 1);
  const flags = mem[desc + CND.flags];
  if (flags < 0 || flags > 1) throw new KernelFault(`descriptor field flags = ${flags} at word ${desc + CND.flags} outside 0 … 1`, desc + CND.flags);
  const cap = mem[desc + CND.cap];
  if (cap < 0 || cap > maxCap) throw new KernelFault(`descriptor field cap = ${cap} at word ${desc + CND.cap} outside 0 … ${maxCap}`, desc + CND.cap);
  checkRange(mem, desc, CND.header + d, 'check descriptor');
  checkRange(mem, mem[desc + CND.c2v], d * vl, 'c2v block');
  for (let j = 0; j < d; j++) checkRange(mem, mem[desc + CND.header + j], vl, `app vector ${j}`);
  return d;
}

/** Validate a variable descriptor; returns the degree. */
export function checkVariableNodeDescriptor(mem: Int32Array, desc: number, vl: number): number {
  laneCount(vl);
  checkRange(mem, desc, VND.header, 'variable descriptor');
  const deg = degreeField(mem, desc, 0);
  checkRange(mem, desc, VND.header + deg, 'variable descriptor');
  checkRange(mem, mem[desc + VND.ch], vl, 'channel vector');
  checkRange(mem, mem[desc + VND.app], vl, 'app vector');
  for (let j = 0; j < deg; j++) checkRange(mem, mem[desc + VND.header + j], vl, `c2v vector ${j}`);
  return deg;
}

const t = new Int32Array(LLR_MAX_DEGREE);
const out = new Int32Array(LLR_MAX_DEGREE);
const oldNeg = new Uint8Array(LLR_MAX_DEGREE);

/**
 * cnu on a validated descriptor of degree d, for every lane k < vl whose bit is set in `active`:
 *   t_j = sat(app_j[k] − c2v_j[k]) (c2v_j[k] read as 0 when `active` has LLR_FIRST_PASS);
 *   c2v_j[k] ← clamp(CNU_rule(t)_j, ±cap);
 *   layered (flags bit 0): app_j[k] ← sat(t_j + c2v_j[k]).
 * Returns the lanes (bits) whose hard decisions were not a stable codeword for this check: the
 * parity of the signs of the app values read is odd, or (layered) some app sign flipped.
 * Inactive lanes are neither read nor written.
 */
export function cnuExecute(f: FixedFormat, rule: number, mem: Int32Array, desc: number, d: number, vl: number, active: number): number {
  const c2v = mem[desc + CND.c2v];
  const layered = (mem[desc + CND.flags] & CND.layered) !== 0;
  const cap = mem[desc + CND.cap];
  const apps = desc + CND.header;
  const keep = (active & LLR_FIRST_PASS) === 0 ? 1 : 0;
  let mask = 0;
  for (let k = 0; k < vl; k++) {
    if (((active >>> k) & 1) === 0) continue;
    let parity = 0;
    for (let j = 0; j < d; j++) {
      const a = mem[mem[apps + j] + k];
      const neg = a < 0 ? 1 : 0;
      oldNeg[j] = neg;
      parity ^= neg;
      t[j] = keep === 1 ? llrSat(f, a - mem[c2v + j * vl + k]) : llrSat(f, a);
    }
    checkNodeUpdate(f, rule, t, out, d, cap);
    let flips = 0;
    for (let j = 0; j < d; j++) {
      mem[c2v + j * vl + k] = out[j];
      if (layered) {
        const next = llrSat(f, t[j] + out[j]);
        mem[mem[apps + j] + k] = next;
        flips |= (next < 0 ? 1 : 0) ^ oldNeg[j];
      }
    }
    if ((parity | flips) !== 0) mask |= 1 << k;
  }
  return mask;
}

/** vnu on a validated descriptor: app[k] ← sat(… sat(ch[k] + c2v_0[k]) … + c2v_{deg−1}[k]) for active lanes. */
export function vnuExecute(f: FixedFormat, mem: Int32Array, desc: number, deg: number, vl: number, active: number): void {
  const ch = mem[desc + VND.ch];
  const app = mem[desc + VND.app];
  const edges = desc + VND.header;
  for (let k = 0; k < vl; k++) {
    if (((active >>> k) & 1) === 0) continue;
    let s = llrSat(f, mem[ch + k]);
    for (let j = 0; j < deg; j++) s = llrSat(f, s + mem[mem[edges + j] + k]);
    mem[app + k] = s;
  }
}

/** Set bits among the low vl (≤ 16) bits of a lane mask. */
export function activeLanes(active: number, vl: number): number {
  let m = (active & ((1 << vl) - 1)) >>> 0;
  let n = 0;
  while (m !== 0) {
    m &= m - 1;
    n++;
  }
  return n;
}

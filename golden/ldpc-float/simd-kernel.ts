// The WebAssembly SIMD kernel: one layered min-sum iteration over every check, 4 · groups (f32x4) or
// 2 · groups (f64x2) frames at once (one lane per frame, inter-frame SIMD as in aff3ct), generated
// for one code. Per lane exactly minSumIterationF32 (kernels-f32.ts) or, in f64x2, minSumIteration
// (kernels.ts): two minima, signs as the XOR of sign bits, NMS/OMS applied to the two minima,
// magnitudes capped at LLR_LIMIT.
//
// Why it is fast (see golden/README.md for the figures):
// - the code is generated per parity-check matrix: consecutive checks of equal degree form a
//   segment, `iter` is a straight run of calls, one per segment, into a row loop unrolled for that
//   degree (all per-edge offsets are immediates; one index load per edge for all frames);
// - only single-instruction SIMD ops on the hot path: pmin/pmax (minps/maxps; exact here because
//   every operand is a finite non-negative float with no −0), and/xor for abs and signs; no
//   bitselect, no argmin register: the edge whose |v2c| equals min1 takes min2, which is the same
//   answer as argmin tracking (on a tie min2 = min1);
// - v2c is parked in the edge's own c2v slot between the two passes (no scratch stream).
// Memory layout and segments: simd-plan.ts.
import { LLR_LIMIT } from './kernels.js';
import { assembleKernel, type KernelModule } from './simd-plan.js';
import { Code, I32, SIMD, V128, type WasmFunction } from './wasm-emit.js';

export type MinSumVariant = 'ms' | 'nms' | 'oms';

export interface MinSumPlan {
  /** Checks in layered order, each the list of its bits. */
  readonly rows: readonly (readonly number[])[];
  readonly n: number;
  /** v128 vectors per bit and per edge (4 · groups frames). */
  readonly groups: number;
  readonly variant: MinSumVariant;
  /** NMS factor / OMS offset (rounded to float32 here). */
  readonly factor: number;
  readonly offset: number;
  /** Checks of degree above this run a looped body instead of an unrolled one. */
  readonly unrollDegree: number;
  /** Lane type: f32x4 (default) or f64x2. */
  readonly precision?: 'float32' | 'float64';
}

/** The lane-type-specific opcodes and constants (16 bytes each, little-endian). */
interface FloatLanes {
  lanes: number;
  sub: number; add: number; mul: number; eq: number; pmin: number; pmax: number; bitmask: number;
  splat: (x: number) => Uint8Array;
  splatBits: (lo: number, hi: number) => Uint8Array;
}

function floatLanes(precision: 'float32' | 'float64'): FloatLanes {
  if (precision === 'float32') {
    return {
      lanes: 4, sub: SIMD.f32x4Sub, add: SIMD.f32x4Add, mul: SIMD.f32x4Mul, eq: SIMD.f32x4Eq, pmin: SIMD.f32x4Pmin, pmax: SIMD.f32x4Pmax, bitmask: SIMD.i32x4Bitmask,
      splat: (x) => new Uint8Array(new Float32Array(4).fill(x).buffer),
      // (lo, hi) = (low, high 32 bits of a 64-bit pattern); f32 lanes take the high word (sign/exponent).
      splatBits: (_lo, hi) => new Uint8Array(new Int32Array(4).fill(hi).buffer),
    };
  }
  return {
    lanes: 2, sub: SIMD.f64x2Sub, add: SIMD.f64x2Add, mul: SIMD.f64x2Mul, eq: SIMD.f64x2Eq, pmin: SIMD.f64x2Pmin, pmax: SIMD.f64x2Pmax, bitmask: SIMD.i64x2Bitmask,
    splat: (x) => new Uint8Array(new Float64Array(2).fill(x).buffer),
    splatBits: (lo, hi) => new Uint8Array(new Int32Array([lo, hi, lo, hi]).buffer),
  };
}


// Locals of a row function: params p (index pointer), c (message pointer), cnt (rows left), then
// i32 scratch, then one i32 per edge (its bit's byte offset), then v128 constants and per-group sets.
const [P, C, CNT, Q, CE, AD] = [0, 1, 2, 3, 4, 5];
const I32_FIXED = 3;
const CONSTS = 6; // ABSM, SIGNM, INF, LIM, K, ZERO
const PER_GROUP = 10;

interface Locals {
  addr: (k: number) => number;
  ABSM: number; SIGNM: number; INF: number; LIM: number; K: number; ZERO: number;
  g: (g: number) => { T: number; A: number; NEG: number; MIN1: number; MIN2: number; M1S: number; M2S: number; BASE: number; DELTA: number; CV: number };
  i32Count: number;
  v128Count: number;
}

function locals(unrolledDegree: number, groups: number): Locals {
  const i32Count = I32_FIXED + unrolledDegree;
  const v0 = 3 + i32Count;
  return {
    addr: (k) => 3 + I32_FIXED + k,
    ABSM: v0, SIGNM: v0 + 1, INF: v0 + 2, LIM: v0 + 3, K: v0 + 4, ZERO: v0 + 5,
    g: (g) => {
      const b = v0 + CONSTS + PER_GROUP * g;
      return { T: b, A: b + 1, NEG: b + 2, MIN1: b + 3, MIN2: b + 4, M1S: b + 5, M2S: b + 6, BASE: b + 7, DELTA: b + 8, CV: b + 9 };
    },
    i32Count,
    v128Count: CONSTS + PER_GROUP * groups,
  };
}

/** rows_d(p, c, cnt): `cnt` (≥ 1) consecutive checks of degree d, layered, all lanes. */
function rowsFunction(d: number, plan: MinSumPlan, appBase: number): WasmFunction {
  const G = plan.groups;
  const stride = 16 * G;
  const unrolled = d <= plan.unrollDegree;
  const L = locals(unrolled ? d : 0, G);
  const c = new Code();
  const F = floatLanes(plan.precision ?? 'float32');
  // ABS / SIGN masks: all bits but the sign / the sign bit of each lane; then +Infinity, the cap, K.
  c.vconstBytes(F.splatBits(-1, 0x7fffffff)).set(L.ABSM).vconstBytes(F.splatBits(0, 0x80000000 | 0)).set(L.SIGNM);
  c.vconstBytes(F.splat(Infinity)).set(L.INF).vconstBytes(F.splat(LLR_LIMIT)).set(L.LIM);
  c.vconstBytes(F.splat(plan.variant === 'nms' ? plan.factor : plan.offset)).set(L.K).vconstI32(0).set(L.ZERO);

  // Pass 1 on edge k (offset of its message from c: cOff; its bit's byte offset in local ad).
  const pass1 = (ad: number, cBase: number, cOff: number, first: boolean) => {
    for (let g = 0; g < G; g++) {
      const v = L.g(g);
      c.get(ad).vload(appBase + 16 * g).get(cBase).vload(cOff + 16 * g).simd(F.sub).set(v.T);
      c.get(cBase).get(v.T).vstore(cOff + 16 * g); // park v2c in the message slot
      c.get(v.T).get(L.ABSM).simd(SIMD.and).set(v.A);
      if (first) {
        c.get(v.T).set(v.NEG).get(v.A).set(v.MIN1).get(L.INF).set(v.MIN2);
      } else {
        c.get(v.NEG).get(v.T).simd(SIMD.xor).set(v.NEG);
        // min2 = min(min2, max(a, min1)); min1 = min(min1, a)
        c.get(v.MIN2).get(v.A).get(v.MIN1).simd(F.pmax).simd(F.pmin).set(v.MIN2);
        c.get(v.MIN1).get(v.A).simd(F.pmin).set(v.MIN1);
      }
    }
  };
  const finish = () => {
    for (let g = 0; g < G; g++) {
      const v = L.g(g);
      for (const [raw, out] of [[v.MIN1, v.M1S], [v.MIN2, v.M2S]] as const) {
        c.get(raw);
        if (plan.variant === 'nms') c.get(L.K).simd(F.mul);
        // max(x − offset, 0) as pmax(0, ·): +0 for x ≤ offset (x − offset is never −0 here).
        else if (plan.variant === 'oms') c.set(out).get(L.ZERO).get(out).get(L.K).simd(F.sub).simd(F.pmax);
        c.get(L.LIM).simd(F.pmin).set(out);
      }
      c.get(v.M1S).get(v.NEG).get(L.SIGNM).simd(SIMD.and).simd(SIMD.xor).set(v.BASE);
      c.get(v.M1S).get(v.M2S).simd(SIMD.xor).set(v.DELTA);
    }
  };
  // Pass 2: c2v = ±(|v2c| = min1 ? min2 : min1), sign = row sign XOR own sign; app = v2c + c2v.
  const pass2 = (ad: number, cBase: number, cOff: number) => {
    for (let g = 0; g < G; g++) {
      const v = L.g(g);
      c.get(cBase).vload(cOff + 16 * g).set(v.T);
      c.get(v.T).get(L.ABSM).simd(SIMD.and).set(v.A);
      c.get(v.BASE).get(v.A).get(v.MIN1).simd(F.eq).get(v.DELTA).simd(SIMD.and).simd(SIMD.xor);
      c.get(v.T).get(v.A).simd(SIMD.xor).simd(SIMD.xor).set(v.CV);
      c.get(cBase).get(v.CV).vstore(cOff + 16 * g);
      c.get(ad).get(v.T).get(v.CV).simd(F.add).vstore(appBase + 16 * g);
    }
  };

  c.doWhile(() => {
    if (unrolled) {
      for (let k = 0; k < d; k++) {
        c.get(P).load32(4 * k).set(L.addr(k));
        pass1(L.addr(k), C, stride * k, k === 0);
      }
      finish();
      for (let k = 0; k < d; k++) pass2(L.addr(k), C, stride * k);
    } else {
      for (let g = 0; g < G; g++) {
        const v = L.g(g);
        c.get(L.ZERO).set(v.NEG).get(L.INF).set(v.MIN1).get(L.INF).set(v.MIN2);
      }
      // Q walks the indices, CE the messages; both passes stop when Q reaches p + 4d.
      const edgeLoop = (body: () => void) => {
        c.get(P).set(Q).get(C).set(CE);
        c.doWhile(() => {
          c.get(Q).load32(0).set(AD);
          body();
          c.get(CE).i32(stride).add().set(CE);
          c.get(Q).i32(4).add().tee(Q).get(P).i32(4 * d).add().op(0x47); // i32.ne
        });
      };
      edgeLoop(() => pass1(AD, CE, 0, false));
      finish();
      edgeLoop(() => pass2(AD, CE, 0));
    }
    c.get(P).i32(4 * d).add().set(P);
    c.get(C).i32(stride * d).add().set(C);
    c.get(CNT).i32(1).sub().tee(CNT);
  });
  return { params: [I32, I32, I32], results: [], locals: [[L.i32Count, I32], [L.v128Count, V128]], code: c };
}

/** Module bytes and layout for one code: exports `mem`, `iter()` and `syndrome() → i32`. */
export function minSumSimdKernel(plan: MinSumPlan): KernelModule {
  const F = floatLanes(plan.precision ?? 'float32');
  const kind = plan.precision === 'float64' ? 'f64' : 'f32';
  return assembleKernel(plan.rows, plan.n, plan.groups, F.lanes, F.bitmask, (d, app) => rowsFunction(d, plan, app), { kind, limit: LLR_LIMIT });
}

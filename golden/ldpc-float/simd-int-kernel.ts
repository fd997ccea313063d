// The integer WebAssembly SIMD kernel: one layered fixed-point min-sum (MS, NMS, OMS) iteration over every check,
// 16 (i8x16) or 8 (i16x8) frames per vector, saturating arithmetic; exactly decodeLdpcIntMinSum
// (int-minsum.ts) per lane. Same structure as the float kernel (simd-kernel.ts): segments of
// equal-degree checks, unrolled row bodies, v2c parked in the c2v slot, the min2 edge found as the
// one whose |v2c| equals min1. Magnitudes are compared unsigned (|−2^(bits−1)| is 2^(bits−1)).
import { LLR_NMS_SHIFT } from '../../isa/index.js';
import { assembleKernel, type KernelModule } from './simd-plan.js';
import { Code, I32, SIMD, V128, type WasmFunction } from './wasm-emit.js';

export interface IntMinSumPlan {
  readonly rows: readonly (readonly number[])[];
  readonly n: number;
  readonly groups: number;
  readonly bits: 8 | 16;
  /** OMS offset in integer steps (0: plain min-sum or NMS). */
  readonly offset: number;
  /** NMS: magnitudes m → m − (m >> LLR_NMS_SHIFT) before the cap (the chip's cnu.nms rule). */
  readonly normalised: boolean;
  /** Cap of the check-to-variable magnitudes. */
  readonly messageMax: number;
  /** The channel quantizer (int-minsum.ts). */
  readonly scale: number;
  readonly channelMax: number;
  readonly unrollDegree: number;
}

/** The lane-width-specific opcodes. */
const OPS = {
  8: {
    subSat: SIMD.i8x16SubSatS, addSat: SIMD.i8x16AddSatS, abs: SIMD.i8x16Abs, minU: SIMD.i8x16MinU, maxU: SIMD.i8x16MaxU,
    subSatU: SIMD.i8x16SubSatU, eq: SIMD.i8x16Eq, ltS: SIMD.i8x16LtS, sub: SIMD.i8x16Sub, bitmask: SIMD.i8x16Bitmask, shrU: SIMD.i8x16ShrU,
  },
  16: {
    subSat: SIMD.i16x8SubSatS, addSat: SIMD.i16x8AddSatS, abs: SIMD.i16x8Abs, minU: SIMD.i16x8MinU, maxU: SIMD.i16x8MaxU,
    subSatU: SIMD.i16x8SubSatU, eq: SIMD.i16x8Eq, ltS: SIMD.i16x8LtS, sub: SIMD.i16x8Sub, bitmask: SIMD.i16x8Bitmask, shrU: SIMD.i16x8ShrU,
  },
} as const;

/** An i32 whose bytes repeat one `bits`-wide lane value. */
const splat = (x: number, bits: 8 | 16): number => (bits === 8 ? (x & 0xff) * 0x01010101 : (x & 0xffff) * 0x00010001) | 0;

const [P, C, CNT, Q, CE, AD] = [0, 1, 2, 3, 4, 5];
const I32_FIXED = 3;
const CONSTS = 4; // SMAX (the message cap), OFF, ZERO, ONES
const PER_GROUP = 11;

function rowsFunction(d: number, plan: IntMinSumPlan, appBase: number): WasmFunction {
  const { groups: G, bits } = plan;
  const op = OPS[bits];
  const stride = 16 * G;
  const unrolled = d <= plan.unrollDegree;
  const i32Count = I32_FIXED + (unrolled ? d : 0);
  const addr = (k: number) => 3 + I32_FIXED + k;
  const v0 = 3 + i32Count;
  const [SMAX, OFF, ZERO, ONES] = [v0, v0 + 1, v0 + 2, v0 + 3];
  const vg = (g: number) => {
    const b = v0 + CONSTS + PER_GROUP * g;
    return { T: b, A: b + 1, NEG: b + 2, MIN1: b + 3, MIN2: b + 4, M1S: b + 5, M2S: b + 6, BASE: b + 7, DELTA: b + 8, MT: b + 9, CV: b + 10 };
  };
  const c = new Code();
  c.vconstI32(splat(plan.messageMax, bits)).set(SMAX).vconstI32(splat(plan.offset, bits)).set(OFF);
  c.vconstI32(0).set(ZERO).vconstI32(-1).set(ONES);

  const pass1 = (ad: number, cBase: number, cOff: number, first: boolean) => {
    for (let g = 0; g < G; g++) {
      const v = vg(g);
      c.get(ad).vload(appBase + 16 * g).get(cBase).vload(cOff + 16 * g).simd(op.subSat).set(v.T);
      c.get(cBase).get(v.T).vstore(cOff + 16 * g);
      c.get(v.T).simd(op.abs).set(v.A);
      if (first) {
        c.get(v.T).set(v.NEG).get(v.A).set(v.MIN1).get(ONES).set(v.MIN2);
      } else {
        c.get(v.NEG).get(v.T).simd(SIMD.xor).set(v.NEG);
        c.get(v.MIN2).get(v.A).get(v.MIN1).simd(op.maxU).simd(op.minU).set(v.MIN2);
        c.get(v.MIN1).get(v.A).simd(op.minU).set(v.MIN1);
      }
    }
  };
  const finish = () => {
    for (let g = 0; g < G; g++) {
      const v = vg(g);
      for (const [raw, out] of [[v.MIN1, v.M1S], [v.MIN2, v.M2S]] as const) {
        c.get(raw);
        if (plan.offset > 0) c.get(OFF).simd(op.subSatU);
        // NMS on the unsigned magnitude (|−2^(bits−1)| = 2^(bits−1), "infinity" all ones, which the cap then takes):
        // m − (m >> s), exact and never below 0.
        if (plan.normalised) c.get(raw).i32(LLR_NMS_SHIFT).simd(op.shrU).simd(op.sub);
        c.get(SMAX).simd(op.minU).set(out);
      }
      c.get(v.NEG).get(ZERO).simd(op.ltS).set(v.NEG); // the row's sign as a lane mask
      c.get(v.M1S).get(v.NEG).simd(SIMD.xor).set(v.BASE);
      c.get(v.M1S).get(v.M2S).simd(SIMD.xor).set(v.DELTA);
    }
  };
  // c2v = (mag ^ m) − m with m = row mask ^ own mask (two's complement negation where m = −1).
  const pass2 = (ad: number, cBase: number, cOff: number) => {
    for (let g = 0; g < G; g++) {
      const v = vg(g);
      c.get(cBase).vload(cOff + 16 * g).set(v.T);
      c.get(v.T).get(ZERO).simd(op.ltS).set(v.MT);
      c.get(v.BASE).get(v.T).simd(op.abs).get(v.MIN1).simd(op.eq).get(v.DELTA).simd(SIMD.and).simd(SIMD.xor).get(v.MT).simd(SIMD.xor);
      c.get(v.NEG).get(v.MT).simd(SIMD.xor).simd(op.sub).set(v.CV);
      c.get(cBase).get(v.CV).vstore(cOff + 16 * g);
      c.get(ad).get(v.T).get(v.CV).simd(op.addSat).vstore(appBase + 16 * g);
    }
  };

  c.doWhile(() => {
    if (unrolled) {
      for (let k = 0; k < d; k++) {
        c.get(P).load32(4 * k).set(addr(k));
        pass1(addr(k), C, stride * k, k === 0);
      }
      finish();
      for (let k = 0; k < d; k++) pass2(addr(k), C, stride * k);
    } else {
      for (let g = 0; g < G; g++) {
        const v = vg(g);
        c.get(ZERO).set(v.NEG).get(ONES).set(v.MIN1).get(ONES).set(v.MIN2);
      }
      const edgeLoop = (body: () => void) => {
        c.get(P).set(Q).get(C).set(CE);
        c.doWhile(() => {
          c.get(Q).load32(0).set(AD);
          body();
          c.get(CE).i32(stride).add().set(CE);
          c.get(Q).i32(4).add().tee(Q).get(P).i32(4 * d).add().op(0x47);
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
  return { params: [I32, I32, I32], results: [], locals: [[i32Count, I32], [CONSTS + PER_GROUP * G, V128]], code: c };
}

/** Module bytes and layout: exports `mem`, `iter()` and `syndrome() → i32` (bit = frame failing a check). */
export function intMinSumSimdKernel(plan: IntMinSumPlan): KernelModule {
  const lanes = 128 / plan.bits;
  const io = { kind: plan.bits === 8 ? 'i8' : 'i16', scale: plan.scale, channelMax: plan.channelMax } as const;
  return assembleKernel(plan.rows, plan.n, plan.groups, lanes, OPS[plan.bits].bitmask, (d, app) => rowsFunction(d, plan, app), io);
}

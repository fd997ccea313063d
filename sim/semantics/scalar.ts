// Scalar ALU, register-register and register-immediate (32-bit two's complement, wrapping).
import type { Semantic } from './state.js';

export const add: Semantic = (x) => { x.sValue = (x.R[x.b] + x.R[x.c]) | 0; };
export const sub: Semantic = (x) => { x.sValue = (x.R[x.b] - x.R[x.c]) | 0; };
export const and: Semantic = (x) => { x.sValue = x.R[x.b] & x.R[x.c]; };
export const or: Semantic = (x) => { x.sValue = x.R[x.b] | x.R[x.c]; };
export const xor: Semantic = (x) => { x.sValue = x.R[x.b] ^ x.R[x.c]; };
export const sll: Semantic = (x) => { x.sValue = x.R[x.b] << (x.R[x.c] & 31); };
export const srl: Semantic = (x) => { x.sValue = (x.R[x.b] >>> (x.R[x.c] & 31)) | 0; };
export const sra: Semantic = (x) => { x.sValue = x.R[x.b] >> (x.R[x.c] & 31); };
export const slt: Semantic = (x) => { x.sValue = x.R[x.b] < x.R[x.c] ? 1 : 0; };
export const min: Semantic = (x) => { x.sValue = x.R[x.b] < x.R[x.c] ? x.R[x.b] : x.R[x.c]; };
export const max: Semantic = (x) => { x.sValue = x.R[x.b] > x.R[x.c] ? x.R[x.b] : x.R[x.c]; };
export const mul: Semantic = (x) => { x.sValue = Math.imul(x.R[x.b], x.R[x.c]); };

export const addi: Semantic = (x) => { x.sValue = (x.R[x.b] + x.imm) | 0; };
export const andi: Semantic = (x) => { x.sValue = x.R[x.b] & x.imm; };
export const ori: Semantic = (x) => { x.sValue = x.R[x.b] | x.imm; };
export const xori: Semantic = (x) => { x.sValue = x.R[x.b] ^ x.imm; };
export const slli: Semantic = (x) => { x.sValue = x.R[x.b] << x.imm; };
export const srli: Semantic = (x) => { x.sValue = (x.R[x.b] >>> x.imm) | 0; };
export const srai: Semantic = (x) => { x.sValue = x.R[x.b] >> x.imm; };
export const slti: Semantic = (x) => { x.sValue = x.R[x.b] < x.imm ? 1 : 0; };
export const lui: Semantic = (x) => { x.sValue = (x.imm << 10) | 0; };

// Scalar and vector loads and stores (word addressed: scratchpad, or shared memory from SHARED_BASE).
import type { ArchState, Semantic } from './state.js';

const address = (x: ArchState): number => (x.R[x.b] + x.imm) | 0;

export const ld: Semantic = (x) => {
  const off = x.access(address(x), 1);
  if (off >= 0) x.sValue = x.memory[off];
};

export const st: Semantic = (x) => {
  const addr = address(x);
  const off = x.access(addr, 1);
  if (off < 0) return;
  x.memory[off] = x.R[x.a];
  x.wrote(addr, 1);
};

/** Lanes load sign-extended words saturated to the message format. */
export const vld: Semantic = (x) => {
  const n = x.vl;
  const off = x.access(address(x), n);
  if (off < 0) return;
  const mem = x.memory;
  const V = x.V;
  const base = x.a * x.vlmax;
  const max = x.fmt.max;
  const min = x.fmt.min;
  for (let i = 0; i < n; i++) {
    const w = mem[off + i];
    V[base + i] = w > max ? max : w < min ? min : w;
  }
};

export const vst: Semantic = (x) => {
  const addr = address(x);
  const n = x.vl;
  const off = x.access(addr, n);
  if (off < 0) return;
  const mem = x.memory;
  const V = x.V;
  const base = x.a * x.vlmax;
  for (let i = 0; i < n; i++) mem[off + i] = V[base + i];
  x.wrote(addr, n);
};

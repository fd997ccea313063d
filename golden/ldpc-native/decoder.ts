// The native float LDPC decoder: layered min-sum (MS / NMS / OMS) in float32 with inter-frame SIMD
// in C++ (ldpc_native.cpp), 16 frames per AVX-512 vector, 8 per AVX2 vector or 1 (scalar). Hard
// decisions and iteration counts equal LdpcSimdDecoder's (f32x4) frame for frame. This file only
// loads a prebuilt addon (npm run native:build); it never builds or spawns anything.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ParityCheckMatrix } from '../formats/alist.js';
import { checkLdpcFloatOptions, checkLdpcFrames, LdpcInputError, LdpcOptionError, LLR_LIMIT, type LdpcFloatOptions, type LdpcFloatResult } from '../ldpc-float/index.js';
import { defaultNativeAddonPath } from './addon-path.js';
import { NativeAddonMissingError } from './errors.js';

/** Lanes (frames) per vector: 1 (scalar), 8 (AVX2 __m256), 16 (AVX-512 __m512). */
export type NativeWidth = 1 | 8 | 16;
export const NATIVE_BACKENDS: Readonly<Record<NativeWidth, string>> = { 1: 'scalar', 8: 'avx2', 16: 'avx512' };

export type LdpcNativeOptions = Omit<LdpcFloatOptions, 'schedule' | 'rule' | 'precision'> & {
  rule: 'ms' | 'nms' | 'oms';
  /** Lanes per vector; default the widest this CPU runs. */
  width?: NativeWidth;
  /** The .node file; default defaultNativeAddonPath() (the cache of `npm run native:build`). */
  addonPath?: string;
};

/** The addon's functions (ldpc_native.cpp, "Node-API glue"). */
export interface NativeAddon {
  /** bits 0 or absent: float32 lanes; 8 / 16: the integer lanes. */
  widths(bits?: number): number[];
  create(n: number, edgeVar: Int32Array, segments: Int32Array, rule: number, k: number, limit: number, width: number): unknown;
  createInt(
    n: number, edgeVar: Int32Array, segments: Int32Array, bits: number, rule: number, offset: number,
    nmsShift: number, messageMax: number, scale: number, channelMax: number, width: number,
  ): unknown;
  decode(handle: unknown, llr: Float64Array, frames: number, maxIter: number, earlyStop: boolean, hard: Uint8Array, iterations: Int32Array): number;
}

const loaded = new Map<string, NativeAddon>();

/** Load the addon at `path` (default: the build cache); NativeAddonMissingError when absent or unloadable. */
export function loadNativeAddon(path: string | undefined = defaultNativeAddonPath()): NativeAddon {
  if (path === undefined) throw new NativeAddonMissingError(undefined, 'its C++ source is not next to this module (a dist build ships no addon)');
  const hit = loaded.get(path);
  if (hit) return hit;
  if (!existsSync(path)) throw new NativeAddonMissingError(path, 'no such file');
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (e) {
    throw new NativeAddonMissingError(path, `it does not load (${(e as Error).message.split('\n')[0]})`);
  }
  loaded.set(path, addon);
  return addon;
}

/** The lane counts the addon runs on this CPU (always includes 1). */
export function nativeWidths(addonPath?: string): NativeWidth[] {
  return loadNativeAddon(addonPath).widths() as NativeWidth[];
}

export const RULE_CODE = { ms: 0, nms: 1, oms: 2 } as const;

/** Runs of consecutive checks of one degree as [d, e0, count] triples (empty checks carry no edges). */
export function segments(rows: readonly (readonly number[])[]): Int32Array {
  const out: number[] = [];
  let e = 0;
  for (const row of rows) {
    const d = row.length;
    const last = out.length - 3;
    if (d > 0 && last >= 0 && out[last] === d && out[last + 1]! + d * out[last + 2]! === e) out[last + 2]!++;
    else if (d > 0) out.push(d, e, 1);
    e += d;
  }
  return Int32Array.from(out);
}

/** Each edge's bit, in H's row order. */
export function edgeVars(h: ParityCheckMatrix): Int32Array {
  const edgeVar = new Int32Array(h.rows.reduce((s, row) => s + row.length, 0));
  let e = 0;
  for (const row of h.rows) for (const v of row) edgeVar[e++] = v;
  return edgeVar;
}

/** `asked`, else the widest of `widths` (the lane counts the CPU runs, ascending); LdpcOptionError naming them when `asked` is not one. */
export function chooseWidth<W extends number>(widths: readonly W[], asked: W | undefined, forWhat = ''): W {
  const width = asked ?? widths[widths.length - 1]!;
  if (!widths.includes(width)) throw new LdpcOptionError('width', `a lane count this CPU runs${forWhat} (${widths.join(' | ')})`, asked);
  return width;
}

/**
 * Decode `frames` frames of `channelLlr` (n × frames, frame-major) on an addon handle (create or
 * createInt): the frame count and the LLR count checked, a NaN or ±Infinity LLR named by frame and bit.
 */
export function decodeOnAddon(
  addon: NativeAddon, handle: unknown, n: number, channelLlr: ArrayLike<number>, frames: number, maxIter: number, earlyStop: boolean,
): LdpcFloatResult {
  checkLdpcFrames(n, channelLlr, frames);
  const llr = channelLlr instanceof Float64Array ? channelLlr : Float64Array.from(channelLlr);
  const hard = new Uint8Array(n * frames);
  const iterations = new Int32Array(frames);
  const bad = addon.decode(handle, llr, frames, maxIter, earlyStop, hard, iterations);
  if (bad >= 0) throw new LdpcInputError(Math.floor(bad / n), bad % n, llr[bad]!);
  return { hard, iterations };
}

/** A reusable native decoder for one code: the layout and the lane buffers are built once. */
export class LdpcNativeDecoder {
  readonly n: number;
  readonly m: number;
  readonly edges: number;
  readonly options: Readonly<Required<LdpcFloatOptions>>;
  /** Frames per pass (= lanes per vector). */
  readonly width: NativeWidth;
  /** 'avx512', 'avx2' or 'scalar'. */
  readonly backend: string;
  private readonly addon: NativeAddon;
  private readonly handle: unknown;

  constructor(h: ParityCheckMatrix, options: LdpcNativeOptions) {
    const { width: w, addonPath, ...rest } = options;
    const rule = rest.rule;
    if (rule !== 'ms' && rule !== 'nms' && rule !== 'oms') throw new LdpcOptionError('rule', 'ms | nms | oms (the native decoder has no sum-product)', rule);
    // The float decoders' one set of rules and limits.
    this.options = checkLdpcFloatOptions({ ...rest, schedule: 'layered', precision: 'float32' });
    this.addon = loadNativeAddon(addonPath);
    const width = chooseWidth(this.addon.widths() as NativeWidth[], w);
    this.width = width;
    this.backend = NATIVE_BACKENDS[width];
    this.n = h.n;
    this.m = h.m;
    const edgeVar = edgeVars(h);
    this.edges = edgeVar.length;
    const o = this.options;
    const k = Math.fround(rule === 'nms' ? o.nmsFactor : rule === 'oms' ? o.omsOffset : 0);
    this.handle = this.addon.create(h.n, edgeVar, segments(h.rows), RULE_CODE[rule], k, LLR_LIMIT, width);
  }

  /** Decode `frames` frames of `channelLlr` (n × frames, frame-major), `width` at a time. */
  decode(channelLlr: ArrayLike<number>, frames: number): LdpcFloatResult {
    return decodeOnAddon(this.addon, this.handle, this.n, channelLlr, frames, this.options.maxIter, this.options.earlyStop);
  }
}

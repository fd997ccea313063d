// The native fixed-point LDPC decoder: layered MS / NMS / OMS in saturating int8 or int16 with
// inter-frame SIMD in C++ (ldpc_native.cpp, "fixed-point lanes"): int8 32 frames per AVX2 vector,
// 64 per AVX-512 one; int16 16 / 32; or 1 (scalar). The integer rules are int-minsum.ts's (same
// quantizer, saturation, NMS m − (m >> LLR_NMS_SHIFT), OMS offset, caps), so hard decisions and
// iteration counts equal LdpcSimdIntDecoder's frame for frame. Loads a prebuilt addon only.
import type { ParityCheckMatrix } from '../formats/alist.js';
import { LLR_NMS_SHIFT } from '../../isa/index.js';
import { checkIntOptions, type IntMinSumParams, type LdpcFloatResult, type LdpcIntOptions } from '../ldpc-float/index.js';
import { chooseWidth, decodeOnAddon, edgeVars, loadNativeAddon, RULE_CODE, segments, type NativeAddon } from './decoder.js';

/** Frames per vector of the integer lanes: 1 (scalar), then AVX2 and AVX-512 (256 / bits and 512 / bits). */
export type NativeIntWidth = 1 | 16 | 32 | 64;

export type LdpcNativeIntOptions = LdpcIntOptions & {
  /** Frames per vector; default the widest this CPU runs for `bits`. */
  width?: NativeIntWidth;
  /** The .node file; default the cache of `npm run native:build`. */
  addonPath?: string;
};

/** 'scalar', 'avx2' or 'avx512' for `width` lanes of `bits`-bit integers. */
export function nativeIntBackend(bits: 8 | 16, width: NativeIntWidth): string {
  return width === 1 ? 'scalar' : width * bits === 256 ? 'avx2' : 'avx512';
}

/** The integer lane counts the addon runs on this CPU for `bits` (always includes 1). */
export function nativeIntWidths(bits: 8 | 16, addonPath?: string): NativeIntWidth[] {
  return loadNativeAddon(addonPath).widths(bits) as NativeIntWidth[];
}

export class LdpcNativeIntDecoder {
  readonly n: number;
  readonly edges: number;
  /** The checked integer parameters (int-minsum.ts's checkIntOptions: the one set of integer rules and limits). */
  readonly params: IntMinSumParams;
  /** Frames per pass (= lanes per vector). */
  readonly width: NativeIntWidth;
  readonly backend: string;
  private readonly addon: NativeAddon;
  private readonly handle: unknown;

  constructor(h: ParityCheckMatrix, options: LdpcNativeIntOptions) {
    const { width: w, addonPath, ...rest } = options;
    this.params = checkIntOptions(rest);
    const p = this.params;
    this.addon = loadNativeAddon(addonPath);
    const width = chooseWidth(this.addon.widths(p.bits) as NativeIntWidth[], w, ` for int${p.bits}`);
    this.width = width;
    this.backend = nativeIntBackend(p.bits, width);
    this.n = h.n;
    const edgeVar = edgeVars(h);
    this.edges = edgeVar.length;
    this.handle = this.addon.createInt(
      h.n, edgeVar, segments(h.rows), p.bits, RULE_CODE[p.rule], p.offset, LLR_NMS_SHIFT, p.messageMax, p.scale, p.channelMax, width,
    );
  }

  /** Decode `frames` frames of `channelLlr` (n × frames, frame-major), `width` at a time. */
  decode(channelLlr: ArrayLike<number>, frames: number): LdpcFloatResult {
    return decodeOnAddon(this.addon, this.handle, this.n, channelLlr, frames, this.params.maxIter, this.params.earlyStop);
  }
}

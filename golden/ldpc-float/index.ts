// Public surface of golden/ldpc-float/: the float LDPC decoder, information positions, an encoder
// and a BPSK/AWGN channel for tests and benches.
export type { LdpcRule, LdpcSchedule, LdpcPrecision, LdpcFloatOptions, LdpcFloatResult } from './decoder.js';
export { LdpcFloatDecoder, decodeLdpcFloat, checkOptions as checkLdpcFloatOptions, checkFrames as checkLdpcFrames } from './decoder.js';
export { LdpcInputError, LdpcOptionError } from './errors.js';
export type { LdpcEncoder } from './gf2.js';
export { informationPositions, ldpcEncoder, gf2Rank } from './gf2.js';
export { awgnSigma, awgnLlr } from './channel.js';
export { LLR_LIMIT } from './kernels.js';
export type { LdpcSimdOptions } from './simd-decoder.js';
export { LdpcSimdDecoder, SIMD_FRAMES } from './simd-decoder.js';
export type { LdpcIntOptions, IntMinSumParams } from './int-minsum.js';
export { decodeLdpcIntMinSum, checkIntOptions } from './int-minsum.js';
export type { LdpcSimdIntOptions } from './simd-int-decoder.js';
export { LdpcSimdIntDecoder } from './simd-int-decoder.js';

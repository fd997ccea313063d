// Public surface of golden/ldpc-fixed/: the bit-exact fixed-point LDPC reference and the edge numbering.
export { ldpcEdges, type LdpcEdges } from './edges.js';
export { ldpcCaps, quantizeChannel, type LdpcCaps } from './saturation.js';
export { decodeLdpcFixed, type LdpcFixedOptions, type LdpcDecodeResult, type LdpcSchedule } from './decode.js';

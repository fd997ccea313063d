// Public surface of runtime/ldpc/: the structured (LLR unit) LDPC decoder on the chip.
export { planLdpc, LdpcFitError, type LdpcLayout, type LdpcChipSchedule } from './layout.js';
export { compileLdpc, type LdpcChipOptions, type LdpcProgram } from './program.js';
export { LdpcChipDecoder, loadSlot, slotHostWords, type ChipDecodeResult, type LdpcDispatch } from './run.js';
export { awgnFrames, quantizeForChip } from './channel.js';
export { ldpcLaneBound, ldpcHostIo, HOST_LINK_BYTES_PER_SECOND, type LaneBound, type HostIo } from './bound.js';
export { simulateLdpc, type LdpcSimOptions, type LdpcSimPoint, type FloatDecoder } from './simulate.js';
export { ldpcSoftware, informationPositionsOf, type LdpcSoftware } from './software.js';
export { ldpcFracBits, withLdpcBits } from './format.js';

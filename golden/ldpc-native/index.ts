// Public surface of golden/ldpc-native/: the optional native (C++ Node-API) LDPC decoders, float32
// and fixed-point (int8 / int16), and where their prebuilt addon is looked for. Building it is
// `npm run native:build` (build.ts), not here.
export type { LdpcNativeOptions, NativeAddon, NativeWidth } from './decoder.js';
export { LdpcNativeDecoder, loadNativeAddon, nativeWidths, NATIVE_BACKENDS } from './decoder.js';
export type { LdpcNativeIntOptions, NativeIntWidth } from './int-decoder.js';
export { LdpcNativeIntDecoder, nativeIntBackend, nativeIntWidths } from './int-decoder.js';
export { NativeAddonMissingError } from './errors.js';
export { defaultNativeAddonPath, nativeCacheDir, nativeBuildKey } from './addon-path.js';

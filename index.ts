// The package's library entry (`import { … } from 'gp5-toolchain'`): the public surface of each
// folder, re-exported only through that folder's index.ts.
export * from './errors/index.js';
export * from './isa/index.js';
export * from './asm/index.js';
export * from './sim/index.js';
export * from './trace/index.js';
export * from './golden/index.js';
export * from './runtime/index.js';
export * from './model/index.js';
